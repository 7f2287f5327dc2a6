package dev.warren.worker.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The worker settings shipped in {@code k8s/}, {@code docker-compose.yml} and {@code compose/} pass the supervisor's
 * start-up check: every {@code WARREN_*} value in those files (a ConfigMap's data, a container's {@code env}, a compose
 * service's {@code environment}, with compose's {@code ${VAR:-default}} read as its default), one file at a time.
 */
class ShippedSettingsTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");
    /** Files mounted into the pod (Secrets): they exist only there. */
    private static final List<String> MOUNTED = List.of("WARREN_BROKER_URI_FILE", "WARREN_BROKER_PASSWORD_FILE");

    @Test
    void everyShippedWorkerSettingPassesTheStartCheck() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("docker-compose.yml")));
        for (String dir : List.of("k8s", "compose")) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(files::add);
            }
        }
        int seen = 0;
        for (Path file : files) {
            Map<String, String> vars = warrenVariables(file);
            seen += vars.size();
            Map<String, String> env = new HashMap<>(vars);
            MOUNTED.forEach(env::remove);
            Map<String, String> properties = new HashMap<>();
            env.forEach((k, v) -> properties.put("warren." + k.substring("WARREN_".length()).toLowerCase(Locale.ROOT)
                    .replace('_', '-'), v));
            assertThat(SettingsCheck.check(properties::get, env, false).problems()).as("%s: %s", ROOT.relativize(file), vars)
                    .isEmpty();
        }
        assertThat(seen).as("WARREN_* values found in the shipped files").isGreaterThan(20);
    }

    @Test
    void theCheckWouldSeeABadShippedValue() {
        Map<String, String> bad = Map.of("warren.children", "0");
        assertThat(SettingsCheck.check(bad::get, Map.of(), false).problems()).hasSize(1);
    }

    /** Every {@code WARREN_*} key with a scalar value anywhere in the file's YAML documents, and {@code name/value} pairs. */
    static Map<String, String> warrenVariables(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (Reader r = Files.newBufferedReader(file)) {
            for (Object doc : new Yaml(new LoaderOptions()).loadAll(r)) collect(doc, out);
        }
        return out;
    }

    private static void collect(Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            Object name = map.get("name");
            if (name instanceof String n && n.startsWith("WARREN_") && map.get("value") != null) {
                out.put(n, value(map.get("value")));
            }
            map.forEach((k, v) -> {
                if (k instanceof String key && key.startsWith("WARREN_") && !(v instanceof Map || v instanceof List)) {
                    out.put(key, value(v));
                } else {
                    collect(v, out);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, out));
        }
    }

    private static String value(Object v) {
        String s = String.valueOf(v).trim();
        Matcher m = DEFAULTED.matcher(s);
        return m.replaceAll(x -> Matcher.quoteReplacement(x.group(1)));
    }
}
