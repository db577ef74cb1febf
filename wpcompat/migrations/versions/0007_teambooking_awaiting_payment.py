"""appointments.awaiting_payment: TeamBooking's "pending" as a bit of its own

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 05:40:00

TeamBooking stores a reservation's status and whether it is paid in two columns; we read its "pending"
(awaiting payment) off the payment status ``pending``, so a paid reservation could not be pending. The
new column holds that mark; existing rows get it where it was read before (status and payment status
both ``pending``), so every reservation reads back as it did.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_appointments = sa.table('appointments', sa.column('status', sa.String), sa.column('payment_status', sa.String),
                         sa.column('awaiting_payment', sa.Boolean))


def upgrade():
    op.add_column('appointments', sa.Column('awaiting_payment', sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    op.execute(_appointments.update()
               .where(_appointments.c.status == 'pending', _appointments.c.payment_status == 'pending')
               .values(awaiting_payment=True))


def downgrade():
    op.drop_column('appointments', 'awaiting_payment')
