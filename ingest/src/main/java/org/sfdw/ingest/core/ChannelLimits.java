package org.sfdw.ingest.core;

import org.sfdw.spool.query.DataApiQuery;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The original's limits on one acquisition's channels: how many, how many cameras, no blanks or repeats. */
public record ChannelLimits(int maxChannels, int maxPictureChannels) {

    /** @throws RejectedException naming the limit and where the channels came from */
    public void check(List<String> channels, String source) {
        if (channels.size() > maxChannels) {
            throw new RejectedException(source + " lists " + channels.size() + " channels; the limit is " + maxChannels);
        }
        long pictures = channels.stream().filter(DataApiQuery::isPicture).count();
        if (pictures > maxPictureChannels) {
            throw new RejectedException(source + " lists " + pictures + " picture channels (ending "
                    + DataApiQuery.PICTURE_SUFFIX + "); the limit is " + maxPictureChannels);
        }
        Set<String> seen = new HashSet<>();
        for (String channel : channels) {
            if (channel.isBlank()) {
                throw new RejectedException(source + " has an empty channel name");
            }
            if (!seen.add(channel)) {
                throw new RejectedException(source + " lists channel " + channel + " twice");
            }
        }
    }
}
