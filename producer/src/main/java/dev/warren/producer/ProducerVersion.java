package dev.warren.producer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The warren version this producer was built as (Maven fills {@code version.properties} in). */
final class ProducerVersion {
    private ProducerVersion() {}

    private static final String VERSION = read();

    static String get() { return VERSION; }

    private static String read() {
        try (InputStream in = ProducerVersion.class.getResourceAsStream("version.properties")) {
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
