package dev.warren.testing;

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
 * A loopback TCP forwarder for broker-loss tests: {@link #cut()} drops every connection and refuses
 * new ones (the broker "disappears" for the clients behind it only, others on the same broker are
 * untouched); {@link #restore()} listens again on the same port. Also a broker that "appears" later:
 * point a client at {@link #freePort()} first, start a proxy on that port when the test wants it.
 * And a partition: {@link #freeze()} stops forwarding on every open connection without closing any (a client's
 * writes fill the socket buffers and then block; nothing arrives, no FIN, no RST) and drops new ones;
 * {@link #thaw()} drops the frozen connections, as a partition's end finds them, and forwards new ones again.
 */
public final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final String targetHost;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean frozen;

    /** Forwards a fresh loopback port to the target. */
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this(0, targetHost, targetPort);
    }

    /** Forwards this loopback port (0 = any free one) to the target. */
    public TcpProxy(int port, String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        this.port = s.getLocalPort();
        start(s);
    }

    /** A loopback port nothing listens on (free a moment ago). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The loopback port clients connect to. */
    public int port() { return port; }

    private void start(ServerSocket s) {
        server = s;
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    if (frozen) { // partitioned: a new connection goes nowhere
                        closeQuietly(client);
                        continue;
                    }
                    Socket upstream = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    return;
                }
            }
        }, "tcp-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    while (frozen && !from.isClosed()) LockSupport.parkNanos(5_000_000); // partitioned: read nothing
                    int n = in.read(buf);
                    if (n < 0) break;
                    out.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Drops every proxied connection and stops listening. */
    public void cut() {
        closeQuietly(server);
        for (Socket s : sockets) closeQuietly(s);
        sockets.clear();
    }

    /** A partition: forwards nothing more on any connection and closes none; new connections are dropped. */
    public void freeze() { frozen = true; }

    /** Ends a {@link #freeze()}: drops the frozen connections (long given up by both ends) and forwards new ones. */
    public void thaw() {
        for (Socket s : sockets) closeQuietly(s);
        sockets.clear();
        frozen = false;
    }

    /** Listens again on the same port. */
    public void restore() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        start(s);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) c.close();
        } catch (Exception ignored) {
            // closing
        }
    }

    @Override public void close() { cut(); }
}
