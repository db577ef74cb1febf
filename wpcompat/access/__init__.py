"""Who a request is from and what it addresses: the site a URL names (sites), the tenant the request
works on (request_tenant: ``current_tenant`` and the one rule for where a credential is valid), and
WordPress application-password authentication (auth)."""
