package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The guard of the blocking connection: a stalled write gets its socket closed, which unblocks it. */
class WriteWatchTest {

    @Test void aWriteBlockedOnAPeerThatStoppedReadingIsUnblockedByClosingTheSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setReceiveBufferSize(4096);
            Socket client = new Socket();
            client.setSendBufferSize(4096);
            client.connect(server.getLocalSocketAddress());
            try (Socket peer = server.accept()) { // accepted, never read: a partitioned broker
                WriteWatch watch = new WriteWatch("test", Duration.ofMillis(300));
                watch.attach(client);
                CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    watch.begin(WriteWatch.PUBLISH);
                    try {
                        OutputStream out = client.getOutputStream();
                        for (int i = 0; i < 100_000; i++) out.write(chunk); // 6 GB: blocks long before
                        return null;
                    } catch (IOException e) {
                        return e;
                    } finally {
                        watch.end(WriteWatch.PUBLISH);
                    }
                });
                watch.start();
                try {
                    assertThat(writer).succeedsWithin(Duration.ofSeconds(30))
                            .as("the blocked write ended with an exception").isInstanceOf(IOException.class);
                    assertThat(client.isClosed()).isTrue();
                    assertThat(watch.aborts()).isEqualTo(1);
                } finally {
                    watch.close();
                    client.close();
                }
            }
        }
    }

    @Test void aWriteInProgressPastTheTimeoutClosesTheSocketOnce() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort())) {
            WriteWatch watch = new WriteWatch("test", Duration.ofMillis(50));
            watch.attach(client);
            watch.begin(WriteWatch.ACK);
            assertThat(watch.check()).as("not stalled yet").isFalse();
            await().until(watch::check);
            assertThat(client.isClosed()).isTrue();
            assertThat(watch.check()).as("the socket is closed already").isFalse();
            assertThat(watch.aborts()).isEqualTo(1);
        }
    }

    @Test void writesThatEndAndABrokerThatBlocksPublishingNeverCloseTheSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort())) {
            WriteWatch watch = new WriteWatch("test", Duration.ofNanos(1)); // any write in progress has stalled
            watch.attach(client);
            watch.begin(WriteWatch.PUBLISH);
            watch.end(WriteWatch.PUBLISH);
            assertThat(watch.check()).as("no write in progress").isFalse();
            watch.handleBlocked("low on memory");
            watch.begin(WriteWatch.CONTROL); // waits on a broker that stopped reading on purpose
            assertThat(watch.check()).as("blocked by the broker").isFalse();
            watch.end(WriteWatch.CONTROL);
            watch.handleUnblocked();
            assertThat(watch.check()).isFalse();
            assertThat(client.isClosed()).isFalse();
            assertThat(watch.aborts()).isZero();
            watch.begin(WriteWatch.CONTROL);
            await().until(watch::check); // unblocked: a stalled write counts again
        }
    }

    @Test void theStallTimeoutFollowsTheHeartbeat() {
        assertThat(WriteWatch.stallTimeoutFor(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(WriteWatch.stallTimeoutFor(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(WriteWatch.stallTimeoutFor(Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    }
}
