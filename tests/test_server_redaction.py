"""The one redaction rule for every log line (``wpcompat.server.redaction``), and the app's log using it."""
from __future__ import annotations

import logging

import pytest

from wpcompat.ajax import register_ajax_action
from wpcompat.server.access_log import RedactingLogger
from wpcompat.server.redaction import MARK, RedactingFilter, redact


@pytest.mark.parametrize("text,expected", [
    ("/wp-admin/admin-ajax.php?action=teambooking_rest_api&auth_token=abc&x=1",
     "/wp-admin/admin-ajax.php?action=teambooking_rest_api&auth_token=[redacted]&x=1"),
    ("checksum=9f&ctoken=zz&operation=do_reservation", "checksum=[redacted]&ctoken=[redacted]&operation=do_reservation"),
    ("GET /x?user_pass=p%40ss&Password=1&new_password[]=2 HTTP/1.1",
     "GET /x?user_pass=[redacted]&Password=[redacted]&new_password[]=[redacted] HTTP/1.1"),
    ("/x?api_key=1&client_secret=2&_wpnonce=3&auth%5Ftoken=4",
     "/x?api_key=[redacted]&client_secret=[redacted]&_wpnonce=[redacted]&auth%5Ftoken=[redacted]"),
    ("/x?service_id=3&page=2&search=ann", "/x?service_id=3&page=2&search=ann"),
    ("/x?auth_token=&a=b", "/x?auth_token=&a=b"),  # nothing to hide
    ("no pairs here", "no pairs here"),
    ('admin-ajax /x?auth_token=abc failed; "http://r/?password=p"', 'admin-ajax /x?auth_token=[redacted] failed; '
                                                                    '"http://r/?password=[redacted]"'),
])
def test_redact(text, expected):
    assert redact(text) == expected


def test_the_filter_redacts_the_merged_message_and_the_traceback():
    try:
        raise ValueError("bad auth_token=abc")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("/p?ctoken=zz",), exc_info=True)
        import sys
        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record) is True
    assert record.getMessage() == f"failed /p?ctoken={MARK}"
    assert "auth_token=[redacted]" in record.exc_text and "abc" not in record.exc_text


def test_the_apps_own_log_lines_are_redacted(app, client, world, caplog):
    def crash(call):
        raise RuntimeError("boom")
    register_ajax_action(app, "crash", crash, anonymous=True)
    with caplog.at_level(logging.ERROR):
        response = client.get("/aurora/wp-admin/admin-ajax.php?action=crash&auth_token=s3cret&checksum=c0de")
    assert response.status_code == 500
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "admin-ajax /aurora/wp-admin/admin-ajax.php?action=crash&auth_token=[redacted]&checksum=[redacted] failed" in logged
    assert "s3cret" not in caplog.text and "c0de" not in caplog.text


class _Config:
    """The few settings gunicorn's Logger reads in atoms()."""


def test_the_access_log_atoms_hide_urls_secrets_and_credential_headers():
    logger = RedactingLogger.__new__(RedactingLogger)  # atoms() needs no handlers

    class Resp:
        status, sent, headers = "200 OK", 2, [("Set-Cookie", "wp=1"), ("Location", "/x?ctoken=a")]

    class Req:
        headers = [("AUTHORIZATION", "Basic dTpw"), ("REFERER", "http://r/?password=p"), ("COOKIE", "c=1")]

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/p?auth_token=t", "SERVER_PROTOCOL": "HTTP/1.1",
               "QUERY_STRING": "auth_token=t", "HTTP_REFERER": "http://r/?password=p",
               "HTTP_AUTHORIZATION": "Basic dTpw", "PATH_INFO": "/p"}
    from datetime import timedelta
    atoms = logger.atoms(Resp(), Req(), environ, timedelta(seconds=0))
    assert (atoms["r"], atoms["q"], atoms["f"]) == ("GET /p?auth_token=[redacted] HTTP/1.1", "auth_token=[redacted]",
                                                    "http://r/?password=[redacted]")
    assert atoms["{authorization}i"] == atoms["{cookie}i"] == atoms["{set-cookie}o"] == MARK
    assert atoms["{http_authorization}e"] == MARK
    assert atoms["{referer}i"] == "http://r/?password=[redacted]"
    assert atoms["{location}o"] == "/x?ctoken=[redacted]"
    assert atoms["{raw_uri}e"] == "/p?auth_token=[redacted]"
