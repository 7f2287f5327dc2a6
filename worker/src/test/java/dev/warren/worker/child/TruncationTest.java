package dev.warren.worker.child;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.TaskError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One truncation marker, {@code …} (U+2026), as docs/protocol.md says: headers, remote stacks, previews. */
class TruncationTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    /** Three dots right after a cut ({@code substring(...) + "..."}, {@code [:n] + "\n..."}). */
    private static final Pattern THREE_DOTS_AFTER_A_CUT =
            Pattern.compile("(substring\\(|\\[:)[^;\\n]*\\+\\s*\"(\\\\n|\\\\t)*\\.\\.\\.\"");

    @Test void aLongHeaderIsCutAt4096CharactersThenTheEllipsis() {
        String cut = ChildReplies.truncate("x".repeat(5000));
        assertThat(cut).hasSize(4097).startsWith("x".repeat(4096)).endsWith("…");
        assertThat(ChildReplies.truncate("short")).isEqualTo("short");
    }

    @Test void aLongRemoteStackEndsWithALineOfTheEllipsis() {
        TaskError e = ChildRunner.fromThrowable(deep(3000), 1);
        assertThat(e.stack()).endsWith("\n\t…").doesNotContain("...");
        assertThat(e.stack().length()).isLessThanOrEqualTo(16 * 1024 + 3);
    }

    @Test void noWriterOfWarrenCutsTextWithThreeDots() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String dir : List.of("common/src/main", "worker/src/main", "producer/src/main", "cli/src/main", "python/src")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".py")).toList()) {
                    Files.readAllLines(f).stream().filter(l -> THREE_DOTS_AFTER_A_CUT.matcher(l).find())
                            .forEach(l -> offenders.add(ROOT.relativize(f) + ": " + l.trim()));
                }
            }
        }
        assertThat(offenders).isEmpty();
        assertThat(THREE_DOTS_AFTER_A_CUT.matcher("return s.substring(0, MAX) + \"...\";").find()).isTrue();
        assertThat(THREE_DOTS_AFTER_A_CUT.matcher("stack = stack[:P.MAX_STACK] + \"\\n...\"").find()).isTrue();
    }

    private static RuntimeException deep(int depth) {
        return depth == 0 ? new IllegalStateException("deep") : deep(depth - 1);
    }
}
