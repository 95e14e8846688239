"""Intent `scheduled`: the customer promises to pay, usually on a date or in a payment run."""

from __future__ import annotations

from intents.classify.cues import Cue, cue

LABEL = "scheduled"
DESCRIPTION = ("The customer states when the invoice will be paid: a date, a payment run, "
               "an approval cycle. A plan, not a payment already made and not a refusal.")
EXAMPLES = (
    "We will pay INV-1001 next Friday.",
    "The invoice is scheduled for our payment run on the 15th.",
    "Die Zahlung erfolgt bis Ende des Monats.",
    "Le paiement sera effectué fin du mois.",
)

_PAY = "pay|paid|settle|settled|transfer|transferred|wire|wired|process|processed|remit|release|released|send|sent|clear|cleared|issue|issued|made|make|approve|approved|post|posted"
_WILL = "will|'ll|shall|going|plan|planning|intend|expect|aim|hope|should"

CUES: tuple[Cue, ...] = (
    cue(f"{_WILL} ~3 {_PAY}", negatable=True, blockers=("not", "n't", "never")),
    cue("re:^(scheduled|queued|earmarked|booked|slated|lined)$", negatable=True),
    cue("payment|pay|check|cheque|cheque|bacs|ach ~1 run|cycle|batch|date|schedule"),
    cue("next|upcoming|following ~2 payment|pay|check|cheque ~1 run|cycle|batch"),
    cue("will|'ll ~2 be ~2 paid|settled|processed|transferred|released|cleared|sent|wired|remitted|issued", negatable=True),
    cue("approved|approval ~4 for ~2 payment"),
    cue("payment|transfer|wire ~3 will|should ~3 go|be|reach|arrive|hit|land", negatable=True),
    cue("by|before|until|on ~2 re:^(end|eom|month-end)$"),
    cue("in ~2 the ~1 next ~2 days|week|weeks"),
    cue("werden|werde|wird ~4 überweisen|bezahlen|begleichen|überwiesen|bezahlt|beglichen|zahlen", negatable=True),
    cue("zahlungslauf|zahlungseingang|zahlung ~3 erfolgt|erfolgen"),
    cue("allons|vais|sera|seront|va ~3 payer|régler|virer|payée|réglée|virée|payé|réglé|effectué|effectuée", negatable=True),
    cue("prochain ~1 virement|paiement"),
    cue("vamos|voy|será|serán|se ~3 pagar|transferir|pagada|pagado|pagará|abonará|realizará|transferirá", negatable=True),
    cue("pagaremos|realizaremos|transferiremos|abonaremos"),
    cue("überweisen|zahlen|bezahlen|begleichen ~4 am|bis|nächste|nächsten|kommende|morgen|ende"),
    cue("zahllauf|zahlungsfreigabe|freigegeben|angewiesen"),
    cue("geht|gehen ~5 raus"),
    cue("je|nous ~1 règle|réglerons|réglerai|paierons|paierai|payerons|virerons|virerai"),
    cue("paiement|virement ~4 prévu|programmé|planifié"),
    cue("pagaré|pagará|pagarán|abonaremos|transferiremos|haremos"),
    cue("pago|transferencia ~4 programado|programada|previsto|prevista"),
    cue("we|wij|ik ~2 betalen|betaal|maken ~4 over|volgende|vrijdag|maandag|eind"),
    cue("pagheremo|pagaremos|faremos|saldaremos|bonifico ~3 programmato"),
    cue("expect|expected ~3 payment|to ~1 pay|funds"),
    cue("payment ~3 on|by ~1 its ~1 way", negatable=True),
    # A plan in other words: approval, processing, the next run or batch, a day named.
    cue("re:^(approval|approvals|workflow|processing)$", negatable=True),
    cue("approved|released|authorised|authorized|cleared|signed ~2 off? ~2 for? ~1 payment", negatable=True),
    cue("due ~2 for ~1 payment|settlement"),
    cue("expect|expected|expecting|due ~3 to? ~1 be? ~1 paid|pay|settled|released|processed|cleared", negatable=True),
    cue("re:^(goes|go|going|leave|leaves|will)$ out ~3 on|by|next|this|at|in|the|tomorrow|friday|monday", negatable=True),
    cue("payment|transfer|batch|run|it|invoice ~3 goes|leaves|go|leave|going ~1 out", negatable=True),
    cue("in|into ~2 the|our|next ~2 payment|pay|bacs|ach|check|cheque ~1 run|batch|cycle|file"),
    cue("next ~1 re:^(week|month|monday|tuesday|wednesday|thursday|friday|run|cycle|batch|payday|pay-day)$"),
    cue("re:^(payday|pay-day|paydays)$"),
    cue("paying|settling|transferring ~3 on|by|next|this|tomorrow|today|friday|monday|at|end|the|within", negatable=True),
    cue("end ~1 of ~1 the? ~1 month|week|quarter", negatable=True, blockers=("last",)),
    cue("in ~2 line ~1 for ~1 payment"),
    cue("re:^(programmat[oa]|previst[oa]|saldrá|saldra|haremos|prévu|prévue|geplant|eingeplant|vorgesehen)$"),
    cue("maak|maken|betalen|overmaken ~4 volgende|begin|eind|week|maandag|vrijdag"),
    # Someone announcing an absence names dates too; that is no payment plan.
    cue("will|'ll ~1 be ~1 out|away|off|on ~2 office|leave|holiday|holidays|vacation|next|from|until", weight=-1.0),
    cue("pay|settle|clear ~4 by|on|before|next|tomorrow|today|this|end|within|in", negatable=True,
        futures=("please", "kindly", "must", "asked", "ask", "pls"), blockers=("already",)),
)
