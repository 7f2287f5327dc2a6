package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import dev.warren.common.Protocol;
import dev.warren.common.TaskType;
import dev.warren.common.internal.Decoded;
import dev.warren.common.internal.Malformed;
import dev.warren.common.internal.TaskEnvelope;
import dev.warren.worker.TaskRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every branch of the child's decision for a delivery, without a broker. */
class DeliveryTriageTest {
    static final TaskType<Integer, Integer> CUBE = TaskType.of("cube", Integer.class, Integer.class);
    final TaskRegistry registry = TaskRegistry.builder().register(CUBE, (n, ctx) -> n * n * n).build();
    final Set<String> cancelled = new HashSet<>();
    final Map<String, String> crashNotes = new HashMap<>();
    final DeliveryTriage triage = new DeliveryTriage(registry, new DeliveryTriage.Notes() {
        @Override public boolean cancelled(String taskId) { return cancelled.contains(taskId); }

        @Override public String crashNote(String taskId) { return crashNotes.get(taskId); }
    }, 3);

    static TaskEnvelope task(String name, int attempt, String inputType, String lastError) {
        return new TaskEnvelope("t-1", name, "warren.reply.c1", 0, attempt, 0, inputType, lastError, null, null, true, 0,
                "3".getBytes(StandardCharsets.UTF_8));
    }

    static TaskEnvelope cube(int attempt) { return task("cube", attempt, "java.lang.Integer", null); }

    static Delivery delivery(TaskEnvelope env, boolean redelivered) {
        return new Delivery(7, redelivered, env.toProperties(), env.body());
    }

    Decision fresh(TaskEnvelope env) { return triage.decide(delivery(env, false), env, true); }

    Decision redelivered(TaskEnvelope env) { return triage.decide(delivery(env, true), env, true); }

    @Test void aValidTaskOfARegisteredNameRuns() {
        Decision d = fresh(cube(1));
        assertThat(d).isInstanceOfSatisfying(Decision.Run.class, run -> {
            assertThat(run.env().taskId()).isEqualTo("t-1");
            assertThat(run.entry().type()).isEqualTo(CUBE);
        });
    }

    @Test void aTaskWithoutAnInputTypeOrWithAnUntypedOneRuns() {
        assertThat(fresh(task("cube", 1, null, null))).isInstanceOf(Decision.Run.class);
        assertThat(fresh(task("cube", 1, "com.fasterxml.jackson.databind.JsonNode", null))).isInstanceOf(Decision.Run.class);
        assertThat(fresh(task("cube", 1, "java.lang.Object", null))).isInstanceOf(Decision.Run.class);
    }

    @Test void anythingThatArrivesWhileTheChildDoesNotAcceptWorkIsHandedBackEvenIfMalformedOrRedelivered() {
        TaskEnvelope env = cube(1);
        assertThat(triage.decide(delivery(env, false), env, false)).isInstanceOf(Decision.HandBack.class);
        assertThat(triage.decide(delivery(env, true), env, false)).isInstanceOf(Decision.HandBack.class);
        Decoded bad = new Malformed(Protocol.E_BAD_ENVELOPE, "missing type", "t-1", "r", 1);
        assertThat(triage.decide(delivery(env, false), bad, false)).isInstanceOf(Decision.HandBack.class);
    }

    @Test void aMalformedMessageIsDeadLetteredWithItsReasonAndAnsweredWhenItHasAReplyToAndAnId() {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().type("cube").build();
        Delivery d = new Delivery(1, false, props, new byte[0]);
        Decision dec = triage.decide(d, new Malformed(Protocol.E_TOO_LARGE, "body of 9 bytes", "t-1", "r", 2), true);
        assertThat(dec).isInstanceOfSatisfying(Decision.DeadLetter.class, dl -> {
            assertThat(dl.reason()).isEqualTo(Protocol.E_TOO_LARGE);
            assertThat(dl.detail()).isEqualTo("body of 9 bytes");
            assertThat(dl.task()).isEqualTo("cube");
            assertThat(dl.attempt()).isEqualTo(2);
            assertThat(dl.env()).isNull();
            assertThat(dl.answered()).isTrue();
        });
    }

    @Test void aMalformedMessageWithoutAnIdOrWithoutAReplyToIsDeadLetteredButNotAnswered() {
        Delivery d = new Delivery(1, false, new AMQP.BasicProperties(), new byte[0]);
        Decision noId = triage.decide(d, new Malformed(Protocol.E_BAD_ENVELOPE, "missing message_id", null, "r", 1), true);
        Decision noReplyTo = triage.decide(d, new Malformed(Protocol.E_BAD_ENVELOPE, "missing reply_to", "t-1", null, 1), true);
        assertThat(((Decision.DeadLetter) noId).answered()).isFalse();
        assertThat(((Decision.DeadLetter) noReplyTo).answered()).isFalse();
    }

