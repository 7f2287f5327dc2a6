package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The new options of submit and result refuse bad combinations before connecting (exit 2, one line naming them). */
class DetachArgsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(String... args) {
        // a broker nobody listens on: each case must fail before connecting
        return Cli.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("WARREN_BROKER_URI", "amqp://127.0.0.1:1/%2F"));
    }

    private String err() { return err.toString(StandardCharsets.UTF_8); }

    @Test void negativeRetriesAreAUsageError() {
        assertThat(cli("submit", "cube", "1", "--retries", "-1")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("warren submit: --retries must be 0 or more: -1");
    }

    @Test void retriesWithDetachAreAUsageError() {
        assertThat(cli("submit", "cube", "1", "--detach", "--retries", "2", "--client-id", "me")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("--retries needs a submit that waits for the reply; not with --detach");
    }

    @Test void aZeroBackoffIsAUsageError() {
        assertThat(cli("submit", "cube", "1", "--retries", "1", "--backoff", "0")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("--backoff must be positive");
    }

    @Test void aBadClientIdNamesTheSetting() {
        assertThat(cli("result", "x", "--client-id", "a b")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("clientId must be 1..200 of [A-Za-z0-9._:-]: a b");
    }

    @Test void resultNeedsAnId() {
        assertThat(cli("result", "--client-id", "me")).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("missing ID");
    }
}
