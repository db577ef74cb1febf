"""``Idempotency-Key``: a retried write answers what the first one got, and changes nothing.

:mod:`.keys` says which requests take a key and what of them counts (fingerprint, stored headers);
:mod:`.store` claims keys and keeps answers; :mod:`.rest` is the REST server's hook (TeamBooking's is
``teambooking_ajax.idempotency``). See docs/idempotency.md.
"""
from .store import purge_expired

__all__ = ["purge_expired"]
