"""The booking domain: models and the services (plain functions) that hold every booking rule once."""
