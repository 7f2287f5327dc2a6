/**
 * Internal: the wire codec and queue topology shared by warren's producer and worker.
 * Public only so those modules can use it; not API, may change in any release.
 */
package dev.warren.common.internal;
