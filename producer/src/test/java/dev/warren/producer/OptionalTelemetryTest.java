package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** OpenTelemetry and Micrometer are optional: the producer works, and says so, without them on its class path. */
class OptionalTelemetryTest {
    @Test void withoutTheOptionalJarsTheProducerSendsTheCallersTraceparentAndNoMetrics() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("opentelemetry") || entry.contains("micrometer")) continue;
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader bare = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> probe = Class.forName(Probe.class.getName(), true, bare);
            @SuppressWarnings("unchecked")
            Supplier<List<String>> run = (Supplier<List<String>>) probe.getDeclaredConstructor().newInstance();
            // the probe's Supplier is the platform loader's class, so this cast crosses the loaders safely
            assertThat(run.get()).containsExactly("otel=false", "micrometer=false",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "null", "meterRegistry needs "
                            + "io.micrometer.core.instrument.MeterRegistry on warren-producer's class path");
        }
    }

    @Test void aRegistryOrOpenTelemetryOfTheWrongTypeIsRefusedByName() {
        assertThatThrownBy(() -> ProducerOptions.builder().environment(Map.of()).meterRegistry("registry").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("meterRegistry must be a io.micrometer.core.instrument.MeterRegistry: java.lang.String");
        assertThatThrownBy(() -> ProducerOptions.builder().environment(Map.of()).openTelemetry(42).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("openTelemetry must be a io.opentelemetry.api.OpenTelemetry: java.lang.Integer");
    }

    /** Runs inside the class loader without the optional jars. */
    public static final class Probe implements Supplier<List<String>> {
        @Override public List<String> get() {
            List<String> out = new ArrayList<>();
            out.add("otel=" + ProducerTelemetry.OTEL_API);
            out.add("micrometer=" + ProducerTelemetry.MICROMETER);
            String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            ProducerOptions o = ProducerOptions.builder().environment(Map.of()).traceContext(() -> tp).build();
            ProducerTelemetry.Started s = ProducerTelemetry.of(o).start("cube", "t-1");
            out.add(s.traceparent);
            ProducerOptions none = ProducerOptions.builder().environment(Map.of()).build();
            out.add(String.valueOf(ProducerTelemetry.of(none).start("cube", "t-2").traceparent));
            try {
                ProducerOptions.builder().environment(Map.of()).meterRegistry(new Object()).build();
            } catch (IllegalArgumentException e) {
                out.add(e.getMessage());
            }
            return out;
        }
    }
}
