package io.kotanihub.model;

/**
 * The crypto side of an onramp or offramp command (the {@code crypto} member of the canonical command; absent for
 * payouts and collections).
 * <ul>
 *   <li>ONRAMP (the customer pays {@code amount} {@code currency} by mobile money and receives tokens):
 *       {@code chain}, {@code token} and {@code address} (the wallet that receives the tokens) are required.</li>
 *   <li>OFFRAMP (tokens in, fiat out to the recipient): the command's {@code amount} is the crypto amount and its
 *       {@code currency} the token; {@code chain} and {@code fiatCurrency} (what the recipient is paid in) are
 *       required; {@code address} is the sending wallet (absent: the integrator's own crypto wallet);
 *       {@code refundAddress} is where tokens go back if the fiat payout fails (absent: the sending wallet;
 *       not for LIGHTNING). {@code token}, when given, must equal the currency.</li>
 * </ul>
 */
public record CryptoLeg(String chain, String token, String address, String refundAddress, String fiatCurrency) {
}
