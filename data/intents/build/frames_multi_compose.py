"""Per-invoice clauses combined into multi-intent replies, plus non-English multi replies.

A clause talks about one invoice ({X}); a reply lists two or three invoices,
each with a different intent, laid out as prose, a bullet list or a table-ish
block, as AP clerks tend to write them.
"""

from __future__ import annotations

import random

NR, SC, CP, AP, DI = "not-received", "scheduled", "cannot-pay", "already-paid", "dispute"

CLAUSES: dict[str, list[str]] = {
    AP: ["{X} was paid on {date}", "{X} has already been settled (ref {ref})", "{X} - paid by transfer on {date}",
         "we paid {X} last week", "{X} is paid, remittance attached", "{X} went out by BACS on {date}",
         "{X} was cleared on {date} along with our other payments", "our records show {X} paid in full on {date}"],
    SC: ["{X} will be paid on {date}", "{X} is in our next payment run", "{X} is scheduled for {wd}",
         "{X} has been approved and goes out on {date}", "{X} - payment due to leave on {date}",
         "we'll pay {X} by the end of the month", "{X} is being processed for payment this week"],
    NR: ["we never received {X}", "{X} is not in our system, please resend", "{X} - no record of it, can you send a copy?",
         "I can't find {X} anywhere", "{X} was never sent to us as far as I can tell, please email it",
         "we don't have {X}, please forward the PDF"],
    DI: ["{X} is wrong - the quantity doesn't match the delivery note", "{X} is a duplicate and should be cancelled",
         "we dispute {X}, the work wasn't completed", "{X} has the wrong price, we agreed {amt}",
         "{X} - still waiting on the credit note for returned goods", "{X} doesn't have our PO and can't be approved as is",
         "{X} includes a late fee we don't accept"],
    CP: ["we can't pay {X} just yet, cash flow is tight - could we split it?",
         "{X} we'll need more time on, can we do instalments?",
         "for {X} we'd like to ask for a 30-day extension as funds are short",
         "{X} is more than we can manage right now, is a payment plan possible?"],
}
LEAD = ["Hi, update on the open items:", "Please see below:", "Status of the invoices in your reminder:",
        "Hi {vfirst}, I've checked the list.", "Thanks for the statement.", "Regarding your reminder,",
        "Going through your list:", "Here's where we are:", ""]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def compose_multi(r: random.Random, s: dict[str, str]) -> tuple[list[str], str]:
    k = 3 if r.random() < 0.2 else 2
    labels = r.sample([AP, SC, NR, DI, CP], k)
    invs = [s["inv"], s["inv2"], s["inv3"]]
    clauses = []
    for lab, iv in zip(labels, invs[:k], strict=True):
        clauses.append(r.choice(CLAUSES[lab]).replace("{X}", iv).format(**s))
    layout = r.randrange(4)
    lead = r.choice(LEAD).format(**s)
    if layout == 0:
        body = "\n".join("- " + _cap(cl) for cl in clauses)
    elif layout == 1:
        body = ". ".join(_cap(cl) for cl in clauses) + "."
    elif layout == 2:
        joiners = [", but ", "; ", ". However, ", " and ", ". As for the other one, "]
        body = _cap(clauses[0])
        for cl in clauses[1:]:
            body += r.choice(joiners) + cl
        body += "."
    else:
        body = "\n".join(f"{i + 1}) {_cap(cl)}" for i, cl in enumerate(clauses))
    return labels, (lead + "\n\n" + body if lead else body)


MULTI_INTL: list[tuple[str, list[str], str]] = [
    ("de", [AP, NR], "Rechnung {inv} wurde am {date} bezahlt. Rechnung {inv2} haben wir nie erhalten, bitte senden Sie sie erneut."),
    ("de", [DI, SC], "Die Rechnung {inv} zahlen wir am {date}. {inv2} ist jedoch doppelt berechnet, bitte stornieren."),
    ("de", [CP, AP], "Die erste Rechnung ist bezahlt, für die zweite bitten wir um Ratenzahlung, da unsere Liquidität knapp ist."),
    ("fr", [AP, SC], "La facture {inv} a été réglée le {date} ; la facture {inv2} sera payée le {date2}."),
    ("fr", [DI, NR], "Le montant de la facture {inv} est erroné et nous n'avons jamais reçu la facture {inv2}."),
    ("fr", [CP, SC], "Nous pouvons payer {amt} le {date}, pour le reste nous souhaiterions un échéancier."),
    ("es", [AP, NR], "La factura {inv} se pagó el {date}. La {inv2} no la hemos recibido, ¿pueden reenviarla?"),
    ("es", [DI, AP], "Pagamos la factura {inv}, pero la {inv2} está duplicada. Por favor, anúlenla."),
    ("es", [SC, NR], "Pagaremos la factura {inv} el {date}. De la {inv2} no tenemos copia, envíenla por favor."),
    ("nl", [AP, SC], "Factuur {inv} is betaald op {date}, factuur {inv2} betalen we volgende week."),
    ("it", [AP, DI], "La fattura {inv} è stata pagata; la fattura {inv2} è errata, attendiamo una nota di credito."),
    ("pt", [NR, SC], "A fatura {inv} será paga a {date}; a fatura {inv2} nunca nos chegou."),
]
