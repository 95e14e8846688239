"""Imports every table module so `Base.metadata` is complete (Alembic, tests)."""

from assistant.store.base import Base
from assistant.store.models_conversation import (
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
from assistant.store.models_dunning import HoldRow, LateFeeRow, OutboxRow, ReminderSentRow
from assistant.store.models_inbound import InboundMessageRow, MailboxStateRow
from assistant.store.models_ledger import (
    AuditRow,
    ContactRow,
    CustomerRow,
    InvoiceRow,
    PaymentRow,
    UserRow,
)

__all__ = ["AuditRow", "Base", "ContactRow", "CustomerRow", "HoldRow", "InvoiceRow", "LateFeeRow", "OutboxRow",
           "PaymentRow", "ReminderSentRow", "UserRow"]
__all__ += ["InboundMessageRow", "MailboxStateRow"]
__all__ += ["ConversationEventRow", "DisputeRow", "InstalmentRow", "IntentCorrectionRow", "InvoiceStateRow",
            "PaymentPlanRow", "PromiseRow", "SuggestionRow", "ThreadRow", "VerificationRow"]
