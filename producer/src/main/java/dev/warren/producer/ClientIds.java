package dev.warren.producer;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Where a producer's client id comes from: given ({@code ProducerOptions.clientId}), else {@code WARREN_CLIENT_ID},
 * else generated ({@code <hostname>-<pid>-<8 random hex>}). A given one (either of the first two) is stable.
 */
final class ClientIds {
    static final String ENV = "WARREN_CLIENT_ID";
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    private ClientIds() {}

    /** @throws IllegalArgumentException naming {@code clientId} or {@code WARREN_CLIENT_ID} when it is malformed */
    static String resolve(String given, Map<String, String> env) {
        String fromEnv = env.getOrDefault(ENV, "");
        String id = given != null ? given : fromEnv.isBlank() ? generated() : fromEnv.trim();
        if (!CLIENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException((given == null ? ENV : "clientId") + " must be 1..200 of [A-Za-z0-9._:-]: " + id);
        }
        return id;
    }

    /** True unless the id is generated. */
    static boolean stable(String given, Map<String, String> env) {
        return given != null || !env.getOrDefault(ENV, "").isBlank();
    }

    /** {@code <hostname>-<pid>-<8 random hex>}. */
    static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        host = host.replaceAll("[^A-Za-z0-9.-]", "-");
        if (host.length() > 100) host = host.substring(0, 100);
        long pid = ProcessHandle.current().pid();
        return host + "-" + pid + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
    }
}
