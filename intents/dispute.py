"""Intent `dispute`: the customer contests the invoice: amount, goods, service, terms or order."""

from __future__ import annotations

from intents.cues import Cue, cue

LABEL = "dispute"
DESCRIPTION = ("The customer disputes the invoice: wrong amount or price, duplicate or double "
               "charge, goods missing or damaged, service not delivered, not ordered, credit note "
               "or refund owed, cancelled contract.")
EXAMPLES = (
    "The amount on INV-1001 is wrong, we agreed 1,000 not 1,200.",
    "The goods arrived damaged and we will not pay until this is resolved.",
    "Diese Rechnung ist falsch, wir haben das nicht bestellt.",
    "Nous contestons cette facture.",
)

_ERR = "wrong|incorrect|inaccurate|mistake|error|errors|erroneous|overcharged|overcharge|overcharging|overbilled|discrepancy|mismatch|duplicate|duplicated"
_THING = "goods|items|item|parts|part|order|delivery|shipment|product|products|service|services|work|equipment|units|pallets|boxes|materials"

CUES: tuple[Cue, ...] = (
    cue(f"re:^({_ERR})$"),
    cue("double|twice ~1 charged|billed|invoiced|charge|billing"),
    cue("charged|billed|invoiced ~1 twice|double"),
    cue("do|does ~1 not|n't ~1 agree|match|reflect|correspond"),
    cue("re:^(disagree|dispute|disputing|disputed|contest|contesting|query|querying|challenge)$"),
    cue("never|not|n't ~2 ordered|order|requested|authorised|authorized|agreed|signed|approved|used|received ~3 this|these|that|the|any ~2 " + _THING),
    cue("never|not|n't|didn't ~2 ordered|authorised|authorized|agreed"),
    cue(f"{_THING} ~4 re:^(damaged|broken|defective|faulty|missing|incomplete|short|late|unusable|returned|rejected|wrong)$"),
    cue(f"{_THING} ~4 never|not|n't ~2 arrived|delivered|received|performed|completed|finished|done"),
    cue(f"not|n't|never ~3 received ~3 the|any ~1 {_THING}"),
    cue("credit|refund ~1 note|memo|owed|due|request|requested"),
    cue("re:^(refund|credit)$"),
    cue("cancelled|canceled|terminated ~3 contract|subscription|order|service|account|agreement"),
    cue("agreed|quoted|contract|contracted|discount ~2 price|rate|amount|discount|fee|terms"),
    cue("price|rate|amount|total|quantity|vat|tax ~3 is|was|seems|looks ~2 wrong|incorrect|off|higher|too"),
    cue("po|purchase ~1 order ~3 missing|wrong|number|reference"),
    cue("re:^(reklamation|reklamieren|falsch|fehlerhaft|mangelhaft|beschädigt|gutschrift|widerspruch|widersprechen)$"),
    cue("nicht ~2 bestellt|geliefert|vereinbart"),
    cue("stimmt ~1 nicht"),
    cue("re:^(contestons|contester|conteste|erreur|erroné|erronée|incorrecte?|litige|endommagée?s?|avoir)$"),
    cue("pas ~2 commandé|livré|livrée|conforme"),
    cue("re:^(incorrecta|incorrecto|errónea|reclamación|reclamamos|disputamos|dañado|dañada|abono)$"),
    cue("no ~2 hemos ~1 pedido|solicitado|recibido ~2 el|la|los|las ~1 mercancía|pedido|material"),
    cue("nota ~1 de ~1 crédito"),
    cue("ne ~2 correspond|correspondent ~2 pas"),
    cue("corriger|rectifier|corrigez ~3 facture|montant"),
    cue("corregir|rectificar ~3 factura|importe"),
    cue("no ~2 corresponde|coincide"),
    cue("fehlt|fehlen ~4 rechnung|bestellnummer"),
    cue("rechnung|betrag|preis ~4 korrigieren|berichtigen|stimmt|falsch"),
    cue("korrigieren|berichtigen|korrektur|stornieren|storno"),
    cue("klopt ~1 niet"),
    cue("onjuist|verkeerd|creditnota|betwisten"),
    cue("errata|sbagliato|sbagliata|contestiamo|nota ~1 di ~1 credito"),
    cue("errada|incorreta|contestamos|nota ~1 de ~1 crédito"),
    cue("correct|fix|amend|revise|reissue|re-issue ~3 the|this ~1 invoice|amount|price|bill"),
    cue("corrected|amended|revised ~1 invoice|copy"),
    cue("not ~2 satisfied|happy|acceptable"),
    cue("poor|bad|unacceptable|substandard ~2 quality|service|work"),
    cue("quality ~3 issue|issues|problem|problems|complaint"),
    cue("overpriced|overbilling|overbilled|undelivered|unfinished|shortfall|shortage|short-shipped"),
    cue("should ~2 be|have ~2 been ~3 less|lower|cheaper|covered|free|included|warranty"),
    cue("under ~1 warranty|guarantee"),
    cue("never|not|n't|didn't ~2 signed|sign ~1 up|for|on"),
    cue("zu ~1 hoch|viel|teuer"),
    cue("vereinbart|abgesprochen ~2 waren|war|ist"),
    cue("trop ~1 élevé|élevée|cher"),
    cue("demasiado ~1 alto|alta|caro"),
    cue("already ~2 billed|invoiced|charged"),
    cue("is|are|was|looks ~2 double|duplicate|duplicated"),
    cue("billed|charged|invoiced ~3 for ~3 same|already"),
    cue("holding|withhold|withholding|hold ~2 payment|back"),
    cue("doesn't|does ~1 not|n't ~1 add ~1 up"),
)
