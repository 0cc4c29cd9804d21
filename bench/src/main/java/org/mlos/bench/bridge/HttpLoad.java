package org.mlos.bench.bridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Closed-loop HTTP load: {@code threads} clients, each with a connection of its own (HTTP/1.1,
 * kept alive), sending the same request back to back for a while; every reply's status and length
 * checked, every latency kept.
 */
final class HttpLoad {

    /** One subject's round. */
    record Round(long requests, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMicros(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1000.0;
        }
    }

    private HttpLoad() {
    }

    /**
     * @param token  bearer token, or null for a server that wants none
     * @param length the body length every reply must have
     */
    static Round run(URI uri, String method, byte[] body, String token, int threads, long millis, int expectStatus,
            int length) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> all = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + millis * 1_000_000L;
            for (int t = 0; t < threads; t++) {
                all.add(pool.submit(() -> client(uri, method, body, token, end, expectStatus, length)));
            }
            List<long[]> parts = new ArrayList<>();
            for (Future<long[]> f : all) {
                parts.add(f.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] lat = parts.stream().flatMapToLong(Arrays::stream).toArray();
            return new Round(lat.length, seconds, lat);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] client(URI uri, String method, byte[] body, String token, long end, int expectStatus, int length)
            throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpRequest request = b.build();
            long[] lat = new long[1 << 16];
            int n = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                var r = client.send(request, BodyHandlers.ofByteArray());
                long took = System.nanoTime() - t0;
                if (r.statusCode() != expectStatus || (length >= 0 && r.body().length != length)) {
                    throw new IllegalStateException(uri + " answered " + r.statusCode() + " with " + r.body().length
                            + " bytes, expected " + expectStatus + " with " + length);
                }
                if (n == lat.length) {
                    lat = Arrays.copyOf(lat, n * 2);
                }
                lat[n++] = took;
            }
            return Arrays.copyOf(lat, n);
        }
    }
}
