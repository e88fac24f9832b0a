package io.kotanihub.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogMaskerTest {

    @Test
    void phoneAndAccountNumbersKeepOnlyTheirLastThreeDigits() {
        assertThat(LogMasker.mask("paying +254700000010 now")).isEqualTo("paying +*********010 now");
        assertThat(LogMasker.mask("account 1000000005 failed")).isEqualTo("account *******005 failed");
        assertThat(LogMasker.mask("{\"phone_number\":\"+256700000001\"}")).doesNotContain("256700000001");
        assertThat(LogMasker.mask("phone=254 700 000 001")).doesNotContain("700 000");
    }

    @Test
    void shortNumbersIdsAndAmountsStay() {
        assertThat(LogMasker.mask("exchange 9F6245600A08B58-0000000000000024")).isEqualTo("exchange 9F6245600A08B58-0000000000000024");
        String line = "batch b-12 row 42 amount 1500.50 KES id 64a1b2c3d4e5f6a7b8c9d0e1 at 2026-11-23T10:00:00Z";
        assertThat(LogMasker.mask(line)).isEqualTo(line);
    }

    @Test
    void keysSecretsTokensAndSignaturesAreHidden() {
        assertThat(LogMasker.mask("Authorization: Bearer sk_live_abcdef123")).doesNotContain("abcdef123");
        assertThat(LogMasker.mask("secret whsec_sandbox_local used")).isEqualTo("secret whsec_**** used");
        assertThat(LogMasker.mask("key sk_sandbox_local")).isEqualTo("key sk_****");
        assertThat(LogMasker.mask("X-Kotani-Signature: sha256=490d63b6195ad2e82e22b92612e42532bd4e1a453caec39103a61d9748fb7239"))
                .isEqualTo("X-Kotani-Signature: sha256=****");
        assertThat(LogMasker.mask("webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="))
                .isEqualTo("webhook-signature: v1,****");
        assertThat(LogMasker.mask("{\"webhook_secret\":\"abc\",\"api_key\":\"xyz\"}"))
                .isEqualTo("{\"webhook_secret\":\"****\",\"api_key\":\"****\"}");
        assertThat(LogMasker.mask("password=hunter2 next")).isEqualTo("password=**** next");
    }

    @Test
    void numbersFormattedByCallersAreMasked() {
        assertThat(LogMasker.number("+254700000001")).isEqualTo("+*********001");
        assertThat(LogMasker.number("12")).isEqualTo("***");
        assertThat(LogMasker.number(null)).isNull();
    }

    @Test
    void numbersInUrlsAtTheEndOfASentenceAndWithSeparatorsAreMaskedToo() {
        assertThat(LogMasker.mask("GET /api/v3/customer/mobile-money/phone/%2B254700000001 failed"))
                .isEqualTo("GET /api/v3/customer/mobile-money/phone/%2B*********001 failed");
        assertThat(LogMasker.mask("phone/%2b256700000013")).doesNotContain("256700000013");
        assertThat(LogMasker.mask("failed for account 1000000005.")).isEqualTo("failed for account *******005.");
        assertThat(LogMasker.mask("call +254-700-000-001 now")).doesNotContain("700").contains("001");
        assertThat(LogMasker.mask("call +254 (0) 700.000.021")).doesNotContain("700").contains("021");
        assertThat(LogMasker.mask("amount 1234567890.50 KES")).isEqualTo("amount 1234567890.50 KES");
        String ids = "batch 572cee53-893f-448c-bb29-e638d5bda908 at 2026-11-23T20:52:28.212Z";
        assertThat(LogMasker.mask(ids)).isEqualTo(ids);
    }

    @Test
    void secretsInEscapedJsonPlainSignaturesAndAuthorizationHeadersAreHidden() {
        assertThat(LogMasker.mask("body {\\\"api_key\\\":\\\"abc123\\\",\\\"webhookSecret\\\":\\\"s3cr3t\\\"}"))
                .doesNotContain("abc123").doesNotContain("s3cr3t");
        assertThat(LogMasker.mask("signature=4f1a2b3c4d5e6f70 received")).isEqualTo("signature=**** received");
        assertThat(LogMasker.mask("{\"signature\":\"4f1a2b3c\"}")).isEqualTo("{\"signature\":\"****\"}");
        assertThat(LogMasker.mask("X-Kotani-Signature: sha256=490d63b6195ad2e82e22b926"))
                .isEqualTo("X-Kotani-Signature: sha256=****");
        assertThat(LogMasker.mask("Authorization: Basic dXNlcjpwYXNzd29yZA==")).doesNotContain("dXNlcjpwYXNzd29yZA");
        assertThat(LogMasker.mask("clientSecret: abc-def")).isEqualTo("clientSecret: ****");
    }
}
