package dev.warren.worker.supervisor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's listeners, called in order: the {@link PoolEventLog} first, then the ones the pool was given. A listener
 * that throws is logged and stops neither the others nor the pool. Never called under the pool lock. Thread-safe.
 */
final class PoolListeners {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);

    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();

    PoolListeners(List<PoolListener> given) {
        listeners.add(new PoolEventLog());
        listeners.addAll(given);
    }

    /** Calls every listener. */
    void tell(Consumer<PoolListener> call) {
        for (PoolListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("pool listener {} failed: {}", l.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }
}
