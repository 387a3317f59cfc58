package org.sfdw.workers.core;

import org.junit.jupiter.api.Test;
import org.sfdw.spool.testing.Fixtures;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataApiResponseReaderTest {

    private final DataApiResponseReader reader = new DataApiResponseReader();

    private List<ChannelData> read(String json) throws IOException {
        return reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheRealSampleWhoseKeysComeDataFirst() throws IOException {
        List<ChannelData> channels = reader.read(Files.newInputStream(
                Fixtures.path("data-api/dispatching_layer_sample.json")));

        assertThat(channels).extracting(ChannelData::name).containsExactly(
                "SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-CALIBRATED", "SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-MAX",
                "SAROP21-CVME-PBPS2:Lnk9Ch6-DATA-MIN", "SCALAR_MISSING_DATA", "ARRAY_MISSING_DATA",
                "SCALAR_NO_DATA", "ARRAY_NO_DATA");
        ChannelData calibrated = channels.get(0);
        assertThat(calibrated.type()).isEqualTo(ChannelType.FLOAT32);
        assertThat(calibrated.shape()).containsExactly(1024);
        assertThat(calibrated.events()).isEqualTo(19);
        assertThat(calibrated.values().size()).isEqualTo(19 * 1024);
        assertThat(calibrated.pulseIdAt(0)).isEqualTo(5721143344L);
        assertThat(calibrated.pulseIdAt(18)).isEqualTo(5721143416L);
        assertThat(calibrated.globalDateAt(0)).isEqualTo("2018-06-08T14:04:51.551143344+02:00");
        assertThat(channels.get(4).events()).isEqualTo(3);
        assertThat(channels.get(5).events()).isZero();
    }

    @Test
    void streamsValuesWhenConfigsComeFirstAndFlattensNestedLists() throws IOException {
        List<ChannelData> channels = read("[{\"channel\":{\"name\":\"IMG\"},\"configs\":[{\"type\":\"uint16\","
                + "\"shape\":[3,2]}],\"data\":[{\"pulseId\":10,\"globalDate\":\"d\",\"value\":[[1,2,3],[4,5,65535]]}]},"
                + "{\"channel\":{\"name\":\"U64\"},\"configs\":[{\"type\":\"uint64\",\"shape\":[1]}],"
                + "\"data\":[{\"pulseId\":\"11\",\"value\":18446744073709551615}]}]");

        ChannelData image = channels.get(0);
        assertThat(image.eventDimensions()).containsExactly(2, 3);
        assertThat(image.values().longAt(5)).isEqualTo(65535);
        assertThat(channels.get(1).pulseIdAt(0)).isEqualTo(11);
        assertThat(channels.get(1).values().longAt(0)).isEqualTo(-1L);
        assertThat(channels.get(1).globalDateAt(0)).isEqualTo("0");
    }

    @Test
    void aChannelWithoutConfigsIsLeftOut() throws IOException {
        assertThat(read("[{\"channel\":{\"name\":\"GONE\"},\"configs\":[],\"data\":[]}]")).isEmpty();
    }

    @Test
    void errorsSayWhatIsWrongWithTheResponse() {
        assertThatThrownBy(() -> read("[]")).hasMessage("Received data from data_api is empty");
        assertThatThrownBy(() -> read("{\"status\":500,\"error\":\"Internal Server Error\"}"))
                .hasMessageStartingWith("Server returned error: ");
        assertThatThrownBy(() -> read("{\"a\":1}")).hasMessage("Server returned a dict (keys: [a]), but a list was expected.");
        assertThatThrownBy(() -> read("[{\"channel\":{\"name\":\"X\"},\"configs\":[{\"type\":\"float64\",\"shape\":[2]}],"
                + "\"data\":[{\"pulseId\":1,\"value\":[1.0]}]}]"))
                .hasMessage("channel X pulse 1: 1 values, but its shape [2] needs 2");
        assertThatThrownBy(() -> read("[{\"channel\":{\"name\":\"X\"},\"configs\":[{\"type\":\"complex\"}],\"data\":[]}]"))
                .hasMessageContaining("unknown channel type 'complex'");
        assertThatThrownBy(() -> read("[{\"channel\": ")).isInstanceOf(DataApiResponseException.class);
        assertThatThrownBy(() -> read("[{\"channel\":{\"name\":\"X\"},\"configs\":[{\"type\":\"int32\"}],"
                + "\"data\":[{\"pulseId\":1,\"value\":\"abc\"}]}]"))
                .isInstanceOf(DataApiResponseException.class).hasMessageContaining("channel X (int32)");
    }
}
