"""reply indexes: case-insensitive lookups made for every inbound message

Matching a reply looks up the sender as `lower(email)` in contacts and customers and the
invoice numbers it names as `upper(invoice_number)`; without expression indexes each of
these reads the whole table.

Revision ID: 0005_reply_indexes
Revises: 0004_conversations
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005_reply_indexes'
down_revision: str | Sequence[str] | None = '0004_conversations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_contacts_email_lower', 'contacts', [sa.text('lower(email)')], unique=False)
    op.create_index('ix_customers_email_lower', 'customers', [sa.text('lower(email)')], unique=False)
    op.create_index('ix_invoices_number_upper', 'invoices', [sa.text('upper(invoice_number)')], unique=False)


def downgrade() -> None:
    op.drop_index('ix_invoices_number_upper', table_name='invoices')
    op.drop_index('ix_customers_email_lower', table_name='customers')
    op.drop_index('ix_contacts_email_lower', table_name='contacts')
