package io.kotanihub.model;

/** Who is paid (or, for a collection, who pays); which fields are needed depends on the method. */
public record Recipient(
        String name,
        /** E.164, e.g. +254700000001 */
        String phone,
        String network,
        String bankCode,
        String accountNumber,
        String paybillNumber,
        String accountReference,
        String tillNumber) {
}
