package org.sfdw.workers.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetrievalDelayTest {

    private final RetrievalDelay delay = new RetrievalDelay(Duration.ofSeconds(30));
    private final long now = 1_764_000_000_000L;

    @Test
    void aFreshRequestWaitsTheRestOfTheDelayAndAnOldOneNothing() {
        assertThat(delay.before(now / 1000.0, now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(delay.before(now / 1000.0 - 12, now)).isEqualTo(Duration.ofSeconds(18));
        assertThat(delay.before(now / 1000.0 - 30, now)).isEqualTo(Duration.ZERO);
        assertThat(delay.before(now / 1000.0 - 86_400 * 365, now)).as("a year old").isEqualTo(Duration.ZERO);
    }

    @Test
    void aTimestampInTheFutureOrNotANumberNeverWaitsLongerThanTheDelay() {
        assertThat(delay.before(now / 1000.0 + 3600, now)).as("an hour ahead").isEqualTo(Duration.ofSeconds(30));
        assertThat(delay.before(Double.MAX_VALUE, now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(delay.before(Double.NaN, now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(delay.before(Double.POSITIVE_INFINITY, now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(delay.before(Double.NEGATIVE_INFINITY, now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(new RetrievalDelay(Duration.ZERO).before(now / 1000.0 + 3600, now)).isEqualTo(Duration.ZERO);
    }
}
