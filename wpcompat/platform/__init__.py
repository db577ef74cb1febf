"""The platform layer: site, plans, tenants, users and their credentials."""
