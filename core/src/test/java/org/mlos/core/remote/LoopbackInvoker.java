package org.mlos.core.remote;

/**
 * Runs each call through a dispatcher in the same JVM, over copied bytes: what a transport does,
 * minus the network. Exceptions travel as a transport sends them, by class name and message.
 */
final class LoopbackInvoker implements RemoteInvoker {

    private final RemoteDispatcher dispatcher;
    int calls;
    int lastRequestBytes;

    LoopbackInvoker(RemoteDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public WireIn invoke(RemoteMethod method, WireOut args) {
        calls++;
        byte[] request = args.toByteArray();
        lastRequestBytes = request.length;
        WireOut result = new WireOut();
        try {
            dispatcher.dispatch(method.id(), new WireIn(request), result);
        } catch (Exception e) {
            throw RemoteCallException.thrown(method, node(), e.getClass().getName(), e.getMessage());
        }
        return new WireIn(result.toByteArray());
    }

    @Override
    public String node() {
        return "loopback";
    }
}
