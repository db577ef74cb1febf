"""WordPress databases for the import tests, in a real MariaDB, with bytes made by real PHP.

``scripts/test-all.sh`` starts a throwaway MariaDB on loopback and sets ``WPCOMPAT_TEST_MYSQL_URL``
(a server URL whose user may create databases) and ``WPCOMPAT_TEST_WORDPRESS_DIR`` (WordPress's own
``wp-includes/class-phpass.php``, unpacked from Debian's ``wordpress`` package). Without them (a bare
``pytest``) the import tests are skipped, except under CI, where that is a failure.

:class:`WordPressSite` writes a WordPress database the way WordPress and the plugins do: tables from
``tests/wordpress/schema/*.sql``, serialized values and password hashes from ``tests/wordpress/php/wp.php``.
"""
from __future__ import annotations

import itertools
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text

MYSQL_URL_ENV = "WPCOMPAT_TEST_MYSQL_URL"
WORDPRESS_DIR_ENV = "WPCOMPAT_TEST_WORDPRESS_DIR"
HERE = Path(__file__).parent / "wordpress"
_names = itertools.count(1)


def mysql_server_url() -> str:
    url = os.environ.get(MYSQL_URL_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{MYSQL_URL_ENV} is not set: run the suite with scripts/test-all.sh")
        pytest.skip(f"needs MariaDB: run with scripts/test-all.sh (sets {MYSQL_URL_ENV})")
    return url


def php(*commands: list[Any]) -> list[Any]:
    """Run ``wp.php`` once with ``commands`` (each ``[name, *args]``); their results, in order."""
    done = subprocess.run(["php", str(HERE / "php" / "wp.php")], input=json.dumps(list(commands)),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"php failed ({done.returncode}): {done.stderr or done.stdout}")
    return json.loads(done.stdout)


class WordPressSite:
    """One WordPress database on the test MariaDB server (dropped by :meth:`drop`)."""

    def __init__(self, prefix: str = "wp_") -> None:
        server = make_url(mysql_server_url())
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.name = f"wordpress_{worker}_{os.getpid()}_{next(_names)}"
        self.prefix = prefix
        self._server = create_engine(server, isolation_level="AUTOCOMMIT")
        with self._server.connect() as conn:
            conn.execute(text(f"CREATE DATABASE `{self.name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
        self.url = server.set(database=self.name).render_as_string(hide_password=False)
        self.engine = create_engine(self.url)

    def drop(self) -> None:
        self.engine.dispose()
        with self._server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS `{self.name}`"))
        self._server.dispose()

    # --- raw writes ---

    def create_tables(self, schema: str) -> None:
        """Create the tables of ``tests/wordpress/schema/<schema>.sql`` under this site's prefix."""
        sql = (HERE / "schema" / f"{schema}.sql").read_text().replace("{prefix}", self.prefix)
        sql = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
        with self.engine.begin() as conn:
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(text(statement))

    def insert(self, table: str, **columns: Any) -> int:
        """Insert one row into ``{prefix}<table>``; its auto-increment id (or 0)."""
        names = ", ".join(f"`{name}`" for name in columns)
        values = ", ".join(f":{name}" for name in columns)
        with self.engine.begin() as conn:
            result = conn.execute(text(f"INSERT INTO `{self.prefix}{table}` ({names}) VALUES ({values})"), columns)
            return result.lastrowid or 0

    def execute(self, sql: str, **params: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(text(sql.replace("{prefix}", self.prefix)), params)

    # --- WordPress core ---

    def core(self, name: str = "Aurora Spa", url: str = "https://aurora.example", timezone: str = "Europe/Vienna",
             gmt_offset: str = "") -> None:
        """The core tables and the options the import reads, as a fresh WordPress 6.x site has them."""
        self.create_tables("core")
        for option, value in {"siteurl": url, "home": url, "blogname": name, "timezone_string": timezone,
                              "gmt_offset": gmt_offset, "date_format": "F j, Y", "time_format": "g:i a"}.items():
            self.option(option, value)

    def option(self, name: str, value: Any) -> None:
        """``update_option``: arrays and objects serialized by PHP, scalars as their string."""
        stored = php(["serialize", value])[0] if isinstance(value, (dict, list)) else _option_text(value)
        self.insert("options", option_name=name, option_value=stored, autoload="yes")

    def user(self, user_id: int, login: str, email: str, roles: list[str], display_name: str | None = None,
             registered: str = "2024-01-15 09:30:00", app_passwords: list[dict] | None = None) -> None:
        """A user with ``{prefix}capabilities`` (``{"role": true}``) and, optionally, application passwords.

        ``app_passwords``: dicts with ``password`` (plaintext), ``hash`` ("generic" or "phpass"), ``name``,
        ``uuid`` and optional ``app_id``, ``created``, ``last_used``, ``last_ip``, and ``key`` (the record's
        array key: WordPress leaves gaps after a revoke).
        """
        self.insert("users", ID=user_id, user_login=login, user_pass="$P$Bnotusedbytheimport000000000000",
                    user_nicename=login.lower(), user_email=email, user_registered=registered,
                    display_name=display_name or login)
        self.meta(user_id, f"{self.prefix}capabilities", {role: True for role in roles})
        if app_passwords:
            hashes = php(*[[f"{item['hash']}_hash", item["password"]] for item in app_passwords])
            records = {}
            for index, (item, hashed) in enumerate(zip(app_passwords, hashes)):
                records[str(item.get("key", index))] = {
                    "uuid": item["uuid"], "app_id": item.get("app_id", ""), "name": item["name"],
                    "password": hashed, "created": item.get("created", 1700000000),
                    "last_used": item.get("last_used"), "last_ip": item.get("last_ip")}
            self.meta(user_id, "_application_passwords", records)

    def meta(self, user_id: int, key: str, value: Any) -> None:
        stored = php(["serialize", value])[0] if isinstance(value, (dict, list)) else _option_text(value)
        self.insert("usermeta", user_id=user_id, meta_key=key, meta_value=stored)


def _option_text(value: Any) -> str:
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    return str(value)


@pytest.fixture
def wordpress_site():
    """A new, empty WordPress database (no tables: call ``core()`` and the plugins' builders)."""
    site = WordPressSite()
    try:
        yield site
    finally:
        site.drop()
