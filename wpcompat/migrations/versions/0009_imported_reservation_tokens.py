"""appointments.sealed_token: the TeamBooking reservation token an import kept

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 07:20:00

A reservation imported from a WordPress TeamBooking site keeps its own ``token`` (e-mail links already
sent carry it as ``checksum``). It cannot be derived from ``token_seed``, and must be shown again, so it
is stored sealed (Fernet under a key derived from SECRET_KEY, ``wpcompat.platform.sealed``). Every
existing appointment gets NULL: its token stays the derived one.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('appointments', sa.Column('sealed_token', sa.Text(), nullable=True))


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop the triggers of 0004.
    op.drop_column('appointments', 'sealed_token')
