"""Intent `cannot-pay`: the customer cannot pay now (cash flow, hardship) or asks for time/instalments."""

from __future__ import annotations

from intents.classify.cues import Cue, cue

LABEL = "cannot-pay"
DESCRIPTION = ("The customer cannot pay as asked: money problems, asks for an extension, a "
               "payment plan or instalments. Not a dispute about the invoice itself.")
EXAMPLES = (
    "We can't pay this month, cash flow is very tight.",
    "Could we split INV-1001 into three instalments?",
    "Wir können die Rechnung derzeit leider nicht bezahlen.",
    "No podemos pagar la factura este mes.",
)

_PAY = "pay|settle|afford|meet|cover|clear|make|fund|honor|honour|transfer"

CUES: tuple[Cue, ...] = (
    cue(f"can't|cannot|cant|unable|couldn't|won't|wont|not|n't ~3 able? ~2 to? ~1 {_PAY}"),
    cue(f"unable ~2 to ~2 {_PAY}"),
    cue("not ~1 in ~1 a ~1 position ~3 to ~2 pay"),
    cue("re:^(cash-?flow|cashflow)$"),
    cue("cash ~1 flow|position|crunch|shortage"),
    cue("financial|money|liquidity|funding ~1 difficulties|difficulty|problems|problem|issues|trouble|hardship|constraints|situation"),
    cue("re:^(hardship|insolvency|insolvent|bankrupt|bankruptcy|receivership|administration|liquidation|redundant|unemployed)$"),
    cue("payment|repayment|instalment|installment ~1 plan|plans|arrangement|schedule"),
    cue("re:^(instalments?|installments?|ratenzahlung|raten|échéancier|plazos|mensualités)$"),
    cue("pay ~3 in ~1 parts|installments|instalments|stages|chunks|portions"),
    cue("split ~4 into|in|over"),
    cue("partial|part ~1 payment|payments"),
    cue("more|extra|additional ~1 time"),
    cue("re:^(extension|extend|defer|deferral|postpone|grace)$ ~4", negatable=True),
    cue("tight|short|struggling|struggle|behind|lost ~3 money|funds|cash|month|job|contract|client|customer|payments|us"),
    cue("können|kann ~4 nicht ~3 zahlen|bezahlen|begleichen"),
    cue("zahlungsschwierigkeiten|liquiditätsengpass|zahlungsaufschub|stundung|engpass"),
    cue("pouvons|peux|pouvons-nous ~2 pas ~3 payer|régler"),
    cue("difficultés ~1 financières|de ~1 trésorerie"),
    cue("plusieurs ~1 fois|versements|délai"),
    cue("no ~1 podemos|puedo ~3 pagar|abonar"),
    cue("dificultades|problemas ~1 económicas|financieros|económicos|de ~1 liquidez"),
    cue("plan ~1 de ~1 pagos"),
    cue("niet ~2 betalen|voldoen"),
    cue("betalingsregeling|afbetalingsregeling|uitstel|termijnen"),
    cue("non ~2 possiamo|riusciamo ~2 pagare"),
    cue("rateizzare|rateizzazione|dilazione"),
    cue("não ~2 podemos|conseguimos ~2 pagar"),
    cue("parcelar|parcelamento|prorrogação"),
    cue("aplazamiento|aplazar|fraccionar|prórroga|liquidez|moratoria"),
    cue("no ~2 podemos|puedo ~2 hacer ~2 frente"),
    cue("délai|délais|report|échelonner|étaler|échelonnement ~3 paiement|supplémentaire"),
    cue("aufschub|aufschieben|verschieben|teilzahlung|teilzahlungen"),
    cue("ask|asking|request|requesting|need|needs ~3 extension|time|delay|deferral|grace"),
    cue("struggling|struggle|difficult|hard ~3 pay|financially|times|month|period"),
    # Asking for time or smaller parts, and the reasons people give.
    cue("re:^(flexibility|flexible|leeway|lenien\\w*|indulgence|forbearance)$"),
    cue("re:^(spread|stagger|staggered|instal+ment|instal+ments|restructur\\w*|backlog)$"),
    cue("monthly|weekly|fortnightly|smaller|equal ~1 payments|instalments|installments|amounts|chunks|sums"),
    cue("and ~2 the ~1 rest|balance|remainder|remaining"),
    cue("half|part|portion|some|percent|% ~6 now|today|this ~3 rest|balance|remainder"),
    cue("not|n't ~3 all ~1 at ~1 once"),
    cue("not|n't ~4 in ~1 one ~1 lump|go|payment|sum|hit|instalment"),
    cue("can|could|may ~2 i|we ~1 have ~2 until|till|longer"),
    cue("hold ~1 off"),
    cue("give ~2 us|me ~2 until|till|more|extra|longer"),
    cue("give ~2 us|me ~3 few|couple|bit ~2 more|weeks|days|months"),
    cue("until|once|when|till ~4 client|clients|customer|customers|insurer|insurance|funder|grant|funding|loan|investor|investors|round|bookings|sales ~6 pay|pays|paid|comes|come|arrives|clears|closes|releases|picks|pick"),
    cue("freeze|frozen|froze|paused|suspended ~4 payment|payments|payables"),
    cue("behind ~2 on|with ~3 payments|bills|everything|rent|invoices"),
    cue("propose|proposal|suggest|offer ~4 pay|paying|payment|payments|plan|instalments|arrangement"),
    cue("re:^(pensioner|redundancy|furlough\\w*|unemployment)$"),
    cue("laid ~1 off"),
    cue("rate ~1 mensili"),
    cue("re:^(rateale|rateali|plazos|cuotas|mensualidades|termijnen|raten|ratenweise|échéances)$"),
    cue("difficoltà|difficultades|difficultés|schwierigkeiten|moeilijkheden ~2 economiche|finanziarie|económicas|financières|finanzielle|financiële"),
    cue("funds|money|cash ~3 until|after|once ~3 client|customer|paid|grant|loan|receive"),
)
