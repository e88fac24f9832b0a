package io.kotanihub.sandbox.payments;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The banks the sandbox knows (§6.3 banks list): a small, realistic set for Kenya, South Africa and Nigeria. */
public final class Banks {

    private Banks() { }

    public record Bank(String code, String name, String currency, String universalBranchCode) { }

    public static final List<Bank> ALL = List.of(
            new Bank("01", "KCB Bank Kenya", "KES", null),
            new Bank("11", "Co-operative Bank of Kenya", "KES", null),
            new Bank("68", "Equity Bank Kenya", "KES", null),
            new Bank("07", "NCBA Bank Kenya", "KES", null),
            new Bank("03", "Absa Bank Kenya", "KES", null),
            new Bank("02", "Standard Chartered Bank Kenya", "KES", null),
            new Bank("12", "Stanbic Bank Kenya", "KES", null),
            new Bank("63", "Diamond Trust Bank Kenya", "KES", null),
            new Bank("632005", "ABSA", "ZAR", "632005"),
            new Bank("470010", "Capitec", "ZAR", "470010"),
            new Bank("250655", "FNB", "ZAR", "250655"),
            new Bank("198765", "Nedbank", "ZAR", "198765"),
            new Bank("051001", "Standard", "ZAR", "051001"),
            new Bank("678910", "TymeBank", "ZAR", "678910"),
            new Bank("044", "Access Bank", "NGN", null),
            new Bank("058", "Guaranty Trust Bank", "NGN", null),
            new Bank("057", "Zenith Bank", "NGN", null),
            new Bank("033", "United Bank for Africa", "NGN", null),
            new Bank("011", "First Bank of Nigeria", "NGN", null),
            new Bank("50515", "Moniepoint MFB", "NGN", null));

    /** Banks of a currency (null: all) whose name or code contains {@code search} (null: any). */
    public static List<Bank> list(String currency, String search) {
        String needle = search == null ? "" : search.trim().toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(b -> currency == null || currency.isBlank() || b.currency().equalsIgnoreCase(currency))
                .filter(b -> needle.isEmpty() || b.name().toLowerCase(Locale.ROOT).contains(needle)
                        || b.code().equals(needle))
                .toList();
    }

    /** By code, or by name (or a name's leading word, e.g. {@code KCB}), within a currency when given. */
    public static Optional<Bank> find(String codeOrName, String currency) {
        if (codeOrName == null || codeOrName.isBlank()) {
            return Optional.empty();
        }
        String wanted = codeOrName.trim().toLowerCase(Locale.ROOT);
        List<Bank> candidates = list(currency, null);
        return candidates.stream().filter(b -> b.code().equalsIgnoreCase(wanted)).findFirst()
                .or(() -> candidates.stream().filter(b -> b.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst())
                .or(() -> candidates.stream()
                        .filter(b -> b.name().toLowerCase(Locale.ROOT).split(" ")[0].equals(wanted)).findFirst());
    }
}
