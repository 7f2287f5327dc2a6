package dev.warren.worker.child;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.ScalarJson;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The body is parsed once on the way in (a plain integer or ASCII string by {@link ScalarJson}, anything else by
 * the type's cached Jackson reader); the syntax check runs only when binding failed.
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

    /** How one declared input type binds, found once per type: Jackson's readers, and whether {@link ScalarJson} can. */
    static final class Binder {
        private final JavaType type;
        private final ScalarJson.Kind kind;
        private final ObjectReader reader;
        private volatile ObjectReader listReader; // for chunks, made on the first

        private Binder(JavaType type) {
            this.type = type;
            this.kind = type.containedTypeCount() == 0 ? ScalarJson.Kind.of(type.getRawClass()) : ScalarJson.Kind.NONE;
            this.reader = Json.MAPPER.readerFor(type);
        }

        private ObjectReader listReader() {
            ObjectReader r = listReader;
            if (r == null) {
                listReader = r = Json.MAPPER.readerFor(Json.MAPPER.getTypeFactory().constructCollectionType(List.class, type));
            }
            return r;
        }
    }

    private static final Map<Type, Binder> BINDERS = new ConcurrentHashMap<>();

    /** The binder of a declared input type (a {@link Class}, a generic type, or a {@link JavaType}). */
    static Binder binder(Type inType) {
        Binder b = BINDERS.get(inType);
        return b != null ? b : BINDERS.computeIfAbsent(inType, t -> new Binder(t instanceof JavaType j ? j : Json.type(t)));
    }

    /**
     * @param inType the task's declared input type
     * @param chunk  {@code warren-chunk}: 0 for one input, else the number of inputs in a JSON array
     */
    static Result bind(byte[] body, Type inType, int chunk) { return bind(body, binder(inType), chunk); }

    static Result bind(byte[] body, Binder binder, int chunk) {
        if (chunk == 0) {
            Object scalar = ScalarJson.read(body, binder.kind);
            if (scalar != ScalarJson.NOT_SCALAR) return new Bound(scalar);
        }
        Object input;
        try {
            input = (chunk > 0 ? binder.listReader() : binder.reader).readValue(body);
        } catch (StreamConstraintsException e) {
            return overLimit(e);
        } catch (IOException | RuntimeException e) {
            return classify(body, binder.type, e);
        }
        if (chunk > 0 && ((List<?>) input).size() != chunk) {
            return new Refused(Protocol.E_BAD_INPUT, "chunk header says " + chunk + " inputs, body has " + ((List<?>) input).size());
        }
        return new Bound(input);
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
