package io.kotanihub.kotani;

import java.time.Duration;

/**
 * Told about every call {@link KotaniClient} made, once its answer is classified (the operations console keeps an
 * audit of them, the metrics time them). Called on the calling thread: keep it short; whatever it throws is logged and ignored, never
 * turned into a failed Kotani call.
 */
public interface KotaniCallListener {

    /**
     * @param endpoint  the endpoint called
     * @param subject   the payment's reference for creates and status look-ups, a masked phone number for customer
     *                  calls, empty for the rest
     * @param response  the classified answer (no body is kept by the console)
     * @param latency   from sending the request to the classified answer
     */
    void called(KotaniEndpoint endpoint, String subject, KotaniResponse response, Duration latency);
}
