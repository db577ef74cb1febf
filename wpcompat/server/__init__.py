"""Running the service: the embedded gunicorn server (serve) and the trusted-proxy headers (proxies)."""
