package org.sfdw.workers.dataapi;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** Rawevent times printed as the data api prints globalDate, through both of the formatter's caches. */
class GlobalDatesTest {

    private static final long T = 1_528_459_491_551_143_344L;   // 2018-06-08T12:04:51.551143344Z

    @Test
    void printsTheRecordedSamplesFormInTheServerZone() {
        GlobalDates dates = new GlobalDates(ZoneId.of("Europe/Zurich"));
        assertThat(dates.format(T)).isEqualTo("2018-06-08T14:04:51.551143344+02:00");
        // The same time again (the next channel of a rawevent row), then one in the same second, then the next second.
        assertThat(dates.format(T)).isEqualTo("2018-06-08T14:04:51.551143344+02:00");
        assertThat(dates.format(T - 551_000_000L)).isEqualTo("2018-06-08T14:04:51.000143344+02:00");
        assertThat(dates.format(T + 449_000_000L)).isEqualTo("2018-06-08T14:04:52.000143344+02:00");
        assertThat(dates.format(T)).isEqualTo("2018-06-08T14:04:51.551143344+02:00");
    }

    @Test
    void winterTimeHasItsOwnOffset() {
        GlobalDates dates = new GlobalDates(ZoneId.of("Europe/Zurich"));
        long january = T - 148L * 86_400 * 1_000_000_000L;
        assertThat(dates.format(january)).isEqualTo("2018-01-11T13:04:51.551143344+01:00");
    }
}
