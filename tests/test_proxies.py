"""Behind a TLS proxy: with TRUSTED_PROXIES set, URLs derived from the request follow X-Forwarded-*;
without it (the default) those headers are ignored, so a client cannot choose the links it is given."""
from __future__ import annotations

import pytest

from wpcompat import create_app
from wpcompat.server import proxies
from wpcompat.cli import cli

from .rest_support import body

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "booking.example.com", "X-Forwarded-For": "203.0.113.9"}


def make_app(database_url: str, **config) -> object:
    # No site row and no SITE_URL: the public URL is taken from the request.
    return create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "PLUGINS": [], **config})


def test_forwarded_headers_are_ignored_by_default(database_url):
    response = make_app(database_url).test_client().get("/wp-json/", headers=FORWARDED)
    assert response.headers["Link"] == '<http://localhost/wp-json/>; rel="https://api.w.org/"'
    assert (body(response)["url"], body(response)["home"]) == ("http://localhost", "http://localhost")


def test_with_one_trusted_proxy_links_and_index_follow_the_forwarded_scheme_and_host(database_url):
    client = make_app(database_url, TRUSTED_PROXIES=1).test_client()
    response = client.get("/wp-json/", headers=FORWARDED)
    assert response.headers["Link"] == '<https://booking.example.com/wp-json/>; rel="https://api.w.org/"'
    assert (body(response)["url"], body(response)["home"]) == (
        "https://booking.example.com", "https://booking.example.com")
    assert client.head("/", headers=FORWARDED).headers["Link"] == \
        '<https://booking.example.com/wp-json/>; rel="https://api.w.org/"'


def test_only_the_trusted_number_of_hops_is_believed(database_url):
    # Two values: the client's own claim first, then the one our single proxy appended.
    headers = {"X-Forwarded-Proto": "http, https", "X-Forwarded-Host": "evil.example, booking.example.com"}
    response = make_app(database_url, TRUSTED_PROXIES=1).test_client().get("/wp-json/", headers=headers)
    assert response.headers["Link"] == '<https://booking.example.com/wp-json/>; rel="https://api.w.org/"'


def test_a_fixed_site_url_wins_over_forwarded_headers(database_url):
    app = make_app(database_url, TRUSTED_PROXIES=1, SITE_URL="https://api.example.org")
    response = app.test_client().get("/wp-json/", headers=FORWARDED)
    assert response.headers["Link"] == '<https://api.example.org/wp-json/>; rel="https://api.w.org/"'


@pytest.mark.parametrize("args, trusted", [([], 0), (["--trusted-proxies", "2"], 2), (["--trusted-proxies", "0"], 0)])
def test_serve_trusted_proxies_flag(database_url, monkeypatch, args, trusted):
    from wpcompat.server import serve

    served = []
    monkeypatch.setattr(serve, "run", lambda app, options, webhooks: served.append((app, options)))
    app = make_app(database_url, TRUSTED_PROXIES=1) if args and args[-1] == "0" else make_app(database_url)
    result = app.test_cli_runner().invoke(cli, ["serve", *args])
    assert result.exit_code == 0, result.stderr
    [(served_app, options)] = served
    assert served_app.config["TRUSTED_PROXIES"] == trusted
    assert isinstance(served_app.wsgi_app, proxies.ProxyFix) is bool(trusted)
    if trusted:
        assert (served_app.wsgi_app.x_proto, served_app.wsgi_app.x_host) == (trusted, trusted)
    assert options["forwarded_allow_ips"] == ""  # gunicorn itself believes no forwarding header
