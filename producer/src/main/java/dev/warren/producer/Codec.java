package dev.warren.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.warren.common.TaskType;
import dev.warren.common.internal.Json;
import dev.warren.common.internal.ScalarJson;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A task type's JSON writer and readers, looked up once per type instead of once per task (a Jackson
 * {@code writeValueAsBytes} resolves the serializer and a {@code JavaType} every call). Inputs of a final class
 * (boxed numbers, strings, records) are written by a writer bound to that class; any other input by the untyped
 * writer, so its runtime class decides as before. Thread-safe.
 */
final class Codec {
    private static final int MAX_CACHED = 256; // task types made on the fly (the CLI's) must not grow it forever
    private static final ConcurrentHashMap<TaskType<?, ?>, Codec> CACHE = new ConcurrentHashMap<>();

    /** The input type named in the envelope, or null ({@link Submitter#declaredInputType}). */
    final String declaredInputType;
    final ObjectWriter input;
    final ObjectWriter inputList;
    final JavaType outputType;
    final ObjectReader output;
    /** What {@link ScalarJson} can read of an output (a plain string or integer) without Jackson. */
    final ScalarJson.Kind outputKind;
    final JavaType outputListType;
    final ObjectReader outputList;

    private Codec(TaskType<?, ?> type) {
        boolean exact = type.inputType() instanceof Class<?> c && Modifier.isFinal(c.getModifiers()) && !c.isArray();
        this.declaredInputType = Submitter.declaredInputType(type);
        this.input = exact ? Json.MAPPER.writerFor((Class<?>) type.inputType()) : Json.MAPPER.writer();
        this.inputList = exact ? Json.MAPPER.writerFor(Json.MAPPER.getTypeFactory()
                .constructCollectionType(List.class, (Class<?>) type.inputType())) : Json.MAPPER.writer();
        this.outputType = Json.type(type.outputType());
        this.output = Json.MAPPER.readerFor(outputType);
        this.outputKind = outputType.containedTypeCount() == 0 ? ScalarJson.Kind.of(outputType.getRawClass())
                : ScalarJson.Kind.NONE;
        this.outputListType = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, outputType);
        this.outputList = Json.MAPPER.readerFor(outputListType);
    }

    static Codec of(TaskType<?, ?> type) {
        Codec c = CACHE.get(type);
        if (c != null) return c;
        if (CACHE.size() >= MAX_CACHED) CACHE.clear();
        return CACHE.computeIfAbsent(type, Codec::new);
    }

    /**
     * The input (or a chunk's list of inputs) as JSON: a plain string or integer by {@link ScalarJson} (the same
     * bytes, one scan and one copy), anything else by Jackson. @throws IllegalArgumentException when it cannot be encoded
     */
    static byte[] encode(TaskType<?, ?> type, Object input, boolean list) {
        if (!list) {
            byte[] plain = ScalarJson.write(input);
            if (plain != null) return plain;
        }
        try {
            Codec c = of(type);
            return (list ? c.inputList : c.input).writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode the input of task " + type.name() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
