package io.kotanihub.sandbox.ramps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Addresses and transaction hashes of the simulated chains. EVM chains get strict address checks
 * ({@code 0x} + 40 hex, else 400 "Invalid crypto address", §2.2); other chains only need a plausible token
 * (8-128 characters without spaces); Lightning accepts invoices, Lightning addresses and LNURLs.
 */
public final class CryptoAddresses {

    static final Set<String> EVM_CHAINS = Set.of("ETHEREUM", "CELO", "AVALANCHE", "POLYGON", "ARBITRUM", "OPTIMISM",
            "BINANCE", "FUSE", "BASE", "LISK", "VICTION", "SCROLL");

    private static final Pattern EVM = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern OTHER = Pattern.compile("[A-Za-z0-9@._:+=-]{8,128}");
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private CryptoAddresses() { }

    public static boolean valid(String chain, String address) {
        if (address == null) {
            return false;
        }
        return EVM_CHAINS.contains(chain) ? EVM.matcher(address).matches() : OTHER.matcher(address).matches();
    }

    /** A stable address on {@code chain} derived from {@code seed} (escrow and integrator wallet addresses). */
    public static String address(String chain, String seed) {
        byte[] digest = sha256(chain + "|" + seed);
        if (EVM_CHAINS.contains(chain)) {
            return "0x" + HexFormat.of().formatHex(digest, 0, 20);
        }
        StringBuilder base58 = new StringBuilder();
        for (int i = 0; i < 43; i++) {
            base58.append(BASE58.charAt((digest[i % digest.length] & 0xff) % BASE58.length()));
        }
        return switch (chain) {
            case "TRON" -> "T" + base58.substring(0, 33);
            case "STELLAR" -> "G" + base58.toString().toUpperCase(Locale.ROOT) + "ABCDEFGHIJKL";
            default -> base58.toString();
        };
    }

    /** A fresh transaction hash in the chain's usual shape (Lightning: a payment hash). */
    public static String transactionHash(String chain) {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        String hex = HexFormat.of().formatHex(bytes);
        return EVM_CHAINS.contains(chain) ? "0x" + hex : hex;
    }

    /** The burn address: the sandbox's automatic refunds to an address ending in "dead" fail (documented rule). */
    public static boolean refundsFailTo(String address) {
        return address != null && address.toLowerCase(Locale.ROOT).endsWith("dead");
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
