package dev.warren.worker.supervisor;

import dev.warren.worker.child.ChildConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link ChildPool} starts its children.
 *
 * @param children      how many children to keep (≥ 1)
 * @param jvmOptions    options for each child JVM
 * @param classPath     the children's class path
 * @param mainClass     the children's main class ({@code dev.warren.worker.child.ChildMain})
 * @param template      the configuration every child gets, with its own child id
 * @param hardTimeLimit a child whose task runs longer is killed; zero = none
 * @param maxStartFailures children in a row that cannot start after which the pool gives up ({@link StartFailures});
 *                      0 = never
 * @param cancelGrace   how long a task cancelled with {@code interrupt} may go on running before its child is killed
 *                      ({@link PoolCancelKill}); null = {@link #DEFAULT_CANCEL_GRACE}
 */
record PoolOptions(int children, List<String> jvmOptions, String classPath, String mainClass, ChildConfig template,
                   Duration hardTimeLimit, int maxStartFailures, Duration cancelGrace) {
    static final String CHILD_MAIN = "dev.warren.worker.child.ChildMain";
    static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(5);

    PoolOptions {
        if (children < 1) throw new IllegalArgumentException("children must be >= 1: " + children);
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(classPath, "classPath");
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(template, "template");
        hardTimeLimit = hardTimeLimit == null || hardTimeLimit.isNegative() ? Duration.ZERO : hardTimeLimit;
        if (maxStartFailures < 0) throw new IllegalArgumentException("maxStartFailures must be >= 0: " + maxStartFailures);
        cancelGrace = cancelGrace == null ? DEFAULT_CANCEL_GRACE : cancelGrace;
        if (cancelGrace.isNegative()) throw new IllegalArgumentException("cancelGrace must be >= 0: " + cancelGrace);
    }

    /** Options with the default cancel grace. */
    PoolOptions(int children, List<String> jvmOptions, String classPath, String mainClass, ChildConfig template,
                Duration hardTimeLimit, int maxStartFailures) {
        this(children, jvmOptions, classPath, mainClass, template, hardTimeLimit, maxStartFailures, null);
    }

    /** Options that never give up on start failures. */
    PoolOptions(int children, List<String> jvmOptions, String classPath, String mainClass, ChildConfig template,
                Duration hardTimeLimit) {
        this(children, jvmOptions, classPath, mainClass, template, hardTimeLimit, 0);
    }

    /** The command line of a child: this JVM's {@code java}, the options, the class path and the main class. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        return cmd;
    }

    /** The template's configuration with this child id. */
    ChildConfig configFor(String childId) {
        ChildConfig t = template;
        return new ChildConfig(childId, t.brokerUri(), t.queue(), t.queueType(), t.prefetch(), t.maxTasksPerChild(),
                t.maxMemoryMb(), t.softTimeLimitMs(), t.maxBodyBytes(), t.maxAttempts(), t.initializer(),
                t.initargs(), t.eofGraceMs());
    }
}
