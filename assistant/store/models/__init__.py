"""Imports every table module so `Base.metadata` is complete (Alembic, tests)."""

from assistant.store.base import Base
from assistant.store.models.conversation import (
    ConversationEventRow,
    DisputeRow,
    InstalmentRow,
    IntentCorrectionRow,
    InvoiceStateRow,
    PaymentPlanRow,
    PromiseRow,
    SuggestionRow,
    ThreadRow,
    VerificationRow,
)
from assistant.store.models.dunning import HoldRow, LateFeeRow, OutboxRow, ReminderSentRow
from assistant.store.models.inbound import InboundMessageRow, MailboxStateRow, MessageReadingRow
from assistant.store.models.ledger import (
    AuditRow,
    ContactRow,
    CustomerRow,
    InvoiceRow,
    PaymentRow,
    UserRow,
)

__all__ = ["AuditRow", "Base", "ContactRow", "CustomerRow", "HoldRow", "InvoiceRow", "LateFeeRow", "OutboxRow",
           "PaymentRow", "ReminderSentRow", "UserRow"]
__all__ += ["InboundMessageRow", "MailboxStateRow", "MessageReadingRow"]
__all__ += ["ConversationEventRow", "DisputeRow", "InstalmentRow", "IntentCorrectionRow", "InvoiceStateRow",
            "PaymentPlanRow", "PromiseRow", "SuggestionRow", "ThreadRow", "VerificationRow"]
