package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JavaType;
import dev.warren.common.TaskType;
import dev.warren.common.internal.Json;
import dev.warren.examples.Examples;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Task types by name: the {@link Examples} catalogue for typed inputs and outputs; any other
 * name is a raw JSON task ({@code JsonNode → JsonNode}).
 */
final class Catalog {
    private Catalog() {}

    private static final Map<String, TaskType<?, ?>> KNOWN = new HashMap<>();

    static {
        for (Field f : Examples.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == TaskType.class) {
                try {
                    TaskType<?, ?> t = (TaskType<?, ?>) f.get(null);
                    KNOWN.put(t.name(), t);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** The known task of this name, or a raw JSON one. */
    @SuppressWarnings("unchecked")
    static TaskType<Object, Object> find(String name) {
        TaskType<?, ?> t = KNOWN.get(name);
        if (t == null) {
            t = TaskType.of(name, JsonNode.class, JsonNode.class); // IllegalArgumentException for a bad name: a usage error
        }
        return (TaskType<Object, Object>) t;
    }

    /**
     * Reads one input for the task from its JSON text. For a {@code String} input, text that is not
     * a JSON string literal is taken as the string itself ({@code submit fail boom}).
     *
     * @throws IllegalArgumentException when the text is not valid JSON for the task's input type (a usage error)
     */
    static Object parseInput(TaskType<?, ?> type, String text) {
        JavaType jt = Json.type(type.inputType());
        String trimmed = text.trim();
        if (jt.getRawClass() == String.class && !trimmed.startsWith("\"")) return text;
        try {
            return Json.MAPPER.readValue(trimmed, jt);
        } catch (IOException e) {
            throw new IllegalArgumentException("input " + abbreviate(text) + " is not valid JSON for task " + type.name()
                    + " (input type " + jt.toCanonical() + ")");
        }
    }

    /** The known task names, sorted: what the shell completes for TASK. */
    static final class Names implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return new java.util.TreeSet<>(KNOWN.keySet()).iterator(); }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? "'" + s + "'" : "'" + s.substring(0, 57) + "...'";
    }
}
