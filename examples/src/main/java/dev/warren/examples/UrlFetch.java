package dev.warren.examples;

import dev.warren.examples.Examples;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs a URL and counts its bytes. An unresolvable host or refused connection fails the task. */
final class UrlFetch {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NORMAL).build();

    private UrlFetch() {}

    static Examples.FetchResult fetch(String url) throws IOException, InterruptedException {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only http and https URLs: " + url);
        }
        HttpResponse<InputStream> r;
        try {
            r = CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.ConnectException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof java.nio.channels.UnresolvedAddressException) {
                    throw new java.net.UnknownHostException(uri.getHost() + ": the host name does not resolve");
                }
            }
            throw e;
        }
        long n = 0;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[8192];
            for (int k; (k = in.read(buf)) > 0; ) n += k;
        }
        return new Examples.FetchResult(url, r.statusCode(), n);
    }
}
