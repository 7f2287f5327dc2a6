package dev.warren.worker.supervisor;

import dev.warren.worker.Initializer;
import java.util.List;

/** An initializer that always throws, as one whose database is unreachable would. */
public final class FailingInitializer implements Initializer {
    static final String MESSAGE = "no database at db.invalid:5432 (on purpose)";

    @Override public void initialize(List<String> initargs) {
        throw new IllegalStateException(MESSAGE);
    }
}
