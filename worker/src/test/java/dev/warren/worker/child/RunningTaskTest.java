package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunningTaskTest {
    private final RunningTask running = new RunningTask();

    @Test void aCancelForTheRunningTaskInterruptsItsThreadOnceAndEndClearsTheInterrupt() {
        running.start("t-1");
        assertThat(running.interrupt("t-2")).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(running.interrupt("t-1")).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(running.interrupt("t-1")).isFalse(); // once
        assertThat(running.end()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse(); // the loop's next AMQP call is safe
    }

    @Test void afterTheEndACancelInterruptsNothing() {
        running.start("t-1");
        assertThat(running.end()).isFalse();
        assertThat(running.interrupt("t-1")).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
