package io.kotanihub.kotani;

import java.math.BigDecimal;

/**
 * A bank checkout (REFERENCE §9.4) or card deposit (§9.6) the hub asks Kotani for, in the hub's words;
 * {@link CheckoutClient} writes it in Kotani's. {@code paymentMethod} is the bank checkout's ({@code PAYBYBANK},
 * {@code CARD}, {@code CAPITECPAY}); {@code card} only for a card deposit.
 */
public record DepositCheckoutSpec(String referenceId, String fullName, String phoneNumber, String currency,
                                  BigDecimal amount, String paymentMethod, String customerRedirectUrl, Card card) {

    /** The customer's card, held only for the create call; never logged in full. */
    public record Card(String number, String holder, String expiryMonth, String expiryYear, String cvv,
                       String paymentBrand) {
        @Override
        public String toString() {
            String last4 = number == null || number.length() < 4 ? "" : number.substring(number.length() - 4);
            return "Card[****" + last4 + ", " + paymentBrand + "]";
        }
    }
}
