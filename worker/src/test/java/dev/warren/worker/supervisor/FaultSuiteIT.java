package dev.warren.worker.supervisor;

import dev.warren.worker.child.TestTasks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.BrokerSettings;
import dev.warren.common.Protocol;
import dev.warren.producer.ProducerOptions;
import dev.warren.producer.RemoteTaskException;
import dev.warren.producer.TaskExecutor;
import dev.warren.testing.TestBroker;
import dev.warren.testing.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection suite: N tasks under load while children are SIGKILLed at random, one whole
 * supervisor (with its children) is SIGKILLed and replaced, and the broker is restarted once
 * (RabbitMQ: {@code rabbitmqctl stop_app/start_app}). Every future must end; none may be lost.
 *
 * <p>CI runs a short version (with the broker restart, as {@code CI=true}). The full run (docs/reliability.md):
 * {@code mvn -pl worker -am verify -Dit.test=FaultSuiteIT -Dsurefire.failIfNoSpecifiedTests=false
 * -Dwarren.faults.tasks=10000 -Dwarren.faults.restartBroker=true -Dwarren.faults.report=$PWD/docs/reliability.md}
 */
class FaultSuiteIT {
    static final int TASKS = Integer.getInteger("warren.faults.tasks", 1500);
    static final int IN_FLIGHT = 200;
    static final int CHILDREN = 2;

    final Random random = new Random(42);
    final List<WorkerProcess> supervisors = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger childKills = new AtomicInteger();
    volatile String brokerRestart = "not attempted";
    volatile String supervisorLoss = "not attempted";

    @Test void everyFutureEndsWhileChildrenDieASupervisorIsKilledAndTheBrokerRestarts() throws Exception {
        String queue = TestBroker.uniqueQueue("faults");
        Path executions = Files.createTempFile("warren-fault-executions-", ".log");
        Map<String, String> env = Map.of("WARREN_BROKER_URI", TestBroker.get().uri(), "WARREN_QUEUE", queue,
                "WARREN_CHILDREN", Integer.toString(CHILDREN), "WARREN_FAULT_LOG", executions.toString());
        Instant began = Instant.now();
        try {
            // both start at once (one JVM start's wait instead of two); the finally closes whichever started
            for (int i = 0; i < 2; i++) supervisors.add(WorkerProcess.builder().env(env).launch());
            for (WorkerProcess s : supervisors) s.awaitReady(java.time.Duration.ofSeconds(90));
            ProducerOptions options = ProducerOptions.builder().broker(BrokerSettings.of(TestBroker.get().uri()))
                    .queue(queue).brokerLossTimeout(Duration.ofMinutes(3)).build();
            List<CompletableFuture<Integer>> futures = new ArrayList<>(TASKS);
            try (TaskExecutor pool = TaskExecutor.connect(options)) {
                Semaphore window = new Semaphore(IN_FLIGHT);
                for (int i = 0; i < TASKS; i++) {
                    window.acquire();
                    CompletableFuture<Integer> f = pool.submit(TestTasks.RECORDED, 2 + random.nextInt(18));
                    f.whenComplete((r, e) -> window.release());
                    futures.add(f);
                    if (i % 97 == 0) killRandomChild();
                    if (i == TASKS * 3 / 10) killAndReplaceSupervisor(env);
                    if (i == TASKS * 6 / 10) restartBroker();
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                        .handle((r, e) -> null).get(5, TimeUnit.MINUTES);
            } catch (java.util.concurrent.TimeoutException e) {
                // reported below as lost
            }
            report(futures, executions, Duration.between(began, Instant.now()));
        } finally {
            for (WorkerProcess s : supervisors) s.close();
            Files.deleteIfExists(executions);
            TestBroker.get().deleteTaskQueue(queue);
        }
    }

    WorkerProcess startReady(Map<String, String> env) throws Exception {
        return WorkerProcess.builder().env(env).launch().awaitReady(java.time.Duration.ofSeconds(90));
    }

    void killRandomChild() {
        List<Long> pids = supervisors.stream().flatMap(s -> s.childPids().stream()).toList();
        if (pids.isEmpty()) return;
        ProcessHandle.of(pids.get(random.nextInt(pids.size()))).ifPresent(p -> {
            if (p.destroyForcibly()) childKills.incrementAndGet();
        });
    }

    /** A container's death: SIGKILL the supervisor and its children at once, then start a new one. */
    void killAndReplaceSupervisor(Map<String, String> env) throws Exception {
        WorkerProcess victim = supervisors.remove(0);
        List<ProcessHandle> all = new ArrayList<>(victim.handle().descendants().toList());
        all.add(victim.handle());
        all.forEach(ProcessHandle::destroyForcibly);
        victim.close();
        long t0 = System.nanoTime();
        supervisors.add(startReady(env));
        supervisorLoss = "SIGKILLed supervisor pid " + victim.pid() + " and " + (all.size() - 1)
                + " children; replacement ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms";
    }

    /** Restarting the broker disturbs everything else on it: only in CI or when asked for. */
    static final boolean RESTART_BROKER = Boolean.parseBoolean(System.getProperty("warren.faults.restartBroker",
            Boolean.toString("true".equals(System.getenv("CI")))));

    void restartBroker() throws Exception {
        if (!RESTART_BROKER) {
            brokerRestart = "skipped (run with -Dwarren.faults.restartBroker=true, or CI=true)";
            return;
        }
        // only the broker of RABBITMQ_URI is the local one rabbitmqctl controls (never a container's)
        if (!"RABBITMQ_URI".equals(TestBroker.get().kind()) || !TestBroker.get().isRabbitMq() || !onPath("rabbitmqctl")) {
            brokerRestart = "skipped: broker is " + TestBroker.get().kind() + " (needs a local RabbitMQ and rabbitmqctl)";
            return;
        }
        long t0 = System.nanoTime();
        run("rabbitmqctl", "stop_app");
        TimeUnit.SECONDS.sleep(3);
        run("rabbitmqctl", "start_app");
        brokerRestart = "rabbitmqctl stop_app, 3 s, start_app (" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms)";
    }

