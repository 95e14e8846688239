"""Intent `already-paid`: the customer says the invoice has been paid (often with date and reference)."""

from __future__ import annotations

from intents.classify.cues import Cue, cue

LABEL = "already-paid"
DESCRIPTION = ("The customer states the invoice has already been paid: a past payment, often "
               "with a date, amount or bank reference. Not a promise to pay later.")
EXAMPLES = (
    "We paid INV-1001 on 3 May, ref 88123.",
    "This was settled last week, please check your account.",
    "Die Rechnung wurde bereits am 15.11. überwiesen.",
    "Ya hemos pagado la factura.",
)

_FUTURE = ("will", "'ll", "shall", "be", "going", "to", "should", "would", "must", "can", "could", "need",
           "please", "pls", "kindly", "when", "once", "before", "if")
_PAID = "paid|payed|settled|transferred|wired|remitted|cleared|processed|sent|made|executed|posted|mailed|deposited|honoured|honored"

CUES: tuple[Cue, ...] = (
    cue("already|previously ~3 re:^(paid|payed|settled|transferred|wired|remitted|cleared|sent|taken)$"),
    cue("re:^(paid|payed|settled|transferred|wired|remitted)$", negatable=True, futures=_FUTURE),
    cue(f"payment|transfer|wire|cheque|check|remittance ~3 was|were|has|have|went|been ~2 {_PAID}|out|through",
        negatable=True, futures=_FUTURE),
    cue("we|i ~2 sent|made|processed|initiated|issued|posted|mailed ~3 payment|transfer|wire|cheque|check|funds|money",
        negatable=True, futures=_FUTURE),
    cue("proof|confirmation|evidence ~1 of ~1 payment"),
    cue("remittance|payment ~1 advice|confirmation|slip|receipt ~2 attached|enclosed|below"),
    cue("check|see|look ~3 your ~1 bank|account|records|statement"),
    cue("on ~1 its|the ~1 way|route"),
    cue("bereits|schon ~4 bezahlt|überwiesen|beglichen|gezahlt"),
    cue("wurde|wurden|haben|habe ~5 bezahlt|überwiesen|beglichen|gezahlt", negatable=True),
    cue("déjà ~3 payé|payée|réglé|réglée|viré|virée|effectué"),
    cue("avons|ai|a|été ~3 payé|payée|réglé|réglée|viré|virée", negatable=True),
    cue("ya ~3 pagado|pagada|pagamos|transferido|abonado|abonada|pagué"),
    cue("hemos|he|fue|pagamos|transferimos|abonamos ~2 pagado|pagada|transferido|abonado|realizado|el|la", negatable=True),
    cue("betaald|overgemaakt|voldaan", negatable=True),
    cue("già ~2 pagato|pagata|saldato|saldata"),
    cue("já ~2 pagamos|pago|paga|pagou|transferimos"),
    cue("réglée|réglé|payée|payé|virée|viré|acquittée ~3 le|hier|depuis|semaine"),
    cue("pagada|pagado|abonada|abonado|transferida|transferido ~3 el|ayer|la"),
    cue("überwiesen|bezahlt|beglichen|angewiesen ~3 am|gestern|letzte|letzten", negatable=True),
    cue("receipt|remittance|proof|confirmation|swift|mt103|copy ~3 attached|enclosed|attach|see"),
    cue("payment|it|this|invoice|one|money|funds|transfer ~2 went|gone ~1 out|through", futures=_FUTURE),
    cue("cheque|check ~2 in ~1 the ~1 post|mail"),
    cue("ref|reference|transaction|confirmation|trace|utr ~2 re:^[a-z0-9-]*\\d"),
    cue("debited|cleared ~3 our|from|account"),
    cue("bereits|schon ~4 erfolgt|getätigt|veranlasst|ausgeführt|angewiesen"),
    # A payment made, in other words: sent, done, gone, out of the account, cash handed over.
    cue("sent|made|wired|transferred|remitted ~3 re:^[£$€]$|amount|balance|sum|bacs|payments", negatable=True, futures=_FUTURE),
    cue("payment|transfer|remittance ~3 was|were|has|have ~2 been? ~1 done|made|sent|completed|initiated|executed|released", negatable=True, futures=_FUTURE),
    cue("did|have|'ve ~2 you ~2 received|get|got|receive ~2 our|my|the ~1 payment|transfer|money|cheque|check|funds"),
    cue("confirm ~3 receipt|received|receiving ~3 of? ~1 our|my|the ~1 payment|transfer|funds|money|cheque|check"),
    cue("re:^(debited|gone|left|came|come)$ ~1 out? ~1 of|from ~2 our|my|the ~1 account|bank", negatable=True),
    cue("direct ~1 debit|debits"),
    cue("re:^(check|cheque)$ ~3 mailed|posted|sent|cashed|cleared|deposited"),
    cue("bank ~1 statement|confirmation|says|shows"),
    cue("remittance|remittances ~2 attached|enclosed|follows|herewith"),
    cue("paid|settled|transferred ~3 re:^0+(st|nd|rd|th)?$|re:^0+[/.-]0+", negatable=True, futures=_FUTURE),
    cue("paid|settled|transferred ~2 last|yesterday|earlier|already", negatable=True, futures=_FUTURE),
    cue("gave|handed|paid ~3 cash|cheque|check"),
    cue("should|must ~3 with|reached|arrived|cleared ~2 you|your ~2 already|now|by ~1 now"),
    cue("sent|paid|transfer|payment|money ~5 not ~1 showing|show"),
    cue("re:^(effectué|effectuée|réalisé|pagato|pagata|bonifico|betaald|overgemaakt|realizado|realizada)$", negatable=True),
    cue("not|n't|never ~3 received|got|seen ~3 payment|bank ~1 confirmation|receipt", weight=-1.0),
    cue("update|change|amend ~2 your|our|the ~1 records|details|address|contact", weight=-1.0),
)
