package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.common.internal.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real logback.xml of the worker jar, loaded into a private logger context per format. */
class LoggingConfigTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private final List<LoggerContext> contexts = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        System.clearProperty(LogFormat.VARIABLE);
        contexts.forEach(LoggerContext::stop);
    }

    /** The root logger's appenders with WARREN_LOG_FORMAT set to {@code format} (null = unset). */
    private Logger configured(String format) throws JoranException {
        if (format == null) System.clearProperty(LogFormat.VARIABLE);
        else System.setProperty(LogFormat.VARIABLE, format);
        LoggerContext ctx = new LoggerContext();
        contexts.add(ctx);
        JoranConfigurator jc = new JoranConfigurator();
        jc.setContext(ctx);
        jc.doConfigure(LoggingConfigTest.class.getResource("/logback.xml"));
        return ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static List<String> appenderNames(Logger root) {
        List<String> names = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(a -> names.add(a.getName()));
        return names;
    }

    private static String encode(Logger root, String appender, ILoggingEvent event) {
        Appender<ILoggingEvent> a = root.getAppender(appender);
        byte[] bytes = ((OutputStreamAppender<ILoggingEvent>) a).getEncoder().encode(event);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static LoggingEvent event(Logger logger, String message, Map<String, String> mdc) {
        LoggingEvent e = new LoggingEvent(LoggingConfigTest.class.getName(), logger, Level.INFO, message, null, null);
        e.setMDCPropertyMap(new HashMap<>(mdc));
        return e;
    }

    @Test
    void everySpellingOfJsonPicksTheJsonAppenderAndAnythingUnknownStillLogsAsText() throws Exception {
        assertThat(appenderNames(configured(null))).containsExactly("text");
        assertThat(appenderNames(configured("text"))).containsExactly("text");
        assertThat(appenderNames(configured("json"))).containsExactly("json");
        assertThat(appenderNames(configured("JSON"))).containsExactly("json");
        assertThat(appenderNames(configured("Json"))).containsExactly("json");
        assertThat(appenderNames(configured("xml"))).containsExactly("text");
    }

    @Test
    void theTextLineSetsTheTraceIdApartFromTheTaskIdAndLeavesItOutWhenThereIsNone() throws Exception {
        Logger root = configured("text");
        Logger logger = root.getLoggerContext().getLogger("dev.warren.worker.child.Child");

        String withTrace = encode(root, "text", event(logger, "task fail failed",
                Map.of("child", "child-1", "pid", "42", "task", "t-abc", "trace", TRACE)));
        String withoutTrace = encode(root, "text", event(logger, "ready", Map.of("child", "child-1", "pid", "42", "task", "t-abc")));
        String supervisor = encode(root, "text", event(logger, "started", Map.of()));

        assertThat(withTrace).endsWith(" INFO  Child            [child-1 42] t-abc trace=" + TRACE + " task fail failed\n");
        assertThat(withoutTrace).endsWith(" INFO  Child            [child-1 42] t-abc ready\n").doesNotContain("trace");
        assertThat(supervisor).endsWith(" INFO  Child            [supervisor ]  started\n");
    }

    @Test
    void aJsonLineIsOneEcsObjectWithTheMdcFieldsAtTheTopLevel() throws Exception {
        Logger root = configured("json");
        Logger logger = root.getLoggerContext().getLogger("dev.warren.worker.child.Child");
        LoggingEvent e = event(logger, "task \"fail\" failed:\nline two",
                Map.of("child", "child-1", "pid", "42", "task", "t-abc", "trace", TRACE));

        String line = encode(root, "json", e);

        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode n = Json.MAPPER.readTree(line);
        assertThat(Instant.parse(n.path("@timestamp").asText()).toEpochMilli()).isEqualTo(e.getTimeStamp());
        assertThat(n.path("log.level").asText()).isEqualTo("INFO");
        assertThat(n.path("message").asText()).isEqualTo("task \"fail\" failed:\nline two");
        assertThat(n.path("log.logger").asText()).isEqualTo("dev.warren.worker.child.Child");
        assertThat(n.path("service.name").asText()).isEqualTo("warren-worker");
        assertThat(n.path("child").asText()).isEqualTo("child-1");
        assertThat(n.path("pid").asText()).isEqualTo("42");
        assertThat(n.path("task").asText()).isEqualTo("t-abc");
        assertThat(n.path("trace").asText()).isEqualTo(TRACE);
    }

    @Test
    void aRelayedChildLineIsPassedThroughAsTheChildWroteItNotEncodedAgain() throws Exception {
        Logger root = configured("json");
        Logger relay = root.getLoggerContext().getLogger("dev.warren.worker.child");
        String childLine = "{\"@timestamp\":\"2026-01-01T00:00:00.000Z\",\"log.level\": \"INFO\",\"message\":\"child ready\","
                + "\"log.logger\":\"dev.warren.worker.child.ChildMain\",\"pid\":\"42\",\"child\":\"child-1\"}";
        LoggingEvent relayed = event(relay, childLine, Map.of("child", "child-1", "pid", "42"));
        relayed.addMarker(ChildLogEncoder.CHILD_LINE);

        assertThat(encode(root, "json", relayed)).isEqualTo(childLine + "\n");
    }
}