    @Test void aRedeliveredTaskWithAttemptsLeftWaitsBrieflyForItsCrashNoteInsteadOfDecidingAtOnce() {
        TaskEnvelope env = cube(1);
        assertThat(redelivered(env)).isEqualTo(new Decision.AwaitCrashNote(env, DeliveryTriage.CRASH_NOTE_WAIT_MS));
    }

    @Test void aRedeliveredTaskOnItsLastAttemptWaitsLongerForItsCrashNote() {
        TaskEnvelope env = cube(3);
        assertThat(redelivered(env)).isEqualTo(new Decision.AwaitCrashNote(env, DeliveryTriage.LAST_CRASH_NOTE_WAIT_MS));
    }

    @Test void aRedeliveredTaskWhoseCrashNoteIsHereIsRepublishedAsTheNextAttemptWithTheNote() {
        crashNotes.put("t-1", "exit code 42 (crash)");
        TaskEnvelope env = cube(1);
        assertThat(redelivered(env)).isEqualTo(new Decision.NextAttempt(env, 2, "exit code 42 (crash)"));
    }

    @Test void aRedeliveredTaskWhoseCrashNoteNeverCameIsRepublishedSayingTheChildWasLost() {
        TaskEnvelope env = cube(2);
        assertThat(triage.afterCrashNoteWait(env)).isEqualTo(new Decision.NextAttempt(env, 3,
                "attempt 2 ended without a reply (the child running it was lost)"));
    }

    @Test void aRedeliveredTaskAtTheMaximumIsDeadLetteredAsWorkerCrashedWithItsCrashNote() {
        crashNotes.put("t-1", "exit code 42 (crash); stderr: crash task: halting");
        TaskEnvelope env = cube(3);
        assertThat(redelivered(env)).isInstanceOfSatisfying(Decision.DeadLetter.class, dl -> {
            assertThat(dl.reason()).isEqualTo(Protocol.E_WORKER_CRASHED);
            assertThat(dl.detail()).isEqualTo("worker crashed 3 times running this task; last: exit code 42 (crash); "
                    + "stderr: crash task: halting");
            assertThat(dl.attempt()).isEqualTo(3);
            assertThat(dl.answered()).isTrue();
            assertThat(dl.env()).isSameAs(env);
        });
    }

    @Test void aTaskAtTheMaximumWithoutANoteIsDeadLetteredWithTheLastErrorItCarries() {
        TaskEnvelope env = task("cube", 4, null, "attempt 3 ended without a reply");
        assertThat(triage.afterCrashNoteWait(env)).isInstanceOfSatisfying(Decision.DeadLetter.class, dl ->
                assertThat(dl.detail()).isEqualTo("worker crashed 4 times running this task; last: attempt 3 ended without a reply"));
        assertThat(((Decision.DeadLetter) triage.afterCrashNoteWait(cube(3))).detail())
                .isEqualTo("worker crashed 3 times running this task");
    }

    @Test void aCancelledTaskIsSkipped() {
        cancelled.add("t-1");
        TaskEnvelope env = cube(1);
        assertThat(fresh(env)).isEqualTo(new Decision.SkipCancelled(env));
    }

    @Test void aRedeliveredCancelledTaskIsSkippedNotCountedAsAnAttempt() {
        cancelled.add("t-1"); // e.g. its child was killed for ignoring an interrupting cancel
        TaskEnvelope env = cube(1);
        assertThat(redelivered(env)).isEqualTo(new Decision.SkipCancelled(env));
    }

    @Test void aTaskCancelledWhileItWaitedForItsCrashNoteIsSkipped() {
        TaskEnvelope env = cube(3);
        cancelled.add("t-1");
        assertThat(triage.afterCrashNoteWait(env)).isEqualTo(new Decision.SkipCancelled(env));
    }

    @Test void anUnknownTaskNameIsDeadLetteredNamingTheTasksThisWorkerKnows() {
        assertThat(fresh(task("no-such-task", 1, null, null))).isInstanceOfSatisfying(Decision.DeadLetter.class, dl -> {
            assertThat(dl.reason()).isEqualTo(Protocol.E_UNKNOWN_TASK);
            assertThat(dl.detail()).contains("'no-such-task'", "[cube]");
            assertThat(dl.task()).isEqualTo("no-such-task");
            assertThat(dl.answered()).isTrue();
        });
    }

    @Test void anInputTypeOtherThanTheRegisteredOneIsDeadLetteredNamingBoth() {
        assertThat(fresh(task("cube", 1, "java.lang.String", null))).isInstanceOfSatisfying(Decision.DeadLetter.class, dl -> {
            assertThat(dl.reason()).isEqualTo(Protocol.E_INPUT_TYPE_MISMATCH);
            assertThat(dl.detail()).contains("java.lang.Integer", "java.lang.String");
        });
    }

    @Test void theDecisionDependsOnlyOnItsInputs() {
        TaskEnvelope env = cube(1);
        assertThat(fresh(env)).isEqualTo(fresh(env));
        assertThat(redelivered(env)).isEqualTo(redelivered(env));
    }
}
