package dev.warren.worker.child;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.common.internal.Json;
import dev.warren.worker.Initializer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;

/**
 * A test-only initializer: installs the OpenTelemetry SDK as the child's global instance, with an exporter that
 * appends each finished span as one JSON line to the file named by the first initarg, so a test in another JVM
 * can read the child's spans.
 */
public final class SpanFileInitializer implements Initializer {
    @Override public void initialize(List<String> initargs) {
        Path file = Path.of(initargs.get(0));
        GlobalOpenTelemetry.set(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new FileExporter(file))).build()).build());
    }

    private record FileExporter(Path file) implements SpanExporter {
        @Override public CompletableResultCode export(Collection<SpanData> spans) {
            StringBuilder lines = new StringBuilder();
            for (SpanData s : spans) {
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.put("name", s.getName()).put("kind", s.getKind().name()).put("traceId", s.getTraceId())
                        .put("spanId", s.getSpanId()).put("parentSpanId", s.getParentSpanId())
                        .put("status", s.getStatus().getStatusCode().name());
                StringBuilder state = new StringBuilder();
                s.getSpanContext().getTraceState().forEach((k, v) -> state.append(state.length() == 0 ? "" : ",")
                        .append(k).append('=').append(v));
                n.put("traceState", state.toString());
                ObjectNode attrs = n.putObject("attributes");
                s.getAttributes().forEach((k, v) -> attrs.put(k.getKey(), String.valueOf(v)));
                lines.append(n).append('\n');
            }
            try {
                Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return CompletableResultCode.ofSuccess();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }

        @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
    }
}
