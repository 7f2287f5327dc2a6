package dev.warren.cli;

import dev.warren.common.internal.WarrenVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code warren --version}: the project version, as the build filled it in ({@link WarrenVersion}). */
final class Version implements IVersionProvider {
    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the build did not fill it in. */
    static String project() { return WarrenVersion.get(); }

    @Override public String[] getVersion() {
        return new String[] {
            "warren " + project(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
