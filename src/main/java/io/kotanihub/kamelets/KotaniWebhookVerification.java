package io.kotanihub.kamelets;

import io.kotanihub.kotani.signature.KotaniSignatureVerifier;
import io.kotanihub.kotani.signature.KotaniSignatureVerifier.Verification;
import io.kotanihub.kotani.signature.KotaniSignatures;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The check of the {@code kotani-webhook-source} Kamelet: verifies {@code X-Kotani-Signature} over the body as
 * received with the hub's {@link KotaniSignatureVerifier} (REFERENCE §19.2; the current secret, then the previous
 * one) and always sets {@value #VALID} ({@code true} or {@code false}, overwriting anything the sender put there);
 * a verified webhook also gets {@value #EVENT} (the envelope's {@code event}) and {@value #SECRET} ({@code current}
 * or {@code previous}); a refused one gets {@value #REASON}. The body is left as the bytes received.
 */
public final class KotaniWebhookVerification implements Processor {

    public static final String VALID = "kotaniSignatureValid";
    public static final String EVENT = "kotaniEvent";
    public static final String SECRET = "kotaniSignatureSecret";
    public static final String REASON = "kotaniSignatureProblem";

    private String secret;
    private String previousSecret;
    private volatile KotaniSignatureVerifier verifier;

    public void setSecret(String secret) {
        this.secret = secret;
        this.verifier = null;
    }

    public void setPreviousSecret(String previousSecret) {
        this.previousSecret = previousSecret;
        this.verifier = null;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] body = in.getBody(byte[].class);
        in.removeHeaders("kotaniSignature*");
        in.removeHeader(EVENT);
        Verification verification = verifier().verify(body == null ? new byte[0] : body,
                in.getHeader(KotaniSignatures.HEADER, String.class));
        in.setBody(body);
        in.setHeader(VALID, verification.isValid());
        if (verification.isValid()) {
            in.setHeader(EVENT, verification.envelope().path("event").asText(null));
            in.setHeader(SECRET, verification.secretIndex() == 0 ? "current" : "previous");
        } else {
            in.setHeader(REASON, verification.outcome().name());
        }
    }

    private KotaniSignatureVerifier verifier() {
        KotaniSignatureVerifier current = verifier;
        if (current == null) {
            current = new KotaniSignatureVerifier(secret, previousSecret);
            verifier = current;
        }
        return current;
    }
}
