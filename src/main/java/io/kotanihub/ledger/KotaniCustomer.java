package io.kotanihub.ledger;

import java.time.Instant;

/** A Kotani mobile-money customer the hub found or created for a phone number (E.164). */
public record KotaniCustomer(String phone, String customerKey, String country, String network, Instant createdAt) {
}
