package dev.warren.producer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP forwarder that can black-hole its connections: {@link #freeze()} stops reading either side of every
 * open connection without closing it (a network partition: the client's writes fill the socket buffers and then
 * block, nothing arrives, no FIN, no RST) and refuses new connections; {@link #thaw()} drops the frozen connections
 * and forwards new ones again. {@code dev.warren.testing.TcpProxy} only closes sockets, which a client notices at
 * once; this is the fault that must not wedge a blocking writer.
 */
final class FreezingProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile boolean closed;

    FreezingProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        server = new ServerSocket();
        server.setReceiveBufferSize(8192); // inherited by accepted sockets: small buffers fill fast
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread t = new Thread(this::accept, "freezing-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() { return server.getLocalPort(); }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (frozen) { // partitioned: a new connection goes nowhere
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    while (frozen && !from.isClosed()) LockSupport.parkNanos(5_000_000); // read nothing
                    int n = in.read(buf);
                    if (n < 0) break;
                    out.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // dropped
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "freezing-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Stops forwarding anything, closing nothing. */
    void freeze() { frozen = true; }

    /** Drops the frozen connections (as a partition's end finds them: long given up by both ends) and forwards new ones. */
    void thaw() {
        for (Socket s : sockets) closeQuietly(s);
        sockets.clear();
        frozen = false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override public void close() throws IOException {
        closed = true;
        server.close();
        thaw();
    }
}
