package dev.warren.bench;

import java.util.List;

/**
 * CPU time per task, by component, over one pipelined run: the evidence of where a side spends
 * its work (on a 2-core machine, total CPU per task bounds throughput). Read from /proc/PID/stat.
 *
 * @param producer   this JVM without its JIT compiler threads (the producer of whichever side is running; the
 *                   other side idles)
 * @param workers    warren's children, or the raw consumer JVMs
 * @param supervisor warren's supervisor (0 for raw)
 * @param broker     the broker's process when it runs on this machine (the one listening on the bench's port; NaN otherwise):
 *                   what each side's messages cost the broker, the share of the 2 cores the client sides do not see
 */
record Cost(double producer, double workers, double supervisor, double broker) {
    static Cost of(Config c, boolean warren) {
        double producer = Procs.cpuMsWithoutJit(ProcessHandle.current().pid());
        double workers = 0;
        double supervisor = 0;
        if (warren) {
            for (SupervisorProc.Child ch : c.supervisor.children()) workers += Procs.cpuMs(ch.pid());
            supervisor = Procs.cpuMs(c.supervisor.pid());
        } else {
            for (long pid : c.rawPool.pids()) workers += Procs.cpuMs(pid);
        }
        return new Cost(producer, workers, supervisor, c.brokerPid < 0 ? Double.NaN : Procs.cpuMs(c.brokerPid));
    }

    /** Adds the CPU microseconds per task since {@code before} to the cost rows. */
    void since(Cost before, int tasks, Report report, boolean warren) {
        add(report.line("cost.producer-cpu", "us/task", "<= 1.2x raw", Line.ratioAtMost(1.2)), warren, producer - before.producer, tasks);
        add(report.line("cost.worker-cpu", "us/task", "<= 1.2x raw", Line.ratioAtMost(1.2)), warren, workers - before.workers, tasks);
        if (warren) add(report.line("cost.supervisor-cpu", "us/task", "<= 5 us", Line.atMost(5)), true,
                supervisor - before.supervisor, tasks);
        if (!Double.isNaN(broker)) add(report.line("cost.broker-cpu", "us/task"), warren, broker - before.broker, tasks);
    }

    /** The same per-task figures without targets, as rows {@code cost.<scenario>.producer-cpu} and so on. */
    void since(Cost before, int tasks, Report report, boolean warren, String scenario) {
        String p = "cost." + scenario + ".";
        add(report.line(p + "producer-cpu", "us/task"), warren, producer - before.producer, tasks);
        add(report.line(p + "worker-cpu", "us/task"), warren, workers - before.workers, tasks);
        if (!Double.isNaN(broker)) add(report.line(p + "broker-cpu", "us/task"), warren, broker - before.broker, tasks);
    }

    private static void add(Line l, boolean warren, double ms, int tasks) {
        (warren ? l.warren : l.raw).add(ms * 1000.0 / tasks);
    }
}
