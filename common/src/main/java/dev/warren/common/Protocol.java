package dev.warren.common;

/**
 * The constants of warren's wire protocol, version 1. {@code docs/protocol.md} is the normative
 * description; {@code ProtocolDocTest} keeps the two from drifting.
 */
public final class Protocol {
    private Protocol() {}

    /** The protocol version this build speaks; sent in {@link #H_PROTOCOL}. */
    public static final int VERSION = 1;
    /** Content type of every task and reply body. */
    public static final String CONTENT_TYPE = "application/json";

    public static final String DEFAULT_QUEUE = "warren.tasks";
    /** Suffix of the dead-letter queue: {@code <queue>.dead}. */
    public static final String DEAD_SUFFIX = ".dead";
    /** Suffix of the fanout control exchange: {@code <queue>.control}. */
    public static final String CONTROL_SUFFIX = ".control";
    /** Suffix of the fanout exchange that carries supervisor announcements: {@code <queue>.fleet}. */
    public static final String FLEET_SUFFIX = ".fleet";
    /** Prefix of a producer's reply queue: {@code warren.reply.<client-id>}. */
    public static final String REPLY_PREFIX = "warren.reply.";

    // ---- task headers
    public static final String H_PROTOCOL = "warren-protocol";
    public static final String H_DEADLINE = "warren-deadline";
    public static final String H_ATTEMPT = "warren-attempt";
    public static final String H_CHUNK = "warren-chunk";
    public static final String H_INPUT_TYPE = "warren-input-type";
    public static final String H_LAST_ERROR = "warren-last-error";
    /** Which producer-side attempt (retry policy) a task message is: 1 (or absent) for the first publish. */
    public static final String H_PRODUCER_ATTEMPT = "warren-producer-attempt";
    public static final String H_TRACEPARENT = "traceparent";
    public static final String H_TRACESTATE = "tracestate";
    /** Task header: the producer reads progress messages on its reply queue (only then does a worker send them). */
    public static final String H_PROGRESS = "warren-progress";
    /** Optional: epoch ms when the producer published the task (AMQP's {@code timestamp} has whole seconds only). */
    public static final String H_PUBLISHED_AT = "warren-published-at";
    /** Task header: {@code 0} = the producer does not read the worker headers of an ok reply (docs/protocol.md 2.2). */
    public static final String H_WORKER_INFO = "warren-worker-info";

    // ---- reply headers
    public static final String H_STATUS = "warren-status";
    public static final String H_HOST = "warren-host";
    public static final String H_PID = "warren-pid";
    public static final String H_CHILD = "warren-child";
    public static final String H_STARTED = "warren-started";
    public static final String H_FINISHED = "warren-finished";
    public static final String STATUS_OK = "ok";
    public static final String STATUS_ERROR = "error";
    /** A transient progress message for a running task, not its reply (docs/protocol.md section 3.6). */
    public static final String STATUS_PROGRESS = "progress";

    // ---- dead-letter headers
    public static final String H_DEAD_REASON = "warren-dead-reason";
    public static final String H_DEAD_DETAIL = "warren-dead-detail";
    public static final String H_DEAD_ATTEMPTS = "warren-dead-attempts";
    public static final String H_ORIGINAL_QUEUE = "warren-original-queue";
    /** Epoch ms when the message was dead-lettered (optional: older writers do not send it). */
    public static final String H_DEAD_AT = "warren-dead-at";

    // ---- error types (the "type" of an error reply and the reason of a dead-lettered task)
    /** The task's code threw; the reply's {@code type} is then the exception's class name instead. */
    public static final String E_TASK_FAILED = "warren.TaskFailed";
    public static final String E_UNKNOWN_TASK = "warren.UnknownTask";
    public static final String E_BAD_INPUT = "warren.BadInput";
    public static final String E_NOT_JSON = "warren.NotJson";
    public static final String E_BAD_ENVELOPE = "warren.BadEnvelope";
    public static final String E_UNSUPPORTED_PROTOCOL = "warren.UnsupportedProtocol";
    public static final String E_TOO_LARGE = "warren.TooLarge";
    public static final String E_DEADLINE_EXCEEDED = "warren.DeadlineExceeded";
    public static final String E_INPUT_TYPE_MISMATCH = "warren.InputTypeMismatch";
    public static final String E_WORKER_CRASHED = "warren.WorkerCrashed";
    public static final String E_TIME_LIMIT = "warren.TimeLimitExceeded";
    public static final String E_REPLY_QUEUE_MISSING = "warren.ReplyQueueMissing";
    public static final String E_OUTPUT_TOO_LARGE = "warren.OutputTooLarge";
    /** The producer cancelled the task: skipped before it started, or interrupted (or its child killed) while running. */
    public static final String E_CANCELLED = "warren.Cancelled";

    /** Default limit on a task body or reply body, in bytes (both sides enforce it). */
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** Default number of attempts before a crashing task is dead-lettered. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
}
