package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warren.common.internal.ProgressMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ChildProgressTest {
    private final List<ProgressMessage> sent = new CopyOnWriteArrayList<>();

    @Test void aBurstOfReportsEndsWithTheLatestValueSentAndFewerMessagesThanReports() {
        ChildProgress p = new ChildProgress("t-1", 2, sent::add);
        for (int i = 1; i <= 10_000; i++) p.report(i, 10_000, "step");
        await().atMost(Duration.ofSeconds(10)).until(() -> !sent.isEmpty() && sent.get(sent.size() - 1).done() == 10_000);
        assertThat(sent.size()).isLessThan(10_000); // coalesced, not one message per report
        assertThat(sent.get(0).taskId()).isEqualTo("t-1");
        assertThat(sent.get(0).attempt()).isEqualTo(2);
        p.close();
    }

    @Test void nothingIsSentOnceCloseHasReturned() throws Exception {
        ChildProgress p = new ChildProgress("t-1", 1, sent::add);
        p.report(1, 2, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);
        for (int i = 2; i < 1000; i++) p.report(i, 1000, null); // a value held for the timer, or in flight
        p.close();                                               // the task ended: the reply is published next
        int atClose = sent.size();
        p.report(1000, 1000, null);
        Thread.sleep(ChildProgress.MIN_INTERVAL_MS * 3); // give a wrong timer every chance to fire
        assertThat(sent).hasSize(atClose);
    }

    @Test void withoutASinkReportsAreCheckedAndDropped() {
        ChildProgress p = new ChildProgress("t-1", 1, null);
        p.report(1, 2, "fine");
        assertThatThrownBy(() -> p.report(-1, 2, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
