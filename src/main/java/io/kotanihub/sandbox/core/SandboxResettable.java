package io.kotanihub.sandbox.core;

/** A sandbox component with state that {@code POST /sandbox/reset} returns to its start-up condition. */
public interface SandboxResettable {
    void reset();
}
