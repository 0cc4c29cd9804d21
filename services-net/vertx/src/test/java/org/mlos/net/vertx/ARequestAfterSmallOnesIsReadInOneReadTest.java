package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.api.Connection;
import org.mlos.net.api.Listener;
import org.mlos.net.api.Protocol;
import org.mlos.net.api.ProtocolSession;

/**
 * After a run of small requests (memcached {@code get}s of 22 bytes), Netty's default read size
 * had shrunk to 64 bytes, and a 140-byte {@code set} written at once came in two or three reads:
 * a system call more for it than memcached makes, and the parser cumulating the pieces. Each
 * request here is one write of the client, waited for; on loopback it arrives whole, and must be
 * handed to the session whole.
 */
@Timeout(60)
class ARequestAfterSmallOnesIsReadInOneReadTest {

    private final VertxNetworkServer server = new VertxNetworkServer(2);

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aSetAfterManyGetsArrivesInOneRead() throws Exception {
        Listener listener = server.listen("127.0.0.1", 0, new Protocol() {
            @Override
            public String name() {
                return "sizes";
            }

            @Override
            public ProtocolSession open(Connection connection) {
                return new ProtocolSession() {
                    @Override
                    public void received(ByteBuffer data) {
                        int n = data.remaining();
                        connection.write(new byte[] { (byte) (n >> 8), (byte) n }); // each read's size back
                        connection.flush();
                    }

                    @Override
                    public void closed() {
                    }
                };
            }
        });
        try (Socket s = new Socket("127.0.0.1", listener.port())) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] get = new byte[22];
            byte[] set = new byte[1400];
            for (int i = 0; i < 200; i++) {
                out.write(get);
                out.flush();
                assertEquals(get.length, in.readUnsignedShort());
            }
            for (int i = 0; i < 20; i++) {
                out.write(set);
                out.flush();
                List<Integer> pieces = new ArrayList<>();
                for (int got = 0; got < set.length; got += pieces.get(pieces.size() - 1)) {
                    pieces.add(in.readUnsignedShort());
                }
                assertEquals(List.of(set.length), pieces, "the reads of a " + set.length + "-byte request after "
                        + (200 + i) + " small ones");
            }
        }
    }
}
