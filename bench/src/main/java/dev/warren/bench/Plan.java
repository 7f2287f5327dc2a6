package dev.warren.bench;

import dev.warren.examples.Examples;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scenarios, grouped by the configuration they need so each supervisor starts once:
 * <pre>
 *   classic p1   : pipelined, sequential, cpu (2 children)     classic p100 : pipelined, map, defaults
 *   1 child      : cpu (1 child)                              quorum p1    : pipelined, sequential
 *   quorum p100  : pipelined, map, payload                    restart/memory, heap: {@link Lifecycle}, {@link Heap}
 * </pre>
 */
final class Plan {
    private final Ctx ctx;
    private final Scale s;
    private final int runs;
    private long countdownN;

    Plan(Ctx ctx) {
        this.ctx = ctx;
        this.s = ctx.scale();
        this.runs = ctx.args().runs();
    }

    void run() throws Exception {
        BenchArgs a = ctx.args();
        if (a.wants("pipelined") || a.wants("sequential") || a.wants("cpu")) p1("classic", a.wants("cpu"));
        if (a.wants("cpu")) oneChild();
        if (a.wants("pipelined") || a.wants("map") || a.wants("defaults")) p100("classic", false);
        if (a.wants("pipelined") || a.wants("sequential")) p1("quorum", false);
        if (a.wants("pipelined") || a.wants("map") || a.wants("payload")) p100("quorum", a.wants("payload"));
        if (a.wants("restart") || a.wants("memory")) new Lifecycle(ctx).run();
        if (a.wants("heap")) new Heap(ctx).run();
    }

    private void p1(String type, boolean cpu) throws Exception {
        try (Config c = Config.open(ctx, type + "-p1", type, 1, 2, ctx.cds())) {
            c.warmup(Math.min(s.warmup(), 1000)); // prefetch 1 is slow on quorum queues: keep the run short
            if (cpu) calibrate(c);
            for (int r = 0; r < runs; r++) {
                Ctx.progress(c.label + " run " + (r + 1) + "/" + runs);
                if (ctx.args().wants("pipelined")) pipelined(c, r, type, 1);
                if (ctx.args().wants("sequential")) sequential(c, r, type);
                if (cpu) cpu(c, r, "cpu.2-children");
            }
        } finally {
            ctx.admin().deleteAll();
        }
        if (cpu) speedup();
    }

    private void p100(String type, boolean payload) throws Exception {
        try (Config c = Config.open(ctx, type + "-p100", type, 100, 2, ctx.cds())) {
            c.warmup(s.warmup());
            for (int r = 0; r < runs; r++) {
                Ctx.progress(c.label + " run " + (r + 1) + "/" + runs);
                if (ctx.args().wants("pipelined")) pipelined(c, r, type, 100);
                if (ctx.args().wants("map")) map(c, r, type);
                if (ctx.args().wants("defaults") && type.equals("classic")) defaults(c, r);
                if (payload) payloads(c, r);
            }
        } finally {
            ctx.admin().deleteAll();
        }
    }

    private void oneChild() throws Exception {
        try (Config c = Config.open(ctx, "classic-1child", "classic", 1, 1, ctx.cds())) {
            c.warmup(Math.min(s.warmup(), 200));
            if (countdownN == 0) calibrate(c);
            for (int r = 0; r < runs; r++) {
                Ctx.progress(c.label + " run " + (r + 1) + "/" + runs);
                cpu(c, r, "cpu.1-child");
            }
        } finally {
            ctx.admin().deleteAll();
        }
        speedup();
    }

    private void pipelined(Config c, int r, String type, int prefetch) throws Exception {
        Line l = ctx.report().line("pipelined." + type + ".p" + prefetch, "tasks/s", ">= 1.0x raw", Line.ratioAtLeast(1.0));
        int n = prefetch == 1 ? s.pipelinedP1() : s.pipelined();
        boolean cost = type.equals("classic") && prefetch > 1;
        c.both(r, (side, w) -> {
            Cost before = cost ? Cost.of(c, w) : null;
            (w ? l.warren : l.raw).add(Measure.pipelined(n, s.window(), side::noop));
            if (cost) Cost.of(c, w).since(before, n, ctx.report(), w);
        });
    }

    private void sequential(Config c, int r, String type) throws Exception {
        Line p50 = ctx.report().line("sequential." + type + ".p50", "ms", "<= 1.1x raw", Line.ratioAtMost(1.1));
        Line p99 = ctx.report().line("sequential." + type + ".p99", "ms");
        c.both(r, (side, w) -> {
            long[] lat = Measure.sequential(s.sequential(), side::noop);
            (w ? p50.warren : p50.raw).add(Stats.percentileMs(lat, 50));
            (w ? p99.warren : p99.raw).add(Stats.percentileMs(lat, 99));
        });
    }

