package io.kotanihub.kotani;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A create call (a payout's, and also a collection's or a ramp's: {@link KotaniRequests#of}): the endpoint and its
 * JSON body, with the field names of that endpoint.
 */
public record PayoutRequest(KotaniEndpoint endpoint, ObjectNode body) {
}
