package dev.warren.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.TaskError;
import dev.warren.common.WorkerInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Issue 20 item 5: a remote error's cause holds the remote frames, parsed from the stack text the worker sent. */
class RemoteStackTraceTest {
    private static String printed(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    private static RemoteTaskException remote(Throwable thrown) {
        return new RemoteTaskException("cube", "id-1", new TaskError(thrown.getClass().getName(), thrown.getMessage(),
                printed(thrown), 1, true), new WorkerInfo("host", 7, "child-1", 0, 0));
    }

    private static void failDeep(int n) {
        if (n == 0) throw new IllegalStateException("boom");
        failDeep(n - 1);
    }

    private static Throwable thrownWithCauseAndSuppressed() {
        try {
            try {
                failDeep(3);
            } catch (IllegalStateException e) {
                UncheckedIOException wrapped = new UncheckedIOException("wrapped", new IOException("disk full", e));
                wrapped.addSuppressed(new IllegalArgumentException("while closing"));
                throw wrapped;
            }
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("unreachable");
    }

    @Test void theCauseOfARemoteErrorHoldsTheRemoteFramesSoPrintStackTraceShowsThem() {
        Throwable thrown = thrownWithCauseAndSuppressed();
        RemoteTaskException e = remote(thrown);
        assertThat(e.getCause()).isInstanceOf(RemoteStackTrace.class)
                .hasMessage("java.io.UncheckedIOException: wrapped");
        assertThat(frames(e.getCause())).isEqualTo(frames(thrown));
        String out = printed(e);
        assertThat(out).contains("Caused by: java.io.UncheckedIOException: wrapped")
                .contains("\tat dev.warren.producer.RemoteStackTraceTest.failDeep(RemoteStackTraceTest.java:")
                .contains("Caused by: java.lang.IllegalStateException: boom")
                .contains("\tSuppressed: java.lang.IllegalArgumentException: while closing");
    }

    @Test void theParsedChainPrintsExactlyTheTextTheWorkerPrinted() {
        Throwable thrown = thrownWithCauseAndSuppressed();
        String text = printed(thrown);
        RemoteStackTrace parsed = RemoteStackTrace.parse(text);
        assertThat(printed(parsed)).isEqualTo(text); // causes, suppressed and "... n more" all rebuilt
        assertThat(parsed.getCause()).hasMessage("java.io.IOException: disk full");
        assertThat(frames(parsed.getCause())).isEqualTo(frames(thrown.getCause()));
        assertThat(frames(parsed.getCause().getCause())).isEqualTo(frames(thrown.getCause().getCause()));
        assertThat(parsed.getSuppressed()).singleElement().satisfies(s -> {
            assertThat(s).hasMessage("java.lang.IllegalArgumentException: while closing");
            assertThat(frames(s)).isEqualTo(frames(thrown.getSuppressed()[0]));
        });
    }

    @Test void jdkModuleFramesAndNativeMethodsAreRead() throws Exception {
        Throwable thrown;
        try {
            Integer.class.getMethod("parseInt", String.class).invoke(null, "x");
            throw new AssertionError("parsed");
        } catch (InvocationTargetException e) {
            thrown = e; // java.base/... frames, a Native Method frame, and a NumberFormatException cause
        }
        String text = printed(thrown);
        assertThat(text).contains("java.base/").contains("(Native Method)");
        RemoteStackTrace parsed = RemoteStackTrace.parse(text);
        assertThat(frames(parsed)).isEqualTo(frames(thrown));
        assertThat(Arrays.stream(parsed.getStackTrace())).anyMatch(StackTraceElement::isNativeMethod);
        assertThat(printed(parsed)).isEqualTo(text);
    }

    @Test void everyFormOfAFrameIsReadIntoItsParts() {
        StackTraceElement f = StackText.frame("app/my.module@1.2/com.acme.Foo$Bar.run(Foo.java:42)");
        assertThat(f.getClassLoaderName()).isEqualTo("app");
        assertThat(f.getModuleName()).isEqualTo("my.module");
        assertThat(f.getModuleVersion()).isEqualTo("1.2");
        assertThat(f.getClassName()).isEqualTo("com.acme.Foo$Bar");
        assertThat(f.getMethodName()).isEqualTo("run");
        assertThat(f.getFileName()).isEqualTo("Foo.java");
        assertThat(f.getLineNumber()).isEqualTo(42);
        assertThat(StackText.frame("app//com.acme.Foo.<init>(Foo.java:1)").getClassLoaderName()).isEqualTo("app");
        assertThat(StackText.frame("app//com.acme.Foo.<init>(Foo.java:1)").getModuleName()).isNull();
        assertThat(StackText.frame("java.base/java.lang.Thread.run(Thread.java:833)").getModuleName()).isEqualTo("java.base");
        assertThat(StackText.frame("com.acme.Foo.bar(Unknown Source)").getFileName()).isNull();
        assertThat(StackText.frame("com.acme.Foo.bar(Foo.java)").getLineNumber()).isEqualTo(-1);
        assertThat(StackText.frame("com.acme.Foo.bar(Native Method)").isNativeMethod()).isTrue();
        assertThat(StackText.frame("com.acme.Foo$$Lambda$14/0x0000000800c03000.run(Unknown Source)").getClassName())
                .isEqualTo("com.acme.Foo$$Lambda$14/0x0000000800c03000");
        for (String s : new String[] {"app/my.module@1.2/com.acme.Foo$Bar.run(Foo.java:42)",
                "java.base/java.lang.Thread.run(Thread.java:833)", "com.acme.Foo.bar(Unknown Source)",
                "com.acme.Foo.bar(Native Method)", "com.acme.Foo.bar(Foo.java)"}) {
            assertThat(StackText.frame(s)).hasToString(s);
        }
        assertThat(StackText.frame("not a frame")).isNull();
        assertThat(StackText.frame("com.acme.Foo.bar(Foo.ja")).isNull();
    }

    @Test void aStackCutShortByTheWorkersSizeLimitKeepsTheFramesBeforeTheCut() {
        Throwable thrown = thrownWithCauseAndSuppressed();
        String text = printed(thrown);
        int cut = text.indexOf("failDeep") + 20; // the innermost cause's first frame, cut mid-line as the child's limit cuts
        RemoteStackTrace parsed = RemoteStackTrace.parse(text.substring(0, cut) + "\n\t...");
        assertThat(frames(parsed)).isEqualTo(frames(thrown));
        Throwable innermost = parsed.getCause().getCause();
        assertThat(innermost).hasMessage("java.lang.IllegalStateException: boom");
        assertThat(innermost.getStackTrace()).isEmpty(); // the cut line is unreadable and skipped
        assertThat(innermost.getCause()).isNull();
    }

    @Test void aMultiLineMessageKeepsItsLines() {
        Throwable thrown = new IllegalStateException("line one\nline two");
        RemoteStackTrace parsed = RemoteStackTrace.parse(printed(thrown));
        assertThat(parsed).hasMessage("java.lang.IllegalStateException: line one\nline two");
        assertThat(frames(parsed)).isEqualTo(frames(thrown));
    }

    @Test void textThatIsNoJavaStackBecomesTheMessageOfACauseWithoutFrames() {
        String python = "Traceback (most recent call last):\n  File \"w.py\", line 3, in cube\nZeroDivisionError: division by zero";
        RemoteStackTrace parsed = RemoteStackTrace.parse(python);
        assertThat(parsed).hasMessage(python);
        assertThat(parsed.getStackTrace()).isEmpty();
        assertThat(parsed.getCause()).isNull();
    }

    @Test void aProtocolErrorWithoutStackHasNoCause() {
        assertThat(new RemoteTaskException("x", "id", TaskError.of("warren.UnknownTask", "", 1), null).getCause()).isNull();
        assertThat(RemoteStackTrace.parse("  \n")).isNull();
    }

    private static String frames(Throwable t) {
        return String.join("\n", Arrays.stream(t.getStackTrace()).map(StackTraceElement::toString).toList());
    }
}
