package dev.warren.cli.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A local HTTP server on 127.0.0.1 (free port) serving the demo's images and an index page. */
final class ImageServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, byte[]> images;

    private ImageServer(HttpServer server, ExecutorService threads, Map<String, byte[]> images) {
        this.server = server;
        this.threads = threads;
        this.images = images;
    }

    static ImageServer start(Map<String, byte[]> images) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "warren-demo-http");
                t.setDaemon(true);
                return t;
            });
            ImageServer s = new ImageServer(server, threads, images);
            server.createContext("/", s::handle);
            server.setExecutor(threads);
            server.start();
            return s;
        } catch (IOException e) {
            throw new DemoException("cannot start the local HTTP server: " + e.getMessage(), e);
        }
    }

    String base() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/"; }

    /** The images' URLs, in order. */
    List<String> imageUrls() { return images.keySet().stream().map(name -> base() + "images/" + name).toList(); }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body;
            int status = 200;
            if (path.equals("/")) {
                body = ("<html><body><h1>warren demo</h1>" + String.join("", images.keySet().stream()
                        .map(n -> "<p><a href=\"images/" + n + "\">" + n + "</a></p>").toList()) + "</body></html>")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            } else if (path.startsWith("/images/") && images.containsKey(path.substring(8))) {
                body = images.get(path.substring(8));
                ex.getResponseHeaders().set("Content-Type", "image/png");
            } else {
                status = 404;
                body = "not found\n".getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
