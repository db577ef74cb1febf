"""The database around the models: SQLite connection settings (sqlite) and the migration check (schema).
The tenant guard every query passes through is :mod:`wpcompat.tenancy`."""
