"""ids never reused, random reservation token seeds, token use counters as rows

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 19:45:00

* SQLite: every table with a surrogate ``id`` is rebuilt with ``AUTOINCREMENT`` (rows kept; copying them
  sets ``sqlite_sequence`` to each table's largest id), so a deleted row's id is never issued again.
  Ids deleted before this migration above today's largest one cannot be known, and may be issued once
  more. PostgreSQL's sequences never go back: nothing to do there.
* ``appointments.token_seed``: what the TeamBooking reservation token is derived from. Existing
  appointments get ``"<tenant id>:<id>"``, which derives the very token they had (links already sent keep
  working); new ones get a random seed from the application.
* ``teambooking_token_uses``: one counter row per token and operation, counted by the database, replaces
  the ``teambooking_tokens.usage`` JSON (whose read-add-write lost counts); the counts are carried over.
"""
from contextlib import contextmanager

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

#: Every table with a surrogate id (the models' NEVER_REUSE_IDS), parents before children.
ID_TABLES = ('site', 'plans', 'tenants', 'users', 'application_passwords', 'teambooking_tokens', 'locations',
             'service_categories', 'services', 'service_extras', 'staff', 'customers', 'appointments',
             'appointment_extras', 'appointment_prices', 'appointment_status_changes', 'notifications')

_tokens = sa.table('teambooking_tokens', sa.column('id', sa.Integer), sa.column('usage', sa.JSON))
_uses = sa.table('teambooking_token_uses', sa.column('token_id', sa.Integer), sa.column('operation', sa.String),
                 sa.column('calls', sa.Integer))


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


@contextmanager
def _table(name: str, *, autoincrement: bool):
    """``batch_alter_table``; on SQLite the table is rebuilt (with or without AUTOINCREMENT) and its
    triggers, which dropping the old table drops, are created again (0004's on appointments)."""
    if not _sqlite():
        with op.batch_alter_table(name) as batch_op:
            yield batch_op
        return
    triggers = op.get_bind().execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :name"), {'name': name}
    ).scalars().all()
    with op.batch_alter_table(name, recreate='always',
                              table_kwargs={'sqlite_autoincrement': True} if autoincrement else {}) as batch_op:
        yield batch_op
    for statement in triggers:
        op.execute(statement)


def upgrade():
    op.add_column('appointments', sa.Column('token_seed', sa.String(length=32), nullable=True))
    op.execute("UPDATE appointments SET token_seed = CAST(tenant_id AS VARCHAR(11)) || ':' || CAST(id AS VARCHAR(11))")
    op.create_table('teambooking_token_uses',
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('operation', sa.String(length=64), nullable=False),
    sa.Column('calls', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['teambooking_tokens.id'], name=op.f('fk_teambooking_token_uses_token_id_teambooking_tokens'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_id', 'operation', name=op.f('pk_teambooking_token_uses'))
    )
    bind = op.get_bind()
    counts = [{'token_id': token_id, 'operation': operation, 'calls': calls}
              for token_id, usage in bind.execute(sa.select(_tokens.c.id, _tokens.c.usage)).all()
              for operation, calls in sorted((usage or {}).items()) if calls]
    if counts:
        op.bulk_insert(_uses, counts)

    for name in ID_TABLES:
        if name not in ('appointments', 'teambooking_tokens') and _sqlite():
            with _table(name, autoincrement=True):
                pass
    with _table('appointments', autoincrement=True) as batch_op:
        batch_op.alter_column('token_seed', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_appointments_token_seed'), ['token_seed'])
    with _table('teambooking_tokens', autoincrement=True) as batch_op:
        batch_op.drop_column('usage')


def downgrade():
    with _table('teambooking_tokens', autoincrement=False) as batch_op:
        batch_op.add_column(sa.Column('usage', sa.JSON(), nullable=True))
    bind = op.get_bind()
    usage: dict[int, dict[str, int]] = {token_id: {} for token_id in bind.execute(sa.select(_tokens.c.id)).scalars()}
    for token_id, operation, calls in bind.execute(sa.select(_uses.c.token_id, _uses.c.operation, _uses.c.calls)):
        usage[token_id][operation] = calls
    for token_id, counts in usage.items():
        bind.execute(_tokens.update().where(_tokens.c.id == token_id).values(usage=counts))
    with _table('teambooking_tokens', autoincrement=False) as batch_op:
        batch_op.alter_column('usage', existing_type=sa.JSON(), nullable=False)
    op.drop_table('teambooking_token_uses')

    with _table('appointments', autoincrement=False) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_appointments_token_seed'), type_='unique')
        batch_op.drop_column('token_seed')
    for name in ID_TABLES:
        if name not in ('appointments', 'teambooking_tokens') and _sqlite():
            with _table(name, autoincrement=False):
                pass
