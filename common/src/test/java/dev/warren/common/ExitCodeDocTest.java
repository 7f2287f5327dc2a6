package dev.warren.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/operations.md's table of exit codes lists exactly the codes of {@link ExitCode}. */
class ExitCodeDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(\\d+)` \\| `([A-Z_]+)` \\|", Pattern.MULTILINE);

    @Test void theOperationsGuideListsEveryExitCodeByNameAndNumber() throws IOException {
        Path doc = GoldenSamples.document().resolveSibling("operations.md");
        Map<String, Integer> documented = new LinkedHashMap<>();
        Matcher m = ROW.matcher(Files.readString(doc));
        while (m.find()) documented.put(m.group(2), Integer.parseInt(m.group(1)));
        Map<String, Integer> code = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) code.put(c.name(), c.code());
        assertThat(documented).as("rows `| `N` | `NAME` | ...` of docs/operations.md").isEqualTo(code);
    }

    @Test void everyStatusMapsBackToItsName() {
        for (ExitCode c : ExitCode.values()) assertThat(ExitCode.of(c.code())).contains(c);
        assertThat(ExitCode.of(137)).isEmpty();
    }
}
