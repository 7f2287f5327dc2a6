package dev.warren.worker.supervisor;

import ch.qos.logback.classic.spi.ILoggingEvent;
import co.elastic.logging.logback.EcsEncoder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * The encoder of {@code WARREN_LOG_FORMAT=json}: Elastic Common Schema, one JSON object per line
 * ({@code @timestamp}, {@code log.level}, {@code message}, {@code log.logger}, the MDC's
 * {@code child}, {@code pid}, {@code task}, {@code trace} at the top level).
 *
 * <p>A child JVM logs through the same configuration, so each line on its stderr is already such
 * an object. The supervisor relays those lines ({@link ChildProcessIo}, marked {@link #CHILD_LINE}):
 * this encoder writes them out as they are, adding the child's {@code child} and {@code pid} where
 * the line lacks them (threads without them in their MDC), instead of encoding the whole line again
 * as the message of a new object. Anything else a child writes on stderr (a task's
 * {@code System.out}, a JVM warning) becomes the message of an ordinary line. Public only because
 * Logback instantiates it.
 */
public final class ChildLogEncoder extends EcsEncoder {
    /** Marks a line a child wrote on its stderr, relayed by the supervisor. */
    static final Marker CHILD_LINE = MarkerFactory.getMarker("WARREN_CHILD_LINE");
    private static final List<String> CHILD_FIELDS = List.of("child", "pid");

    /** Loaded on the first relayed line only: a child JVM never needs it. */
    private static final class Strict {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        if (markers != null && markers.contains(CHILD_LINE)) {
            String line = passThrough(event.getFormattedMessage(), event.getMDCPropertyMap());
            if (line != null) return line.getBytes(StandardCharsets.UTF_8);
        }
        return super.encode(event);
    }

    /**
     * A child's log line with the {@code child} and {@code pid} of {@code mdc} added where it has none,
     * ending in a newline; null when the line is not one JSON object with an {@code @timestamp}.
     */
    static String passThrough(String line, Map<String, String> mdc) {
        if (line == null || !line.startsWith("{") || !line.contains("\"@timestamp\"")) return null;
        JsonNode node;
        try {
            node = Strict.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || !node.isObject() || !node.has("@timestamp")) return null;
        StringBuilder added = new StringBuilder();
        for (String key : CHILD_FIELDS) {
            String value = mdc == null ? null : mdc.get(key);
            if (value == null || node.has(key)) continue;
            try {
                added.append('"').append(key).append("\":").append(Strict.MAPPER.writeValueAsString(value)).append(',');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e); // a String always serialises
            }
        }
        String body = line.strip();
        // the object has at least @timestamp, so a field follows '{' and the added ones end with ','
        return (added.length() == 0 ? body : "{" + added + body.substring(1)) + "\n";
    }
}
