package io.kotanihub.ops.console.bridge;

import java.util.List;
import java.util.Optional;

/** The stand-in while no crypto-bridge flow provides {@link BridgeTransfers}: nothing to show. */
public class NoBridgeTransfers implements BridgeTransfers {

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public List<Transfer> recent(int limit) {
        return List.of();
    }

    @Override
    public Optional<Transfer> find(String id) {
        return Optional.empty();
    }
}
