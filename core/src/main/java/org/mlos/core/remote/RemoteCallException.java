package org.mlos.core.remote;

/**
 * A remote call that did not return normally, naming kind, method and node. When the remote
 * method threw, {@link #remoteType()} names the exception's class; the stub rethrows it as that
 * type where the kind declares it, and as this otherwise.
 */
public class RemoteCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a call failed. */
    public enum Failure {
        /** No answer within the call timeout. */
        TIMEOUT,
        /** The connection to the node was lost (or could not be made) before the answer came. */
        NODE_LOST,
        /** The remote method threw. */
        REMOTE_EXCEPTION,
        /** The node refused the call or answered something that does not decode. */
        PROTOCOL
    }

    private final Failure failure;
    private final String kind;
    private final String method;
    private final String node;
    private final String remoteType;
    private final String remoteMessage;
    private final boolean resendable;
    private final String detail;
    private final String advice;

    public RemoteCallException(Failure failure, String kind, String method, String node, String detail,
            String remoteType, String remoteMessage, Throwable cause) {
        this(failure, kind, method, node, detail, null, remoteType, remoteMessage, cause, false);
    }

    private RemoteCallException(Failure failure, String kind, String method, String node, String detail, String advice,
            String remoteType, String remoteMessage, Throwable cause, boolean resendable) {
        super(kind + "." + method + " on node " + node + ": " + detail + (advice == null ? "" : "; " + advice), cause);
        this.detail = detail;
        this.advice = advice;
        this.failure = failure;
        this.kind = kind;
        this.method = method;
        this.node = node;
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
        this.resendable = resendable;
    }

    public RemoteCallException(Failure failure, RemoteMethod method, String node, String detail, Throwable cause) {
        this(failure, method, node, detail, null, cause);
    }

    /**
     * {@code advice}: what the failure means for whoever made the call (whether it may have run,
     * whether it may be sent again), told after the detail in the message, and apart from it so
     * that what did not make the call (a swap's report) can leave it out.
     * @since 1.2
     */
    public RemoteCallException(Failure failure, RemoteMethod method, String node, String detail, String advice,
            Throwable cause) {
        this(failure, method.kind(), method.name(), node, detail, advice, null, null, cause, false);
    }

    /**
     * The node was lost ({@link Failure#NODE_LOST}) and sending the call again cannot run it
     * twice: its request never left this node, or its method does not mutate. The kind's handle
     * then runs it again on what the kind fails over to, instead of failing the caller.
     */
    public static RemoteCallException lostResendable(RemoteMethod method, String node, String detail, Throwable cause) {
        return lostResendable(method, node, detail, null, cause);
    }

    /** As {@link #lostResendable(RemoteMethod, String, String, Throwable)}, with its caller's advice apart. @since 1.2 */
    public static RemoteCallException lostResendable(RemoteMethod method, String node, String detail, String advice,
            Throwable cause) {
        return new RemoteCallException(Failure.NODE_LOST, method.kind(), method.name(), node, detail, advice, null, null,
                cause, true);
    }

    /** A remote method's exception, to rethrow where its type is not declared. */
    public static RemoteCallException thrown(RemoteMethod method, String node, String type, String message) {
        return new RemoteCallException(Failure.REMOTE_EXCEPTION, method.kind(), method.name(), node,
                "threw " + type + (message == null ? "" : ": " + message), null, type, message, null, false);
    }

    public Failure failure() {
        return failure;
    }

    public String kind() {
        return kind;
    }

    public String method() {
        return method;
    }

    public String node() {
        return node;
    }

    /** The class name of the exception the remote method threw, or null. */
    public String remoteType() {
        return remoteType;
    }

    /** Its message, or null. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** What went wrong, without the kind, method and node, nor the {@link #advice()}. @since 1.2 */
    public String detail() {
        return detail;
    }

    /** What the failure means for the call's maker (may it have run, may it be sent again), or null. @since 1.2 */
    public String advice() {
        return advice;
    }

    /** Whether the call may be sent again, on another node, without running twice ({@link #lostResendable}). */
    public boolean resendable() {
        return resendable;
    }
}
