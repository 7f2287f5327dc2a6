package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static final Args.Spec SPEC = Args.Spec.of("timeout=", "chunksize=", "details");

    @Test void positionalArgumentsOptionsAndFlagsAreSeparated() {
        Args a = Args.parse(new String[] {"submit", "cube", "--timeout", "10s", "3", "--details"}, 1, SPEC);
        assertThat(a.positional()).containsExactly("cube", "3");
        assertThat(a.option("timeout")).contains("10s");
        assertThat(a.flag("details")).isTrue();
        assertThat(a.durationOption("timeout")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test void optionValuesMayFollowAnEqualsSignAndADashIsPositional() {
        Args a = Args.parse(new String[] {"map", "cube", "-", "--chunksize=5"}, 1, SPEC);
        assertThat(a.positional()).containsExactly("cube", "-");
        assertThat(a.intOption("chunksize", 1, 1)).isEqualTo(5);
    }

    @Test void doubleDashEndsOptionsSoNegativeNumbersAndDashesPassThrough() {
        Args a = Args.parse(new String[] {"submit", "--", "echo", "--details"}, 1, SPEC);
        assertThat(a.positional()).containsExactly("echo", "--details");
        assertThat(a.flag("details")).isFalse();
        assertThat(Args.parse(new String[] {"submit", "cube", "-3"}, 1, SPEC).positional()).containsExactly("cube", "-3");
    }

    @Test void mistakesAreUsageErrors() {
        assertThatThrownBy(() -> Args.parse(new String[] {"x", "--nope"}, 1, SPEC))
                .isInstanceOf(UsageException.class).hasMessage("unknown option --nope");
        assertThatThrownBy(() -> Args.parse(new String[] {"x", "--timeout"}, 1, SPEC)).hasMessage("--timeout needs a value");
        assertThatThrownBy(() -> Args.parse(new String[] {"x", "--details=1"}, 1, SPEC)).hasMessage("--details takes no value");
        assertThatThrownBy(() -> Args.parse(new String[] {"x", "--chunksize", "0"}, 1, SPEC).intOption("chunksize", 1, 1))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Args.parse(new String[] {"x", "--chunksize", "two"}, 1, SPEC).intOption("chunksize", 1, 1))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> Args.parse(new String[] {"x", "--timeout", "soon"}, 1, SPEC).durationOption("timeout"))
                .hasMessageContaining("positive duration");
        assertThatThrownBy(() -> Args.parse(new String[] {"x", "a"}, 1, SPEC).expectPositional("TASK", "INPUT"))
                .hasMessage("missing INPUT");
        assertThatThrownBy(() -> Args.parse(new String[] {"x", "a", "b", "c"}, 1, SPEC).expectPositional("TASK", "INPUT"))
                .hasMessage("unexpected argument 'c'");
    }

    @Test void durationsReadUnitsAndIso8601() {
        assertThat(Args.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Args.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Args.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Args.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Args.parseDuration("PT10S")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Args.parseDuration("pt10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Args.parseDuration("10 parsecs")).isNull();
    }
}
