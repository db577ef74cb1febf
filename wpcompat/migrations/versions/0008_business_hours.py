"""the company's business hours

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 05:45:00

* ``business_hours``: at most one row per tenant, a weekly timesheet and the company holidays (Booknetic's
  ``timesheet`` row with neither staff nor service). ``available-times`` falls back to them for a staff id
  it cannot find. Existing tenants get no row: they offer nothing there, as before.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('business_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('timesheet', sa.JSON(), nullable=False),
    sa.Column('days_off', sa.JSON(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_business_hours_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_hours')),
    sa.UniqueConstraint('tenant_id', name=op.f('uq_business_hours_tenant_id')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('business_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_hours_tenant_id'), ['tenant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('business_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_hours_tenant_id'))
    op.drop_table('business_hours')
