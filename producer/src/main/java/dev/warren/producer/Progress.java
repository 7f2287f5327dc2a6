package dev.warren.producer;

import dev.warren.common.internal.ProgressMessage;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a running task last reported through {@code TaskContext.progress} (docs/protocol.md section 3.6), as seen
 * by its {@link TaskFuture}.
 *
 * @param done    units done so far, {@code >= 0}
 * @param total   units in all, {@code >= 0}; 0 = unknown
 * @param message what the task said it was doing, if anything
 */
public record Progress(long done, long total, Optional<String> message) {
    public Progress {
        if (done < 0 || total < 0) throw new IllegalArgumentException("progress must not be negative: " + done + "/" + total);
        Objects.requireNonNull(message, "message");
    }

    /** {@code done / total} between 0 and 1, or empty when the total is unknown (0). */
    public OptionalDouble fraction() {
        return total == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.min(1.0, (double) done / total));
    }

    static Progress of(ProgressMessage m) { return new Progress(m.done(), m.total(), Optional.ofNullable(m.message())); }

    /** {@code 3/10 counting down}. */
    @Override public String toString() { return done + "/" + total + message.map(s -> " " + s).orElse(""); }
}