    void report(List<CompletableFuture<Integer>> futures, Path executions, Duration took) throws Exception {
        int ok = 0;
        int lost = 0;
        Map<String, Integer> failures = new TreeMap<>();
        for (CompletableFuture<Integer> f : futures) {
            if (!f.isDone()) lost++;
            else if (!f.isCompletedExceptionally()) ok++;
            else failures.merge(reason(f), 1, Integer::sum);
        }
        List<String> lines = Files.exists(executions) ? Files.readAllLines(executions) : List.of();
        Map<String, Long> perTask = lines.stream().collect(Collectors.groupingBy(Function.identity(), ConcurrentHashMap::new,
                Collectors.counting()));
        long beyondFirst = lines.size() - perTask.size();
        int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
        String text = String.format("""
                | figure | value |
                |---|---|
                | tasks submitted | %d |
                | completed with their result | %d |
                | failed (with reasons) | %d %s |
                | lost (future never ended) | %d |
                | executions beyond the first | %d |
                | children SIGKILLed at random | %d |
                | supervisor loss | %s |
                | broker restart | %s |
                | broker | %s |
                | wall time | %d s |
                """, futures.size(), ok, failed, failures.isEmpty() ? "" : failures.toString(), lost, beyondFirst,
                childKills.get(), supervisorLoss, brokerRestart, TestBroker.get().kind(), took.toSeconds());
        System.out.println("fault suite:\n" + text);
        String target = System.getProperty("warren.faults.report");
        if (target != null && !target.isBlank()) writeReport(Path.of(target), text);
        assertThat(lost).as("futures that never ended").isZero();
        assertThat(failures.keySet()).as("every failure is a task that crashed its children too often")
                .allMatch(r -> r.startsWith(Protocol.E_WORKER_CRASHED));
        int inFlightBound = (childKills.get() + CHILDREN) * 1 + IN_FLIGHT;
        assertThat(beyondFirst).as("duplicate executions are bounded by what was in flight at the faults")
                .isLessThanOrEqualTo(inFlightBound);
    }

    static String reason(CompletableFuture<?> f) {
        try {
            f.join();
            return "none";
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            return c instanceof RemoteTaskException r ? r.remoteType() : c.getClass().getName() + ": " + c.getMessage();
        }
    }

    static void writeReport(Path file, String table) throws Exception {
        String begin = "<!-- fault-suite:begin -->";
        String end = "<!-- fault-suite:end -->";
        String body = begin + "\nLast full run (" + Instant.now() + ", `" + TASKS + "` tasks, command in the section above):\n\n"
                + table + end;
        String doc = Files.exists(file) ? Files.readString(file) : "";
        int a = doc.indexOf(begin);
        int b = doc.indexOf(end);
        doc = a >= 0 && b > a ? doc.substring(0, a) + body + doc.substring(b + end.length()) : doc + "\n" + body + "\n";
        Files.writeString(file, doc);
    }

    static boolean onPath(String cmd) {
        for (String dir : System.getenv("PATH").split(":")) if (Files.isExecutable(Path.of(dir, cmd))) return true;
        return false;
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + ": " + out);
    }
}
