package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogFormatTest {
    @Test
    void unsetOrBlankMeansTextAndBothKnownFormatsAreAcceptedInAnyCase() {
        assertThat(LogFormat.appender(null)).contains("text");
        assertThat(LogFormat.appender(" ")).contains("text");
        assertThat(LogFormat.appender("text")).contains("text");
        assertThat(LogFormat.appender("TEXT")).contains("text");
        assertThat(LogFormat.appender("json")).contains("json");
        assertThat(LogFormat.appender("JSON")).contains("json");
        assertThat(LogFormat.appender(" Json ")).contains("json");
        assertThat(LogFormat.problem("JSON")).isEmpty();
        assertThat(LogFormat.problem(null)).isEmpty();
    }

    @Test
    void anUnknownFormatIsRefusedWithOneLineNamingTheVariableTheValueAndWhatIsAllowed() {
        assertThat(LogFormat.appender("xml")).isEmpty();
        assertThat(LogFormat.problem("xml")).hasValueSatisfying(line -> assertThat(line)
                .contains("WARREN_LOG_FORMAT=xml").contains("text").contains("json").doesNotContain("\n"));
    }
}
