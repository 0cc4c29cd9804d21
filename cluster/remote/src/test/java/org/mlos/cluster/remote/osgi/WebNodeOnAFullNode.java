package org.mlos.cluster.remote.osgi;

import java.util.List;

import org.mlos.cluster.remote.transport.TcpProxy;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.mem.api.KeyValueStore;

/**
 * A web node whose {@code KeyValueStore} is bound to a full node's ({@code heap@full}) behind
 * {@code full}, a proxy a test can kill as a {@code kill -9} would, with the membership watch a
 * test drives look by look; the registry lists both nodes.
 */
record WebNodeOnAFullNode(FakeNode web, RemoteCandidates candidates, MembershipWatch watch) {

    static WebNodeOnAFullNode bound(TransportFixture f, TcpProxy full) throws Exception {
        FakeNode web = new FakeNode(KeyValueStore.class);
        web.nodes = List.of(FakeNode.node("web-1", "web", 0), FakeNode.node("full-a", "full", full.port()));
        RemoteCandidates candidates = new RemoteCandidates(web.context, f.client);
        MembershipWatch watch = new MembershipWatch(web, candidates, new Departures(f.client::presence, Departures.DEFAULT_SILENT_GRACE_MS), () -> { });
        candidates.provide(web, "KeyValueStore", "heap@full");
        return new WebNodeOnAFullNode(web, candidates, watch);
    }
}
