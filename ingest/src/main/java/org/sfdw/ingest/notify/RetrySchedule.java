package org.sfdw.ingest.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * How long to wait before the next attempt at a notification: doubling from {@code first} up to {@code longest},
 * until {@code budget} has passed since the first attempt; then the notification has failed.
 */
public record RetrySchedule(Duration first, Duration longest, Duration budget) {

    public RetrySchedule {
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || budget.isNegative()) {
            throw new IllegalArgumentException("a retry schedule needs 0 < first <= longest and a budget >= 0, not "
                    + first + ", " + longest + ", " + budget);
        }
    }

    /**
     * @param attempts how many attempts were made so far (at least one)
     * @param sinceFirst how long ago the first of them was made
     * @return the wait before the next attempt, or empty when the budget does not allow another
     */
    public Optional<Duration> next(int attempts, Duration sinceFirst) {
        Duration wait = first;
        for (int i = 1; i < attempts && wait.compareTo(longest) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (wait.compareTo(longest) > 0) {
            wait = longest;
        }
        return sinceFirst.plus(wait).compareTo(budget) > 0 ? Optional.empty() : Optional.of(wait);
    }
}
