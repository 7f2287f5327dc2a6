package dev.warren.worker.child;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JavaType;
import dev.warren.common.Protocol;
import dev.warren.common.internal.Json;
import java.io.IOException;
import java.util.List;

/**
 * Binds a task body to the task's declared input type (never to anything else), and when it does
 * not bind, says which of the two protocol errors it is (docs/protocol.md 3.5), as a client author
 * can tell with any conforming JSON parser:
 * <ul>
 *   <li>{@code warren.NotJson}: the body is not one JSON text (RFC 8259): empty, a syntax error,
 *       trailing tokens after the value, {@code NaN};</li>
 *   <li>{@code warren.BadInput}: it is JSON, but not what the task takes: wrong shape, coercion
 *       needed, duplicate object keys, nesting deeper than 256 or a number longer than 1000 digits
 *       (the worker's limits), a chunk that is not an array of {@code warren-chunk} inputs.</li>
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

    private InputBinding() {}

    /**
     * @param inType the task's declared input type
     * @param chunk  {@code warren-chunk}: 0 for one input, else the number of inputs in a JSON array
     */
    static Result bind(byte[] body, JavaType inType, int chunk) {
        Object input;
        try {
            JavaType readType = chunk > 0 ? Json.MAPPER.getTypeFactory().constructCollectionType(List.class, inType) : inType;
            input = Json.MAPPER.readValue(body, readType);
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

    /** Binding stops at the first token that does not fit, so a shape error may hide a syntax error further on. */
    private static Result classify(byte[] body, JavaType inType, Exception bindError) {
        try {
            String syntax = syntaxError(body);
            if (syntax != null) return new Refused(Protocol.E_NOT_JSON, "body is not valid JSON: " + syntax);
        } catch (StreamConstraintsException e) {
            return overLimit(e);
        }
        String why = bindError instanceof JsonProcessingException j ? j.getOriginalMessage() : bindError.getMessage();
        return new Refused(Protocol.E_BAD_INPUT, "input does not fit " + inType.toCanonical() + ": " + why);
    }

    private static Refused overLimit(StreamConstraintsException e) {
        return new Refused(Protocol.E_BAD_INPUT, "JSON beyond this worker's limits: " + e.getOriginalMessage());
    }

    /**
     * Null when the body is exactly one JSON value (surrounding whitespace allowed), else what is wrong.
     *
     * @throws StreamConstraintsException when the JSON goes past a limit before it ends
     */
    static String syntaxError(byte[] body) throws StreamConstraintsException {
        try (JsonParser p = SYNTAX.createParser(body)) {
            if (p.nextToken() == null) return "the body is empty";
            p.skipChildren();
            return p.nextToken() == null ? null : "trailing tokens after the value";
        } catch (StreamConstraintsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
        }
    }
}
