"""``Idempotency-Key``: a retried write answers what the first one got, and changes nothing."""
