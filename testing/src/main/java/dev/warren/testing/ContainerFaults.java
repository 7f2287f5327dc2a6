package dev.warren.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker API calls behind {@link ChaosBroker}'s faults, on one container. Every call goes to the engine
 * (Docker, or podman's Docker-compatible service), never to Testcontainers' cached view of the container, so the
 * answers stay true after a kill and restart.
 *
 * <p>Not thread-safe: {@link ChaosBroker} serialises the calls.
 */
final class ContainerFaults {
    private static final Logger log = LoggerFactory.getLogger(ContainerFaults.class);
    private static final int PAUSE_ATTEMPTS = 10;

    private final DockerClient docker;
    private final Consumer<String[]> exec;
    private final String id;
    private final String shortId;
    private final List<String> detachedFrom = new ArrayList<>();
    private boolean paused;
    private boolean stoppedBySignal;

    /** @param exec runs a command in the container, throwing if it fails */
    ContainerFaults(DockerClient docker, String containerId, Consumer<String[]> exec) {
        this.docker = docker;
        this.exec = exec;
        this.id = containerId;
        this.shortId = containerId.substring(0, Math.min(12, containerId.length()));
    }

    /** The host port the engine maps to {@code containerPort}/tcp right now. */
    int mappedPort(int containerPort) {
        InspectContainerResponse info = docker.inspectContainerCmd(id).exec();
        Map<ExposedPort, Ports.Binding[]> bindings = info.getNetworkSettings().getPorts().getBindings();
        Ports.Binding[] b = bindings.get(ExposedPort.tcp(containerPort));
        if (b == null || b.length == 0 || b[0].getHostPortSpec() == null) {
            throw new IllegalStateException("container " + shortId + " publishes no host port for " + containerPort
                    + "/tcp (is it running and attached to a network?)");
        }
        return Integer.parseInt(b[0].getHostPortSpec());
    }

    boolean running() {
        Boolean r = docker.inspectContainerCmd(id).exec().getState().getRunning();
        return Boolean.TRUE.equals(r);
    }

    /** Detaches the container from every network it is on; remembers them for {@link #reconnect()}. */
    void disconnect() {
        if (!detachedFrom.isEmpty()) throw new IllegalStateException("container " + shortId + " is already disconnected");
        List<String> networks = new ArrayList<>(docker.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks().keySet());
        for (String net : networks) {
            docker.disconnectFromNetworkCmd().withContainerId(id).withNetworkId(net).withForce(true).exec();
            detachedFrom.add(net);
        }
        log.info("container {}: disconnected from {}", shortId, networks);
    }

    /** Attaches the container again to the networks {@link #disconnect()} took it off; nothing if it is connected. */
    void reconnect() {
        for (String net : detachedFrom) {
            docker.connectToNetworkCmd().withContainerId(id).withNetworkId(net).exec();
        }
        if (!detachedFrom.isEmpty()) log.info("container {}: reconnected to {}", shortId, detachedFrom);
        detachedFrom.clear();
    }

    boolean disconnected() { return !detachedFrom.isEmpty(); }

    /**
     * Freezes the container with the cgroup freezer. runc gives up ("unable to freeze") when the processes do not
     * settle in time, which happens under load (a process in uninterruptible disk I/O): it is retried, and after
     * the last failure every process of the container's user is stopped with SIGSTOP instead ({@code kill -STOP -1}
     * run in the container), which freezes the broker just as well.
     */
    void pause() {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= PAUSE_ATTEMPTS; attempt++) {
            try {
                docker.pauseContainerCmd(id).exec();
                paused = true;
                log.info("container {}: paused (every process frozen){}", shortId, attempt > 1 ? " at attempt " + attempt : "");
                return;
            } catch (RuntimeException e) {
                last = e;
                log.debug("container {}: pause attempt {} failed: {}", shortId, attempt, e.getMessage());
                sleepQuietly(100);
            }
        }
        exec.accept(new String[] {"sh", "-c", "kill -STOP -1"});
        paused = true;
        stoppedBySignal = true;
        log.info("container {}: the freezer failed {} times ({}); stopped its main process with SIGSTOP instead",
                shortId, PAUSE_ATTEMPTS, last.getMessage());
    }

    void unpause() {
        if (!paused) return;
        if (stoppedBySignal) {
            exec.accept(new String[] {"sh", "-c", "kill -CONT -1"});
        } else {
            docker.unpauseContainerCmd(id).exec();
        }
        paused = false;
        stoppedBySignal = false;
        log.info("container {}: unpaused", shortId);
    }

    boolean paused() { return paused; }

    /** SIGKILL: no clean shutdown, whatever the broker had not written to disk is gone. */
    void kill() {
        paused = false;
        stoppedBySignal = false;
        docker.killContainerCmd(id).withSignal("KILL").exec();
        log.info("container {}: killed with SIGKILL", shortId);
    }

    void start() {
        docker.startContainerCmd(id).exec();
        log.info("container {}: started again", shortId);
    }

    /** Undoes any fault left by a failed test: unpause, reconnect, start. */
    void heal() {
        if (paused) unpause();
        if (disconnected()) reconnect();
        if (!running()) start();
    }

    String shortId() { return shortId; }

    private static void sleepQuietly(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
