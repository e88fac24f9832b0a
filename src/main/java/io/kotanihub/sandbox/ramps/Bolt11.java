package io.kotanihub.sandbox.ramps;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Just enough of BOLT 11 (Lightning invoices) for the sandbox: it writes the invoices it shows as Lightning escrow
 * addresses, and it reads the refund invoices integrators submit (§13.2/§13.3): amount from the human-readable part,
 * creation time, expiry ({@code x}, default 3600 s) and payment hash ({@code p}) from the tagged fields, with the
 * bech32 checksum verified. Node signatures are not checked (the sandbox has no Lightning node).
 */
public final class Bolt11 {

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    private static final long DEFAULT_EXPIRY_SECONDS = 3600;

    /** What the sandbox reads from an invoice. {@code amountMsat} is null for "any amount" invoices. */
    public record Invoice(String network, Long amountMsat, Instant createdAt, long expirySeconds, String paymentHash) {
        public Instant expiresAt() {
            return createdAt.plusSeconds(expirySeconds);
        }
    }

    private Bolt11() { }

    /** Decodes {@code text}; empty when it is not a well-formed BOLT 11 invoice. */
    public static Optional<Invoice> decode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String invoice = text.trim();
        if (!invoice.equals(invoice.toLowerCase(Locale.ROOT)) && !invoice.equals(invoice.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        invoice = invoice.toLowerCase(Locale.ROOT);
        int separator = invoice.lastIndexOf('1');
        if (!invoice.startsWith("ln") || separator < 4 || invoice.length() - separator - 1 < 7 + 104 + 6) {
            return Optional.empty();
        }
        String hrp = invoice.substring(0, separator);
        int[] words = new int[invoice.length() - separator - 1];
        for (int i = 0; i < words.length; i++) {
            int word = CHARSET.indexOf(invoice.charAt(separator + 1 + i));
            if (word < 0) {
                return Optional.empty();
            }
            words[i] = word;
        }
        if (polymod(concat(expandHrp(hrp), words)) != 1) {
            return Optional.empty();
        }
        return parse(hrp, words);
    }

    private static Optional<Invoice> parse(String hrp, int[] words) {
        int digits = 2;
        while (digits < hrp.length() && Character.isLetter(hrp.charAt(digits))) {
            digits++;
        }
        String network = hrp.substring(2, digits);
        String amountPart = hrp.substring(digits);
        Long amountMsat = null;
        if (!amountPart.isEmpty()) {
            char last = amountPart.charAt(amountPart.length() - 1);
            String number = Character.isDigit(last) ? amountPart : amountPart.substring(0, amountPart.length() - 1);
            if (number.isEmpty() || !number.chars().allMatch(Character::isDigit) || number.startsWith("0")) {
                return Optional.empty();
            }
            BigInteger value = new BigInteger(number);
            BigInteger msat = switch (last) {
                case 'm' -> value.multiply(BigInteger.valueOf(100_000_000L));
                case 'u' -> value.multiply(BigInteger.valueOf(100_000L));
                case 'n' -> value.multiply(BigInteger.valueOf(100L));
                case 'p' -> value.mod(BigInteger.TEN).signum() == 0 ? value.divide(BigInteger.TEN) : null;
                default -> Character.isDigit(last) ? value.multiply(BigInteger.valueOf(100_000_000_000L)) : null;
            };
            if (msat == null || msat.bitLength() > 62) {
                return Optional.empty();
            }
            amountMsat = msat.longValue();
        }
        int dataEnd = words.length - 6 - 104;
        long timestamp = 0;
        for (int i = 0; i < 7; i++) {
            timestamp = (timestamp << 5) | words[i];
        }
        long expiry = DEFAULT_EXPIRY_SECONDS;
        String paymentHash = null;
        int at = 7;
        while (at + 3 <= dataEnd) {
            int type = words[at];
            int length = words[at + 1] * 32 + words[at + 2];
            int start = at + 3;
            if (start + length > dataEnd) {
                return Optional.empty();
            }
            if (type == 6) {
                expiry = 0;
                for (int i = 0; i < length; i++) {
                    expiry = (expiry << 5) | words[start + i];
                }
            } else if (type == 1 && length == 52) {
                paymentHash = HexFormat.of().formatHex(toBytes(words, start, length));
            }
            at = start + length;
        }
        if (at != dataEnd) {
            return Optional.empty();
        }
        return Optional.of(new Invoice(network, amountMsat, Instant.ofEpochSecond(timestamp), expiry, paymentHash));
    }

    /**
     * Writes a mainnet invoice for {@code amountMsat} created at {@code createdAt}, valid for {@code expirySeconds},
     * with this payment hash (64 hex) and description; the signature is random (no node key).
     */
    public static String encode(long amountMsat, Instant createdAt, long expirySeconds, String paymentHash,
                                String description) {
        String hrp = "lnbc" + amount(amountMsat);
        List<Integer> data = new ArrayList<>();
        long timestamp = createdAt.getEpochSecond();
        for (int i = 6; i >= 0; i--) {
            data.add((int) ((timestamp >>> (5 * i)) & 31));
        }
        tagged(data, 1, toWords(HexFormat.of().parseHex(paymentHash)));
        tagged(data, 13, toWords(description.getBytes(StandardCharsets.UTF_8)));
        tagged(data, 6, integerWords(expirySeconds));
        byte[] signature = new byte[65];
        ThreadLocalRandom.current().nextBytes(signature);
        signature[64] = 0;
        int[] sig = toWords(signature);
        for (int i = 0; i < 104; i++) {
            data.add(i < sig.length ? sig[i] : 0);
        }
        int[] values = data.stream().mapToInt(Integer::intValue).toArray();
        int[] checksumInput = concat(concat(expandHrp(hrp), values), new int[6]);
        int mod = polymod(checksumInput) ^ 1;
        StringBuilder out = new StringBuilder(hrp).append('1');
        for (int value : values) {
            out.append(CHARSET.charAt(value));
        }
        for (int i = 0; i < 6; i++) {
            out.append(CHARSET.charAt((mod >>> (5 * (5 - i))) & 31));
        }
        return out.toString();
    }

    private static String amount(long msat) {
        if (msat % 100_000_000L == 0) {
            return (msat / 100_000_000L) + "m";
        }
        if (msat % 100_000L == 0) {
            return (msat / 100_000L) + "u";
        }
        if (msat % 100L == 0) {
            return (msat / 100L) + "n";
        }
        return (msat * 10) + "p";
    }

    private static void tagged(List<Integer> data, int type, int[] words) {
        data.add(type);
        data.add(words.length / 32);
        data.add(words.length % 32);
        for (int word : words) {
            data.add(word);
        }
    }

    private static int[] integerWords(long value) {
        List<Integer> words = new ArrayList<>();
        long rest = value;
        do {
            words.add(0, (int) (rest & 31));
            rest >>>= 5;
        } while (rest > 0);
        return words.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] toWords(byte[] bytes) {
        List<Integer> words = new ArrayList<>();
        int accumulator = 0;
        int bits = 0;
        for (byte b : bytes) {
            accumulator = (accumulator << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                words.add((accumulator >>> bits) & 31);
            }
        }
        if (bits > 0) {
            words.add((accumulator << (5 - bits)) & 31);
        }
        return words.stream().mapToInt(Integer::intValue).toArray();
    }

    private static byte[] toBytes(int[] words, int start, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int accumulator = 0;
        int bits = 0;
        for (int i = start; i < start + length; i++) {
            accumulator = (accumulator << 5) | words[i];
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write((accumulator >>> bits) & 0xff);
            }
        }
        return out.toByteArray();
    }

    private static int[] expandHrp(String hrp) {
        int[] out = new int[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = hrp.charAt(i) >> 5;
            out[i + hrp.length() + 1] = hrp.charAt(i) & 31;
        }
        return out;
    }

    private static int polymod(int[] values) {
        int checksum = 1;
        for (int value : values) {
            int top = checksum >>> 25;
            checksum = ((checksum & 0x1ffffff) << 5) ^ value;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    checksum ^= GENERATOR[i];
                }
            }
        }
        return checksum;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
