package dev.warren.cli.demo;

import dev.warren.common.QueueType;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.TaskExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One run of the demo:
 * <pre>
 *   broker (embedded, or WARREN_BROKER_URI) ─► executors on warren.demo.&lt;pid&gt; and warren.demo.&lt;pid&gt;.one
 *   ─► supervisors (java -jar warren-worker.jar: N children, and 1 child for the comparison)
 *   ─► steps: cubes, countdown, images, fetch ─► stop everything (also on Ctrl-C) ─► summary
 * </pre>
 */
final class DemoRun {
    private final int children;
    private final Sizes sizes;
    private final Path output;
    private final Map<String, String> env;
    private final Console console;

    DemoRun(int children, Sizes sizes, Path output, Map<String, String> env, Console console) {
        this.children = children;
        this.sizes = sizes;
        this.output = output;
        this.env = env;
        this.console = console;
    }

    int run() {
        long t0 = System.nanoTime();
        Started started = new Started();
        Thread hook = new Thread(() -> {
            if (!started.isClosed()) {
                console.error("warren demo: interrupted; stopping the supervisors and the broker...");
                started.close(Duration.ofSeconds(10), console).forEach(p -> console.error("warren demo: " + p));
            }
        }, "warren-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Summary summary = new Summary();
        boolean ok = false;
        String failure = null;
        try {
            console.line("warren demo: the examples of Python's multiprocessing tutorials on a pool of %d child JVMs", children);
            Path jar = WorkerJar.find(env);
            Broker broker = started.broker(Broker.open(env, console));
            String queue = "warren.demo." + ProcessHandle.current().pid();
            String queueOne = queue + ".one";
            TaskExecutor pool = started.executor(connect(broker, queue));
            started.queue(queue);
            TaskExecutor single = started.executor(connect(broker, queueOne));
            started.queue(queueOne);
            long s0 = System.nanoTime();
            Supervisor main = started.supervisor(Supervisor.start(jar, broker, queue, children));
            Supervisor one = started.supervisor(Supervisor.start(jar, broker, queueOne, 1));
            console.line("supervisors: java -jar %s", jar);
            List<Supervisor.Child> mainChildren = main.awaitChildren();
            List<Supervisor.Child> oneChildren = one.awaitChildren();
            Duration startup = Duration.ofNanos(System.nanoTime() - s0);
            printPool(main, mainChildren);
            printPool(one, oneChildren);
            console.line("(both ready in %d ms; each child is a JVM the supervisor started and watches)", startup.toMillis());
            summary.add(new Summary.Row("start supervisors", 0, startup, (children + 1) + " child JVMs ready"));

            summary.add(CubesStep.run(pool, sizes, console));
            summary.add(CountdownStep.run(pool, single, children, sizes, console));
            ImageServer server = started.server(ImageServer.start(Pictures.generate(sizes.images(), sizes.width(), sizes.height())));
            summary.add(ImagesStep.run(pool, server, sizes, output, console));
            summary.add(FetchStep.run(pool, server, sizes, console));
            ok = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (Exception e) {
            failure = Failures.describe(e);
        }
        if (failure != null) console.error("warren demo: " + failure);
        if (started.anything()) console.heading("shutting down: executors, supervisors (SIGTERM, drain), broker");
        long stop0 = System.nanoTime();
        List<String> problems = started.close(Supervisor.STOP_TIMEOUT, console);
        problems.forEach(p -> console.error("warren demo: " + p));
        summary.add(new Summary.Row("shutdown", 0, Duration.ofNanos(System.nanoTime() - stop0),
                problems.isEmpty() ? "drained, exited 0, nothing left running" : problems.size() + " problem(s)"));
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the JVM is already shutting down (Ctrl-C); the hook found everything closed
        }
        if (ok && problems.isEmpty()) {
            summary.print(console, Duration.ofNanos(System.nanoTime() - t0));
            console.line("");
            console.line("warren demo: done. Blurred images are in %s", output);
            return 0;
        }
        console.error("warren demo: FAILED (exit 1)");
        return 1;
    }

    private TaskExecutor connect(Broker broker, String queue) {
        try {
            return TaskExecutor.connect(ProducerOptions.builder().broker(broker.settings()).queue(queue)
                    .queueType(QueueType.CLASSIC).environment(env).build());
        } catch (RuntimeException e) {
            throw new DemoException(Failures.describe(e)
                    + (broker.embedded() ? "" : " (is RabbitMQ running? unset WARREN_BROKER_URI to use the embedded broker)"), e);
        }
    }

    private void printPool(Supervisor s, List<Supervisor.Child> kids) {
        console.line("  supervisor pid %d, queue %s, %d %s:", s.pid(), s.queue, kids.size(), kids.size() == 1 ? "child" : "children");
        for (Supervisor.Child c : kids) console.line("    %-8s pid %-8d %s", c.id(), c.pid(), residentMemory(c.pid()));
    }

    /** The process's resident memory from /proc (Linux), or empty. */
    static String residentMemory(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.substring(6).replace("kB", "").trim());
                    return "resident memory " + (kb / 1024) + " MB";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return "";
    }
}
