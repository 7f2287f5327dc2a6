package dev.warren.producer;

import dev.warren.common.internal.TaskEnvelope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A responder script that holds every task until the test answers it. */
final class Held implements ScriptedResponder.Script {
    final List<TaskEnvelope> tasks = new CopyOnWriteArrayList<>();
    private volatile ScriptedResponder responder;

    @Override public void handle(TaskEnvelope task, ScriptedResponder r) {
        responder = r;
        tasks.add(task);
    }

    /** Waits until {@code n} tasks arrived. */
    void awaitTasks(int n) {
        org.awaitility.Awaitility.await().until(() -> tasks.size() >= n);
    }

    void answer(int i) throws Exception { responder.answer(tasks.get(i)); }

    void reply(int i, Object output) throws Exception { responder.reply(tasks.get(i), output); }
}
