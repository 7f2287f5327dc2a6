package dev.warren.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads docs/protocol.md and its golden samples ({@code <!-- golden: NAME -->} followed by a json block). */
final class GoldenSamples {
    private GoldenSamples() {}

    private static final Pattern GOLDEN =
            Pattern.compile("<!-- golden: ([a-z0-9-]+) -->\\s*```json\\n(.*?)\\n```", Pattern.DOTALL);

    /** The protocol document, found from the module directory upwards. */
    static Path document() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs").resolve("protocol.md");
            if (Files.isRegularFile(doc)) return doc;
        }
        throw new IllegalStateException("docs/protocol.md not found above " + Path.of("").toAbsolutePath());
    }

    static String text() {
        try {
            return Files.readString(document(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Name → JSON text, in document order. */
    static Map<String, String> all() {
        Map<String, String> samples = new LinkedHashMap<>();
        Matcher m = GOLDEN.matcher(text());
        while (m.find()) {
            if (samples.put(m.group(1), m.group(2)) != null) {
                throw new IllegalStateException("golden sample " + m.group(1) + " appears twice");
            }
        }
        return samples;
    }

    /** The schema a sample is checked against, by its name's prefix. */
    static String schemaFor(String name) {
        if (name.startsWith("task-") || name.startsWith("dead-letter-")) return "task-envelope";
        if (name.startsWith("reply-")) return "reply-envelope";
        if (name.startsWith("error-")) return "task-error";
        if (name.startsWith("control-")) return "control-message";
        if (name.startsWith("announcement-")) return "announcement";
        throw new IllegalArgumentException("golden sample " + name + " has no schema: name it task-*, dead-letter-*, "
                + "reply-*, error-*, control-* or announcement-*");
    }
}
