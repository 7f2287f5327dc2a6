package dev.warren.cli.demo;

import static dev.warren.examples.Examples.FETCH;

import dev.warren.examples.Examples.FetchResult;
import dev.warren.producer.TaskExecutor;
import dev.warren.producer.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The URL tutorial: fetch several URLs in the pool ({@code FETCH}); one host does not exist, so that
 * task fails with a remote error while the others succeed.
 */
final class FetchStep {
    static final String MISSING_HOST_URL = "http://no-such-host.invalid/";

    private FetchStep() {}

    static Summary.Row run(TaskExecutor pool, ImageServer server, Sizes sizes, Console console) throws Exception {
        console.heading("4. fetch URLs in the pool: one host does not exist");
        console.line("   Python: futures = {executor.submit(load_url, url): url for url in URLS}");
        console.line("           ... except Exception as exc: print('%%r generated an exception: %%s' %% (url, exc))");
        long t0 = System.nanoTime();
        List<String> urls = new ArrayList<>();
        urls.add(server.base());
        urls.addAll(server.imageUrls().subList(0, Math.min(3, server.imageUrls().size())));
        urls.add(MISSING_HOST_URL);
        List<CompletableFuture<TaskResult<FetchResult>>> futures = new ArrayList<>();
        for (String url : urls) futures.add(pool.submitForResult(FETCH, url, sizes.taskTimeout()));
        int ok = 0;
        int failed = 0;
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            boolean shouldFail = url.equals(MISSING_HOST_URL);
            try {
                TaskResult<FetchResult> r = futures.get(i).get();
                ok++;
                console.line("   ok      %-48s status %d, %,d bytes (%s)", url, r.value().status(), r.value().bytes(),
                        CubesStep.where(r.worker()));
                if (shouldFail || r.value().status() != 200) unexpected.add(url + " answered " + r.value().status());
            } catch (ExecutionException e) {
                failed++;
                String why = Failures.describe(e);
                boolean unresolved = why.contains("UnresolvedAddress") || why.contains("UnknownHost");
                console.line("   FAILED  %-48s %s%s", url, why, unresolved ? " - the host name does not resolve" : "");
                if (!shouldFail) unexpected.add(url + " failed: " + Failures.describe(e));
            }
        }
        console.line("   %d fetched, %d failed: a failed task fails only its own future; the pool carries on", ok, failed);
        if (!unexpected.isEmpty()) throw new DemoException("fetch: unexpected outcome: " + String.join("; ", unexpected));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new Summary.Row("fetch URLs", urls.size(), took, ok + " ok, " + failed + " failed (no-such-host.invalid, as expected)");
    }
}
