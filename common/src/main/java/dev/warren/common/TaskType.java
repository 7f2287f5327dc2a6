package dev.warren.common;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A named task with its input and output types: the one thing a producer and a worker must agree
 * on. Share the constants in a small jar (see {@code warren-examples}) so both sides use the same.
 *
 * <p>Inputs and outputs cross the wire as JSON and bind to these types with Jackson (records,
 * plain classes, collections, {@code String}, boxed primitives, {@code byte[]} as base64). No
 * polymorphic typing: the message names the task, the task names the types.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <I> input type
 * @param <O> output type
 */
public final class TaskType<I, O> {
    private final String name;
    private final Type inputType;
    private final Type outputType;

    private TaskType(String name, Type inputType, Type outputType) {
        if (name == null || name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("task name must be 1..255 characters: " + name);
        }
        this.name = name;
        this.inputType = Objects.requireNonNull(inputType, "inputType");
        this.outputType = Objects.requireNonNull(outputType, "outputType");
    }

    /** A task type with plain class input and output, e.g. {@code of("cube", Integer.class, Integer.class)}. */
    public static <I, O> TaskType<I, O> of(String name, Class<I> input, Class<O> output) {
        return new TaskType<>(name, input, output);
    }

    /**
     * A task type with generic input or output, e.g. {@code List<String>}; pass the
     * {@link java.lang.reflect.ParameterizedType}, for instance from a {@code TypeReference}.
     */
    public static <I, O> TaskType<I, O> ofGeneric(String name, Type input, Type output) {
        return new TaskType<>(name, input, output);
    }

    public String name() { return name; }
    public Type inputType() { return inputType; }
    public Type outputType() { return outputType; }

    /** The input type's name as sent in the {@code warren-input-type} header. */
    public String inputTypeName() { return inputType.getTypeName(); }

    @Override public boolean equals(Object o) {
        return o instanceof TaskType<?, ?> t && t.name.equals(name)
                && t.inputType.equals(inputType) && t.outputType.equals(outputType);
    }
    @Override public int hashCode() { return name.hashCode(); }
    @Override public String toString() {
        return "TaskType[" + name + ": " + inputType.getTypeName() + " -> " + outputType.getTypeName() + "]";
    }
}
