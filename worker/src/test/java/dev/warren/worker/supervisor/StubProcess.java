package dev.warren.worker.supervisor;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Process} that is no process, for unit tests of the pool's parts: it records what is written on its stdin. */
final class StubProcess extends Process {
    private static final AtomicLong PIDS = new AtomicLong(4_000_000);
    private final long pid = PIDS.incrementAndGet();
    private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();

    /** A child in this slot, on a stub process. */
    static ChildProcess child(String id, int slot) { return new ChildProcess(id, slot, new StubProcess()); }

    /** The lines written to the child's stdin. */
    static List<String> linesOf(ChildProcess c) {
        StubProcess p = (StubProcess) c.process;
        synchronized (p.stdin) {
            return p.stdin.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Override public OutputStream getOutputStream() { return stdin; }
    @Override public InputStream getInputStream() { return InputStream.nullInputStream(); }
    @Override public InputStream getErrorStream() { return InputStream.nullInputStream(); }
    @Override public int waitFor() { return 0; }
    @Override public int exitValue() { return 0; }
    @Override public void destroy() {}
    @Override public long pid() { return pid; }
}
