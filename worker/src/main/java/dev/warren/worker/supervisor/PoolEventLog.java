package dev.warren.worker.supervisor;

import dev.warren.worker.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per child event, with child id, pid and task id in the MDC (the reader thread set the first two).
 * Task lines go to the {@code dev.warren.worker.tasks} logger so that operators can quiet them alone.
 */
final class PoolEventLog implements PoolListener {
    private static final Logger log = LoggerFactory.getLogger(ChildPool.class);
    private static final Logger taskLog = LoggerFactory.getLogger("dev.warren.worker.tasks");

    @Override
    public void childReady(String childId, long pid) { log.info("ready"); }

    @Override
    public void taskStarted(String childId, long pid, ChildProcessEvent e) {
        MDC.put("task", e.id());
        taskLog.debug("start {} attempt {}", e.task(), e.attempt());
    }

    @Override
    public void taskEnded(String childId, long pid, ChildProcessEvent e) {
        MDC.put("task", e.id());
        taskLog.info("end {} {}{} in {} ms", e.task(), e.status(), e.error() == null ? "" : " " + e.error(), e.ms());
        MDC.remove("task");
    }

    @Override
    public void taskFailed(String childId, long pid, ChildProcessEvent e) {
        MDC.put("task", e.id());
        taskLog.info("end {} error {} in {} ms", e.task(), e.error(), e.ms());
        MDC.remove("task");
    }

    @Override
    public void deadLettered(String childId, long pid, ChildProcessEvent e) {
        MDC.put("task", e.id());
        log.warn("dead-lettered task {} ({}): {}", e.id(), e.task(), e.reason());
        MDC.remove("task");
    }

    @Override
    public void childExiting(String childId, long pid, ChildProcessEvent e) {
        log.info("exiting: {}{}", e.reason(), e.detail() == null ? "" : " (" + e.detail() + ")");
    }

    @Override
    public void childExited(PoolExit exit) {
        if (exit.taskId() != null) MDC.put("task", exit.taskId());
        String signal = exit.signal() == null ? "" : "SIG" + exit.signal() + ", ";
        if (exit.cause().failure()) {
            log.warn("exited with {} ({}{}){}{}", exit.exitCode(), signal, exit.cause().tag(),
                    exit.taskId() == null ? "" : " while running " + exit.taskName() + " " + exit.taskId(),
                    exit.restarted() ? "" : "; not restarted");
        } else {
            log.info("exited with {} ({}{})", exit.exitCode(), signal, exit.cause().tag());
        }
        MDC.remove("task");
    }
}
