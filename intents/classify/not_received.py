"""Intent `not-received`: the customer says the invoice never reached them or asks for a copy."""

from __future__ import annotations

from intents.classify.cues import Cue, cue

LABEL = "not-received"
DESCRIPTION = ("The customer has not received (or cannot find) the invoice being chased and "
               "asks for it to be sent again. Not about missing payment confirmations or goods.")
EXAMPLES = (
    "We never received invoice INV-1001, could you send us a copy?",
    "I can't find this invoice anywhere in our system.",
    "Wir haben die Rechnung RE-2026-1234 leider nicht erhalten.",
    "Nous n'avons jamais reçu la facture FA-778.",
)

_DOC = "invoice|invoices|inv|bill|bills|statement|pdf|copy|document|attachment|rechnung|rechnungen|facture|factures|factura|facturas"
_RECV = "received|receive|recieved|recieve|got|get|gotten|seen|see|find|found|locate|located|have|has|had|erhalten|bekommen|reçu|reçue|recu|recibido|recibimos|recibí"
_ARRIVE = "arrived|arrive|reached|reach|come|came|shown|turned|landed|ankommen|angekommen|eingegangen|arrivée|arrivé|llegado|llegó"
# Words that move "not received ..." off the invoice: the reply is about something else.
_OFF = ("confirmation", "receipt", "payment", "remittance", "reply", "response", "answer", "refund",
        "credit", "goods", "delivery", "order", "parts", "items", "bestätigung", "zahlung", "paiement",
        "pago", "money", "funds", "transfer", "call", "email", "quote")

CUES: tuple[Cue, ...] = (
    cue(f"not|n't|never|no ~3 {_RECV} ~4 {_DOC}", blockers=_OFF),
    cue(f"{_DOC} ~5 not|n't|never ~2 {_ARRIVE}", blockers=_OFF),
    cue(f"{_DOC} ~3 never|not ~2 {_RECV}", blockers=_OFF),
    cue(f"no record|trace|sign ~1 of ~3 {_DOC}", blockers=_OFF),
    cue(f"re:^(re-?send|resend|re-?issue)$ ~4 {_DOC}|it|this|that|them|one"),
    cue(f"please|could|can|kindly|would ~4 send|forward|email|mail ~2 me|us|over ~3 a|the ~2 copy|{_DOC}",
        blockers=("payment", "confirmation", "statement", "remittance", "future", "all", "new", "further")),
    cue(f"which|what ~2 {_DOC} ~3 is|are ~2 this|that"),
    cue(f"don't|dont|do ~3 have ~3 {_DOC}", negatable=False, blockers=_OFF),
    cue(f"keine|nie ~3 {_DOC} ~3 erhalten|bekommen|angekommen"),
    cue(f"{_DOC} ~5 nicht|nie ~2 erhalten|bekommen|angekommen|eingegangen"),
    cue(f"pas|jamais ~3 reçu|reçue|recu ~4 {_DOC}"),
    cue(f"no|nunca ~3 hemos|he ~1 recibido ~4 {_DOC}"),
    cue(f"renvoyer|reenviar|zusenden|erneut|nochmals ~4 {_DOC}"),
    cue(f"{_DOC} ~4 ne|n' ~3 pas ~2 parvenue|parvenu|arrivée|arrivé"),
    cue(f"{_DOC} ~4 no ~2 ha|han ~1 llegado"),
    cue(f"no ~2 nos ~1 ha|han ~1 llegado ~3 {_DOC}"),
    cue(f"niet|nooit|geen ~3 ontvangen|gekregen ~3 {_DOC}|factuur"),
    cue("factuur ~4 niet|nooit ~2 ontvangen|aangekomen|gekregen"),
    cue("non ~3 ricevuto|ricevuta ~3 fattura"),
    cue("não ~3 recebemos|recebido|recebi ~3 fatura"),
    cue(f"missing|lost ~2 {_DOC}"),
    cue(f"{_DOC} ~3 missing|lost|went|gone ~2 astray|missing|elsewhere"),
    cue(f"send|forward ~3 {_DOC} ~3 again|once more"),
    cue("spam|junk ~2 folder|filter"),
    cue(f"{_DOC} ~3 not|n't ~3 in ~2 our|my ~1 system|inbox|mailbox|records"),
    cue("first ~3 heard|seen|hearing|hear ~2 of|about ~3 this|the|that|an|any ~1 invoice|bill"),
    cue("what|which ~3 is ~2 this|it ~2 for"),
    # Paraphrase families: not having it, not finding it, not being able to open it, sent to
    # the wrong place, asking for a copy.
    cue("never|not|n't ~2 got|received|seen|had ~1 it|one|this|that|them|anything", blockers=_OFF),
    cue(f"can't|cannot|unable|n't|not ~2 find|locate|trace|open ~4 {_DOC}|it|this"),
    cue(f"copy ~2 of ~3 {_DOC}|it|this"),
    cue(f"{_DOC}|link|file ~4 not|n't|wo|won't|cannot ~2 open|opening|load|loading|work|download"),
    cue("re:^(corrupt|corrupted|unreadable|blank|expired)$"),
    cue("sent|gone|went|addressed|emailed|posted ~4 to ~3 wrong|old|incorrect|previous|former|different|individual"),
    cue("wrong|old|incorrect|previous|former ~2 address|email|mailbox|inbox|person|department|contact|recipient"),
    cue("what|which ~3 address|email|e-mail ~5 sent|send|use|using"),
    cue("where ~2 was|were|did|is ~3 sent|send|go|posted"),
    cue("not|n't|never|no ~3 on|in ~2 our|the|my ~1 system|records|ledger|books|portal|mailbox|inbox"),
    cue("no|nothing ~3 record|trace|sign|invoice|invoices ~4 from|of|under|for"),
    cue("nothing ~4 come|came|arrived|received ~2 through|in|from"),
    cue("do|does|did ~1 not|n't ~1 hold|have ~3 this|that|the|any|a ~1 invoice|record|copy"),
    cue("not|n't|never ~2 been ~2 registered|logged|entered|booked|recorded|submitted", blockers=_OFF),
    cue("re:^(portal|coupa|ariba|tungsten|basware|tradeshift|bill\\.com)$"),
    cue("upload|submit|re-submit|resubmit ~4 portal|invoice"),
    cue("re:^(resend|re-send|re-sent|resent)$"),
    cue("send|email|forward ~2 it|them|one|this ~1 again|across"),
    cue("re:^(reinvia\\w*|rinvia\\w*|reenvi\\w*|renvo\\w*|zukommen|zusenden)$"),
    cue("non ~3 re:^(pervenut\\w*|arrivat\\w*|ricevut\\w*)$"),
    cue("keine|keinen ~2 beleg|rechnung|eingang"),
    cue("pas ~3 trouvé|trouvée|retrouvé|retrouvée|reçu|reçue"),
    cue("future|upcoming|further|all ~1 invoices|bills|statements|correspondence ~3 to|at|should|must", weight=-1.0),
    cue("change|update ~3 billing|invoice|invoicing ~1 address|email|contact", weight=-1.0),
)
