package io.kotanihub.sandbox.payments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Token-based name matching (§7.5, §21): middle names, initials and order are tolerated; threshold 70. */
class NameLookupTest {

    @Test
    void middleNamesInitialsAndOrderAreTolerated() {
        assertThat(NameLookup.match("Jane M Doe", "JANE MARY DOE", false).matched()).isTrue();
        assertThat(NameLookup.match("Jane Doe", "JANE MARY DOE", false).score()).isEqualTo(100);
        assertThat(NameLookup.match("doe, jane", "JANE MARY DOE", false).score()).isEqualTo(100);
        assertThat(NameLookup.match("J. Doe", "JANE MARY DOE", false).score()).isEqualTo(88);
    }

    @Test
    void otherNamesAndLoneSurnamesDoNotMatch() {
        NameLookup.Match other = NameLookup.match("John Smith", "JANE MARY DOE", false);
        assertThat(other.score()).isZero();
        assertThat(other.matched()).isFalse();
        assertThat(NameLookup.match("Doe", "JANE MARY DOE", false).score()).isEqualTo(50);
        assertThat(NameLookup.match("Jane Doe Smith", "JANE MARY DOE", false).score()).isEqualTo(67);
        assertThat(NameLookup.match("Jane Doe", "JANE MARY DOE", true).masked()).isTrue();
        assertThat(NameLookup.match("Jane Doe", "JANE MARY DOE", false).threshold()).isEqualTo(70);
    }

    @Test
    void maskingKeepsFirstLetters() {
        assertThat(NameLookup.mask("JANE MARY DOE")).isEqualTo("J*** M*** D**");
    }
}
