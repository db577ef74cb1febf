"""Fixtures for the tests of the REST machinery itself: WordPress core plus a throwaway namespace."""
from __future__ import annotations

import pytest

from ..rest_support import core_app, make_test_namespace


@pytest.fixture
def app(database_url):
    """WordPress core and the throwaway namespace only: plugin routes do not change what is asserted here."""
    return core_app(database_url)


@pytest.fixture
def api(app, world):
    make_test_namespace().init_app(app)
    return app
