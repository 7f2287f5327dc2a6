package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slot's writer and a reader on another mapping of the same file (as the supervisor maps it) agree. */
class ChildSlotTest {
    @TempDir Path dir;

    @Test void aFreshSlotIsIdleWithNothingDone() throws Exception {
        ChildSlot.Snapshot s = ChildSlot.map(dir.resolve("a.slot")).read();
        assertThat(s.taskId()).isNull();
        assertThat(s.tasksDone()).isZero();
    }

    @Test void anotherMappingSeesTheRunningTaskAndThenTheCount() throws Exception {
        Path f = dir.resolve("b.slot");
        ChildSlot child = ChildSlot.map(f);
        ChildSlot supervisor = ChildSlot.map(f);
        child.start("t-1", "cube", 2, 1_700_000_000_000L);
        assertThat(supervisor.read()).isEqualTo(new ChildSlot.Snapshot("t-1", "cube", 2, 1_700_000_000_000L, 0));
        child.end();
        assertThat(supervisor.read().taskId()).isNull();
        assertThat(supervisor.read().tasksDone()).isEqualTo(1);
    }

    @Test void longAndNonAsciiTextIsKeptAsUtf8UpToTheLimit() throws Exception {
        Path f = dir.resolve("c.slot");
        ChildSlot child = ChildSlot.map(f);
        child.start("é".repeat(10), "x".repeat(1000), 1, 5);
        ChildSlot.Snapshot s = ChildSlot.map(f).read();
        assertThat(s.taskId()).isEqualTo("é".repeat(10));
        assertThat(s.task()).hasSize(ChildSlot.MAX_TEXT);
    }

    @Test void aReaderNeverSeesHalfAWrite() throws Exception {
        Path f = dir.resolve("d.slot");
        ChildSlot child = ChildSlot.map(f);
        ChildSlot supervisor = ChildSlot.map(f);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                ChildSlot.Snapshot s = supervisor.read();
                if (s.taskId() != null && !(s.task().equals("task-" + s.taskId()) && s.attempt() == s.taskId().length())) {
                    torn.set(s.toString());
                }
            }
        });
        reader.start();
        for (int i = 0; i < 200_000; i++) {
            String id = Integer.toString(i * 7919);
            child.start(id, "task-" + id, id.length(), i + 1);
            child.end();
        }
        stop.set(true);
        reader.join();
        assertThat(torn.get()).isNull();
        assertThat(supervisor.read().tasksDone()).isEqualTo(200_000);
    }

    @Test @org.junit.jupiter.api.Timeout(30) void aWriterKilledInTheMiddleOfAWriteDoesNotHangTheReader() throws Exception {
        Path f = dir.resolve("e.slot");
        ChildSlot child = ChildSlot.map(f);
        child.start("t-1", "cube", 1, 5);
        child.end(); // one task done
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer odd = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(0, 5);
            ch.write(odd, 0); // the sequence left odd: a write began and its writer never finished it (SIGKILL)
        }
        ChildSlot.Snapshot s = ChildSlot.map(f).read(); // returns (after ~50 ms) instead of spinning forever
        assertThat(s.taskId()).as("what ran is unknown").isNull();
        assertThat(s.tasksDone()).isEqualTo(1);
    }
}
