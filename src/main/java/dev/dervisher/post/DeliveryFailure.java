package dev.dervisher.post;

import dev.dervisher.DervisherException;

/** A failure that retrying cannot mend (access denied, stream deleted, validation): the run stops. */
public final class DeliveryFailure extends DervisherException {

    public DeliveryFailure(int exitCode, String message) {
        super(exitCode, message);
    }
}
