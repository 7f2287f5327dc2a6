package dev.warren.cli.demo;

import static dev.warren.examples.Examples.BLUR;

import dev.warren.examples.Examples.BlurRequest;
import dev.warren.examples.Examples.BlurResult;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The image tutorial: download images from the local server with threads (I/O-bound: threads are
 * right), Gaussian-blur them across the pool ({@code BLUR}), write the results to the output folder.
 */
final class ImagesStep {
    static final int DOWNLOAD_THREADS = 4;

    private ImagesStep() {}

    static Summary.Row run(TaskExecutor pool, ImageServer server, Sizes sizes, Path output, Console console) throws Exception {
        console.heading("3. images: download with threads, Gaussian-blur in the pool, write PNGs");
        console.line("   Python: with ThreadPoolExecutor() as ex: images = ex.map(download, urls)");
        console.line("           with ProcessPoolExecutor() as ex: ex.map(blur, images)");
        long t0 = System.nanoTime();
        List<String> urls = server.imageUrls();
        Map<String, byte[]> downloaded = download(urls, sizes);
        long bytes = downloaded.values().stream().mapToLong(b -> b.length).sum();
        console.line("   downloaded %d images (%,d bytes, %dx%d) from %s with %d threads in this JVM in %d ms",
                downloaded.size(), bytes, sizes.width(), sizes.height(), server.base(), DOWNLOAD_THREADS,
                (System.nanoTime() - t0) / 1_000_000);

        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new DemoException("cannot create the output folder " + output + ": " + e.getMessage(), e);
        }
        long blurStart = System.nanoTime();
        List<CompletableFuture<TaskResult<BlurResult>>> futures = new ArrayList<>();
        Map<CompletableFuture<TaskResult<BlurResult>>, String> names = new IdentityHashMap<>();
        List<String> lines = new ArrayList<>();
        try (Console.Progress bar = console.progress(downloaded.size())) {
            for (Map.Entry<String, byte[]> e : downloaded.entrySet()) {
                CompletableFuture<TaskResult<BlurResult>> f = pool.submitForResult(BLUR,
                        new BlurRequest(e.getValue(), sizes.blurRadius()), sizes.taskTimeout());
                f.whenComplete((r, x) -> bar.step());
                futures.add(f);
                names.put(f, e.getKey());
            }
            for (CompletableFuture<TaskResult<BlurResult>> f : TaskExecutor.asCompleted(futures)) {
                String name = names.get(f);
                TaskResult<BlurResult> r;
                try {
                    r = f.get();
                } catch (Exception ex) {
                    throw new DemoException("blurring " + name + " failed: " + Failures.describe(ex), ex);
                }
                Path file = output.resolve("blurred-" + name);
                Files.write(file, r.value().png());
                lines.add(String.format("   %-26s %dx%d, blurred by %s", file.getFileName(), r.value().width(),
                        r.value().height(), CubesStep.where(r.worker())));
            }
        }
        lines.forEach(l -> console.line("%s", l));
        console.line("   blurred %d images (radius %d) in the pool in %d ms; wrote them to %s",
                futures.size(), sizes.blurRadius(), (System.nanoTime() - blurStart) / 1_000_000, output);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new Summary.Row("images (download+blur)", futures.size(), took, futures.size() + " PNGs in " + output);
    }

    /** GETs every URL with a few threads, as the tutorial's thread pool does; name → bytes, in URL order. */
    private static Map<String, byte[]> download(List<String> urls, Sizes sizes) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService threads = Executors.newFixedThreadPool(DOWNLOAD_THREADS, r -> {
            Thread t = new Thread(r, "warren-demo-download");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<byte[]>> futures = new ArrayList<>();
            for (String url : urls) {
                futures.add(threads.submit(() -> {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) throw new DemoException("GET " + url + " answered " + r.statusCode());
                    return r.body();
                }));
            }
            Map<String, byte[]> out = new java.util.LinkedHashMap<>();
            for (int i = 0; i < urls.size(); i++) {
                String url = urls.get(i);
                try {
                    out.put(url.substring(url.lastIndexOf('/') + 1), futures.get(i).get(sizes.taskTimeout().toMillis(), TimeUnit.MILLISECONDS));
                } catch (Exception e) {
                    throw new DemoException("downloading " + url + " failed: " + Failures.describe(e), e);
                }
            }
            return out;
        } finally {
            threads.shutdownNow();
        }
    }
}
