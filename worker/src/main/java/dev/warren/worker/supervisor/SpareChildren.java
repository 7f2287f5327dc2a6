package dev.warren.worker.supervisor;

/**
 * {@code WARREN_SPARE_CHILDREN} ({@code warren.spare-children}, {@link SupervisorConfig#getSpareChildren()}): how many
 * warm spare children the pool keeps beside its slots ({@link PoolSpares}); default {@value #DEFAULT}, 0 disables
 * them. {@link SettingsCheck} refuses a value that is not a whole number from 0 to {@value #MAX} (exit 78).
 */
final class SpareChildren {
    static final int DEFAULT = 1;
    static final int MAX = 64;

    private SpareChildren() {}
}
