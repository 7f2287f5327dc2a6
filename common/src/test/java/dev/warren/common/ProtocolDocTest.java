package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.common.internal.Decoded;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.ReplyEnvelope;
import dev.warren.common.internal.TaskEnvelope;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** docs/protocol.md, the JSON Schemas and common's code describe the same protocol. */
class ProtocolDocTest {
    private static final long NOW = 1_795_312_800_000L;
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @TestFactory
    Stream<DynamicTest> everyGoldenSampleValidatesAgainstItsSchema() {
        return GoldenSamples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode sample = Json.MAPPER.readTree(e.getValue());
            assertThat(Schemas.errors(GoldenSamples.schemaFor(e.getKey()), sample)).as(e.getKey()).isEmpty();
        }));
    }

    @Test
    void theDocumentHasAGoldenSampleOfEveryKindOfMessage() {
        assertThat(GoldenSamples.all().keySet()).contains("task-cube", "task-chunked", "reply-ok",
                "reply-error-task-exception", "dead-letter-unknown-task", "control-cancel", "control-crash",
                "announcement-running", "announcement-hello");
    }

    @Test
    void everyHeaderErrorTypeAndNameOfProtocolAppearsInTheDocument() throws IllegalAccessException {
        String doc = GoldenSamples.text();
        List<String> missing = new ArrayList<>();
        for (Field f : Protocol.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()) && f.getType() == String.class) {
                String value = (String) f.get(null);
                if (!doc.contains("`" + value) && !doc.contains(value + "`")) missing.add(f.getName() + " = " + value);
            }
        }
        assertThat(missing).as("constants of Protocol not in docs/protocol.md").isEmpty();
        assertThat(doc).contains("`warren-protocol`", "version `" + Protocol.VERSION + "`",
                "default `" + Protocol.DEFAULT_MAX_ATTEMPTS + "`", "8 MiB",
                String.format("%,d bytes", Protocol.DEFAULT_MAX_BODY_BYTES));
    }

    @Test
    void everyErrorTypeHasARowInTheErrorTypeTable() throws IllegalAccessException {
        String doc = GoldenSamples.text();
        for (String type : constants("E_")) assertThat(doc).as(type).contains("| `" + type + "` |");
    }

    @Test
    void everyWarrenHeaderAndErrorTypeTheDocumentNamesIsAProtocolConstant() throws IllegalAccessException {
        Set<String> known = new TreeSet<>(constants("H_"));
        known.addAll(constants("E_"));
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("`(warren-[a-z-]+|warren\\.[A-Z][A-Za-z]+)`").matcher(GoldenSamples.text());
        while (m.find()) named.add(m.group(1));
        named.removeAll(Set.of("warren-common", "warren-examples", "warren.Executor")); // artifacts, a Python class
        assertThat(known).containsAll(named);
    }

    @Test
    void everyHeaderOfTheDocumentsHeaderTablesHasAPropertyInItsSchema() throws IOException {
        assertThat(schemaHeaders("task-envelope")).as("task headers of 2.2 in task-envelope.schema.json")
                .containsAll(tableNames("2.2"));
        assertThat(schemaHeaders("reply-envelope")).as("reply headers of 3.2 in reply-envelope.schema.json")
                .containsAll(tableNames("3.2"));
    }

    @Test
    void theShippedSchemasAreValidDraft202012Schemas() throws IOException {
        for (String name : Schemas.NAMES) {
            assertThat(Schemas.metaErrors(resource(name))).as(name).isEmpty();
            assertThat(resource(name).get("$id").asText()).isEqualTo(Schemas.ID_PREFIX + name + ".schema.json");
        }
    }

    @Test
    void aTaskEnvelopeWrittenByCommonMatchesTheTaskSchema() {
        TaskEnvelope full = new TaskEnvelope("t-1", "cube", "warren.reply.c1", NOW + 30_000, 2, 0, "java.lang.Integer",
                "x".repeat(5000), TRACEPARENT, "vendor=1", true, NOW, "3".getBytes(StandardCharsets.UTF_8));
        TaskEnvelope minimal = new TaskEnvelope("t-2", "echo", "warren.reply.c1", 0, 1, 0, null, null, null, null,
                false, NOW, "{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8));
        TaskEnvelope chunked = new TaskEnvelope("t-3", "cube", "warren.reply.c1", 0, 1, 3, "java.lang.Integer", null,
                null, null, true, NOW, "[1,2,3]".getBytes(StandardCharsets.UTF_8));
        for (TaskEnvelope t : List.of(full, minimal, chunked)) {
            ObjectNode wire = WireForm.render(WireForm.overTheWire(t.toProperties()), t.body());
            assertThat(Schemas.errors("task-envelope", wire)).as(wire.toString()).isEmpty();
        }
        TaskEnvelope quiet = new TaskEnvelope("t-4", "cube", "warren.reply.c1", 0, 1, 0, null, null, null, null, true,
                NOW, false, "3".getBytes(StandardCharsets.UTF_8));
        ObjectNode wire = WireForm.render(WireForm.overTheWire(quiet.toProperties(true)), quiet.body());
        assertThat(wire.get("headers").get(Protocol.H_WORKER_INFO).asInt(-1)).isZero();
        assertThat(wire.get("headers").get(Protocol.H_PROGRESS).asInt(-1)).isOne();
        assertThat(Schemas.errors("task-envelope", wire)).as(wire.toString()).isEmpty();
        ((ObjectNode) wire.get("headers")).put(Protocol.H_WORKER_INFO, "no");
        assertThat(Schemas.errors("task-envelope", wire)).as("warren-worker-info is an int").isNotEmpty();
    }

    @Test
    void aReplyEnvelopeWrittenByCommonMatchesTheReplySchema() {
        WorkerInfo w = new WorkerInfo("host-1", 4242, "child-2", NOW, NOW + 1);
        ReplyEnvelope ok = new ReplyEnvelope("t-1", true, 1, w, TRACEPARENT, "vendor=1", true,
                "27".getBytes(StandardCharsets.UTF_8));
        ReplyEnvelope noWorker = new ReplyEnvelope("t-1", true, 1, null, null, null, false,
                "[8,27]".getBytes(StandardCharsets.UTF_8));
        ReplyEnvelope thrown = ReplyEnvelope.error("t-2", new TaskError("java.lang.IllegalStateException", "boom",
                "java.lang.IllegalStateException: boom\n", 1, true), w, null, null, true);
        ReplyEnvelope refused = ReplyEnvelope.error("t-3", TaskError.of(Protocol.E_UNKNOWN_TASK, "no task named x", 2),
                new WorkerInfo("host-1", 4242, "child-2", 0, NOW), null, null, true);
        for (ReplyEnvelope r : List.of(ok, noWorker, thrown, refused)) {
            ObjectNode wire = WireForm.render(WireForm.overTheWire(r.toProperties()), r.body());
            assertThat(Schemas.errors("reply-envelope", wire)).as(wire.toString()).isEmpty();
        }
    }

    @Test
    void theGoldenTasksDecodeWithCommonsDecoderToWhatTheyShow() throws IOException {
        for (Map.Entry<String, String> e : GoldenSamples.all().entrySet()) {
            if (!e.getKey().startsWith("task-")) continue;
            JsonNode sample = Json.MAPPER.readTree(e.getValue());
            Decoded d = TaskEnvelope.decode(WireForm.overTheWire(WireForm.properties(sample)), WireForm.body(sample),
                    Protocol.DEFAULT_MAX_BODY_BYTES, NOW);
            assertThat(d).as(e.getKey()).isInstanceOf(TaskEnvelope.class);
            TaskEnvelope t = (TaskEnvelope) d;
            JsonNode p = sample.get("properties");
            assertThat(t.taskId()).isEqualTo(p.get("message_id").asText());
            assertThat(t.task()).isEqualTo(p.get("type").asText());
            assertThat(t.replyTo()).isEqualTo(p.get("reply_to").asText());
            assertThat(t.chunk()).isEqualTo(sample.get("headers").path(Protocol.H_CHUNK).asInt(0));
            assertThat(t.deadline()).isEqualTo(sample.get("headers").path(Protocol.H_DEADLINE).asLong(0));
            assertThat(Json.MAPPER.readTree(t.body())).isEqualTo(sample.get("body"));
            // and common writes it back in the same form
            ObjectNode again = WireForm.render(WireForm.overTheWire(t.toProperties()), t.body());
            assertThat(Schemas.errors("task-envelope", again)).isEmpty();
            assertThat(again.get("headers").get(Protocol.H_PROTOCOL).asInt()).isEqualTo(Protocol.VERSION);
        }
    }

    @Test
    void theGoldenRepliesDecodeWithCommonsDecoderToWhatTheyShow() throws IOException {
        for (Map.Entry<String, String> e : GoldenSamples.all().entrySet()) {
            if (!e.getKey().startsWith("reply-")) continue;
            JsonNode sample = Json.MAPPER.readTree(e.getValue());
            JsonNode h = sample.get("headers");
            if (Protocol.STATUS_PROGRESS.equals(h.get(Protocol.H_STATUS).asText())) {
                var props = WireForm.overTheWire(WireForm.properties(sample));
                assertThat(dev.warren.common.internal.ProgressMessage.is(props)).as(e.getKey()).isTrue();
                var m = dev.warren.common.internal.ProgressMessage.decode(props, WireForm.body(sample));
                assertThat(m.done()).isEqualTo(sample.get("body").get("done").asLong());
                continue; // not a reply (section 3.6)
            }
            ReplyEnvelope r = ReplyEnvelope.decode(WireForm.overTheWire(WireForm.properties(sample)), WireForm.body(sample));
            assertThat(r.taskId()).isEqualTo(sample.get("properties").get("correlation_id").asText());
            assertThat(r.ok()).isEqualTo("ok".equals(h.get(Protocol.H_STATUS).asText()));
            assertThat(r.worker().pid()).isEqualTo(h.path(Protocol.H_PID).asLong());
            assertThat(r.worker().child()).isEqualTo(h.path(Protocol.H_CHILD).asText(null));
            if (!r.ok()) {
                TaskError err = r.error();
                assertThat((JsonNode) Json.MAPPER.valueToTree(err)).isEqualTo(sample.get("body"));
            }
        }
    }

    @Test
    void theSchemasRefuseWhatTheProtocolForbids() throws IOException {
        Map<String, String> g = GoldenSamples.all();
        ObjectNode task = (ObjectNode) Json.MAPPER.readTree(g.get("task-cube"));
        ((ObjectNode) task.get("properties")).put("expiration", "1000");
        assertThat(Schemas.errors("task-envelope", task)).isNotEmpty();

        ObjectNode noVersion = (ObjectNode) Json.MAPPER.readTree(g.get("task-cube"));
        ((ObjectNode) noVersion.get("headers")).remove(Protocol.H_PROTOCOL);
        assertThat(Schemas.errors("task-envelope", noVersion)).isNotEmpty();

        ObjectNode chunkNotArray = (ObjectNode) Json.MAPPER.readTree(g.get("task-chunked"));
        chunkNotArray.put("body", 3);
        assertThat(Schemas.errors("task-envelope", chunkNotArray)).isNotEmpty();

        ObjectNode unknownHeader = (ObjectNode) Json.MAPPER.readTree(g.get("task-cube"));
        ((ObjectNode) unknownHeader.get("headers")).put("x-future-header", "fine");
        assertThat(Schemas.errors("task-envelope", unknownHeader)).isEmpty();

        ObjectNode badStatus = (ObjectNode) Json.MAPPER.readTree(g.get("reply-ok"));
        ((ObjectNode) badStatus.get("headers")).put(Protocol.H_STATUS, "done");
        assertThat(Schemas.errors("reply-envelope", badStatus)).isNotEmpty();

        ObjectNode errorWithPlainBody = (ObjectNode) Json.MAPPER.readTree(g.get("reply-error-task-exception"));
        errorWithPlainBody.put("body", "boom");
        assertThat(Schemas.errors("reply-envelope", errorWithPlainBody)).isNotEmpty();

        ObjectNode extraField = (ObjectNode) Json.MAPPER.readTree(g.get("error-deadline-exceeded"));
        extraField.put("cause", "x");
        assertThat(Schemas.errors("task-error", extraField)).isNotEmpty();

        ObjectNode retryableProtocolError = (ObjectNode) Json.MAPPER.readTree(g.get("error-deadline-exceeded"));
        retryableProtocolError.put("retryable", true);
        assertThat(Schemas.errors("task-error", retryableProtocolError)).isNotEmpty();

        ObjectNode cancelNoUntil = (ObjectNode) Json.MAPPER.readTree(g.get("control-cancel"));
        cancelNoUntil.remove("until");
        assertThat(Schemas.errors("control-message", cancelNoUntil)).isNotEmpty();
        assertThat(Schemas.errors("control-message", Json.MAPPER.readTree("{\"op\":\"pause\",\"id\":\"x\"}"))).isNotEmpty();
    }

    /** The names in the first column of a section's table, e.g. {@code warren-attempt} in 2.2. */
    private static Set<String> tableNames(String section) {
        String doc = GoldenSamples.text();
        int from = doc.indexOf("\n### " + section + " ");
        assertThat(from).as("section " + section).isNotNegative();
        int to = doc.indexOf("\n### ", from + 1);
        Set<String> names = new TreeSet<>();
        String table = doc.substring(from, to < 0 ? doc.length() : to);
        Matcher row = Pattern.compile("(?m)^\\| ([^|]*`[^|]*) \\|").matcher(table);
        while (row.find()) {
            Matcher name = Pattern.compile("`([^`]+)`").matcher(row.group(1));
            while (name.find()) names.add(name.group(1));
        }
        assertThat(names).as("section " + section + " has a table of headers").isNotEmpty();
        return names;
    }

    private static Set<String> schemaHeaders(String name) throws IOException {
        Set<String> names = new TreeSet<>();
        resource(name).get("properties").get("headers").get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = Protocol.class.getResourceAsStream("/" + Schemas.RESOURCE_DIR + name + ".schema.json")) {
            assertThat(in).as("schema " + name + " on the class path").isNotNull();
            return Json.MAPPER.readTree(in);
        }
    }

    private static List<String> constants(String prefix) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field f : Protocol.class.getFields()) {
            if (f.getName().startsWith(prefix) && f.getType() == String.class) values.add((String) f.get(null));
        }
        return values;
    }
}
