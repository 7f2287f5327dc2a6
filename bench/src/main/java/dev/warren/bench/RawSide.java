package dev.warren.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/** The raw baseline's side: {@link RawClient} to {@link RawConsumer} JVMs. */
final class RawSide implements Side {
    private final RawClient client;

    /** @param headers whether the tasks carry warren's task headers ({@link RawHeaders}) */
    RawSide(String uri, String queue, String queueType, boolean headers) throws Exception {
        this.client = new RawClient(uri, queue, queueType, headers);
    }

    RawClient client() { return client; }

    @Override public CompletableFuture<?> noop(int i) throws Exception {
        return client.submit("noop", Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
    }

    @Override public CompletableFuture<?> echo(String s) throws Exception {
        return client.submit("echo", RawClient.JSON.writeValueAsBytes(s));
    }

    @Override public CompletableFuture<Long> countdown(long n) throws Exception {
        return client.submit("countdown", Long.toString(n).getBytes(StandardCharsets.US_ASCII))
                .thenApply(b -> Long.parseLong(new String(b, StandardCharsets.US_ASCII)));
    }

    @Override public long map(int inputs, int chunksize, int window) throws Exception {
        ArrayDeque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();
        long seen = 0;
        int next = 0;
        while (next < inputs || !inFlight.isEmpty()) {
            while (next < inputs && inFlight.size() < window) {
                int[] chunk = new int[Math.min(chunksize, inputs - next)];
                for (int k = 0; k < chunk.length; k++) chunk[k] = next++;
                inFlight.add(client.submit("chunk", RawClient.JSON.writeValueAsBytes(chunk)));
            }
            seen += RawClient.JSON.readValue(inFlight.poll().get(), int[].class).length;
        }
        return seen;
    }

    @Override public void close() throws Exception { client.close(); }
}
