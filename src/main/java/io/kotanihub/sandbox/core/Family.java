package io.kotanihub.sandbox.core;

/** Reference namespaces: a reference is unique per integrator within its family. */
public enum Family { DEPOSIT, WITHDRAWAL, ONRAMP, OFFRAMP, BRIDGE, BULK }
