package io.kotanihub.ingest.file;

/**
 * A compact set of reference fingerprints (64-bit hashes, open addressing, about 16 bytes per reference), so that a
 * million-row file can be checked for repeated references without holding its references. A fingerprint seen
 * twice is only a suspect: the caller confirms it against the exact strings of the suspect rows.
 */
final class ReferenceSet {

    private static final long EMPTY = 0L;

    private long[] table = new long[1 << 12];
    private int size;

    /** Adds the reference's fingerprint; false when the fingerprint was there already (a suspected repeat). */
    boolean add(String reference) {
        return addFingerprint(fingerprint(reference));
    }

    boolean contains(String reference) {
        long key = fingerprint(reference);
        int mask = table.length - 1;
        for (int i = (int) key & mask; ; i = (i + 1) & mask) {
            if (table[i] == EMPTY) {
                return false;
            }
            if (table[i] == key) {
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private boolean addFingerprint(long key) {
        if (size * 2 >= table.length) {
            grow();
        }
        int mask = table.length - 1;
        for (int i = (int) key & mask; ; i = (i + 1) & mask) {
            if (table[i] == EMPTY) {
                table[i] = key;
                size++;
                return true;
            }
            if (table[i] == key) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (long key : old) {
            if (key != EMPTY) {
                addFingerprint(key);
            }
        }
    }

    /** FNV-1a over the UTF-16 units, finished with MurmurHash3's 64-bit mix; never 0 (the empty slot). */
    static long fingerprint(String reference) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < reference.length(); i++) {
            h ^= reference.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == EMPTY ? 1L : h;
    }
}
