package io.kotanihub.sandbox.ramps;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.web.Validation;

/** Checks and identifiers shared by the onramp and offramp endpoints. */
public final class RampRules {

    /** The mobile network enum of REFERENCE §1. */
    public static final List<String> NETWORKS = List.of("MTN", "AIRTEL", "VODAFONE", "TIGO", "YAS", "ORANGE",
            "NOT_SUPPORTED", "ZAMTEL", "MPESA", "CHECKOUT", "BKTRX", "CRDTRX", "MOOV", "TMONEY", "FREE", "EXPRESSO",
            "HALOPESA", "VODACOM", "WAVE");

    private RampRules() { }

    /** {@code label} must be one of {@code allowed} when given ({@code required}: must be given). */
    static void oneOf(Validation v, JsonNode node, String field, String label, List<String> allowed,
                      boolean required) {
        String value = RampJson.text(node, field);
        if (value == null && !required && !RampJson.present(node, field)) {
            return;
        }
        v.check(value != null && allowed.contains(value),
                label + " must be one of the following values: " + String.join(", ", allowed));
    }

    /** An optional callbackUrl must be an absolute http(s) URL. */
    public static void callbackUrl(Validation v, JsonNode body) {
        url(v, body, "callbackUrl", "callbackUrl");
    }

    /** An optional URL member must be an absolute http(s) URL when present. */
    static void url(Validation v, JsonNode node, String field, String label) {
        if (!RampJson.present(node, field)) {
            return;
        }
        String url = RampJson.text(node, field);
        boolean ok = false;
        if (url != null) {
            try {
                URI uri = URI.create(url);
                ok = ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null;
            } catch (IllegalArgumentException e) {
                ok = false;
            }
        }
        v.check(ok, label + " must be a URL address");
    }

    /** An optional string member must be a non-empty string when present. */
    static void optionalString(Validation v, JsonNode body, String field) {
        if (RampJson.present(body, field)) {
            v.check(RampJson.text(body, field) != null, field + " must be a string");
        }
    }

    /** The answer to a reused referenceId (§2.4; status 400, or 409 when so configured). */
    static SandboxApiException duplicate(int status) {
        return new SandboxApiException(status, "Duplicate referenceId");
    }
}
