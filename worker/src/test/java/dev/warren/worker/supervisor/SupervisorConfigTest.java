package dev.warren.worker.supervisor;

import dev.warren.worker.child.ChildConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorConfigTest {
    @TempDir Path dir;

    @Test
    void defaultsAreTheDocumentedOnesAndBothTimeLimitsStayBelowTheBrokersConsumerTimeout() {
        SupervisorConfig c = new SupervisorConfig();

        assertThat(c.getBrokerUri()).isNull();
        assertThat(c.getQueue()).isEqualTo(Protocol.DEFAULT_QUEUE);
        assertThat(c.getQueueType()).isEqualTo("quorum");
        assertThat(c.getChildren()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.getPrefetch()).isEqualTo(1);
        assertThat(c.getMaxTasksPerChild()).isZero();
        assertThat(c.getMaxMemoryPerChild()).isZero();
        assertThat(c.getSoftTimeLimit()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.getHardTimeLimit()).isEqualTo(Duration.ofMinutes(6)).isGreaterThan(c.getSoftTimeLimit())
                .isLessThan(Duration.ofMinutes(30));
        assertThat(c.getDrainTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.getMaxAttempts()).isEqualTo(3);
        assertThat(c.getMaxBodyBytes()).isEqualTo(Protocol.DEFAULT_MAX_BODY_BYTES);
        assertThat(c.getChildMainClass()).isEqualTo("dev.warren.worker.child.ChildMain");
        assertThat(c.getMaxInitializerFailures()).isEqualTo(5);
        assertThat(c.poolOptions("amqp://h", null).maxStartFailures()).isEqualTo(5);
        assertThat(c.childJvmOptionList(null)).contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    }

    @Test
    void theNativeHeapTrimIsInTheDefaultsExactlyWhenThisJvmKnowsTheFlag() {
        assertThat(SupervisorConfig.jvmHasFlag("UseSerialGC")).isTrue();
        assertThat(SupervisorConfig.jvmHasFlag("NoSuchFlagInAnyJvm")).isFalse();

        boolean trims = SupervisorConfig.jvmHasFlag("TrimNativeHeapInterval");
        assertThat(new SupervisorConfig().childJvmOptionList(null).contains("-XX:TrimNativeHeapInterval=1000"))
                .isEqualTo(trims);
    }

    @Test
    void theChildTemplateCarriesTheSettingsEveryChildNeeds() {
        SupervisorConfig c = new SupervisorConfig();
        c.setQueue("q1");
        c.setQueueType("classic");
        c.setPrefetch(4);
        c.setMaxTasksPerChild(100);
        c.setMaxMemoryPerChild(512);
        c.setSoftTimeLimit(Duration.ofSeconds(30));
        c.setInitializer("com.example.Init");
        c.setInitargs(List.of("a", "b"));

        ChildConfig t = c.poolOptions("amqp://u:p@h:5672/%2F", null).configFor("child-7");

        assertThat(t.childId()).isEqualTo("child-7");
        assertThat(t.brokerUri()).isEqualTo("amqp://u:p@h:5672/%2F");
        assertThat(t.queue()).isEqualTo("q1");
        assertThat(t.queueType()).isEqualTo(QueueType.CLASSIC);
        assertThat(t.prefetch()).isEqualTo(4);
        assertThat(t.maxTasksPerChild()).isEqualTo(100);
        assertThat(t.maxMemoryMb()).isEqualTo(512);
        assertThat(t.softTimeLimitMs()).isEqualTo(30_000);
        assertThat(t.initializer()).isEqualTo("com.example.Init");
        assertThat(t.initargs()).containsExactly("a", "b");
    }

    @Test
    void aCdsArchiveIsAddedToTheChildOptionsOnlyWhenTheFileExists() throws Exception {
        SupervisorConfig c = new SupervisorConfig();
        Path archive = Files.createFile(dir.resolve("children.jsa"));

        assertThat(c.childJvmOptionList(archive.toString())).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(c.childJvmOptionList(dir.resolve("missing.jsa").toString()))
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));
        c.setChildJvmOptions("  -Xmx64m   -XX:SharedArchiveFile=/other.jsa ");
        assertThat(c.childJvmOptionList(archive.toString())).containsExactly("-Xmx64m", "-XX:SharedArchiveFile=/other.jsa");
    }

    @Test
    void theChildCommandIsThisJavaWithTheOptionsTheClassPathAndTheChildMain() {
        SupervisorConfig c = new SupervisorConfig();
        c.setChildJvmOptions("-Xmx64m");
        c.setChildClasspath("/a.jar:/b.jar");

        List<String> cmd = c.poolOptions("amqp://h", null).command();

        assertThat(cmd.get(0)).endsWith("/bin/java").startsWith(System.getProperty("java.home"));
        assertThat(cmd.subList(1, cmd.size())).containsExactly("-Xmx64m", "-cp", "/a.jar:/b.jar", "dev.warren.worker.child.ChildMain");
        assertThat(String.join(" ", cmd)).doesNotContain("amqp://");
    }

    @Test
    void maxInitializerFailuresReachesThePoolAndZeroMeansNeverGiveUp() {
        SupervisorConfig c = new SupervisorConfig();
        c.setMaxInitializerFailures(0);
        assertThat(c.poolOptions("amqp://h", null).maxStartFailures()).isZero();
        c.setMaxInitializerFailures(2);
        assertThat(c.poolOptions("amqp://h", null).maxStartFailures()).isEqualTo(2);
    }
}
