package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/error-cases.json and the table of error types in docs/protocol.md section 3.5 say the same. */
class ErrorCasesDocTest {
    /** A row of the table: the type (first column) and its dead-lettered and reply columns. */
    record Row(String type, String when, String deadLettered, String reply) {}

    static Map<String, Row> table() throws IOException {
        String doc = Files.readString(ErrorCases.file().resolveSibling("protocol.md"), StandardCharsets.UTF_8);
        int start = doc.indexOf("### 3.5 Error types");
        assertThat(start).as("section 3.5 in docs/protocol.md").isNotNegative();
        int next = doc.indexOf("\n### ", start + 1);
        String section = doc.substring(start, next > 0 ? Math.min(next, doc.indexOf("\n## ", start)) : doc.indexOf("\n## ", start));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            if (!line.startsWith("| ") || line.startsWith("| type ")) continue;
            String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toArray(String[]::new);
            assertThat(cells).as(line).hasSize(4);
            assertThat(rows.put(cells[0].replace("`", ""), new Row(cells[0].replace("`", ""), cells[1], cells[2], cells[3])))
                    .as("row %s appears twice", cells[0]).isNull();
        }
        return rows;
    }

    /** "yes…" is true, "no…" false, anything else ("where possible") leaves the choice to the case. */
    static Boolean column(String cell) {
        if (cell.startsWith("yes")) return true;
        if (cell.startsWith("no")) return false;
        return null;
    }

    @Test void theTableHasEveryErrorTypeOfTheProtocol() throws IOException {
        assertThat(table().keySet()).contains("*exception class name*", "warren.BadEnvelope", "warren.NotJson",
                "warren.BadInput", "warren.ReplyQueueMissing", "warren.Cancelled").hasSize(15);
    }

    @Test void everyRowOfTheTableHasACaseAndEveryCaseARow() throws IOException {
        Set<String> rows = table().keySet();
        Set<String> covered = new HashSet<>();
        for (ErrorCases.Case c : ErrorCases.all()) {
            assertThat(rows).as("row of case '%s'", c.name()).contains(c.row());
            covered.add(c.row());
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test void everyCaseExpectsTheTypeAndColumnsOfItsRow() throws IOException {
        Map<String, Row> table = table();
        for (ErrorCases.Case c : ErrorCases.all()) {
            Row row = table.get(c.row());
            if (row.type().startsWith("warren.")) assertThat(c.expect().type()).as(c.name()).isEqualTo(row.type());
            else assertThat(c.expect().type()).as(c.name()).doesNotStartWith("warren.").contains(".");
            Boolean dead = column(row.deadLettered());
            Boolean reply = column(row.reply());
            if (dead != null) assertThat(c.expect().deadLettered()).as("%s: dead-lettered (%s)", c.name(), row.deadLettered()).isEqualTo(dead);
            if (reply != null) assertThat(c.expect().reply()).as("%s: reply (%s)", c.name(), row.reply()).isEqualTo(reply);
        }
    }

    @Test void whatEveryCaseDoesIsNamedInItsRow() throws IOException {
        Map<String, Row> table = table();
        for (ErrorCases.Case c : ErrorCases.all()) {
            assertThat(c.cause()).as(c.name()).isNotBlank();
            assertThat(table.get(c.row()).when()).as("row %s names the cause of case '%s'", c.row(), c.name()).contains(c.cause());
        }
    }

    @Test void aCaseThatIsNotSentSaysWhyAndEveryOtherOneHasABody() {
        List<String> unsent = new ArrayList<>();
        for (ErrorCases.Case c : ErrorCases.all()) {
            if (!c.send()) {
                unsent.add(c.row());
                assertThat(c.why()).as(c.name()).isNotBlank();
            } else {
                assertThat(c.spec().has("body")).as(c.name()).isTrue();
            }
        }
        assertThat(unsent).containsExactly("warren.TaskFailed", "warren.Cancelled");
    }

    @Test void casesWithoutAMessageIdHaveDistinctBodiesSoTheirDeadLettersCanBeToldApart() {
        Set<String> bodies = new HashSet<>();
        for (ErrorCases.Case c : ErrorCases.all()) {
            if (!c.send()) continue;
            ErrorCases.Message m = c.message("warren.reply.test", 0);
            assertThat(m.id() == null && !bodies.add(new String(m.body(), StandardCharsets.UTF_8)))
                    .as("%s shares its body with another case without a message_id", c.name()).isFalse();
            assertThat(m.id() != null || !c.expect().reply()).as("%s: a reply needs a message_id", c.name()).isTrue();
        }
        assertThat(bodies).hasSize(2);
    }

    @Test void theBodiesOverAndUnderTheLimitAreWhereTheCasesSayTheyAre() {
        int limit = ErrorCases.worker().path("max_body_bytes").asInt();
        for (ErrorCases.Case c : ErrorCases.all()) {
            if (!c.send()) continue;
            int length = c.message("warren.reply.test", 0).body().length;
            if (c.expect().type().equals("warren.TooLarge")) assertThat(length).as(c.name()).isGreaterThan(limit);
            else assertThat(length).as(c.name()).isLessThanOrEqualTo(limit);
        }
    }
}
