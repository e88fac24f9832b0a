package io.kotanihub.sandbox.payments;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The countries the sandbox serves (ISO-2 and ISO-3 codes, currency, calling code, mobile networks with their
 * operator names and number prefixes). A small, realistic table; Kotani's own list is longer.
 */
public final class Countries {

    private Countries() { }

    /** A mobile network: its §1 enum name, the operator's name ({@code mno}) and national-number prefixes. */
    public record Network(String name, String mno, List<String> prefixes) { }

    public record Country(String iso2, String iso3, String name, String currency, String callingCode,
                          int nationalLength, boolean deposit, boolean withdraw, List<Network> networks) {
        /** The network a national number belongs to (by prefix), else the country's first network. */
        public Optional<Network> networkOf(String nationalNumber) {
            return networks.stream()
                    .filter(n -> n.prefixes().stream().anyMatch(nationalNumber::startsWith))
                    .findFirst()
                    .or(() -> networks.stream().findFirst());
        }

        public Optional<Network> network(String name) {
            return networks.stream().filter(n -> n.name().equalsIgnoreCase(name)).findFirst();
        }
    }

    public static final List<Country> ALL = List.of(
            new Country("KE", "KEN", "Kenya", "KES", "254", 9, true, true, List.of(
                    new Network("MPESA", "SAFARICOM KENYA", List.of("70", "71", "72", "74", "757", "758", "759",
                            "768", "769", "79", "11")),
                    new Network("AIRTEL", "AIRTEL KENYA", List.of("73", "750", "751", "752", "753", "754", "755",
                            "756", "78", "10")))),
            new Country("UG", "UGA", "Uganda", "UGX", "256", 9, true, true, List.of(
                    new Network("MTN", "MTN UGANDA", List.of("76", "77", "78", "39")),
                    new Network("AIRTEL", "AIRTEL UGANDA", List.of("70", "74", "75", "20")))),
            new Country("TZ", "TZA", "Tanzania", "TZS", "255", 9, true, true, List.of(
                    new Network("VODACOM", "VODACOM TANZANIA", List.of("74", "75", "76")),
                    new Network("AIRTEL", "AIRTEL TANZANIA", List.of("68", "69", "78")),
                    new Network("TIGO", "TIGO TANZANIA", List.of("65", "67", "71")),
                    new Network("HALOPESA", "HALOTEL TANZANIA", List.of("61", "62")))),
            new Country("GH", "GHA", "Ghana", "GHS", "233", 9, true, true, List.of(
                    new Network("MTN", "MTN GHANA", List.of("24", "54", "55", "59", "25", "53")),
                    new Network("VODAFONE", "TELECEL GHANA", List.of("20", "50")),
                    new Network("AIRTEL", "AIRTELTIGO GHANA", List.of("26", "27", "56", "57")))),
            new Country("NG", "NGA", "Nigeria", "NGN", "234", 10, true, true, List.of(
                    new Network("MTN", "MTN NIGERIA", List.of("803", "806", "703", "706", "813", "816", "903")),
                    new Network("AIRTEL", "AIRTEL NIGERIA", List.of("802", "808", "708", "812", "701", "902")))),
            new Country("ZA", "ZAF", "South Africa", "ZAR", "27", 9, true, true, List.of()),
            new Country("RW", "RWA", "Rwanda", "RWF", "250", 9, true, true, List.of(
                    new Network("MTN", "MTN RWANDA", List.of("78", "79")),
                    new Network("AIRTEL", "AIRTEL RWANDA", List.of("72", "73")))),
            new Country("ZM", "ZMB", "Zambia", "ZMW", "260", 9, true, true, List.of(
                    new Network("MTN", "MTN ZAMBIA", List.of("96", "76")),
                    new Network("AIRTEL", "AIRTEL ZAMBIA", List.of("97", "77")),
                    new Network("ZAMTEL", "ZAMTEL", List.of("95", "75")))),
            new Country("CI", "CIV", "Côte d'Ivoire", "XOF", "225", 10, true, true, List.of(
                    new Network("ORANGE", "ORANGE COTE D'IVOIRE", List.of("07")),
                    new Network("MTN", "MTN COTE D'IVOIRE", List.of("05")),
                    new Network("MOOV", "MOOV AFRICA COTE D'IVOIRE", List.of("01")),
                    new Network("WAVE", "WAVE COTE D'IVOIRE", List.of()))),
            new Country("SN", "SEN", "Senegal", "XOF", "221", 9, true, true, List.of(
                    new Network("ORANGE", "ORANGE SENEGAL", List.of("77", "78")),
                    new Network("FREE", "FREE SENEGAL", List.of("76")),
                    new Network("EXPRESSO", "EXPRESSO SENEGAL", List.of("70")),
                    new Network("WAVE", "WAVE SENEGAL", List.of()))),
            new Country("CM", "CMR", "Cameroon", "XAF", "237", 9, true, true, List.of(
                    new Network("MTN", "MTN CAMEROON", List.of("67", "650", "651", "652", "653", "654", "68")),
                    new Network("ORANGE", "ORANGE CAMEROON", List.of("69", "655", "656", "657", "658", "659")))),
            new Country("CD", "COD", "DR Congo", "CDF", "243", 9, true, true, List.of(
                    new Network("VODACOM", "VODACOM CONGO", List.of("81", "82", "83")),
                    new Network("AIRTEL", "AIRTEL CONGO", List.of("97", "98", "99")),
                    new Network("ORANGE", "ORANGE RDC", List.of("84", "85", "89")))),
            new Country("MW", "MWI", "Malawi", "MWK", "265", 9, true, true, List.of(
                    new Network("AIRTEL", "AIRTEL MALAWI", List.of("99", "98")))),
            new Country("EG", "EGY", "Egypt", "EGP", "20", 10, false, true, List.of(
                    new Network("VODAFONE", "VODAFONE EGYPT", List.of("10")),
                    new Network("ORANGE", "ORANGE EGYPT", List.of("12")))),
            new Country("SL", "SLE", "Sierra Leone", "SLE", "232", 8, true, true, List.of(
                    new Network("ORANGE", "ORANGE SIERRA LEONE", List.of("7", "3")))));

