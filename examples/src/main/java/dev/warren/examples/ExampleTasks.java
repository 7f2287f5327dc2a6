package dev.warren.examples;

import dev.warren.worker.TaskRegistry;
import dev.warren.worker.TaskModule;
import dev.warren.examples.Countdown;
import dev.warren.examples.Examples;

/**
 * The built-in examples (see {@link Examples}), registered through ServiceLoader. Every reply
 * also says which child and pid ran it (reply headers), so even {@code cube} shows where it ran.
 */
public final class ExampleTasks implements TaskModule {
    @Override
    public void register(TaskRegistry.Builder tasks) {
        tasks.register(Examples.CUBE, (n, ctx) -> Math.multiplyExact(Math.multiplyExact(n, n), n));
        tasks.register(Examples.COUNTDOWN, (n, ctx) -> Countdown.run(n, (done, total) -> ctx.progress(done, total,
                "counting down")));
        tasks.register(Examples.SPIN, (seconds, ctx) -> Spin.run(seconds));
        tasks.register(Examples.SLEEP, (seconds, ctx) -> {
            if (seconds < 0 || seconds > 3600) throw new IllegalArgumentException("seconds must be 0..3600: " + seconds);
            Thread.sleep(Math.round(seconds * 1000));
            return "slept " + seconds + " s in " + ctx.childId() + " pid " + ctx.pid();
        });
        tasks.register(Examples.ECHO, (v, ctx) -> v);
        tasks.register(Examples.NOOP, (v, ctx) -> v);
        tasks.register(Examples.FAIL, (message, ctx) -> {
            throw new IllegalStateException(message);
        });
        tasks.register(Examples.CRASH, (code, ctx) -> {
            System.err.println("crash task: halting " + ctx.childId() + " pid " + ctx.pid() + " with exit code " + code);
            System.err.flush();
            Runtime.getRuntime().halt(code == null || code <= 0 || code > 255 ? 13 : code);
            return "unreachable";
        });
        tasks.register(Examples.BLUR, (req, ctx) -> ImageBlur.blur(req));
        tasks.register(Examples.FETCH, (url, ctx) -> UrlFetch.fetch(url));
    }
}
