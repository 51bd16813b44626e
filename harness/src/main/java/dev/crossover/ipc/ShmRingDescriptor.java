package dev.crossover.ipc;

/**
 * Layout of a {@link ShmRing} in shared memory; every offset in bytes from the ring's start.
 *
 * <pre>
 *   0   META   magic, capacity, producer and consumer identity, closed flags   (128-byte pair)
 * 128   (padding, so META never shares a line pair with TAIL)
 * 256   TAIL   producer position, written only by the producer                 (128-byte pair)
 * 384   (padding)
 * 512   HEAD   consumer position, written only by the consumer                 (128-byte pair)
 * 640   (padding)
 * 768   DATA   capacity bytes of records
 * </pre>
 *
 * Head and tail sit on separate 128-byte pairs (the adjacent-line prefetcher pulls lines in pairs)
 * so producer and consumer never write the same cache line. Positions are byte counts since the
 * ring was formatted and only grow; {@code position & (capacity - 1)} is the index into DATA.
 *
 * <p>A record: an 8-byte header ({@code int} payload length, {@code int} type) then the payload,
 * padded to {@link #ALIGNMENT}. A record never wraps: when it does not fit before the end of DATA the
 * producer fills the rest with a {@link #PADDING_TYPE} record and writes the record at index 0. That
 * costs at most one record's space, so the largest payload is {@code capacity / 2 - HEADER_LENGTH}.
 */
public final class ShmRingDescriptor {

    private ShmRingDescriptor() {
    }

    /** Bytes the adjacent-line prefetcher treats as one unit on x86. */
    public static final int CACHE_LINE_PAIR = 128;

    /** {@code long}: identifies a formatted ring ({@link #MAGIC}). */
    public static final int MAGIC_OFFSET = 0;
    /** {@code int}: data capacity in bytes, a power of two. */
    public static final int CAPACITY_OFFSET = 8;
    /** {@code long}: producer's {@link ProcessIdentity#packed()}, 0 until one attaches. */
    public static final int PRODUCER_ID_OFFSET = 16;
    /** {@code long}: consumer's {@link ProcessIdentity#packed()}, 0 until one attaches. */
    public static final int CONSUMER_ID_OFFSET = 24;
    /** {@code int}: 1 once the producer closed its side (no more records will come). */
    public static final int PRODUCER_CLOSED_OFFSET = 32;
    /** {@code int}: 1 once the consumer closed its side (no more records will be read). */
    public static final int CONSUMER_CLOSED_OFFSET = 36;
    /**
     * {@code int}: 1 while the consumer is about to block on an out-of-band doorbell (see
     * {@link RingChannel}); a producer that sees it after publishing clears it and rings.
     */
    public static final int CONSUMER_WAITING_OFFSET = 40;

    /** {@code long}: producer position, published with release, read with acquire. */
    public static final int TAIL_OFFSET = 2 * CACHE_LINE_PAIR;
    /** {@code long}: consumer position, published with release, read with acquire. */
    public static final int HEAD_OFFSET = 4 * CACHE_LINE_PAIR;
    /** Start of the record data. */
    public static final int DATA_OFFSET = 6 * CACHE_LINE_PAIR;

    /** Record header: {@code int} length then {@code int} type. */
    public static final int HEADER_LENGTH = 8;
    /** Offset of the length inside a record header. */
    public static final int LENGTH_FIELD = 0;
    /** Offset of the type inside a record header. */
    public static final int TYPE_FIELD = 4;
    /** Records start on multiples of this, so headers are aligned ints. */
    public static final int ALIGNMENT = 8;
    /** Type of the filler record before a wrap; consumers skip it. User types must be >= 0. */
    public static final int PADDING_TYPE = -1;

    /** "XOVRING1" in ASCII. */
    public static final long MAGIC = 0x584F_5652_494E_4731L;

    /** Smallest capacity: room for a useful record after the header. */
    public static final int MIN_CAPACITY = 64;

    /** Bytes of shared memory a ring of {@code capacity} needs. */
    public static long totalLength(int capacity) {
        return DATA_OFFSET + (long) capacity;
    }

    /** Largest payload a ring of {@code capacity} accepts. */
    public static int maxPayload(int capacity) {
        return capacity / 2 - HEADER_LENGTH;
    }

    /** Bytes a record of {@code payload} bytes occupies, header and padding included. */
    public static int recordLength(int payload) {
        return (HEADER_LENGTH + payload + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** Throws unless {@code capacity} is a power of two of at least {@link #MIN_CAPACITY}. */
    public static void checkCapacity(int capacity) {
        if (capacity < MIN_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= " + MIN_CAPACITY
                    + " bytes, got " + capacity + "; try " + Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, capacity)) * 2));
        }
    }
}
