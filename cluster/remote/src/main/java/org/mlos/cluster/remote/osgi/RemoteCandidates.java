package org.mlos.cluster.remote.osgi;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.remote.transport.Peer;
import org.mlos.cluster.remote.transport.RemoteClient;
import org.mlos.core.api.Kernel;
import org.mlos.core.remote.RemoteKinds;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Remote candidates: {@code <impl>@<node>} (a node id, or a profile: its first node by id that
 * is not this one) becomes a stub bound to a new instance on that node, registered here as an
 * implementation of the kind like any other, with the OSGi Remote Services properties of an
 * imported service, so swapping to it is an ordinary local swap.
 */
final class RemoteCandidates {

    static final String ENDPOINT_SCHEME = "mlos-remote";

    private final BundleContext context;
    private final RemoteClient client;
    private final KindLookup kinds;
    /**
     * A candidate registered here, the address its instance lives at, and its stub; {@code node},
     * the id the registry lists that address under (a node paused and merged back has a new one).
     */
    private static final class Bound {
        final ServiceRegistration<?> registration;
        final Peer peer;
        final Object stub;
        volatile String node;

        Bound(ServiceRegistration<?> registration, Peer peer, Object stub) {
            this.registration = registration;
            this.peer = peer;
            this.stub = stub;
            this.node = peer.node();
        }

        ServiceRegistration<?> registration() {
            return registration;
        }

        Peer peer() {
            return peer;
        }

        Object stub() {
            return stub;
        }
    }

    private final Map<String, Bound> registered = new ConcurrentHashMap<>();
    /**
     * Withdrawn candidates whose instance may live on: a host paused for a while is withdrawn as
     * lost, and comes back with its instances, which no one would close again.
     */
    private final java.util.List<Bound> withdrawn = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Runnable afterWithdraw = () -> { };

    RemoteCandidates(BundleContext context, RemoteClient client) {
        this.context = context;
        this.client = client;
        this.kinds = new KindLookup(context);
    }

