package dev.warren.worker;

/**
 * A task's code: input in, output out. Runs in a child JVM, on the thread that consumed it, one task at a time.
 *
 * <p>An exception is not a crash: it becomes an error reply carrying the exception's type,
 * message and stack, and the child goes on with the next task. Check
 * {@link Thread#isInterrupted()} in long loops: the child interrupts a task past its soft time limit.
 *
 * @param <I> input type (bound from JSON)
 * @param <O> output type (written as JSON)
 */
@FunctionalInterface
public interface Task<I, O> {
    O run(I input, TaskContext context) throws Exception;
}
