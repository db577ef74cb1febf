"""collation keys: search and ordering as MySQL's utf8mb4_unicode_ci

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 05:45:00

Booknetic searches and orders in MariaDB/MySQL under ``utf8mb4_unicode_ci`` (accents and case ignored,
``Ł`` after ``L``). The rows searched or ordered by text get keys derived from that text
(``wpcompat.collation``): ``search_*`` (``LIKE``) and ``sort_*`` (``ORDER BY``), compared by code point
(``COLLATE "C"`` on PostgreSQL), and customers an index per ordered key. Existing rows are filled here,
in batches, as ``wpcompat.booking.models.KEYS`` derives them.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from wpcompat.collation import search_key, sort_key


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

KEY_TYPE = sa.Text().with_variant(postgresql.TEXT(collation='C'), 'postgresql')


def _name(row) -> str:
    return f"{row.first_name or ''} {row.last_name or ''}"


#: Per table: the text columns the keys are made of, and each key as a function of them.
TABLES = {
    'locations': (('name',), {'search_name': lambda row: search_key(row.name)}),
    'services': (('name',), {'search_name': lambda row: search_key(row.name),
                             'sort_name': lambda row: sort_key(row.name)}),
    'staff': (('name',), {'search_name': lambda row: search_key(row.name),
                          'sort_name': lambda row: sort_key(row.name)}),
    'customers': (('first_name', 'last_name', 'email', 'phone_number'), {
        'search_name': lambda row: search_key(_name(row)),
        'search_email': lambda row: search_key(row.email),
        'search_phone_number': lambda row: search_key(row.phone_number),
        'sort_first_name': lambda row: sort_key(row.first_name),
        'sort_last_name': lambda row: sort_key(row.last_name),
        'sort_email': lambda row: sort_key(row.email),
        'sort_phone_number': lambda row: sort_key(row.phone_number),
        'sort_name': lambda row: sort_key(_name(row).strip(' ')),
    }),
}
CUSTOMER_SORTS = ('first_name', 'last_name', 'email', 'phone_number')
BATCH = 1000


def _fill(name: str, sources: tuple[str, ...], keys: dict) -> None:
    table = sa.table(name, sa.column('id', sa.Integer), *(sa.column(c, sa.String) for c in sources + tuple(keys)))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(table.c.id, *(table.c[c] for c in sources))
                            .where(table.c.id > last).order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return
        update = table.update().where(table.c.id == sa.bindparam('row_id')).values(
            {key: sa.bindparam(f'new_{key}') for key in keys})
        bind.execute(update, [{'row_id': row.id, **{f'new_{key}': key_of(row) for key, key_of in keys.items()}}
                              for row in rows])
        last = rows[-1].id


def upgrade():
    for name, (sources, keys) in TABLES.items():
        for key in keys:
            op.add_column(name, sa.Column(key, KEY_TYPE, server_default=sa.text("''"), nullable=False))
        _fill(name, sources, keys)
    for column in CUSTOMER_SORTS:
        op.create_index(f'ix_customers_tenant_sort_{column}', 'customers', ['tenant_id', f'sort_{column}', 'id'])


def downgrade():
    for column in CUSTOMER_SORTS:
        op.drop_index(f'ix_customers_tenant_sort_{column}', table_name='customers')
    for name, (_, keys) in TABLES.items():
        for key in keys:  # SQLite drops a column in place (3.35+): the table keeps AUTOINCREMENT, triggers
            op.drop_column(name, key)
