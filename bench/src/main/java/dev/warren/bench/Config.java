package dev.warren.bench;

import java.nio.file.Path;

/**
 * One broker configuration measured on both sides: a warren supervisor with its children and a
 * warren producer, and the raw consumer JVMs with a raw producer — same broker, queue type and
 * prefetch, separate queues. Both stay up for all runs; runs alternate which side goes first.
 */
final class Config implements AutoCloseable {
    /** A measurement on one side. */
    interface OnSide { void run(Side side, boolean warren) throws Exception; }

    final String label;
    final SupervisorProc supervisor;
    final RawPool rawPool;
    final WarrenSide warren;
    final RawSide raw;
    /** The broker's pid when it runs on this machine, else -1 (the {@code cost.broker-cpu} row). */
    final long brokerPid;

    private Config(String label, SupervisorProc supervisor, RawPool rawPool, WarrenSide warren, RawSide raw,
                   long brokerPid) {
        this.label = label;
        this.supervisor = supervisor;
        this.rawPool = rawPool;
        this.warren = warren;
        this.raw = raw;
        this.brokerPid = brokerPid;
    }

    static Config open(Ctx ctx, String label, String queueType, int prefetch, int children, Path cds) throws Exception {
        Ctx.progress("starting " + label + ": " + queueType + " queue, prefetch " + prefetch + ", " + children
                + " children / raw consumers" + (cds != null ? ", AppCDS" : ""));
        String wq = ctx.queue(label);
        String rq = wq + ".raw";
        ctx.admin().ownWarrenQueue(wq);
        ctx.admin().ownQueue(rq);
        String uri = ctx.args().broker();
        SupervisorProc sup = null;
        RawPool pool = null;
        WarrenSide w = null;
        try {
            sup = SupervisorProc.start(ctx.args(), wq, queueType, children, prefetch, cds,
                    ctx.workDir().resolve("supervisor-" + label + ".log"));
            pool = RawPool.start(uri, rq, queueType, prefetch, children, ctx.args().childJvmOptions(), ctx.args().rawHeaders(),
                    ctx.workDir().resolve("raw-" + label + ".log"));
            w = new WarrenSide(uri, wq, queueType);
            return new Config(label, sup, pool, w, new RawSide(uri, rq, queueType, ctx.args().rawHeaders()),
                    ctx.admin().localBrokerPid());
        } catch (Exception | Error e) {
            if (w != null) w.close();
            if (pool != null) pool.close();
            if (sup != null) sup.close();
            throw e;
        }
    }

    /** Pipelined no-ops on both sides, to warm up the JITs and the queues before measuring. */
    void warmup(int n) throws Exception {
        if (n <= 0) return;
        Measure.pipelined(n, Math.min(n, 500), warren::noop);
        Measure.pipelined(n, Math.min(n, 500), raw::noop);
    }

    /** Runs the measurement on both sides: warren first on even runs, raw first on odd ones. */
    void both(int run, OnSide m) throws Exception {
        if (run % 2 == 0) {
            m.run(warren, true);
            m.run(raw, false);
        } else {
            m.run(raw, false);
            m.run(warren, true);
        }
    }

    @Override public void close() throws Exception {
        try {
            warren.close();
            raw.close();
        } finally {
            rawPool.close();
            supervisor.close();
        }
    }
}
