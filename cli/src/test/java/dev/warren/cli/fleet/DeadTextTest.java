package dev.warren.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import dev.warren.common.internal.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code warren dead} output. */
class DeadTextTest {
    private static final long AT = 1_795_312_800_000L;
    private final DeadText text = new DeadText(ZoneOffset.UTC);
    private final DeadLetter letter = new DeadLetter("3f2a9c10-8d7b-4e6f-a1b2-c3d4e5f60718", "no-such-task", "warren.UnknownTask",
            "no task named no-such-task is registered (known: blur, countdown, crash, cube, echo, fail, fetch)\nsecond line",
            1, AT, 1, "3");

    @Test void theTableHasOneRowPerMessageWithTheFirstLineOfItsError() {
        String out = text.table("q.dead", new DeadLetters.Listing(7, List.of(letter)));
        assertThat(out).startsWith("q.dead: 7 messages, the first 1 shown\n");
        assertThat(out).containsPattern("ID +TASK +REASON +ATTEMPTS +WHEN +LAST ERROR");
        assertThat(out).contains("3f2a9c10-8d7b-4e6f-a1b2-c3d4e5f60718  no-such-task      warren.UnknownTask")
                .contains("2026-11-22 02:00:00").contains("no task named no-such-task is registered (known: blur, coun…")
                .doesNotContain("second line");
    }

    @Test void anEmptyQueueIsOneLine() {
        assertThat(text.table("q.dead", new DeadLetters.Listing(0, List.of()))).isEqualTo("q.dead: 0 messages\n");
    }

    @Test void theJsonHasTheTotalAndEveryMessage() {
        JsonNode j = DeadText.json("q.dead", new DeadLetters.Listing(7, List.of(letter)));
        assertThat(j.get("total").asLong()).isEqualTo(7);
        assertThat(j.get("messages").get(0).get("id").asText()).isEqualTo(letter.id());
        assertThat(j.get("messages").get(0).get("reason").asText()).isEqualTo("warren.UnknownTask");
        assertThat(j.get("messages").get(0).get("deadAt").asLong()).isEqualTo(AT);
    }

    @Test void oneMessageInFullShowsHeadersSortedAndTheBodyPrettyPrinted() {
        AMQP.BasicProperties p = new AMQP.BasicProperties.Builder().messageId(letter.id()).replyTo("warren.reply.c")
                .headers(Map.of("warren-dead-reason", "warren.UnknownTask", "warren-attempt", 1)).build();
        String out = text.full(new DeadLetters.Message(p, "{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8), letter));
        assertThat(out).contains("id        " + letter.id() + "\n").contains("reply_to: warren.reply.c")
                .contains("headers\n  warren-attempt: 1\n  warren-dead-reason: warren.UnknownTask\n")
                .contains("detail    no task named").contains("\n          second line\n")
                .contains("body (1 bytes)\n{\n  \"a\" : [ 1, 2 ]\n}");
        assertThat(DeadText.body("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo("not json");
    }
}
