package org.mlos.launcher;

import java.io.PrintStream;

/** {@code mlos run}: boots one node. See {@link NodeOptions#USAGE}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        long t0 = BootClock.startMicros();
        System.exit(run(args, t0, System.out, System.err));
    }

    static int run(String[] args, long startMicros, PrintStream out, PrintStream err) {
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                out.print(NodeOptions.USAGE);
                return 0;
            }
            if (a.equals("-V") || a.equals("--version")) {
                for (String line : ProjectVersion.lines()) {
                    out.println(line);
                }
                return 0;
            }
        }
        NodeOptions options;
        Profile profile;
        try {
            options = NodeOptions.parse(args);
            profile = options.frameworkOnly() ? Profile.empty(options.profile())
                    : Profile.load(options.images(), options.profile());
        } catch (IllegalArgumentException e) { // NodeOptions.UsageException among them
            err.println("mlos run: " + e.getMessage());
            err.println("(mlos run --help shows the options)");
            return 2;
        } catch (Exception e) {
            err.println("mlos run: cannot read the profile: " + e);
            return 2;
        }
        for (String warning : options.warnings()) {
            err.println("mlos run: " + warning);
        }
        String unserved = options.unservedMemcachedOptions(profile);
        if (unserved != null) {
            err.println("mlos run: " + unserved);
        }
        try {
            return new Node(options, profile, out, err).run(startMicros);
        } catch (Exception e) {
            err.println("mlos: error: profile " + profile.name() + ": " + e.getMessage());
            return Node.EXIT_START_FAILED;
        }
    }
}
