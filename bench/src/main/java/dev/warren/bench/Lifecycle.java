package dev.warren.bench;

import java.nio.file.Path;

/**
 * Child restart (SIGKILL a child, time until its replacement consumes) without and with the AppCDS
 * archive, and memory (RSS of the supervisor and of idle children). The raw baseline restarts a raw
 * consumer JVM the same way: kill, notice the exit, start a new one, wait until it consumes.
 */
final class Lifecycle {
    /** After a busy child's compiler frees its arenas, the JVM returns them within ~5 s (chunk pool) + 1 s (trim). */
    private static final long IDLE_MS = 7_000;

    private final Ctx ctx;

    Lifecycle(Ctx ctx) { this.ctx = ctx; }

    void run() throws Exception {
        boolean restart = ctx.args().wants("restart");
        if (restart) config("quorum-p1-nocds", null, "restart.no-cds", false);
        if (ctx.cds() == null) Ctx.progress("no AppCDS archive could be made (see cds.log): restart.cds is not measured");
        config("quorum-p1-cds", ctx.cds(), restart && ctx.cds() != null ? "restart.cds" : null,
                ctx.args().wants("memory"));
    }

    private void config(String label, Path cds, String restartId, boolean memory) throws Exception {
        Scale s = ctx.scale();
        try (Config c = Config.open(ctx, label, "quorum", 1, 2, cds)) {
            c.warmup(Math.min(s.warmup(), 500));
            for (int r = 0; r < ctx.args().runs(); r++) {
                Ctx.progress(label + " run " + (r + 1) + "/" + ctx.args().runs());
                if (memory) memory(c);
                if (restartId != null) restart(c, r, restartId, s.kills());
            }
        } finally {
            ctx.admin().deleteAll();
        }
    }

    /** RSS of the same processes right after 200 no-ops ({@code -busy}) and after {@link #IDLE_MS} without tasks. */
    private void memory(Config c) throws Exception {
        c.warmup(200);
        Line child = ctx.report().line("memory.child-rss", "MiB", "<= 64 MiB", Line.atMost(64));
        Line busy = ctx.report().line("memory.child-rss-busy", "MiB");
        Line spare = ctx.report().line("memory.spare-rss", "MiB"); // the warm spare (WARREN_SPARE_CHILDREN), idle
        Line sup = ctx.report().line("memory.supervisor-rss", "MiB");
        rss(c, busy, null);
        Thread.sleep(IDLE_MS);
        rss(c, child, spare);
        sup.warren.add(Procs.rssMib(c.supervisor.pid()));
    }

    private static void rss(Config c, Line child, Line spare) {
        for (SupervisorProc.Child ch : c.supervisor.children()) {
            Line l = ch.slot() >= 0 ? child : spare;
            if (l != null) l.warren.add(Procs.rssMib(ch.pid()));
        }
        for (long pid : c.rawPool.pids()) child.raw.add(Procs.rssMib(pid));
    }

    private void restart(Config c, int r, String id, int kills) throws Exception {
        Line l = ctx.report().line(id, "ms", id.endsWith(".cds") ? "<= 100 ms" : "", id.endsWith(".cds") ? Line.atMost(100) : null);
        c.both(r, (side, w) -> {
            for (int k = 0; k < kills; k++) {
                int slot = (r * kills + k) % 2;
                if (w) l.warren.add(c.supervisor.killAndAwaitReplacement(slot));
                else l.raw.add(c.rawPool.killAndReplace(slot));
            }
        });
    }
}
