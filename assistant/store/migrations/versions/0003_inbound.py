"""inbound: raw messages read from the mailbox, folder reading state, quarantine

Revision ID: 0003_inbound
Revises: 0001_foundation
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import assistant.store.base


revision: str = '0003_inbound'
down_revision: str | Sequence[str] | None = '0001_foundation'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('inbound_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mailbox', sa.String(length=255), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=False),
    sa.Column('uid', sa.BigInteger(), nullable=False),
    sa.Column('message_id', sa.String(length=998), nullable=True),
    sa.Column('message_key', sa.String(length=998), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('server_date', assistant.store.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('received_at', assistant.store.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('processed_at', assistant.store.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('flagged_at', assistant.store.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', assistant.store.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_messages')),
    sa.UniqueConstraint('mailbox', 'message_key', 'sha256', name=op.f('uq_inbound_messages_mailbox_message_key_sha256')),
    sa.UniqueConstraint('mailbox', 'uidvalidity', 'uid', name=op.f('uq_inbound_messages_mailbox_uidvalidity_uid'))
    )
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index('ix_inbound_messages_status', ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_messages_message_id'), ['message_id'], unique=False)

    op.create_table('mailbox_state',
    sa.Column('mailbox', sa.String(length=255), nullable=False),
    sa.Column('uidvalidity', sa.BigInteger(), nullable=False),
    sa.Column('last_uid', sa.BigInteger(), nullable=False),
    sa.Column('last_sync_at', assistant.store.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', assistant.store.base.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('mailbox', name=op.f('pk_mailbox_state'))
    )


def downgrade() -> None:
    op.drop_table('mailbox_state')
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_messages_message_id'))
        batch_op.drop_index('ix_inbound_messages_status')

    op.drop_table('inbound_messages')
