"""Extension singletons, bound to the app in ``create_app``."""
from __future__ import annotations

from pathlib import Path

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so that migrations (and PostgreSQL) see the same schema everywhere.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

#: Alembic scripts ship inside the package, so an installed wpcompat can upgrade its database from any directory.
MIGRATIONS = str(Path(__file__).with_name("migrations"))
# render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds the table instead (a no-op elsewhere).
migrate = Migrate(directory=MIGRATIONS, render_as_batch=True, compare_server_default=True)
