package dev.warren.bench;

/**
 * How big each scenario is. {@code full} is the sizes; {@code small} a quick look;
 * {@code smoke} only proves the command runs (the smoke test uses it).
 *
 * @param pipelined   no-op tasks per pipelined run at the larger prefetch
 * @param pipelinedP1 no-op tasks per pipelined run at prefetch 1 (fewer: a run must stay under ~10 minutes on a busy machine)
 * @param window      tasks in flight in pipelined runs
 * @param sequential  one-at-a-time round trips per run
 * @param mapInputs   inputs of the chunked map
 * @param chunksize   inputs per map message
 * @param cpuTasks    countdown tasks per CPU run
 * @param cpuTaskMs   the countdown's target duration per task
 * @param payloadSmall 1 KiB echo tasks per run
 * @param payloadLarge 256 KiB echo tasks per run
 * @param kills       child kills per restart run
 * @param heapFutures futures outstanding in the producer-heap scenario
 * @param warmup      no-op tasks sent to both sides before measuring a configuration
 */
record Scale(String name, int pipelined, int pipelinedP1, int window, int sequential, int mapInputs, int chunksize, int cpuTasks,
             int cpuTaskMs, int payloadSmall, int payloadLarge, int kills, int heapFutures, int warmup) {
    static Scale of(String name) {
        return switch (name) {
            case "full" -> new Scale("full", 20_000, 5000, 1000, 1000, 100_000, 500, 8, 300, 5000, 200, 3, 100_000, 3000);
            case "small" -> new Scale("small", 4000, 1000, 1000, 300, 20_000, 500, 4, 250, 1000, 50, 2, 20_000, 1000);
            case "smoke" -> new Scale("smoke", 200, 200, 100, 50, 2000, 100, 2, 50, 50, 4, 1, 2000, 50);
            default -> throw new IllegalArgumentException("--scale must be full, small or smoke: " + name);
        };
    }
}
