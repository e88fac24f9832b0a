package io.kotanihub.dispatch;

import java.time.Instant;

/**
 * What Kotani needs before a payout can be created (a customer key, a wallet id): the value; or a time to try again
 * (nothing was sent, nothing is lost by waiting); or a final reason the payout can never be made.
 */
record Prerequisite(String value, Instant retryAt, String failureCode, String failure) {

    static Prerequisite ready(String value) {
        return new Prerequisite(value, null, null, null);
    }

    static Prerequisite later(Instant at, String why) {
        return new Prerequisite(null, at, null, why);
    }

    static Prerequisite failed(String code, String why) {
        return new Prerequisite(null, null, code, why);
    }

    boolean isReady() {
        return retryAt == null && failureCode == null;
    }

    boolean isLater() {
        return retryAt != null;
    }
}
