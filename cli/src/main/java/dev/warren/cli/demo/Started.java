package dev.warren.cli.demo;

import dev.warren.producer.TaskExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything the demo started, stopped in order by {@link #close}: the HTTP server, the executors
 * (no task left pending), the supervisors (SIGTERM, drain, wait; killed past the timeout), the demo
 * queues on RabbitMQ, the embedded broker. Called by the demo at its end and by its shutdown hook on
 * Ctrl-C; thread-safe and idempotent.
 */
final class Started {
    private final List<TaskExecutor> executors = new ArrayList<>();
    private final List<Supervisor> supervisors = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();
    private Broker broker;
    private ImageServer server;
    private boolean closed;

    synchronized Broker broker(Broker b) { broker = b; return b; }

    synchronized TaskExecutor executor(TaskExecutor e) { executors.add(e); return e; }

    synchronized Supervisor supervisor(Supervisor s) { supervisors.add(s); return s; }

    synchronized void queue(String q) { queues.add(q); }

    synchronized ImageServer server(ImageServer s) { server = s; return s; }

    synchronized boolean isClosed() { return closed; }

    /** Whether anything was started yet (the broker comes first). */
    synchronized boolean anything() { return broker != null; }

    /**
     * Stops everything; prints a line per stopped supervisor; returns the problems (empty when clean).
     * Supervisor logs are deleted after a clean stop and kept (and named) otherwise.
     */
    synchronized List<String> close(Duration supervisorTimeout, Console console) {
        if (closed) return List.of();
        closed = true;
        List<String> problems = new ArrayList<>();
        if (server != null) server.close();
        for (TaskExecutor e : executors) {
            try {
                e.shutdown();
                if (!e.awaitTermination(5, TimeUnit.SECONDS)) e.shutdownNow();
                e.close();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                e.shutdownNow();
            } catch (RuntimeException re) {
                problems.add("closing the executor: " + re);
            }
        }
        stopSupervisors(supervisorTimeout, console, problems);
        if (broker != null) {
            String left = broker.deleteQueues(queues);
            if (!left.isEmpty()) problems.add("deleting the demo queues: " + left);
            else if (!broker.embedded() && !queues.isEmpty()) console.line("deleted the demo queues %s (and their .dead queues and .control exchanges)", queues);
            try {
                broker.close();
                if (broker.embedded()) console.line("stopped the embedded broker");
            } catch (RuntimeException re) {
                problems.add("stopping the embedded broker: " + re);
            }
        }
        return problems;
    }

    private void stopSupervisors(Duration timeout, Console console, List<String> problems) {
        List<Thread> stoppers = new ArrayList<>();
        String[] results = new String[supervisors.size()];
        long[] took = new long[supervisors.size()];
        for (int i = 0; i < supervisors.size(); i++) {
            int k = i;
            Thread t = new Thread(() -> {
                long t0 = System.nanoTime();
                results[k] = supervisors.get(k).stop(timeout);
                took[k] = (System.nanoTime() - t0) / 1_000_000;
            }, "warren-demo-stop-" + i);
            t.start();
            stoppers.add(t);
        }
        for (int i = 0; i < stoppers.size(); i++) {
            Supervisor s = supervisors.get(i);
            try {
                stoppers.get(i).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while stopping the supervisors");
                return;
            }
            if (results[i] == null) {
                problems.add("stopping the supervisor pid " + s.pid() + " failed (log kept: " + s.log() + ")");
            } else if (results[i].isEmpty()) {
                console.line("supervisor pid %d (queue %s): SIGTERM, drained, exited 0 in %d ms", s.pid(), s.queue, took[i]);
                s.deleteLog();
            } else {
                problems.add(results[i] + " (log kept: " + s.log() + ")");
            }
        }
    }
}
