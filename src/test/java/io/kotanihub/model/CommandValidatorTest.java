package io.kotanihub.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandValidatorTest {

    private static Recipient mobile(String phone, String network) {
        return new Recipient("Jane Doe", phone, network, null, null, null, null, null);
    }

    private static PaymentCommand command(String reference, PaymentMethod method, String amount, String currency,
                                          String country, Recipient recipient) {
        return new PaymentCommand(reference, PaymentType.PAYOUT, method, amount == null ? null : new BigDecimal(amount),
                currency, country, recipient, null, null, null);
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    @Test
    void aValidMobileMoneyPayoutHasNoViolations() {
        PaymentCommand ok = command("pay-001", PaymentMethod.MOBILE_MONEY, "1500.50", "KES", "KE",
                mobile("+254700000001", "MPESA"));
        assertThat(CommandValidator.validate(ok)).isEmpty();
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        PaymentCommand bad = command(null, PaymentMethod.MOBILE_MONEY, "-5", "XYZ", "K1",
                mobile("0712 345", null));
        List<Violation> violations = CommandValidator.validate(bad);
        assertThat(fields(violations)).containsExactlyInAnyOrder(
                "reference", "currency", "amount", "country", "recipient.phone", "recipient.network");
        assertThat(violations).extracting(Violation::message).allSatisfy(m -> assertThat(m).isNotBlank());
    }

    @Test
    void referenceMustBePresentShortAndOfASaneCharset() {
        Recipient r = mobile("+254700000001", "MPESA");
        assertThat(CommandValidator.validate(command(" ", PaymentMethod.MOBILE_MONEY, "1", "KES", "KE", r)))
                .containsExactly(new Violation("reference", "is required"));
        assertThat(fields(CommandValidator.validate(
                command("x".repeat(129), PaymentMethod.MOBILE_MONEY, "1", "KES", "KE", r)))).containsExactly("reference");
        assertThat(CommandValidator.validate(
                command("x".repeat(128), PaymentMethod.MOBILE_MONEY, "1", "KES", "KE", r))).isEmpty();
        for (String bad : List.of("=cmd|'/C calc'!A0", "-1", "pay/1", "pay 1", "pay;1", "päy")) {
            assertThat(fields(CommandValidator.validate(command(bad, PaymentMethod.MOBILE_MONEY, "1", "KES", "KE", r))))
                    .as(bad).containsExactly("reference");
        }
        assertThat(CommandValidator.validate(
                command("INV-2024.07:batch_3", PaymentMethod.MOBILE_MONEY, "1", "KES", "KE", r))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "KES, 100.25, true", "KES, 100.255, false", "KES, 100.250, true",
            "UGX, 5000, true", "UGX, 5000.5, false", "UGX, 5000.00, true",
            "RWF, 1000.1, false", "XOF, 250, true", "TZS, 1000.01, true", "USD, 0.01, true", "USD, 0.001, false",
            "GHS, 10.5, true", "ZAR, 99.99, true", "NGN, 1.234, false",
            "KES, 0, false", "KES, -1, false", "KES, 0.00, false",
            "KES, 12345678901234567, false", "KES, 1234567890123456, true"})
    void amountIsPositiveWithAtMostTheCurrencysMinorUnits(String currency, String amount, boolean valid) {
        PaymentCommand c = command("r1", PaymentMethod.BANK, amount, currency, "KE",
                new Recipient("Jane Doe", null, null, "01", "1000000001", null, null, null));
        List<Violation> violations = CommandValidator.validate(c);
        if (valid) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(fields(violations)).containsExactly("amount");
        }
    }

    @Test
    void minorUnitsAgreeWithTheJdksIso4217Table() {
        for (String code : List.of("KES", "UGX", "TZS", "RWF", "GHS", "NGN", "ZAR", "USD", "XOF", "XAF", "ZMW",
                "CDF", "EGP", "MWK", "ETB", "MZN", "LSL", "GNF")) {
            assertThat(CommandValidator.minorUnits(code)).as(code)
                    .contains(Currency.getInstance(code).getDefaultFractionDigits());
        }
        assertThat(CommandValidator.minorUnits("UGX")).contains(0);
        assertThat(CommandValidator.minorUnits("KES")).contains(2);
        assertThat(CommandValidator.minorUnits("BTC")).isEmpty();
    }

    @Test
    void missingAmountAndCurrencyAreReported() {
        PaymentCommand c = command("r1", PaymentMethod.MOBILE_MONEY, null, null, "KE", mobile("+254700000001", "MPESA"));
        assertThat(CommandValidator.validate(c)).containsExactly(
                new Violation("currency", "is required"), new Violation("amount", "is required"));
    }

    @ParameterizedTest
    @CsvSource({
            "+254700000001, KE", "+256700000010, UG", "+255700000011, TZ", "+233700000012, GH",
            "+27821234567, ZA", "+2348031234567, NG", "+250788123456, RW", "+2250701234567, CI",
            "+221771234567, SN", "+260971234567, ZM"})
    void countryIsDerivedFromTheCallingCodeWhenAbsent(String phone, String country) {
        assertThat(CommandValidator.countryOfPhone(phone)).contains(country);
        PaymentCommand c = CommandValidator.normalise(
                command("r1", PaymentMethod.MOBILE_MONEY, "10", "USD", null, mobile(phone, "mtn")));
        assertThat(c.country()).isEqualTo(country);
        assertThat(c.recipient().network()).isEqualTo("MTN");
        assertThat(CommandValidator.validate(c)).isEmpty();
    }

    @Test
    void normaliseStripsPhoneFormattingAndUpperCasesCodes() {
        PaymentCommand c = CommandValidator.normalise(command(" r1 ", null, "10", " kes", " ",
                new Recipient(" Jane ", "+254 (700) 000-001", "mpesa", " ", null, null, null, null)));
        assertThat(c.reference()).isEqualTo("r1");
        assertThat(c.method()).isEqualTo(PaymentMethod.MOBILE_MONEY);
        assertThat(c.currency()).isEqualTo("KES");
        assertThat(c.country()).isEqualTo("KE");
        assertThat(c.recipient().phone()).isEqualTo("+254700000001");
        assertThat(c.recipient().name()).isEqualTo("Jane");
        assertThat(c.recipient().bankCode()).isNull();
        assertThat(CommandValidator.validate(c)).isEmpty();
    }

    @Test
    void phoneMustBeE164AndMatchTheCountry() {
        for (String bad : List.of("0712345678", "254712345678", "+0712345678", "+2547", "+2547123456789012",
                "+25471234567a")) {
            PaymentCommand c = command("r1", PaymentMethod.MOBILE_MONEY, "10", "KES", "KE", mobile(bad, "MPESA"));
            assertThat(fields(CommandValidator.validate(c))).as(bad).containsExactly("recipient.phone");
        }
        PaymentCommand elsewhere = command("r1", PaymentMethod.MOBILE_MONEY, "10", "KES", "KE",
                mobile("+256700000001", "MTN"));
        assertThat(CommandValidator.validate(elsewhere)).extracting(Violation::field, Violation::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("recipient.phone",
                        "is a number of UG, but the country is KE"));
        PaymentCommand underivable = CommandValidator.normalise(
                command("r1", PaymentMethod.MOBILE_MONEY, "10", "KES", null, mobile("+999700000001", "MTN")));
        assertThat(fields(CommandValidator.validate(underivable))).containsExactly("country");
    }

    @Test
    void countryMustBeIsoAlpha2() {
        Recipient r = new Recipient("Jane", null, null, "01", "1000000001", null, null, null);
        assertThat(fields(CommandValidator.validate(command("r1", PaymentMethod.BANK, "1", "KES", "KEN", r))))
                .containsExactly("country");
        assertThat(fields(CommandValidator.validate(command("r1", PaymentMethod.BANK, "1", "KES", "XX", r))))
                .containsExactly("country");
        assertThat(CommandValidator.validate(command("r1", PaymentMethod.BANK, "1", "KES", null, r)))
                .containsExactly(new Violation("country", "is required"));
        assertThat(CommandValidator.validate(command("r1", PaymentMethod.BANK, "1", "ZAR", "ZA", r))).isEmpty();
    }

    @Test
    void mobileMoneyNeedsPhoneAndAKnownNetwork() {
        assertThat(fields(CommandValidator.validate(command("r1", PaymentMethod.MOBILE_MONEY, "1", "KES", "KE",
                null)))).containsExactly("recipient.phone", "recipient.network");
        assertThat(fields(CommandValidator.validate(command("r1", PaymentMethod.MOBILE_MONEY, "1", "KES", "KE",
                mobile("+254700000001", "TELKOMX"))))).containsExactly("recipient.network");
    }

    @Test
    void bankNeedsBankCodeAccountNumberAndName() {
        assertThat(CommandValidator.validate(command("r1", PaymentMethod.BANK, "1", "KES", "KE",
                new Recipient(null, null, null, null, null, null, null, null)))).containsExactly(
                new Violation("recipient.bankCode", "is required for bank payments"),
                new Violation("recipient.accountNumber", "is required for bank payments"),
                new Violation("recipient.name", "is required for bank payments"));
        assertThat(fields(CommandValidator.validate(command("r1", PaymentMethod.BANK, "1", "KES", "KE",
                new Recipient("Jane", null, null, "0 1", "12", null, null, null)))))
                .containsExactly("recipient.bankCode", "recipient.accountNumber");
    }

    @Test
    void paybillNeedsNumberAndAccountReferenceInKenyaAndKes() {
        assertThat(fields(CommandValidator.validate(command("r1", PaymentMethod.PAYBILL, "1", "KES", "KE",
                new Recipient(null, null, null, null, null, null, null, null)))))
                .containsExactly("recipient.paybillNumber", "recipient.accountReference");
        assertThat(CommandValidator.validate(command("r1", PaymentMethod.PAYBILL, "1", "KES", "KE",
                new Recipient(null, null, null, null, null, "400200", "ACC-1", null)))).isEmpty();
        assertThat(fields(CommandValidator.validate(command("r1", PaymentMethod.PAYBILL, "1", "UGX", "UG",
                new Recipient(null, null, null, null, null, "40a200", "ACC-1", null)))))
                .containsExactly("recipient.paybillNumber", "currency", "country");
    }

    @Test
    void tillNeedsATillNumber() {
        assertThat(fields(CommandValidator.validate(command("r1", PaymentMethod.TILL, "1", "KES", "KE",
                null)))).containsExactly("recipient.tillNumber");
        assertThat(CommandValidator.validate(command("r1", PaymentMethod.TILL, "1", "KES", "KE",
                new Recipient(null, null, null, null, null, null, null, "174379")))).isEmpty();
    }

    @Test
    void aNullCommandIsOneViolation() {
        assertThat(CommandValidator.validate(null)).containsExactly(new Violation("command", "is required"));
    }
}
