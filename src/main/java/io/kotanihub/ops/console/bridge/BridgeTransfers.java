package io.kotanihub.ops.console.bridge;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the console's crypto-bridge page reads transfers from: {@link JdbcBridgeTransfers} over the bridge flow's
 * tables, which answers {@link #available()} false where they are not there.
 */
public interface BridgeTransfers {

    /** False when this build or this database has no crypto bridge (the page shows a notice instead). */
    boolean available();

    /** The latest transfers, newest first. */
    List<Transfer> recent(int limit);

    /** One transfer with its stages. */
    Optional<Transfer> find(String id);

    /**
     * A bridge transfer as the console shows it. Amounts are plain decimal strings; {@code refundState} is null when
     * no refund was ever needed (else e.g. {@code REFUND_PENDING}, {@code REFUNDED}, {@code REFUND_FAILED}).
     */
    record Transfer(String id, String reference, String status, String sendAmount, String sendCurrency,
                    String receiveAmount, String receiveCurrency, String refundState, Instant createdAt,
                    Instant updatedAt, List<Stage> stages) { }

    /** One step of a transfer (e.g. INVOICE_CREATED, INVOICE_PAID, PAYOUT_SENT, SETTLED, REFUND_STARTED...). */
    record Stage(String name, String status, Instant at, String detail) { }
}
