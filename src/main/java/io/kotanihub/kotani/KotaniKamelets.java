package io.kotanihub.kotani;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Which Kamelet of the catalog ({@code kamelets/}, {@code classpath:kamelets/}) makes each Kotani call: one per
 * {@link KotaniEndpoint}, the one definition of that call the hub and any other Camel runtime share. A Kamelet whose
 * endpoint takes a path parameter reads it from the body (sent URL-encoded, with {@link #afterParameter} after it);
 * a listing reads its query string from the header {@value #QUERY}, passed through exactly as given.
 */
public final class KotaniKamelets {

    /** The header that carries a call's query string into a Kamelet ({@code page=2&limit=50&currency=KES}). */
    public static final String QUERY = "kotaniQuery";

    /** The webhook source: the one Kamelet that is no Kotani call. */
    public static final String WEBHOOK_SOURCE = "kotani-webhook-source";

    /** One call as a Kamelet takes it: the path parameter (decoded; null when none) and the query (null when none). */
    public record Call(String kamelet, String parameter, String query) { }

    private KotaniKamelets() { }

    /** The Kamelet that makes calls to {@code endpoint}. */
    public static String name(KotaniEndpoint endpoint) {
        return switch (endpoint) {
            case WITHDRAW_MOBILE_MONEY -> "kotani-mobile-money-withdrawal-sink";
            case WITHDRAW_BANK -> "kotani-bank-withdrawal-sink";
            case WITHDRAW_PAYBILL -> "kotani-paybill-withdrawal-sink";
            case WITHDRAW_TILL -> "kotani-till-withdrawal-sink";
            case WITHDRAW_STATUS -> "kotani-withdrawal-status-action";
            case BANK_WITHDRAW_STATUS -> "kotani-bank-withdrawal-status-action";
            case DEPOSIT_MOBILE_MONEY -> "kotani-mobile-money-deposit-sink";
            case DEPOSIT_STATUS -> "kotani-deposit-status-action";
            case ONRAMP -> "kotani-onramp-sink";
            case ONRAMP_STATUS -> "kotani-onramp-status-action";
            case OFFRAMP -> "kotani-offramp-sink";
            case OFFRAMP_STATUS -> "kotani-offramp-status-action";
            case CUSTOMER_BY_PHONE -> "kotani-customer-by-phone-action";
            case CUSTOMER_CREATE -> "kotani-customer-sink";
            case FIAT_WALLETS -> "kotani-fiat-wallets-action";
            case INTEGRATOR_WEBHOOK -> "kotani-webhook-url-sink";
            case BRIDGE_CREATE -> "kotani-crypto-bridge-sink";
            case BRIDGE_STATUS -> "kotani-crypto-bridge-status-action";
            case BRIDGE_REFUND_CONFIG -> "kotani-crypto-bridge-refund-config-action";
            case BRIDGE_REFUND_REGENERATE -> "kotani-crypto-bridge-refund-regenerate-sink";
            case BRIDGE_SETTLEMENT_REPORT -> "kotani-crypto-bridge-settlement-sink";
            case PAYMENT_LINK_CREATE -> "kotani-payment-link-sink";
            case PAYMENT_LINK_LIST -> "kotani-payment-links-action";
            case PAYMENT_LINK_GET -> "kotani-payment-link-action";
            case PAYMENT_LINK_TRANSACTIONS -> "kotani-payment-link-transactions-action";
            case BANK_CHECKOUT -> "kotani-bank-checkout-sink";
            case BANK_CHECKOUT_STATUS -> "kotani-bank-checkout-status-action";
            case CARD_DEPOSIT -> "kotani-card-deposit-sink";
            case CARD_DEPOSIT_STATUS -> "kotani-card-deposit-status-action";
            case BULK_VALIDATE_CSV -> "kotani-bulk-csv-validation-sink";
            case BULK_CREATE -> "kotani-bulk-create-sink";
            case BULK_BATCHES -> "kotani-bulk-batches-action";
            case BULK_BATCH -> "kotani-bulk-batch-action";
            case BULK_BATCH_PAYMENTS -> "kotani-bulk-batch-payments-action";
            case BULK_TRANSACTIONS -> "kotani-bulk-transactions-action";
        };
    }

    /** What follows the path parameter ({@code ""} when it ends the path); null when the endpoint takes none. */
    public static String afterParameter(KotaniEndpoint endpoint) {
        if (!endpoint.path().endsWith("/")) {
            return null;
        }
        return switch (endpoint) {
            case BRIDGE_REFUND_CONFIG, BRIDGE_REFUND_REGENERATE -> "/refund-config";
            case BULK_BATCH_PAYMENTS -> "/payments";
            case PAYMENT_LINK_TRANSACTIONS -> "/transactions";
            default -> "";
        };
    }

    /** Whether the call carries the API key (all but the provider's signed settlement report, REFERENCE §16.8). */
    public static boolean bearer(KotaniEndpoint endpoint) {
        return endpoint != KotaniEndpoint.BRIDGE_SETTLEMENT_REPORT;
    }

    /**
     * The Kamelet call for a whole path of {@code endpoint} (as {@link KotaniClient#exchange} takes it: the endpoint's
     * path, the {@link #encode encoded} parameter, what follows it, then any query); null when the path is not one
     * of {@code endpoint}'s.
     */
    public static Call call(KotaniEndpoint endpoint, String path) {
        if (path == null || !path.startsWith(endpoint.path())) {
            return null;
        }
        String rest = path.substring(endpoint.path().length());
        String query = null;
        int mark = rest.indexOf('?');
        if (mark >= 0) {
            query = rest.substring(mark + 1);
            rest = rest.substring(0, mark);
        }
        String after = afterParameter(endpoint);
        if (after == null) {
            return rest.isEmpty() ? new Call(name(endpoint), null, query) : null;
        }
        if (!rest.endsWith(after)) {
            return null;
        }
        String encoded = rest.substring(0, rest.length() - after.length());
        if (encoded.isEmpty() || encoded.indexOf('/') >= 0) {
            return null;
        }
        try {
            return new Call(name(endpoint), URLDecoder.decode(encoded, StandardCharsets.UTF_8), query);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** A path parameter as it goes into a URL path (a space as {@code %20}, never {@code +}). */
    public static String encode(String pathParameter) {
        return URLEncoder.encode(pathParameter, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
