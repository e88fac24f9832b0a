package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a whole Kotani path becomes a Kamelet call: the path parameter decoded, every query parameter kept. */
class KotaniKameletCallsTest {

    @Test
    void aListingKeepsEveryQueryParameterAsGiven() {
        KotaniKamelets.Call call = KotaniKamelets.call(KotaniEndpoint.BULK_BATCHES,
                KotaniEndpoint.BULK_BATCHES.path() + "?page=3&limit=50&currency=KES&status=PROCESSING&x=a%26b");
        assertThat(call).isEqualTo(new KotaniKamelets.Call("kotani-bulk-batches-action", null,
                "page=3&limit=50&currency=KES&status=PROCESSING&x=a%26b"));
        assertThat(KotaniKamelets.call(KotaniEndpoint.BULK_TRANSACTIONS, KotaniEndpoint.BULK_TRANSACTIONS.path()))
                .isEqualTo(new KotaniKamelets.Call("kotani-bulk-transactions-action", null, null));
        assertThat(KotaniKamelets.call(KotaniEndpoint.PAYMENT_LINK_LIST,
                KotaniEndpoint.PAYMENT_LINK_LIST.path() + "?page=2&per_page=100&status=ACTIVE").query())
                .isEqualTo("page=2&per_page=100&status=ACTIVE");
    }

    @Test
    void aPathParameterIsDecodedAndEncodedBackToTheSameBytes() {
        String phone = "+254 700/000#001";
        String path = KotaniEndpoint.CUSTOMER_BY_PHONE.path() + KotaniClient.encode(phone);
        KotaniKamelets.Call call = KotaniKamelets.call(KotaniEndpoint.CUSTOMER_BY_PHONE, path);
        assertThat(call.parameter()).isEqualTo(phone);
        assertThat(call.query()).isNull();
        assertThat(KotaniEndpoint.CUSTOMER_BY_PHONE.path() + KotaniKamelets.encode(call.parameter())).isEqualTo(path);
        assertThat(KotaniClient.encode(phone)).isEqualTo("%2B254%20700%2F000%23001");
    }

    @Test
    void aParameterInsideThePathIsFoundWithWhatFollowsIt() {
        assertThat(KotaniKamelets.call(KotaniEndpoint.BRIDGE_REFUND_CONFIG,
                KotaniEndpoint.BRIDGE_REFUND_CONFIG.path() + "KTN%2F1/refund-config"))
                .isEqualTo(new KotaniKamelets.Call("kotani-crypto-bridge-refund-config-action", "KTN/1", null));
        assertThat(KotaniKamelets.call(KotaniEndpoint.BRIDGE_REFUND_REGENERATE,
                KotaniEndpoint.BRIDGE_REFUND_REGENERATE.path() + "KTN-1/refund-config").kamelet())
                .isEqualTo("kotani-crypto-bridge-refund-regenerate-sink");
        assertThat(KotaniKamelets.call(KotaniEndpoint.BULK_BATCH_PAYMENTS,
                KotaniEndpoint.BULK_BATCH_PAYMENTS.path() + "b-9/payments?page=2&limit=100&status=FAILED"))
                .isEqualTo(new KotaniKamelets.Call("kotani-bulk-batch-payments-action", "b-9",
                        "page=2&limit=100&status=FAILED"));
        assertThat(KotaniKamelets.call(KotaniEndpoint.PAYMENT_LINK_TRANSACTIONS,
                KotaniEndpoint.PAYMENT_LINK_TRANSACTIONS.path() + "pl_1/transactions?page=1&per_page=100"))
                .isEqualTo(new KotaniKamelets.Call("kotani-payment-link-transactions-action", "pl_1",
                        "page=1&per_page=100"));
    }

    @Test
    void aPathOfAnotherShapeIsNoCall() {
        assertThat(KotaniKamelets.call(KotaniEndpoint.WITHDRAW_STATUS, "/api/v3/deposit/mobile-money/status/r1")).isNull();
        assertThat(KotaniKamelets.call(KotaniEndpoint.WITHDRAW_STATUS, KotaniEndpoint.WITHDRAW_STATUS.path())).isNull();
        assertThat(KotaniKamelets.call(KotaniEndpoint.WITHDRAW_STATUS,
                KotaniEndpoint.WITHDRAW_STATUS.path() + "a/b")).isNull();
        assertThat(KotaniKamelets.call(KotaniEndpoint.BRIDGE_REFUND_CONFIG,
                KotaniEndpoint.BRIDGE_REFUND_CONFIG.path() + "KTN-1")).isNull();
        assertThat(KotaniKamelets.call(KotaniEndpoint.FIAT_WALLETS, KotaniEndpoint.FIAT_WALLETS.path() + "/x")).isNull();
        assertThat(KotaniKamelets.call(KotaniEndpoint.WITHDRAW_STATUS,
                KotaniEndpoint.WITHDRAW_STATUS.path() + "%zz")).isNull();
        assertThat(KotaniKamelets.bearer(KotaniEndpoint.BRIDGE_SETTLEMENT_REPORT)).isFalse();
        assertThat(KotaniKamelets.bearer(KotaniEndpoint.WITHDRAW_MOBILE_MONEY)).isTrue();
    }
}
