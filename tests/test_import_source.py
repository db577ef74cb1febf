"""WordPressSource on a real MariaDB: read-only, one consistent snapshot, prefixes, options, errors."""
from __future__ import annotations

import socket
from datetime import datetime

import pytest
from sqlalchemy import make_url

from wpcompat.wordpress_import.source import SourceError, WordPressSource

from .wordpress_support import wordpress_site  # noqa: F401


@pytest.fixture
def site(wordpress_site):  # noqa: F811
    wordpress_site.core()
    wordpress_site.user(3, "zoe", "zoe@example.test", ["editor"], display_name="Zoë 🎉")
    wordpress_site.user(1, "admin", "admin@example.test", ["administrator"])
    return wordpress_site


def test_the_server_refuses_every_write(site):
    with WordPressSource(site.url) as source:
        for sql in ("INSERT INTO {prefix}options (option_name, option_value) VALUES ('x', 'y')",
                    "UPDATE {prefix}users SET user_login = 'evil'", "CREATE TABLE {prefix}evil (id int)"):
            with pytest.raises(SourceError) as caught:
                source.query(sql)
            assert "READ ONLY" in str(caught.value) and "***" in str(caught.value) and ":wpcompat@" not in str(caught.value)
    with WordPressSource(site.url) as source:
        assert [row["user_login"] for row in source.rows("users")] == ["admin", "zoe"]


def test_one_consistent_snapshot(site):
    with WordPressSource(site.url) as source:
        assert source.count("users") == 2
        # WordPress goes on writing while the import reads: none of it shows in this import.
        site.user(8, "late", "late@example.test", ["subscriber"])
        site.execute("UPDATE {prefix}options SET option_value = 'Renamed' WHERE option_name = 'blogname'")
        assert source.count("users") == 2 and source.option("blogname") == "Aurora Spa"
        assert [row["ID"] for row in source.rows("users")] == [1, 3]
    with WordPressSource(site.url) as source:
        assert source.count("users") == 3 and source.option("blogname") == "Renamed"


def test_rows_order_and_values_as_pymysql_returns_them(site):
    with WordPressSource(site.url) as source:
        users = list(source.rows("users", order_by="user_login"))
        assert [u["user_login"] for u in users] == ["admin", "zoe"]
        assert users[1]["display_name"] == "Zoë 🎉" and users[1]["user_registered"] == datetime(2024, 1, 15, 9, 30)
        assert [m["user_id"] for m in source.rows("usermeta", order_by="user_id, umeta_id")] == [1, 3]
        assert len(list(source.rows("options", order_by=None))) == 7
        with pytest.raises(ValueError):
            list(source.rows("users", order_by="ID; DROP TABLE wp_users"))
        with pytest.raises(ValueError):
            source.table("users`")


def test_tables_options_and_queries_under_a_prefix(wordpress_site):  # noqa: F811
    wordpress_site.prefix = "shop2_"
    wordpress_site.core(name="Shop")
    for name in ("bkntc_t5_currency", "bkntc_t50_currency", "bkntcXt5_currency", "bkntc_t5_time_format"):
        wordpress_site.option(name, name)
    with WordPressSource(wordpress_site.url, "shop2_") as source:
        assert (source.prefix, source.table("options")) == ("shop2_", "shop2_options")
        assert source.has_table("options") and not source.has_table("bkntc_appointments")
        assert source.option("blogname") == "Shop" and source.option("missing") is None
        # _ is literal: tenant 5's options are not tenant 50's.
        assert source.options_like("bkntc_t5_%") == {"bkntc_t5_currency": "bkntc_t5_currency",
                                                     "bkntc_t5_time_format": "bkntc_t5_time_format"}
        assert source.query("SELECT option_value FROM {prefix}options WHERE option_name = :name", name="home") == [
            {"option_value": "https://aurora.example"}]
        assert source.query("SET @unused = 1") == []  # a statement without rows
    with WordPressSource(wordpress_site.url) as source:
        assert not source.has_table("options")


def test_a_prefix_wordpress_would_refuse():
    with pytest.raises(SourceError) as caught:
        WordPressSource("mysql+pymysql://u:p@127.0.0.1/db", "wp-`x")
    assert str(caught.value) == "invalid table prefix 'wp-`x' (WordPress allows letters, digits and _)"


def test_connection_errors_never_show_the_password(site):
    wrong = make_url(site.url).set(password="not-the-password").render_as_string(hide_password=False)
    with pytest.raises(SourceError) as caught, WordPressSource(wrong):
        pass
    assert "Access denied" in str(caught.value) and "not-the-password" not in str(caught.value)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once closed
    with pytest.raises(SourceError) as caught, WordPressSource(f"mysql://u:secret@127.0.0.1:{port}/wp"):
        pass
    assert str(caught.value).startswith(f"cannot connect to mysql://u:***@127.0.0.1:{port}/wp: ")
    for url, why in (("not a url", "--from is not a database URL (mysql+pymysql://USER:PASS@HOST:PORT/DBNAME)"),
                     ("sqlite:///x.db", "--from must be a MySQL or MariaDB URL, not 'sqlite'")):
        with pytest.raises(SourceError) as caught, WordPressSource(url):
            pass
        assert str(caught.value) == why


def test_used_outside_its_block():
    source = WordPressSource("mysql+pymysql://u:p@127.0.0.1/db")
    with pytest.raises(RuntimeError):
        source.option("home")


def test_a_connection_lost_mid_read_is_a_source_error(site):
    with pytest.raises(SourceError) as caught, WordPressSource(site.url) as source:
        [row] = source.query("SELECT CONNECTION_ID() AS id")
        site.execute(f"KILL CONNECTION {int(row['id'])}")
        try:
            source.option("home")
        except SourceError as lost:
            assert str(lost).endswith("failed: Lost connection to MySQL server during query")
        source.option("home")  # and every later read, not SQLAlchemy's own error
    assert str(caught.value).startswith("reading mysql+pymysql://wpcompat:***@")
