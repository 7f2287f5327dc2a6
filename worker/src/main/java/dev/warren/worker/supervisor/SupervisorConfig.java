package dev.warren.worker.supervisor;

import dev.warren.worker.child.ChildConfig;
import dev.warren.worker.Initializer;
import dev.warren.common.Protocol;
import dev.warren.common.QueueType;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The supervisor's settings, under {@code warren.*}. Micronaut maps environment variables onto them:
 * {@code WARREN_CHILDREN} → {@code warren.children}, {@code WARREN_MAX_TASKS_PER_CHILD} →
 * {@code warren.max-tasks-per-child}, and so on. Durations take {@code 90s}, {@code 5m} or ISO-8601.
 * The defaults are the constants below; docs/operations.md lists every setting.
 */
@ConfigurationProperties("warren")
class SupervisorConfig {
    /**
     * Serial GC, C1 only, small stacks, heap sized as for 1 GiB of RAM, and, where the JVM has the flag (17.0.9+,
     * 21.0.1+, 22+), {@code -XX:TrimNativeHeapInterval=1000}: an idle child hands the compiler's freed native memory
     * back to the OS (about 3.5 MiB of RSS; docs/benchmarks.md, "Memory").
     */
    static final String DEFAULT_CHILD_JVM_OPTIONS =
            "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxRAM=1g -Xshare:auto"
                    + (jvmHasFlag("TrimNativeHeapInterval") ? " -XX:TrimNativeHeapInterval=1000" : "");
    static final Duration DEFAULT_SOFT_TIME_LIMIT = Duration.ofMinutes(5);
    /** Below RabbitMQ's default consumer timeout of 30 minutes. */
    static final Duration DEFAULT_HARD_TIME_LIMIT = Duration.ofMinutes(6);
    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(60);
    /** Children in a row that cannot start before the supervisor gives up and exits 79. */
    static final int DEFAULT_MAX_INITIALIZER_FAILURES = 5;

    /** Broker URI ({@code WARREN_BROKER_URI}); unset: {@code WARREN_BROKER_URI_FILE}, else the local default. */
    private String brokerUri;
    /** Cluster nodes {@code host[:port],...} replacing the URI's host ({@code WARREN_BROKER_ADDRESSES}); unset: the URI's. */
    private String brokerAddresses;
    /** The task queue. */
    private String queue = Protocol.DEFAULT_QUEUE;
    /** {@code quorum} or {@code classic} (RabbitMQ only). */
    private String queueType = "quorum";
    /** Child JVMs to keep; default: available processors. */
    private int children = Runtime.getRuntime().availableProcessors();
    /** Unacknowledged tasks each child may hold. */
    private int prefetch = 1;
    /** Tasks after which a child is recycled; 0 = never. */
    private int maxTasksPerChild;
    /** Memory (MB) above which a child is recycled after a task; 0 = never. */
    private long maxMemoryPerChild;
    /** A task running longer fails with a time-limit error and its child replaces itself; 0 = none. */
    private Duration softTimeLimit = DEFAULT_SOFT_TIME_LIMIT;
    /** A child whose task runs longer is killed (the task is redelivered, counting an attempt); 0 = none. */
    private Duration hardTimeLimit = DEFAULT_HARD_TIME_LIMIT;
    /** Class name of an {@link Initializer} each child runs before it consumes. */
    private String initializer;
    /** Arguments for the initializer (comma-separated in the environment). */
    private List<String> initargs = new ArrayList<>();
    /** Options of each child JVM, space-separated. */
    private String childJvmOptions = DEFAULT_CHILD_JVM_OPTIONS;
    /** The children's class path; default: the supervisor's. */
    private String childClasspath;
    /** The children's main class (tests replace it). */
    private String childMainClass = PoolOptions.CHILD_MAIN;
    /** How long a drain waits for children to finish their tasks before killing them. */
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    /** Limit on task and reply bodies. */
    private int maxBodyBytes = Protocol.DEFAULT_MAX_BODY_BYTES;
    /** Attempts before a crashing task is dead-lettered. */
    private int maxAttempts = Protocol.DEFAULT_MAX_ATTEMPTS;
    /**
     * Children in a row that could not start (exit 71: the initializer threw, or the tasks did not load) before the
     * supervisor gives up and exits with {@code INITIALIZER_FAILED} (79); 0 = never give up.
     */
    private int maxInitializerFailures = DEFAULT_MAX_INITIALIZER_FAILURES;
    /**
     * How long a task cancelled with {@code future.cancel(true)} may go on running after its interrupt before the
     * supervisor kills its child ({@code WARREN_CANCEL_GRACE}); 0 = at once. Checked by {@link SettingsCheck}.
     */
    private Duration cancelGrace = PoolOptions.DEFAULT_CANCEL_GRACE;
    /** Warm spare children beside the slots ({@link PoolSpares}); 0 = none. */
    private int spareChildren = SpareChildren.DEFAULT;