    synchronized boolean provide(Cluster cluster, String kind, String name) throws Exception {
        int at = name.indexOf('@');
        if (at <= 0 || at == name.length() - 1) {
            return false;
        }
        Class<?> kindClass = kinds.kindClass(kind);
        String key = kindClass.getName() + "/" + name;
        if (registered.containsKey(key)) {
            return true;
        }
        if (cluster == null) {
            throw new IllegalStateException("this node is not in a cluster, so it cannot find node " + name.substring(at + 1));
        }
        if (!RemoteKinds.remoteCapable(kindClass)) {
            throw new IllegalArgumentException("kind " + kindClass.getName() + " is not remote-capable: declare it"
                    + " @Kind(remote = true)");
        }
        Peer peer = peer(cluster, name.substring(at + 1));
        closeWithdrawnOn(peer);
        Object stub = client.bind(kindClass, name.substring(0, at), peer);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Kernel.IMPL, name); // as asked (a profile name matches the profile's mlos.kind default)
        props.put("service.imported", Boolean.TRUE);
        props.put("service.imported.configs", "mlos.remote");
        props.put("service.intents", new String[] {"mlos.authenticated", "mlos.live-state"});
        props.put("endpoint.id", ENDPOINT_SCHEME + "://" + peer.host() + ":" + peer.port() + "/" + kindClass.getName()
                + "/" + RemoteClientAccess.instance(stub));
        props.put("mlos.remote.node", peer.node());
        ServiceRegistration<?> reg = context.registerService(kindClass.getName(), stub, props);
        System.getLogger(RemoteCandidates.class.getName()).log(System.Logger.Level.INFO,
                "remote candidate {0} of {1}: instance {2} on node {3} ({4})", name, kindClass.getName(),
                String.valueOf(RemoteClientAccess.instance(stub)), peer.node(), reg.getReference());
        Bound bound = new Bound(reg, peer, stub);
        registered.put(key, bound);
        // A lost host: withdraw the candidate, so the kernel fails over to a local implementation
        // (trigger impl-removed; nothing to move, the state was on the host). Off the caller's
        // thread: it is inside a call on the kind, and a swap from there is refused.
        // Only this registration: a call failing late on a stub already replaced must not withdraw its successor.
        RemoteClient.binding(stub).onLost(() -> withdraw(key, bound, "is lost"));
        return true;
    }

    private Peer peer(Cluster cluster, String where) {
        List<NodeInfo> nodes = cluster.nodes();
        if (where.equals(cluster.localNodeId())) {
            // named by its id, this node called itself through its own remote port, a swap said COMPLETED,
            // and the candidate stayed for the node's life
            throw new IllegalArgumentException(where + " is this node's own id, and a node does not call itself remotely:"
                    + " serve the kind here without @" + where + ", or name another node");
        }
        NodeInfo chosen = nodes.stream().filter(n -> n.id().equals(where)).findFirst()
                .orElseGet(() -> nodes.stream().filter(n -> n.profile().equals(where) && !n.id().equals(cluster.localNodeId()))
                        .sorted(java.util.Comparator.comparing(NodeInfo::id)).findFirst().orElse(null));
        if (chosen == null) {
            boolean self = nodes.stream().anyMatch(n -> n.id().equals(cluster.localNodeId()) && n.profile().equals(where));
            if (self) {
                // the only node of that profile is this one: its list below named it, and read as a contradiction
                throw new IllegalArgumentException("the only node of profile " + where + " is this node, and a node does not"
                        + " call itself remotely: serve the kind here without @" + where + ", or start another " + where
                        + " node to host it");
            }
            throw new IllegalArgumentException("no node or profile named " + where + " in the cluster; nodes: "
                    + nodes.stream().map(n -> n.id() + " (" + n.profile() + ")").toList());
        }
        String endpoint = chosen.endpoints().get(ENDPOINT_SCHEME);
        if (endpoint == null) {
            throw new IllegalArgumentException("node " + chosen.id() + " hosts no remote instances (its profile has no"
                    + " org.mlos.cluster.remote bundle)");
        }
        int colon = endpoint.lastIndexOf(':');
        return new Peer(chosen.id(), endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
    }

    /**
     * Withdraws every candidate whose node is not among {@code live} (the registry's nodes now)
     * and for which {@code departure} names why it is gone: a node that left the cluster is dropped
     * without waiting for a call to fail on it. A departure of {@code null} keeps the candidate: a
     * node missing from the registry that still answers may only have had its entry refreshed late
     * on a busy machine, and one paused a while comes back with its instances; withdrawing a live
     * host drops the state its instance holds. A node listed again at the same address under another
     * id ({@code nodeAt}: a remote endpoint's host:port to the node listed there), the calls'
     * connection to it still open, is the same process merged back after a pause: its candidates
     * follow the new id, and its port is not asked again each look. A
     * node whose port {@code refuses} connections is withdrawn whatever the registry says ({@code
     * live} null: it could not be read); its port is probed only while the calls' connection to it
     * is down ({@link RemoteClient#connected}).
     */
    void withdrawDeparted(Set<String> live, Map<String, String> nodeAt, Function<Peer, String> departure,
            Predicate<Peer> refuses) {
        java.util.Map<Peer, Boolean> refusing = new java.util.HashMap<>(); // one probe a peer, however many kinds it hosts
        java.util.Map<Peer, java.util.Optional<String>> departed = new java.util.HashMap<>();
        registered.forEach((key, bound) -> {
            Peer p = bound.peer();
            if (live != null && !live.contains(bound.node)) {
                // the same process only while the calls' connection it had is still open: a host
                // restarted on a fixed port, listed at the address under its new id, is another
                String back = client.connected(p) ? nodeAt.get(p.host() + ":" + p.port()) : null;
                if (back != null) {
                    System.getLogger(RemoteCandidates.class.getName()).log(System.Logger.Level.INFO,
                            "node {0} is back as node {1}, at the same address: remote candidate {2} stays bound to it",
                            bound.node, back, key);
                    bound.node = back;
                    return;
                }
            }
            String why = live != null && !live.contains(bound.node)
                    ? departed.computeIfAbsent(p, q -> java.util.Optional.ofNullable(departure.apply(q))).orElse(null)
                    : null;
            if (why != null) {
                withdraw(key, bound, why);
            } else if (!client.connected(p) && refusing.computeIfAbsent(p, refuses::test)) { // an open connection: it lives
                withdraw(key, bound, "refuses connections (nothing listens on its port: its process is gone)");
            }
        });
    }

    /** Whether the calls' connection to the peer is open now ({@link RemoteClient#connected}). */
    boolean connected(Peer peer) {
        return client.connected(peer);
    }

    private void withdraw(String key, Bound bound, String why) {
        if (!registered.remove(key, bound)) {
            return; // withdrawn already
        }
        withdrawn.add(bound); // before the thread: a bind to the host's address may come before it runs
        if (withdrawn.size() > 64) {
            withdrawn.remove(0); // hosts that never came back: a stub each is all they hold here
        }
        Thread t = new Thread(() -> {
            System.getLogger(RemoteCandidates.class.getName()).log(System.Logger.Level.WARNING,
                    "node {0} {1}: withdrawing remote candidate {2}", bound.node, why, key);
            try {
                bound.registration().unregister();
            } catch (IllegalStateException alreadyGone) {
                return; // the framework is stopping
            }
            afterWithdraw.run();
        }, "mlos-remote-failover");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Ends, where they still live, the instances of candidates withdrawn from the host at {@code
     * peer}'s address: it is back (a paused node, under a new id), and a new instance is about to
     * be opened there. They stayed on the host for as long as this node ran, a store's items each.
     * Best effort: one the host ended already answers as closed, one that cannot be reached is
     * given up.
     */
    private void closeWithdrawnOn(Peer peer) {
        for (Bound b : withdrawn) {
            if (b.peer().host().equals(peer.host()) && b.peer().port() == peer.port() && withdrawn.remove(b)) {
                try {
                    client.unbind(b.stub());
                } catch (RuntimeException gone) {
                    System.getLogger(RemoteCandidates.class.getName()).log(System.Logger.Level.DEBUG,
                            "closing withdrawn instance on {0} failed: {1}", b.peer().node(), gone.getMessage());
                }
            }
        }
    }

    /** Runs after a lost or departed host's candidate is withdrawn (on the failover thread). */
    void afterWithdraw(Runnable action) {
        this.afterWithdraw = action;
    }

    void close() {
        for (Bound b : registered.values()) {
            try {
                b.registration().unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
        registered.clear();
    }
}
