package io.kotanihub.kotani;

import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;

/**
 * Which Kotani endpoints a payment uses, by its type (and, for payouts, its method), and its create call: payouts
 * ({@link PayoutRequests}, REFERENCE §10), collections ({@link CollectionRequests}, §9.1), onramps and offramps
 * ({@link RampRequests}, §12.1, §13.1). The dispatcher and the status checker go through here, so that there is one
 * dispatch path for every type.
 */
public final class KotaniRequests {

    private KotaniRequests() { }

    /** The create call for a command, with the prerequisites {@link #needsCustomer} and {@link #needsWallet} resolved. */
    public static PayoutRequest of(PaymentCommand cmd, String customerKey, String walletId, String callbackUrl) {
        return switch (cmd.type()) {
            case PAYOUT -> PayoutRequests.of(cmd, customerKey, walletId, callbackUrl);
            case COLLECTION -> CollectionRequests.of(cmd, customerKey, walletId, callbackUrl);
            case ONRAMP -> RampRequests.onramp(cmd, callbackUrl);
            case OFFRAMP -> RampRequests.offramp(cmd, callbackUrl);
        };
    }

    public static KotaniEndpoint createEndpoint(PaymentType type, PaymentMethod method) {
        return switch (type) {
            case PAYOUT -> PayoutRequests.createEndpoint(method);
            case COLLECTION -> KotaniEndpoint.DEPOSIT_MOBILE_MONEY;
            case ONRAMP -> KotaniEndpoint.ONRAMP;
            case OFFRAMP -> KotaniEndpoint.OFFRAMP;
        };
    }

    /** The status endpoint (§10.5, §9.2, §12.2, §13.2), which takes the hub's reference as its last path segment. */
    public static KotaniEndpoint statusEndpoint(PaymentType type, PaymentMethod method) {
        return switch (type) {
            case PAYOUT -> PayoutRequests.statusEndpoint(method);
            case COLLECTION -> KotaniEndpoint.DEPOSIT_STATUS;
            case ONRAMP -> KotaniEndpoint.ONRAMP_STATUS;
            case OFFRAMP -> KotaniEndpoint.OFFRAMP_STATUS;
        };
    }

    /** Whether the create call needs a fiat wallet id: payouts from it (all but bank v2), collections into it. */
    public static boolean needsWallet(PaymentType type, PaymentMethod method) {
        return switch (type) {
            case PAYOUT -> PayoutRequests.needsWallet(method);
            case COLLECTION -> true;
            case ONRAMP, OFFRAMP -> false;
        };
    }

    /** Whether the create call needs the Kotani mobile-money customer of the recipient's (or payer's) phone. */
    public static boolean needsCustomer(PaymentType type, PaymentMethod method) {
        return switch (type) {
            case PAYOUT -> PayoutRequests.needsCustomer(method);
            case COLLECTION -> true;
            case ONRAMP, OFFRAMP -> false;
        };
    }
}