    private void map(Config c, int r, String type) throws Exception {
        Line l = ctx.report().line("map." + type, "inputs/s", ">= 100,000/s", Line.atLeast(100_000));
        c.both(r, (side, w) -> {
            long t0 = System.nanoTime();
            long n = side.map(s.mapInputs(), s.chunksize(), 8);
            if (n != s.mapInputs()) throw new IllegalStateException("map returned " + n + " of " + s.mapInputs());
            (w ? l.warren : l.raw).add(n / ((System.nanoTime() - t0) / 1e9));
        });
    }

    /**
     * {@code map} with every default, as a user would call it (adaptive chunks), against the raw baseline's
     * pipelined no-op rate at prefetch 100 in the same run: what a user who never heard of chunksize gets.
     */
    private void defaults(Config c, int r) throws Exception {
        Line l = ctx.report().line("defaults.map", "inputs/s", ">= 3x raw", Line.ratioAtLeast(3.0));
        int n = Math.min(20_000, s.mapInputs());
        c.both(r, (side, w) -> {
            if (w) {
                long t0 = System.nanoTime();
                long seen = c.warren.executor().map(Examples.NOOP, WarrenSide.range(n)).count();
                if (seen != n) throw new IllegalStateException("map returned " + seen + " of " + n);
                l.warren.add(n / ((System.nanoTime() - t0) / 1e9));
            } else {
                l.raw.add(Measure.pipelined(s.pipelined(), s.window(), side::noop));
            }
        });
    }

    private void payloads(Config c, int r) throws Exception {
        payload(c, r, "payload.1KiB", 1024, s.payloadSmall(), 200);
        payload(c, r, "payload.256KiB", 256 * 1024, s.payloadLarge(), 16);
    }

    private void payload(Config c, int r, String id, int bytes, int n, int window) throws Exception {
        String body = "x".repeat(bytes - 2); // 2 quotes make it exactly `bytes` of JSON
        Line l = bytes > 1024 ? ctx.report().line(id, "tasks/s", ">= 0.9x raw", Line.ratioAtLeast(0.9))
                : ctx.report().line(id, "tasks/s");
        c.both(r, (side, w) -> {
            Cost before = Cost.of(c, w);
            (w ? l.warren : l.raw).add(Measure.pipelined(n, window, i -> side.echo(body)));
            if (bytes > 1024) Cost.of(c, w).since(before, n, ctx.report(), w, id.substring("payload.".length()));
        });
    }

    /** Picks n so one countdown takes about the scale's target time in a child (same JVM options on both sides). */
    private void calibrate(Config c) throws Exception {
        long probe = 20_000_000L;
        long ms = Math.max(1, c.warren.countdown(probe).get(60, TimeUnit.SECONDS));
        ms = Math.max(1, c.warren.countdown(probe).get(60, TimeUnit.SECONDS)); // after the first JIT compile
        countdownN = Math.max(1000, probe * s.cpuTaskMs() / ms);
        Ctx.progress("countdown: n = " + countdownN + " for ~" + s.cpuTaskMs() + " ms per task");
    }

    private void cpu(Config c, int r, String id) throws Exception {
        Line l = ctx.report().line(id, "tasks/s");
        c.both(r, (side, w) -> {
            CompletableFuture<?>[] fs = new CompletableFuture<?>[s.cpuTasks()];
            long t0 = System.nanoTime();
            for (int i = 0; i < fs.length; i++) fs[i] = side.countdown(countdownN);
            CompletableFuture.allOf(fs).get(10, TimeUnit.MINUTES);
            (w ? l.warren : l.raw).add(fs.length / ((System.nanoTime() - t0) / 1e9));
        });
    }

    /** cpu.speedup per run = (2 children tasks/s) / (1 child tasks/s), once both are measured. */
    private void speedup() {
        Line one = ctx.report().line("cpu.1-child", "tasks/s");
        Line two = ctx.report().line("cpu.2-children", "tasks/s");
        if (one.warren.isEmpty() || two.warren.isEmpty()) return;
        Line l = ctx.report().line("cpu.speedup", "x", ">= 1.8x", Line.atLeast(1.8));
        l.warren.clear();
        l.raw.clear();
        for (int i = 0; i < Math.min(one.warren.size(), two.warren.size()); i++) {
            l.warren.add(two.warren.get(i) / one.warren.get(i));
            l.raw.add(two.raw.get(i) / one.raw.get(i));
        }
    }
}
