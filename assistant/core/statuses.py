"""Every status and kind the assistant stores or compares, as string enums.

`StrEnum` members are strings, so they are stored in plain string columns and printed in
JSON exactly as before; a value read back from the store compares equal to its member.
Values are part of the operator contract (CONTRACT.md) where they appear in output.
"""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    """What a customer's message says, in the product's labels (PRODUCT.md)."""

    NOT_RECEIVED = "not-received"
    SCHEDULED = "scheduled"
    CANNOT_PAY = "cannot-pay"
    ALREADY_PAID = "already-paid"
    DISPUTE = "dispute"
    AUTO_REPLY = "auto-reply"
    BOUNCE = "bounce"
    OTHER = "other"


# Machine mail and unclear mail: never a decision about the money.
NON_CUSTOMER_INTENTS = frozenset({Intent.AUTO_REPLY, Intent.BOUNCE, Intent.OTHER})


class Action(StrEnum):
    """What a follow-up does (the `action` of `suggestions --json`)."""

    RESEND_INVOICE = "resend-invoice"
    SCHEDULE_VERIFICATION = "schedule-verification"
    OFFER_PAYMENT_PLAN = "offer-payment-plan"
    OPEN_DISPUTE = "open-dispute"
    ASK_DETAILS = "ask-details"
    TRIAGE = "triage"
    ACKNOWLEDGE = "acknowledge"
    CONFIRM_PLAN = "confirm-plan"
    HAND_TO_STAFF = "hand-to-staff"
    POSTPONE = "postpone"
    MARK_BOUNCED = "mark-bounced"


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SENT = "sent"
    REJECTED = "rejected"


class InboundStatus(StrEnum):
    """received: stored, waiting for the reply handler; processed: handled;
    quarantined: kept raw for a person (see `QuarantineReason`)."""

    RECEIVED = "received"
    PROCESSED = "processed"
    QUARANTINED = "quarantined"


class QuarantineReason(StrEnum):
    UNPARSEABLE = "unparseable"
    TOO_LARGE = "too-large"
    HANDLER_FAILED = "handler-failed"


class StoreOutcome(StrEnum):
    """What became of one message fetched from the mailbox."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"


class HandleOutcome(StrEnum):
    """What the reply handler did with one stored message."""

    PROCESSED = "processed"
    QUARANTINED = "quarantined"
    SKIPPED = "skipped"  # another process handled it first
    WAITING = "received"  # stored, not handled (left for a later pass)


class OutboxStatus(StrEnum):
    """queued -> sending -> sent | queued (retry) | failed; a row found in sending when a
    pass starts -> unknown (a person decides); cancelled: the last look at the ledger said no."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"


# Mail that is out, or may be: it counts for threading and for the per-customer cap.
OUTBOX_LIVE = (OutboxStatus.QUEUED, OutboxStatus.SENDING, OutboxStatus.SENT, OutboxStatus.UNKNOWN)


class OutboxKind(StrEnum):
    REMINDER = "reminder"
    REPLY = "reply"
    DIGEST = "digest"


class OutboxDecision(StrEnum):
    """What a person decides about a send whose outcome is unknown, or that failed."""

    SENT = "sent"
    RESEND = "resend"
    CANCEL = "cancel"


class SkipReason(StrEnum):
    """Why a planned reminder was not sent (the `skipped` counts of `send-due`); a hold on
    the invoice counts under its own reason, and `hold-<reason>` when found at sending."""

    OPTED_OUT = "opted-out"
    BOUNCED = "bounced"
    OUTSIDE_SEND_WINDOW = "outside-send-window"
    CAP = "cap"
    PAID = "paid"
    CUSTOMER_DELETED = "customer-deleted"
    INVOICE_DELETED = "invoice-deleted"


class StepAction(StrEnum):
    """What a dunning step does: send an email, or flag the hand-over to collections."""

    EMAIL = "email"
    COLLECTIONS = "collections"


class HoldReason(StrEnum):
    DISPUTE = "dispute"
    PROMISE = "promise"
    PLAN = "plan"
    COLLECTIONS = "collections"
    GRACE = "grace"
    AUTO_REPLY = "auto-reply"
    STAFF = "staff"


class PromiseStatus(StrEnum):
    OPEN = "open"
    KEPT = "kept"
    BROKEN = "broken"
    REPLACED = "replaced"


class DisputeStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class PlanStatus(StrEnum):
    OFFERED = "offered"
    ACTIVE = "active"
    COMPLETED = "completed"
    DEFAULTED = "defaulted"
    DECLINED = "declined"


class InstalmentStatus(StrEnum):
    SCHEDULED = "scheduled"
    REMINDED = "reminded"
    PAID = "paid"


class VerificationKind(StrEnum):
    PROMISE = "promise"
    ALREADY_PAID = "already-paid"


class VerificationStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    CANCELLED = "cancelled"


class VerificationOutcome(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not-found"
    SUPERSEDED = "superseded"


class ContactRole(StrEnum):
    BILLING = "billing"
    CC = "cc"
    ALTERNATE = "alternate"


class ContactStatus(StrEnum):
    ACTIVE = "active"
    BOUNCED = "bounced"


class ContactSource(StrEnum):
    IMPORT = "import"
    REPLY = "reply"
    AUTO_REPLY = "auto-reply"
    STAFF = "staff"


class ThreadStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Role(StrEnum):
    """Staff roles in the web app, each allowing what the one before it allows."""

    VIEWER = "viewer"
    APPROVER = "approver"
    ADMIN = "admin"


ROLE_RANK = {Role.VIEWER: 0, Role.APPROVER: 1, Role.ADMIN: 2}


class MatchMethod(StrEnum):
    """How a message was tied to its customer, in order of trust."""

    HEADER = "header"
    BOUNCE = "bounce"
    INVOICE = "invoice"
    FUZZY_INVOICE = "fuzzy-invoice"
    AMOUNT = "amount"
    SENDER = "sender"
    DOMAIN = "domain"
    NONE = "none"


class MatchFlag(StrEnum):
    """Why a person must look before anything is sent automatically."""

    SPOOFED_SENDER = "spoofed-sender"
    DMARC_FAIL = "dmarc-fail"
    UNMATCHED = "unmatched"
    NO_INVOICE = "no-invoice"
    PLAN_ABOVE_THRESHOLD = "plan-above-threshold"