    public String getBrokerUri() { return brokerUri; }
    public void setBrokerUri(String brokerUri) { this.brokerUri = brokerUri; }
    public String getBrokerAddresses() { return brokerAddresses; }
    public void setBrokerAddresses(String brokerAddresses) { this.brokerAddresses = brokerAddresses; }
    public String getQueue() { return queue; }
    public void setQueue(String queue) { this.queue = queue; }
    public String getQueueType() { return queueType; }
    public void setQueueType(String queueType) { this.queueType = queueType; }
    public int getChildren() { return children; }
    public void setChildren(int children) { this.children = children; }
    public int getPrefetch() { return prefetch; }
    public void setPrefetch(int prefetch) { this.prefetch = prefetch; }
    public int getMaxTasksPerChild() { return maxTasksPerChild; }
    public void setMaxTasksPerChild(int maxTasksPerChild) { this.maxTasksPerChild = maxTasksPerChild; }
    public long getMaxMemoryPerChild() { return maxMemoryPerChild; }
    public void setMaxMemoryPerChild(long maxMemoryPerChild) { this.maxMemoryPerChild = maxMemoryPerChild; }
    public Duration getSoftTimeLimit() { return softTimeLimit; }
    public void setSoftTimeLimit(Duration softTimeLimit) { this.softTimeLimit = softTimeLimit; }
    public Duration getHardTimeLimit() { return hardTimeLimit; }
    public void setHardTimeLimit(Duration hardTimeLimit) { this.hardTimeLimit = hardTimeLimit; }
    public String getInitializer() { return initializer; }
    public void setInitializer(String initializer) { this.initializer = initializer; }
    public List<String> getInitargs() { return initargs; }
    public void setInitargs(List<String> initargs) { this.initargs = initargs; }
    public String getChildJvmOptions() { return childJvmOptions; }
    public void setChildJvmOptions(String childJvmOptions) { this.childJvmOptions = childJvmOptions; }
    public String getChildClasspath() { return childClasspath; }
    public void setChildClasspath(String childClasspath) { this.childClasspath = childClasspath; }
    public String getChildMainClass() { return childMainClass; }
    public void setChildMainClass(String childMainClass) { this.childMainClass = childMainClass; }
    public Duration getDrainTimeout() { return drainTimeout; }
    public void setDrainTimeout(Duration drainTimeout) { this.drainTimeout = drainTimeout; }
    public int getMaxBodyBytes() { return maxBodyBytes; }
    public void setMaxBodyBytes(int maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    public Duration getCancelGrace() { return cancelGrace; }
    public void setCancelGrace(Duration cancelGrace) { this.cancelGrace = cancelGrace; }
    public int getMaxInitializerFailures() { return maxInitializerFailures; }
    public void setMaxInitializerFailures(int maxInitializerFailures) { this.maxInitializerFailures = maxInitializerFailures; }
    public int getSpareChildren() { return spareChildren; }
    public void setSpareChildren(int spareChildren) { this.spareChildren = spareChildren; }

    /** Whether this JVM (children run the same {@code java.home}) knows the {@code -XX:} flag. */
    static boolean jvmHasFlag(String name) {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name);
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }

    /**
     * The child JVM options as a list, with {@code -XX:SharedArchiveFile=<file>} added when
     * {@code cdsArchive} (the value of {@code WARREN_CDS_ARCHIVE}) names an existing file.
     */
    List<String> childJvmOptionList(String cdsArchive) {
        List<String> opts = new ArrayList<>();
        if (childJvmOptions != null) {
            Arrays.stream(childJvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(opts::add);
        }
        boolean hasArchive = opts.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
        if (!hasArchive && cdsArchive != null && !cdsArchive.isBlank() && Files.isRegularFile(Path.of(cdsArchive))) {
            opts.add("-XX:SharedArchiveFile=" + cdsArchive);
        }
        return opts;
    }

    /** The configuration every child gets (the child id is filled in per child). */
    ChildConfig childTemplate(String brokerUriWithCredentials) {
        return new ChildConfig("template", brokerUriWithCredentials, queue, QueueType.parse(queueType), prefetch,
                maxTasksPerChild, maxMemoryPerChild, millis(softTimeLimit), maxBodyBytes, maxAttempts,
                initializer == null || initializer.isBlank() ? null : initializer, initargs, 0);
    }

    /** How the pool starts children. */
    PoolOptions poolOptions(String brokerUriWithCredentials, String cdsArchive) {
        String cp = childClasspath == null || childClasspath.isBlank()
                ? System.getProperty("java.class.path") : childClasspath;
        return new PoolOptions(children, childJvmOptionList(cdsArchive), cp, childMainClass,
                childTemplate(brokerUriWithCredentials), hardTimeLimit, Math.max(0, maxInitializerFailures), cancelGrace);
    }

    private static long millis(Duration d) { return d == null || d.isNegative() ? 0 : d.toMillis(); }
}
