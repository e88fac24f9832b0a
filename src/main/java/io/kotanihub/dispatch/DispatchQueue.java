package io.kotanihub.dispatch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.ledger.PaymentRepository.DueDispatch;
import org.apache.camel.CamelContext;
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
        producer.send(ENDPOINT + "?size=" + properties.getQueueSize(), exchange);
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

    /** Queues due RECEIVED payouts from the ledger, as many as there is room for. Returns how many were queued. */
    public int refill() {
        int room = properties.getQueueSize() - waiting.size();
        if (room <= 0) {
            return 0;
        }
        List<DueDispatch> due = payments.dueForDispatch(LedgerTime.now(), room + waiting.size());
        int queued = 0;
        for (DueDispatch payment : due) {
            if (queued >= room) {
                break;
            }
            if (!waiting.contains(payment.id()) && offer(payment)) {
                queued++;
            }
        }
        return queued;
    }

    /** Payments waiting in this instance's queue. */
    public int size() {
        return waiting.size();
    }
}
