"""The management API: tenant settings and suspension, plan rate limits, staff special days

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:40:00

* ``tenants.default_status`` (Booknetic's default appointment status; existing tenants: ``approved``, what
  bookings got before) and ``tenants.suspended_at`` (NULL: active).
* ``plans.rate_limits``: the plan's request limits (NULL: the platform's defaults).
* ``staff.special_days``: dated exceptions to the weekly timesheet (existing staff: none).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('default_status', sa.String(length=32), server_default='approved',
                                      nullable=False))
        batch_op.add_column(sa.Column('suspended_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rate_limits', sa.JSON(), nullable=True))
    # Existing staff get none. No server default: PostgreSQL cannot compare JSON defaults (autogenerate does).
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('special_days', sa.JSON(), nullable=True))
    op.execute("UPDATE staff SET special_days = '{}'")
    # SQLite rebuilds the table for NOT NULL: keep its AUTOINCREMENT (ids never reused, revision 0005).
    with op.batch_alter_table('staff', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.alter_column('special_days', existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('special_days')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('rate_limits')
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.drop_column('suspended_at')
        batch_op.drop_column('default_status')
