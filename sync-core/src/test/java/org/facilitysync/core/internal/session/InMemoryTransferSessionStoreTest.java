package org.facilitysync.core.internal.session;

/** {@link TransferSessionStoreContract} on the in-memory store. */
class InMemoryTransferSessionStoreTest extends TransferSessionStoreContract {

    @Override
    protected TransferSessionStore newStore() {
        return new InMemoryTransferSessionStore();
    }
}
