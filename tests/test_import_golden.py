"""The WordPress site the Booknetic 5.1.2 captures were taken on, imported, answers every capture.

:func:`~tests.wordpress_golden.golden_wordpress` writes the captured site's rows (SEED.md) into MariaDB as
WordPress and Booknetic stored them, its application password hashed by WordPress 6.1's phpass. After
``wpcompat import wordpress``, the shared ``golden_replay.py`` replays all 40 captures with the site's own
credentials, and answers must match as they do for the hand-written golden site file (the same noted
passes: tests/test_booknetic_golden.py).
"""
from __future__ import annotations

import pytest

from wpcompat import create_app
from wpcompat.booking import clock
from wpcompat.cli import cli

from .booknetic_support import GOLDEN_CAPTURED_AT, load_replay_tool, replay_in_process
from .test_booknetic_golden import CAPTURES, NOTED
from .wordpress_golden import PASSWORD, golden_wordpress
from .wordpress_support import wordpress_site  # noqa: F401 (the fixture)


@pytest.fixture
def imported_app(database_url, wordpress_site, monkeypatch):
    golden_wordpress(wordpress_site)
    app = create_app({"TESTING": True, "SECRET_KEY": "golden", "DATABASE_URL": database_url})
    result = app.test_cli_runner().invoke(cli, ["import", "wordpress", "--from", wordpress_site.url,
                                                "--tenant", "golden"])
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(clock, "now_epoch", lambda: GOLDEN_CAPTURED_AT)
    return app


def test_the_imported_golden_site_answers_every_capture(imported_app, monkeypatch):
    replay = replay_in_process(load_replay_tool(), imported_app.test_client(), monkeypatch,
                               "http://127.0.0.1:8080/golden", "admin", PASSWORD)
    assert replay.failed() == set(), replay.output
    assert replay.tally == f"{CAPTURES} passed, 0 failed"
    notes = replay.notes()
    assert set(notes) == set(NOTED)
    assert all(NOTED[name] in note for name, note in notes.items()), notes
