package org.mlos.cluster.registry;

import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.wire.Wire;

/** A {@link NodeInfo} as the registry holds it ({@link Wire}, fields in the record's order). */
final class NodeInfoCodec {

    private NodeInfoCodec() {
    }

    static byte[] encode(NodeInfo n) {
        NodeInfo.Load l = n.load();
        return new Wire.Writer().string(n.id()).string(n.profile()).string(n.address()).number(n.pid())
                .map(n.bundles()).map(n.kinds()).map(n.endpoints()).number(n.startedAt()).number(n.memberStartMillis())
                .number(n.joinMillis()).decimal(l.systemLoad()).decimal(l.processCpu()).number(l.heapUsed())
                .number(l.heapMax()).number(l.threads()).number(n.updatedAt()).bytes();
    }

    static NodeInfo decode(byte[] bytes) {
        Wire.Reader r = new Wire.Reader(bytes);
        NodeInfo n = new NodeInfo(r.string(), r.string(), r.string(), r.number(), r.map(), r.map(), r.map(), r.number(),
                r.number(), r.number(), new NodeInfo.Load(r.decimal(), r.decimal(), r.number(), r.number(), (int) r.number()),
                r.number());
        r.end();
        return n;
    }
}
