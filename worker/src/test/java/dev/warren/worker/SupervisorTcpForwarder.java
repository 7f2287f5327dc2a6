package dev.warren.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback TCP forwarder: a broker that "appears" on a port when the test starts it. */
final class SupervisorTcpForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    SupervisorTcpForwarder(int port, String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread t = new Thread(this::acceptLoop, "forwarder-accept");
        t.setDaemon(true);
        t.start();
    }

    /** A port nothing listens on (free a moment ago). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket(targetHost, targetPort);
                sockets.add(in);
                sockets.add(out);
                pipe(in, out);
                pipe(out, in);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                i.transferTo(o);
            } catch (IOException ignored) {
                // either side closed
            } finally {
                try { to.close(); } catch (IOException ignored) { }
                try { from.close(); } catch (IOException ignored) { }
            }
        }, "forwarder-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) s.close();
    }
}
