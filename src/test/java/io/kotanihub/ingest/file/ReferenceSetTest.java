package io.kotanihub.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReferenceSetTest {

    @Test
    void recognisesEveryRepeatAcrossGrowth() {
        ReferenceSet set = new ReferenceSet();
        for (int i = 0; i < 200_000; i++) {
            assertThat(set.add("pay-" + i)).isTrue();
        }
        assertThat(set.size()).isEqualTo(200_000);
        for (int i = 0; i < 200_000; i += 997) {
            assertThat(set.add("pay-" + i)).isFalse();
            assertThat(set.contains("pay-" + i)).isTrue();
        }
        assertThat(set.contains("pay-200000")).isFalse();
        assertThat(set.size()).isEqualTo(200_000);
    }

    @Test
    void fingerprintsDifferForSimilarReferencesAndAreNeverZero() {
        assertThat(ReferenceSet.fingerprint("pay-1")).isNotEqualTo(ReferenceSet.fingerprint("pay-2"));
        assertThat(ReferenceSet.fingerprint("ab")).isNotEqualTo(ReferenceSet.fingerprint("ba"));
        assertThat(ReferenceSet.fingerprint("")).isNotZero();
    }
}
