package io.kotanihub.model;

/** How the money moves to or from the customer. */
public enum PaymentMethod { MOBILE_MONEY, BANK, PAYBILL, TILL }
