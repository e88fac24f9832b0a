package io.kotanihub.dispatch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.ledger.PaymentRepository.DueCursor;
import io.kotanihub.ledger.PaymentRepository.DueDispatch;
import io.kotanihub.ledger.PaymentRepository.DuePage;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands payment ids to the dispatch route ({@value #ENDPOINT}, sized {@code hub.dispatch.queue-size}). The queue is only a fast path: it never blocks and
 * never holds the only copy of anything. When it is full an id is simply not queued; {@link #refill()} (called by
 * the dispatch feeder route) later takes due RECEIVED payments from the ledger. An id already waiting is not queued
 * twice by this instance; another hub instance may queue it too, and the atomic claim decides who sends it.
 * <p>
 * The feeder sweeps the due payments in their order ({@code next_check_at, id}) with a cursor: each refill reads
 * only as many rows after the cursor as there is room for, instead of reading again the rows that are waiting in the
 * queue already. When a sweep reaches the end of the due list the cursor starts over, so a payment that became due
 * behind it is queued on the next sweep.
 */
@Component
public class DispatchQueue {

    public static final String ENDPOINT = "seda:payment-dispatch";

    private static final Logger LOG = LoggerFactory.getLogger(DispatchQueue.class);

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final PaymentRepository payments;
    private final DispatchProperties properties;
    private final Set<Long> waiting = ConcurrentHashMap.newKeySet();
    private volatile Endpoint endpoint;
    /** Where the feeder's sweep of the due list stands (null: at its start). Only the feeder route uses it. */
    private DueCursor cursor;

    public DispatchQueue(CamelContext camel, ProducerTemplate producer, PaymentRepository payments,
                         DispatchProperties properties) {
        this.camel = camel;
        this.producer = producer;
        this.payments = payments;
        this.properties = properties;
    }

    /** Queues the payment if there is room and it is not waiting already; false when it was left to the feeder. */
    public boolean offer(DueDispatch payment) {
        if (waiting.size() >= properties.getQueueSize() || !camel.isStarted() || !waiting.add(payment.id())) {
            return false;
        }
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(payment);
        producer.send(endpoint(), exchange);
        if (exchange.getException() != null) {
            waiting.remove(payment.id());
            LOG.debug("dispatch queue refused payment {}: {}", payment.id(), exchange.getException().getMessage());
            return false;
        }
        return true;
    }

    /** Called by the dispatch route when it starts on a payment: the id may be queued again from now on. */
    public void taken(long paymentId) {
        waiting.remove(paymentId);
    }

    /**
     * Queues due RECEIVED payouts from the ledger, as many as there is room for, continuing the sweep where the last
     * refill stopped. Returns how many were queued.
     */
    public synchronized int refill() {
        int room = properties.getQueueSize() - waiting.size();
        if (room <= 0) {
            return 0;
        }
        DuePage due = payments.dueForDispatch(LedgerTime.now(), cursor, room);
        int queued = 0;
        for (DueDispatch payment : due.payments()) {
            if (!waiting.contains(payment.id()) && offer(payment)) {
                queued++;
            }
        }
        cursor = due.payments().size() < room ? null : due.last();
        return queued;
    }

    /** Payments waiting in this instance's queue. */
    public int size() {
        return waiting.size();
    }

    private Endpoint endpoint() {
        Endpoint resolved = endpoint;
        if (resolved == null) {
            resolved = camel.getEndpoint(ENDPOINT + "?size=" + properties.getQueueSize());
            endpoint = resolved;
        }
        return resolved;
    }
}
