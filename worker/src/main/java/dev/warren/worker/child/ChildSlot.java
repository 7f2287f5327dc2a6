package dev.warren.worker.child;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A child's slot: a small memory-mapped file its supervisor creates and both map, in which the child keeps
 * the task it is running (id, name, attempt, start time) and the tasks it finished, as
 * {@code multiprocessing.Value} shares memory between a parent and its children. Writing it costs a few
 * stores per task and no system call, so the supervisor is off the per-task path; the pages belong to the
 * file, so what the child wrote last is still there when it is killed, and the supervisor reads it on the
 * exit to attribute the crash to its task. Internal to the worker (public only for the supervisor's package).
 *
 * <p>A seqlock keeps reads consistent: the writer makes the sequence odd, writes, makes it even again; a
 * reader retries while it is odd or changed under it. One writer (the child's main loop; the watchdog once
 * that is stuck in a task), any number of readers, in any process.
 */
public final class ChildSlot {
    /** The file's size. */
    public static final int SIZE = 1024;
    static final int MAX_TEXT = 256;
    /** How long a reader waits for a write under way before it takes the writer for dead. */
    static final long WRITER_GONE_NS = 50_000_000L;
    private static final int SEQ = 0, DONE = 8, STARTED = 16, ATTEMPT = 24, ID_LEN = 28, NAME_LEN = 32;
    private static final int ID = 40, NAME = ID + MAX_TEXT;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    /** What a slot says. @param taskId the running task, or null when idle; @param startedMs its start, epoch ms */
    public record Snapshot(String taskId, String task, int attempt, long startedMs, long tasksDone) {}

    private final MappedByteBuffer buf;
    // the writer's own copies (under this): the done count it last wrote, and a buffer for texts
    private long done;
    private final byte[] text = new byte[MAX_TEXT];

    private ChildSlot(MappedByteBuffer buf) {
        this.buf = buf;
        this.done = buf.getLong(DONE);
    }

    /** Maps the slot file, creating it (zeroed: idle, no task done) when it does not exist. */
    public static ChildSlot map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (ch.size() < SIZE) ch.write(java.nio.ByteBuffer.allocate(SIZE - (int) ch.size()), ch.size());
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE); // stays valid after the close
            b.order(ByteOrder.nativeOrder());
            return new ChildSlot(b);
        }
    }

    /** The task started now. */
    public synchronized void start(String taskId, String task, int attempt, long startedMs) {
        int s = begin();
        buf.putLong(STARTED, startedMs);
        buf.putInt(ATTEMPT, attempt);
        buf.putInt(ID_LEN, put(ID, taskId));
        buf.putInt(NAME_LEN, put(NAME, task));
        INT.setRelease(buf, SEQ, s + 1);
    }

    /** The running task ended (answered): the child is idle and one more task is done. */
    public synchronized void end() {
        int s = begin();
        buf.putLong(DONE, ++done);
        buf.putLong(STARTED, 0);
        buf.putInt(ID_LEN, -1);
        INT.setRelease(buf, SEQ, s + 1);
    }

    /** A consistent copy of the slot. Any thread, any process. */
    public Snapshot read() {
        long giveUp = 0;
        while (true) {
            int s1 = (int) INT.getAcquire(buf, SEQ);
            if ((s1 & 1) == 0) {
                long done = buf.getLong(DONE);
                long started = buf.getLong(STARTED);
                int attempt = buf.getInt(ATTEMPT);
                int idLen = buf.getInt(ID_LEN);
                int nameLen = buf.getInt(NAME_LEN);
                String id = idLen > 0 && idLen <= MAX_TEXT && started != 0 ? get(ID, idLen) : null;
                String name = id != null && nameLen >= 0 && nameLen <= MAX_TEXT ? get(NAME, nameLen) : null;
                VarHandle.loadLoadFence();
                if ((int) INT.getVolatile(buf, SEQ) == s1) return new Snapshot(id, name, attempt, started, done);
            } else {
                // a write takes microseconds; a sequence that stays odd is a writer that died mid-write (SIGKILL):
                // the slot cannot say what ran, and the reader (the supervisor) must not spin on it forever
                long now = System.nanoTime();
                if (giveUp == 0) giveUp = now + WRITER_GONE_NS;
                else if (now - giveUp > 0) return new Snapshot(null, null, 0, 0, buf.getLong(DONE));
            }
            Thread.onSpinWait();
        }
    }

    private int begin() {
        int s = (int) INT.get(buf, SEQ) + 1; // odd: a write is under way
        INT.setVolatile(buf, SEQ, s);
        VarHandle.storeStoreFence();
        return s;
    }

    /** Writes the text (truncated to {@value #MAX_TEXT} bytes) and returns its length; ASCII without allocating. */
    private int put(int at, String s) {
        if (s == null) return 0;
        int n = Math.min(s.length(), MAX_TEXT);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) return putBytes(at, s);
            text[i] = (byte) c;
        }
        buf.put(at, text, 0, n); // one bulk copy: a put per byte is a call chain each on C1
        return n;
    }

    private int putBytes(int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, MAX_TEXT);
        buf.put(at, b, 0, n);
        return n;
    }

    private String get(int at, int len) {
        byte[] b = new byte[len];
        buf.get(at, b, 0, len);
        return new String(b, StandardCharsets.UTF_8);
    }
}
