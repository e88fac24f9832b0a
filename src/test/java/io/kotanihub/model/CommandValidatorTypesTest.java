package io.kotanihub.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The validation rules of collections, onramps and offramps, and of the {@code crypto} member. */
class CommandValidatorTypesTest {

    private static final String CELO_WALLET = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    private static Recipient person() {
        return new Recipient("Jane Doe", "+254700000001", "MPESA", null, null, null, null, null);
    }

    private static PaymentCommand command(PaymentType type, PaymentMethod method, String amount, String currency,
                                          Recipient recipient, CryptoLeg crypto) {
        return CommandValidator.normalise(new PaymentCommand("ref-1", type, method, new BigDecimal(amount), currency,
                null, recipient, null, null, null, crypto));
    }

    private static List<String> fields(PaymentCommand command) {
        return CommandValidator.validate(command).stream().map(Violation::field).toList();
    }

    @Test
    void validCollectionsOnrampsAndOfframpsHaveNoViolations() {
        assertThat(CommandValidator.validate(command(PaymentType.COLLECTION, PaymentMethod.MOBILE_MONEY, "1500",
                "KES", person(), null))).isEmpty();
        assertThat(CommandValidator.validate(command(PaymentType.ONRAMP, PaymentMethod.MOBILE_MONEY, "1000", "KES",
                person(), new CryptoLeg("celo", "cusd", CELO_WALLET, null, null)))).isEmpty();
        assertThat(CommandValidator.validate(command(PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY, "12.123456",
                "usdt", person(), new CryptoLeg("CELO", null, null, null, "kes")))).isEmpty();
        assertThat(CommandValidator.validate(command(PaymentType.OFFRAMP, PaymentMethod.PAYBILL, "10", "CUSD",
                new Recipient(null, "+254700000001", null, null, null, "400200", "ACC-1", null),
                new CryptoLeg("CELO", "CUSD", CELO_WALLET, CELO_WALLET, "KES")))).isEmpty();
        assertThat(CommandValidator.validate(command(PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY, "40000", "SAT",
                person(), new CryptoLeg("LIGHTNING", null, null, null, "KES")))).isEmpty();
    }

    @Test
    void normalisingUpperCasesTheCryptoCodesAndDropsAnEmptyCryptoMember() {
        PaymentCommand onramp = command(PaymentType.ONRAMP, PaymentMethod.MOBILE_MONEY, "1000", "kes", person(),
                new CryptoLeg(" celo ", "cusd", " " + CELO_WALLET + " ", null, null));
        assertThat(onramp.crypto()).isEqualTo(new CryptoLeg("CELO", "CUSD", CELO_WALLET, null, null));
        assertThat(command(PaymentType.PAYOUT, PaymentMethod.MOBILE_MONEY, "10", "KES", person(),
                new CryptoLeg(" ", null, "", null, null)).crypto()).isNull();
    }

    @Test
    void eachTypeAcceptsOnlyItsMethods() {
        Recipient bank = new Recipient("Jane Doe", null, null, "01", "1000000001", null, null, null);
        assertThat(fields(command(PaymentType.COLLECTION, PaymentMethod.BANK, "10", "KES", bank, null)))
                .containsExactly("country", "method");
        assertThat(fields(command(PaymentType.ONRAMP, PaymentMethod.PAYBILL, "10", "KES",
                new Recipient(null, null, null, null, null, "400200", "A", null),
                new CryptoLeg("CELO", "CUSD", CELO_WALLET, null, null)))).contains("method");
        assertThat(fields(command(PaymentType.OFFRAMP, PaymentMethod.BANK, "10", "USDT", bank,
                new CryptoLeg("CELO", null, null, null, "KES")))).contains("method");
    }

    @Test
    void onlyRampsCarryACryptoMember() {
        assertThat(fields(command(PaymentType.PAYOUT, PaymentMethod.MOBILE_MONEY, "10", "KES", person(),
                new CryptoLeg("CELO", "CUSD", CELO_WALLET, null, null)))).containsExactly("crypto");
        assertThat(fields(command(PaymentType.COLLECTION, PaymentMethod.MOBILE_MONEY, "10", "KES", person(),
                new CryptoLeg("CELO", null, null, null, null)))).containsExactly("crypto");
    }

    @Test
    void anOnrampNeedsChainTokenAddressAndThePayersName() {
        Recipient nameless = new Recipient(null, "+254700000001", "MPESA", null, null, null, null, null);
        assertThat(fields(command(PaymentType.ONRAMP, PaymentMethod.MOBILE_MONEY, "1000", "KES", nameless, null)))
                .containsExactlyInAnyOrder("crypto.chain", "crypto.token", "crypto.address", "recipient.name");
        assertThat(fields(command(PaymentType.ONRAMP, PaymentMethod.MOBILE_MONEY, "1000", "KES", person(),
                new CryptoLeg("MOON", "DOGE", CELO_WALLET, CELO_WALLET, "KES"))))
                .containsExactlyInAnyOrder("crypto.chain", "crypto.token", "crypto.refundAddress",
                        "crypto.fiatCurrency");
        assertThat(fields(command(PaymentType.ONRAMP, PaymentMethod.MOBILE_MONEY, "1000", "KES", person(),
                new CryptoLeg("CELO", "CUSD", "0x123", null, null)))).containsExactly("crypto.address");
        assertThat(CommandValidator.validate(command(PaymentType.ONRAMP, PaymentMethod.MOBILE_MONEY, "1000", "KES",
                person(), new CryptoLeg("STELLAR", "USDC", "GABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVW",
                        null, null)))).isEmpty();
    }

    @Test
    void anOfframpSendsATokenAndNamesTheFiatItPaysOut() {
        assertThat(fields(command(PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY, "10", "KES", person(),
                new CryptoLeg("CELO", null, null, null, null))))
                .containsExactlyInAnyOrder("currency", "crypto.fiatCurrency");
        assertThat(fields(command(PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY, "10.123456789", "USDT", person(),
                new CryptoLeg("CELO", "CUSD", null, null, "XYZ"))))
                .containsExactlyInAnyOrder("amount", "crypto.token", "crypto.fiatCurrency");
        assertThat(fields(command(PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY, "10.5", "SAT", person(),
                new CryptoLeg("LIGHTNING", null, null, "lnbc1refundaddress", "KES"))))
                .containsExactlyInAnyOrder("amount", "crypto.refundAddress");
        assertThat(fields(command(PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY, "10", "USDT", person(),
                new CryptoLeg("CELO", null, "0xnot-an-address", "0xdead", "KES"))))
                .containsExactlyInAnyOrder("crypto.address", "crypto.refundAddress");
        assertThat(fields(command(PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY, "10", "USDT", person(), null)))
                .containsExactlyInAnyOrder("crypto.chain", "crypto.fiatCurrency");
    }

    @Test
    void kenyanOnlyOfframpReceiversArePaidInKes() {
        PaymentCommand till = CommandValidator.normalise(new PaymentCommand("ref-1", PaymentType.OFFRAMP,
                PaymentMethod.TILL, new BigDecimal("10"), "USDT", "KE",
                new Recipient(null, null, null, null, null, null, null, "174379"), null, null, null,
                new CryptoLeg("CELO", null, null, null, "UGX")));
        assertThat(CommandValidator.validate(till)).containsExactly(
                new Violation("crypto.fiatCurrency", "till payments are paid in KES only"));
    }
}
