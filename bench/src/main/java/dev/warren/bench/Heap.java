package dev.warren.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Producer heap with many futures outstanding: submit to a queue nobody consumes, wait until the
 * broker holds them all, and measure this JVM's used heap after GC against the level before.
 * Reported per 100,000 futures. The futures list itself (~0.4 MiB per 100k) is counted on both sides.
 */
final class Heap {
    private final Ctx ctx;

    Heap(Ctx ctx) { this.ctx = ctx; }

    void run() throws Exception {
        int n = ctx.scale().heapFutures();
        Line l = ctx.report().line("heap.futures", "MiB/100k");
        int runs = Math.min(ctx.args().runs(), 2); // publishing 100,000 confirmed tasks takes a while; 2 runs show the spread
        for (int r = 0; r < runs; r++) {
            Ctx.progress("heap run " + (r + 1) + "/" + runs + ": " + n + " futures outstanding");
            boolean warrenFirst = r % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean w = (k == 0) == warrenFirst;
                (w ? l.warren : l.raw).add(measure(w, n, r) * 100_000.0 / n);
            }
        }
    }

    private double measure(boolean warren, int n, int r) throws Exception {
        String q = ctx.queue("heap" + r + (warren ? "" : ".raw"));
        if (warren) ctx.admin().ownWarrenQueue(q); else ctx.admin().ownQueue(q);
        String uri = ctx.args().broker();
        try (Side side = warren ? new WarrenSide(uri, q, "classic") : new RawSide(uri, q, "classic", ctx.args().rawHeaders())) {
            double before = usedAfterGc();
            List<CompletableFuture<?>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) futures.add(side.noop(i));
            long end = System.nanoTime() + 120_000_000_000L;
            while (ctx.admin().depth(q) < n && System.nanoTime() < end) Thread.sleep(100);
            double used = Math.max(0, usedAfterGc() - before); // at smoke scale GC noise can exceed the futures
            if (side instanceof WarrenSide ws) ws.executor().shutdownNow();
            if (side instanceof RawSide rs) rs.client().forget();
            futures.clear();
            return used;
        } finally {
            ctx.admin().deleteAll();
        }
    }

    /** Used heap in MiB after a few full collections. */
    static double usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }
}
