package dev.warren.common.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The warren version these jars were built as (Maven fills {@code version.properties} in); {@code unknown} if not. */
public final class WarrenVersion {
    private static final String VERSION = read();

    private WarrenVersion() {}

    /** E.g. {@code 0.1.0-SNAPSHOT}. */
    public static String get() { return VERSION; }

    private static String read() {
        try (InputStream in = WarrenVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
