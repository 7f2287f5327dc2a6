package dev.warren.worker.child;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JavaType;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Binds a task body to the task's declared input type (never to anything else), and when it does
 * not bind, says which of the two protocol errors it is (docs/protocol.md 3.5), as a client author
 * can tell with any JSON parser that reads one value from the start of a text (Python's
 * {@code raw_decode}, Jackson's streaming parser):
 * <ul>
 *   <li>{@code warren.NotJson}: no JSON value can be read from the start of the body: empty, a
 *       syntax error before the value ends, {@code NaN};</li>
 *   <li>{@code warren.BadInput}: a JSON value can, but it is not what the task takes: wrong shape,
 *       coercion needed, anything after the value (trailing tokens), duplicate object keys, nesting
 *       deeper than 256 or a number longer than 1000 digits (the worker's limits, refused as they are
 *       read), a chunk that is not an array of {@code warren-chunk} inputs.</li>
 * </ul>
 * The body is parsed once on the way in; the syntax check runs only when binding failed.
 */
final class InputBinding {
    /** The outcome of binding a body. */
    sealed interface Result permits Bound, Refused {}

    /** @param input the bound input (a list when the body is a chunk) */
    record Bound(Object input) implements Result {}

    /** @param type {@code warren.NotJson} or {@code warren.BadInput} */
    record Refused(String type, String detail) implements Result {}

    /** A plain parser for the syntax check: no duplicate detection (that is a binding rule), the same limits. */
    private static final JsonFactory SYNTAX = JsonFactory.builder()
            .streamReadConstraints(Json.MAPPER.getFactory().streamReadConstraints())
            .build();

    /** A number or literal at the start (RFC 8259's grammar), glued to something that is not whitespace. */
    private static final Pattern ROOT_SCALAR_THEN_MORE =
            Pattern.compile("[ \\t\\n\\r]*(-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|null)[^ \\t\\n\\r]");

    private InputBinding() {}

    /**
     * @param inType the task's declared input type
     * @param chunk  {@code warren-chunk}: 0 for one input, else the number of inputs in a JSON array
     */
    static Result bind(byte[] body, JavaType inType, int chunk) {
        Object input;
        try {
            input = reader(inType, chunk > 0).readValue(body);
        } catch (StreamConstraintsException e) {
            return overLimit(e);
        } catch (IOException | RuntimeException e) {
            return classify(body, inType, e);
        }
        if (chunk > 0 && ((List<?>) input).size() != chunk) {
            return new Refused(Protocol.E_BAD_INPUT, "chunk header says " + chunk + " inputs, body has " + ((List<?>) input).size());
        }
        return new Bound(input);
    }

    // one reader per input type (and per chunked list of it): it keeps its root deserializer, found once
    private static final java.util.Map<JavaType, com.fasterxml.jackson.databind.ObjectReader> READERS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<JavaType, com.fasterxml.jackson.databind.ObjectReader> LIST_READERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static com.fasterxml.jackson.databind.ObjectReader reader(JavaType inType, boolean list) {
        if (!list) return READERS.computeIfAbsent(inType, Json.MAPPER::readerFor);
        return LIST_READERS.computeIfAbsent(inType, t -> Json.MAPPER.readerFor(
                Json.MAPPER.getTypeFactory().constructCollectionType(List.class, t)));
    }

    /** Binding stops at the first token that does not fit, so a shape error may hide a syntax error further on. */
    private static Result classify(byte[] body, JavaType inType, Exception bindError) {
        Reading reading;
        try {
            reading = read(body);
        } catch (StreamConstraintsException e) {
            return overLimit(e);
        }
        if (reading.kind() == Reading.Kind.NO_VALUE) {
            return new Refused(Protocol.E_NOT_JSON, "body is not valid JSON: " + reading.detail());
        }
        if (reading.kind() == Reading.Kind.VALUE_THEN_MORE) {
            return new Refused(Protocol.E_BAD_INPUT, "trailing tokens after the JSON value");
        }
        String why = bindError instanceof JsonProcessingException j ? j.getOriginalMessage() : bindError.getMessage();
        return new Refused(Protocol.E_BAD_INPUT, "input does not fit " + inType.toCanonical() + ": " + why);
    }

    private static Refused overLimit(StreamConstraintsException e) {
        return new Refused(Protocol.E_BAD_INPUT, "JSON beyond this worker's limits: " + e.getOriginalMessage());
    }

    /** How a body reads as JSON, whatever the task: one value, a value and something after it, or no value. */
    record Reading(Kind kind, String detail) {
        enum Kind { ONE_VALUE, VALUE_THEN_MORE, NO_VALUE }
    }

    /**
     * Reads one JSON value from the start of the body (whitespace around it allowed), then looks for more.
     *
     * @throws StreamConstraintsException when the value goes past a limit before it ends
     */
    static Reading read(byte[] body) throws StreamConstraintsException {
        JsonParser p;
        try {
            p = SYNTAX.createParser(body); // over a byte array: nothing to close
        } catch (IOException e) {
            return new Reading(Reading.Kind.NO_VALUE, e.toString());
        }
        try {
            if (p.nextToken() == null) return new Reading(Reading.Kind.NO_VALUE, "the body is empty");
            p.skipChildren();
            p.finishToken(); // a root string is read lazily
        } catch (StreamConstraintsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Jackson's tokenizer takes "1}" or "truex" as one bad token; a JSON reader sees a value and more
            if (ROOT_SCALAR_THEN_MORE.matcher(new String(body, StandardCharsets.ISO_8859_1)).lookingAt()) {
                return new Reading(Reading.Kind.VALUE_THEN_MORE, null);
            }
            return new Reading(Reading.Kind.NO_VALUE, e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString());
        }
        try {
            return new Reading(p.nextToken() == null ? Reading.Kind.ONE_VALUE : Reading.Kind.VALUE_THEN_MORE, null);
        } catch (IOException | RuntimeException e) {
            return new Reading(Reading.Kind.VALUE_THEN_MORE, null); // not even a token after the value: still more
        }
    }
}
