package io.kotanihub.kotani;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A payout create call: the endpoint and its JSON body, with the field names of that endpoint. */
public record PayoutRequest(KotaniEndpoint endpoint, ObjectNode body) {
}
