package org.sfdw.workers.core;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to ask the data api again after a transient failure: exponential backoff from {@code initialBackoff},
 * capped at {@code maxBackoff}, with jitter (each wait is between half and all of the backoff, so writers that failed
 * together do not retry together), until {@code budget} has passed since the first attempt.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration budget, RandomGenerator random) {

    /**
     * @param failedAttempts attempts made so far (1 after the first failure)
     * @param elapsed        time since the first attempt started
     * @return how long to wait before the next attempt, or empty when the budget does not allow another one
     */
    public Optional<Duration> nextDelay(int failedAttempts, Duration elapsed) {
        long base = initialBackoff.toMillis();
        for (int i = 1; i < failedAttempts && base < maxBackoff.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxBackoff.toMillis());
        long delay = base / 2 + random.nextLong(base - base / 2 + 1);
        Duration wait = Duration.ofMillis(delay);
        if (elapsed.plus(wait).compareTo(budget) > 0) {
            return Optional.empty();
        }
        return Optional.of(wait);
    }
}
