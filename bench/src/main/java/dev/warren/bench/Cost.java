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
 */
record Cost(double producer, double workers, double supervisor) {
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
        return new Cost(producer, workers, supervisor);
    }

    /** Adds the CPU microseconds per task since {@code before} to the cost rows. */
    void since(Cost before, int tasks, Report report, boolean warren) {
        for (var row : List.of(
                new Object[] {"cost.producer-cpu", producer - before.producer},
                new Object[] {"cost.worker-cpu", workers - before.workers},
                new Object[] {"cost.supervisor-cpu", supervisor - before.supervisor})) {
            if (!warren && row[0].equals("cost.supervisor-cpu")) continue;
            Line l = row[0].equals("cost.supervisor-cpu") ? report.line((String) row[0], "us/task", "<= 5 us", Line.atMost(5))
                    : report.line((String) row[0], "us/task", "<= 1.2x raw", Line.ratioAtMost(1.2));
            (warren ? l.warren : l.raw).add((Double) row[1] * 1000.0 / tasks);
        }
    }
}
