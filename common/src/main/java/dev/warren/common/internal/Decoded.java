package dev.warren.common.internal;

/** The outcome of {@link TaskEnvelope#decode}: a valid envelope or a reason to refuse it. */
public sealed interface Decoded permits TaskEnvelope, Malformed {}
