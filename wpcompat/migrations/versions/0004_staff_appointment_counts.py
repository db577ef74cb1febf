"""per-staff appointment counts, kept by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 11:00:00

A list's total narrowed only by staff member (the unfiltered list of a tenant owner, a staff user's own
list) sums these rows instead of counting the tenant's appointments. The triggers keep the counts exact
on every insert, delete and change of staff member, whoever writes the rows; existing appointments are
counted once here.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_COUNT_EXISTING = """
INSERT INTO staff_appointment_counts (staff_id, tenant_id, appointments)
SELECT staff_id, tenant_id, count(*) FROM appointments GROUP BY staff_id, tenant_id
"""

_SQLITE_TRIGGERS = [
    """
CREATE TRIGGER appointments_counted_on_insert AFTER INSERT ON appointments
BEGIN
    INSERT INTO staff_appointment_counts (staff_id, tenant_id, appointments) VALUES (NEW.staff_id, NEW.tenant_id, 1)
    ON CONFLICT (staff_id) DO UPDATE SET appointments = appointments + 1;
END
""",
    """
CREATE TRIGGER appointments_counted_on_delete AFTER DELETE ON appointments
BEGIN
    UPDATE staff_appointment_counts SET appointments = appointments - 1 WHERE staff_id = OLD.staff_id;
END
""",
    """
CREATE TRIGGER appointments_counted_on_move AFTER UPDATE OF staff_id ON appointments
WHEN OLD.staff_id IS NOT NEW.staff_id
BEGIN
    UPDATE staff_appointment_counts SET appointments = appointments - 1 WHERE staff_id = OLD.staff_id;
    INSERT INTO staff_appointment_counts (staff_id, tenant_id, appointments) VALUES (NEW.staff_id, NEW.tenant_id, 1)
    ON CONFLICT (staff_id) DO UPDATE SET appointments = appointments + 1;
END
""",
]

# PostgreSQL: one trigger function. A move changes two rows; it changes them in staff id order, so two
# moves in opposite directions wait for each other instead of deadlocking.
_POSTGRESQL_TRIGGERS = [
    """
CREATE FUNCTION staff_appointment_counts_add(staff integer, tenant integer, delta integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO staff_appointment_counts (staff_id, tenant_id, appointments) VALUES (staff, tenant, delta)
    ON CONFLICT (staff_id) DO UPDATE SET appointments = staff_appointment_counts.appointments + delta
$$
""",
    """
CREATE FUNCTION appointments_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM staff_appointment_counts_add(NEW.staff_id, NEW.tenant_id, 1);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE staff_appointment_counts SET appointments = appointments - 1 WHERE staff_id = OLD.staff_id;
    ELSIF OLD.staff_id IS DISTINCT FROM NEW.staff_id THEN
        IF OLD.staff_id < NEW.staff_id THEN
            UPDATE staff_appointment_counts SET appointments = appointments - 1 WHERE staff_id = OLD.staff_id;
            PERFORM staff_appointment_counts_add(NEW.staff_id, NEW.tenant_id, 1);
        ELSE
            PERFORM staff_appointment_counts_add(NEW.staff_id, NEW.tenant_id, 1);
            UPDATE staff_appointment_counts SET appointments = appointments - 1 WHERE staff_id = OLD.staff_id;
        END IF;
    END IF;
    RETURN NULL;
END
$$
""",
    """
CREATE TRIGGER appointments_counted AFTER INSERT OR DELETE OR UPDATE OF staff_id ON appointments
FOR EACH ROW EXECUTE FUNCTION appointments_counted()
""",
]


def upgrade():
    op.create_table('staff_appointment_counts',
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('appointments', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_staff_appointment_counts_staff_id_staff'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_staff_appointment_counts_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_staff_appointment_counts'))
    )
    with op.batch_alter_table('staff_appointment_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_appointment_counts_tenant_id'), ['tenant_id'], unique=False)

    op.execute(_COUNT_EXISTING)
    triggers = {'sqlite': _SQLITE_TRIGGERS, 'postgresql': _POSTGRESQL_TRIGGERS}[op.get_bind().dialect.name]
    for statement in triggers:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER appointments_counted ON appointments')
        op.execute('DROP FUNCTION appointments_counted()')
        op.execute('DROP FUNCTION staff_appointment_counts_add(integer, integer, integer)')
    else:
        for name in ('appointments_counted_on_insert', 'appointments_counted_on_delete', 'appointments_counted_on_move'):
            op.execute(f'DROP TRIGGER {name}')
    with op.batch_alter_table('staff_appointment_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_appointment_counts_tenant_id'))

    op.drop_table('staff_appointment_counts')
