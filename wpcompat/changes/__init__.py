"""What changed, who changed it, and who must hear of it: the audit trail and the webhook events.

Every write of the domain's tables goes through the ORM session; :mod:`.capture` watches the session
(not the adapters), so a change made through Booknetic, TeamBooking, the management API or the CLI is
recorded the same way, in the transaction that makes it:

    actor      who a change is by: surface, credential, user, request id, client IP
    models     the audit table (:class:`~.models.AuditRecord`)
    capture    the session listener: a transaction's changes -> audit rows and outbox events
    audit      reading the trail (the API's and the CLI's query, cursor paging)
"""
