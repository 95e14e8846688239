"""message readings: what was read in each reply, stored once when it is handled

The sender and subject of every stored message (for the quarantine list, read from the
header block at intake) and, per handled message, its reading: the new text, quoted
history and signature, the HTML body, attachment names, the intents and entities found.
The web app shows what is stored here instead of parsing the raw bytes again.

Revision ID: 0006_message_readings
Revises: 0005_reply_indexes
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from assistant.store.base import UtcDateTime

revision: str = '0006_message_readings'
down_revision: str | Sequence[str] | None = '0005_reply_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('inbound_messages') as batch:
        batch.add_column(sa.Column('sender', sa.String(length=320), nullable=True))
        batch.add_column(sa.Column('subject', sa.Text(), nullable=True))
    op.create_table(
        'message_readings',
        sa.Column('inbound_pk', sa.Integer(), nullable=False),
        sa.Column('sender_name', sa.String(length=255), nullable=True),
        sa.Column('sent_at', UtcDateTime(timezone=True), nullable=True),
        sa.Column('reply_text', sa.Text(), nullable=False),
        sa.Column('quoted_text', sa.Text(), nullable=False),
        sa.Column('signature', sa.Text(), nullable=True),
        sa.Column('html', sa.Text(), nullable=True),
        sa.Column('attachments', sa.JSON(), nullable=False),
        sa.Column('defects', sa.JSON(), nullable=False),
        sa.Column('primary_intent', sa.String(length=16), nullable=False),
        sa.Column('needs_human', sa.Boolean(), nullable=False),
        sa.Column('intents', sa.JSON(), nullable=False),
        sa.Column('entities', sa.JSON(), nullable=False),
        sa.Column('machine_kind', sa.String(length=32), nullable=True),
        sa.Column('read_at', UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['inbound_pk'], ['inbound_messages.id'],
                                name=op.f('fk_message_readings_inbound_pk_inbound_messages'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('inbound_pk', name=op.f('pk_message_readings')),
    )


def downgrade() -> None:
    op.drop_table('message_readings')
    with op.batch_alter_table('inbound_messages') as batch:
        batch.drop_column('subject')
        batch.drop_column('sender')
