"""Signed webhooks from a transactional outbox (Standard Webhooks).

    models     endpoints, events (the outbox), deliveries, attempts
    outbox     :func:`~.outbox.emit`: an event and its deliveries, in the transaction of the change
    endpoints  the management rules: create (secret shown once), update, delete, test, redeliver
    targets    which URLs may be called (no private, loopback or link-local address unless allowed)
    signing    Standard Webhooks signatures (the ``standardwebhooks`` package)
    delivery   the worker: claim due deliveries, send, log the attempt, schedule the next, disable
"""
