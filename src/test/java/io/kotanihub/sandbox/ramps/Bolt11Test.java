package io.kotanihub.sandbox.ramps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The sandbox's BOLT 11 reader against the specification's published example invoices, and its writer. */
class Bolt11Test {

    /** BOLT 11 examples (lightning/bolts, 11-payment-encoding.md): "donation of any amount" and "20 mBTC". */
    static final String DONATION = "lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5"
            + "sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq8rkx3yf5tcsyz3d73gafnh3cax9rn449d9p5uxz9ezhhypd0el"
            + "x87sjle52x86fux2ypatgddc6k63n7erqz25le42c4u4ecky03ylcqca784w";
    static final String TWENTY_MBTC = "lnbc20m1pvjluezhp58yjmdan79s6qqdhdzgynm4zwqd5d7xmw5fk98klysy043l2ahrqspp5qq"
            + "qsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqfppqw508d6qejxtdg4y5r3zarvary0c5xw7kepvrhrm9s57hejg0"
            + "p662ur5j5cr03890fa7k2pypgttmh4897d3raaq85a293e9jpuqwl0rnfuwzam7yr8e690nd2ypcq9hlkdwdvycqa0qza8";
    static final String SPEC_HASH = "0001020304050607080900010203040506070809000102030405060708090102";

    @Test
    void readsTheSpecificationExamples() {
        Bolt11.Invoice donation = Bolt11.decode(DONATION).orElseThrow();
        assertThat(donation.network()).isEqualTo("bc");
        assertThat(donation.amountMsat()).isNull();
        assertThat(donation.createdAt()).isEqualTo(Instant.ofEpochSecond(1496314658L));
        assertThat(donation.expirySeconds()).isEqualTo(3600);
        assertThat(donation.paymentHash()).isEqualTo(SPEC_HASH);

        Bolt11.Invoice twenty = Bolt11.decode(TWENTY_MBTC).orElseThrow();
        assertThat(twenty.amountMsat()).isEqualTo(2_000_000_000L);
        assertThat(twenty.paymentHash()).isEqualTo(SPEC_HASH);
    }

    @Test
    void refusesABrokenChecksumOrMixedCase() {
        assertThat(Bolt11.decode(DONATION.substring(0, DONATION.length() - 1) + "q")).isEmpty();
        assertThat(Bolt11.decode("LNBC" + DONATION.substring(4))).isEmpty();
        assertThat(Bolt11.decode(DONATION.toUpperCase())).isPresent();
        assertThat(Bolt11.decode("lnbc1qqqq")).isEmpty();
        assertThat(Bolt11.decode(null)).isEmpty();
    }

    @Test
    void writesInvoicesItCanReadBack() {
        Instant created = Instant.ofEpochSecond(1_700_000_000L);
        for (long msat : new long[] {1, 150, 50_000_000L, 250_000_000L, 1_234_567_890L}) {
            String invoice = Bolt11.encode(msat, created, 900, "ab".repeat(32), "refund of TXN-001");
            Bolt11.Invoice read = Bolt11.decode(invoice).orElseThrow();
            assertThat(read.amountMsat()).isEqualTo(msat);
            assertThat(read.createdAt()).isEqualTo(created);
            assertThat(read.expiresAt()).isEqualTo(created.plusSeconds(900));
            assertThat(read.paymentHash()).isEqualTo("ab".repeat(32));
        }
        assertThat(Bolt11.encode(50_000_000L, created, 60, "00".repeat(32), "x")).startsWith("lnbc500u1");
        assertThat(Bolt11.encode(200_000_000_000L, created, 60, "00".repeat(32), "x")).startsWith("lnbc2000m1");
    }
}
