package io.kotanihub.model;

/** What a payment command asks Kotani to do. */
public enum PaymentType { PAYOUT, COLLECTION, ONRAMP, OFFRAMP }
