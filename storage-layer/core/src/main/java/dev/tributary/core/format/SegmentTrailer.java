package dev.tributary.core.format;

/**
 * The decoded fixed-size trailer at the end of a segment object; see
 * {@link SegmentReader} for the layout. Immutable.
 *
 * @param footerPosition byte position of the footer within the object
 * @param footerLength   footer length in bytes
 * @param footerCrc      CRC-32C of the footer
 * @param dataCrc        CRC-32C of all chunk bytes, {@code [0, footerPosition)}
 * @param formatVersion  segment format version
 */
public record SegmentTrailer(long footerPosition, int footerLength, int footerCrc, int dataCrc, short formatVersion) {

    /** Size of the whole object this trailer describes. */
    public long segmentSize() {
        return footerPosition + footerLength + SegmentReader.TRAILER_SIZE;
    }
}