    /** By ISO-2 or ISO-3 code, case-insensitively. */
    public static Optional<Country> byCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String upper = code.trim().toUpperCase(Locale.ROOT);
        return ALL.stream().filter(c -> c.iso2().equals(upper) || c.iso3().equals(upper)).findFirst();
    }

    /** ISO-3 codes are converted to ISO-2 (§1); unknown codes give empty. */
    public static Optional<String> iso2(String code) {
        return byCode(code).map(Country::iso2);
    }

    public static Optional<Country> byCurrency(String currency) {
        return ALL.stream().filter(c -> c.currency().equalsIgnoreCase(currency)).findFirst();
    }

    /** The country of an international number (longest calling-code match); digits only, a leading + allowed. */
    public static Optional<Country> ofPhone(String phone) {
        String digits = digits(phone);
        return ALL.stream()
                .filter(c -> digits.startsWith(c.callingCode()))
                .max(Comparator.comparingInt(c -> c.callingCode().length()));
    }

    public static String digits(String phone) {
        return phone == null ? "" : phone.replaceAll("\\D", "");
    }

    /** True for an international-format number: an optional +, then 9 to 15 digits not starting with 0. */
    public static boolean isInternationalNumber(String phone) {
        return phone != null && phone.trim().matches("\\+?[1-9]\\d{8,14}");
    }

    public static Map<String, Object> describe(Country country, String serviceType) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("countryCode", country.iso2());
        out.put("name", country.name());
        out.put("iso3Code", country.iso3());
        out.put("currency", country.currency());
        out.put("serviceType", serviceType);
        out.put("isActive", true);
        out.put("isEnabled", true);
        out.put("requiresNetwork", country.networks().size() > 1);
        out.put("requiresAccountName", false);
        List<String> networks = country.networks().stream().map(Network::name).toList();
        out.put("supportedNetworks", networks);
        out.put("availableNetworks", networks);
        out.put("supportedLookupNetworks", networks.isEmpty() ? List.of() : List.of(networks.get(0)));
        out.put("enabledLookup", !networks.isEmpty());
        return out;
    }
}
