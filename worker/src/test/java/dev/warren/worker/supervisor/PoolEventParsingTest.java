package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolEventParsingTest {
    @Test
    void everyEventOfThePipeProtocolIsParsedWithItsFields() {
        assertThat(ChildProcessEvent.parse("{\"ev\":\"ready\",\"pid\":123}")).hasValueSatisfying(e -> {
            assertThat(e.ev()).isEqualTo(ChildProcessEvent.READY);
            assertThat(e.pid()).isEqualTo(123);
        });
        assertThat(ChildProcessEvent.parse("{\"ev\":\"start\",\"id\":\"t1\",\"task\":\"cube\",\"attempt\":2,\"t\":1700000000000}"))
                .hasValueSatisfying(e -> {
                    assertThat(e.id()).isEqualTo("t1");
                    assertThat(e.task()).isEqualTo("cube");
                    assertThat(e.attempt()).isEqualTo(2);
                });
        assertThat(ChildProcessEvent.parse("{\"ev\":\"end\",\"id\":\"t1\",\"task\":\"cube\",\"status\":\"error\","
                + "\"error\":\"java.lang.IllegalStateException\",\"ms\":42}")).hasValueSatisfying(e -> {
                    assertThat(e.ok()).isFalse();
                    assertThat(e.error()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(e.ms()).isEqualTo(42);
                });
        assertThat(ChildProcessEvent.parse("{\"ev\":\"end\",\"id\":\"t1\",\"task\":\"cube\",\"status\":\"ok\",\"error\":null,\"ms\":1}"))
                .hasValueSatisfying(e -> {
                    assertThat(e.ok()).isTrue();
                    assertThat(e.error()).isNull();
                });
        assertThat(ChildProcessEvent.parse("{\"ev\":\"recycle\",\"reason\":\"max-memory\"}"))
                .hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo("max-memory"));
        assertThat(ChildProcessEvent.parse("{\"ev\":\"dead\",\"id\":\"t2\",\"task\":null,\"reason\":\"warren.NotJson\"}"))
                .hasValueSatisfying(e -> {
                    assertThat(e.task()).isNull();
                    assertThat(e.reason()).isEqualTo("warren.NotJson");
                });
        assertThat(ChildProcessEvent.parse("{\"ev\":\"exiting\",\"reason\":\"fatal\",\"detail\":\"boom\"}"))
                .hasValueSatisfying(e -> assertThat(e.detail()).isEqualTo("boom"));
    }

    @Test
    void unknownFieldsAreIgnoredSoANewerChildCanAddSome() {
        assertThat(ChildProcessEvent.parse("{\"ev\":\"ready\",\"pid\":7,\"version\":\"2\"}"))
                .hasValueSatisfying(e -> assertThat(e.pid()).isEqualTo(7));
    }

    @Test
    void linesThatAreNotEventsAreRejectedWithoutAnException() {
        assertThat(ChildProcessEvent.parse("hello from a task")).isEmpty();
        assertThat(ChildProcessEvent.parse("")).isEmpty();
        assertThat(ChildProcessEvent.parse(null)).isEmpty();
        assertThat(ChildProcessEvent.parse("{\"ev\":")).isEmpty();
        assertThat(ChildProcessEvent.parse("{\"pid\":1}")).isEmpty();
        assertThat(ChildProcessEvent.parse("{\"ev\":3}")).isEmpty();
        assertThat(ChildProcessEvent.parse("{\"ev\":\"ready\"} trailing")).isEmpty();
    }
}
