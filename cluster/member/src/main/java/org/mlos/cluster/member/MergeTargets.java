package org.mlos.cluster.member;

import java.util.ArrayList;
import java.util.List;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.HazelcastInstance;

/**
 * Keeps the TCP-IP member list at the exact addresses of the current members once this member
 * has joined. A member that finds itself alone after a split (a pause, a partition) looks for the
 * rest of its cluster at every address of that list (a bare host is every port of the range) and
 * waits 5 s on each that does not answer: with the start-up list, minutes before it merges back.
 * The members it lost are searched too, for {@value MemberSettings#LOST_MEMBER_SEARCH_SECONDS} s
 * after it lost them (Hazelcast keeps them that long).
 */
final class MergeTargets implements MembershipListener {

    private final HazelcastInstance instance;
    private final TcpIpConfig tcp;

    private MergeTargets(HazelcastInstance instance, TcpIpConfig tcp) {
        this.instance = instance;
        this.tcp = tcp;
    }

    /** @param tcp the TCP-IP join settings the member was started with (Hazelcast reads them on each search) */
    static void keep(HazelcastInstance instance, TcpIpConfig tcp) {
        if (!tcp.isEnabled()) {
            return; // discovery finds the members itself
        }
        MergeTargets t = new MergeTargets(instance, tcp);
        instance.getCluster().addMembershipListener(t);
        t.update();
    }

    private synchronized void update() {
        List<String> addresses = new ArrayList<>();
        for (Member m : instance.getCluster().getMembers()) {
            if (!m.localMember()) {
                addresses.add(m.getAddress().getHost() + ":" + m.getAddress().getPort());
            }
        }
        tcp.setMembers(addresses);
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        update();
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        update();
    }
}
