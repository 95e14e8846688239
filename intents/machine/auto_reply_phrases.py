"""Wording of out-of-office notices and ticket acknowledgements in en/de/fr/es/nl/it/pt.

Subjects are matched only at the very start and followed by a colon, a dash, a bracket
or the end ("Automatic reply: Invoice 42"); a person's "Re: out of office?" or
"Absence of payment advice" never matches. Body sentences are present-tense
statements an autoresponder makes ("I am out of the office until"), never a person's
account of the past ("I was out of office last week").
"""

from __future__ import annotations

import re

_FLAGS = re.I | re.M

_OOO_SUBJECT_WORDS = (
    # en
    r"out\s+of\s+(?:the\s+)?office(?:\s+(?:auto(?:matic)?[- ]?reply|notice|reply|message))?|"
    r"automatic\s+reply|auto(?:mated|matic)?[- ]?(?:reply|response|responder|antwort)|autoreply|"
    r"autorespons[e]?|auto[- ]?response|vacation(?:\s+(?:reply|notice|message|auto-?reply))?|"
    r"on\s+(?:vacation|holiday|leave|annual\s+leave)|away\s+from\s+(?:the\s+|my\s+)?office|"
    r"absence(?:\s+notice|\s+du\s+bureau)?|auto|i\s+am\s+away|i'?m\s+away|away|ooo|oof|"
    # de
    r"abwesenheitsnotiz|abwesenheits(?:meldung|nachricht)|automatische\s+antwort|abwesend|"
    r"nicht\s+im\s+b[üu]ro|au[ßs]er\s+haus|urlaubsabwesenheit|abwesenheit|im\s+urlaub|"
    # fr
    r"r[ée]ponse\s+automatique|message\s+d'absence|absente?(?:\s+du\s+bureau)?|hors\s+du\s+bureau|"
    r"en\s+cong[ée]s?|"
    # es
    r"respuesta\s+autom[áa]tica|fuera\s+de\s+(?:la\s+)?oficina|ausente|ausencia|de\s+vacaciones|"
    # nl
    r"afwezig(?:heid)?|automatisch\s+antwoord|niet\s+aanwezig|buiten\s+kantoor|"
    r"met\s+vakantie|"
    # it
    r"risposta\s+automatica|fuori\s+(?:sede|ufficio)|assente|assenza|in\s+ferie|"
    # pt
    r"resposta\s+autom[áa]tica|fora\s+do\s+escrit[óo]rio|aus[êe]ncia|de\s+f[ée]rias"
)
OOO_SUBJECT = re.compile(
    r"^\s*(?:\[[^\]]{1,40}\]\s*)?(?:" + _OOO_SUBJECT_WORDS + r")\s*(?::|-|–|\(|$|\s+re\s*:|\s+aw\s*:)|"
    r"\[auto-?(?:response|reply|responder)\]?\s*$", re.I)

# "This is an automatic reply" - only software says this about its own message. A person
# may mention an auto-reply ("the auto-reply may have told you I'm away"), so the bare
# word is not enough.
OOO_STRONG = re.compile(
    r"\bthis\s+is\s+an?\s+auto(?:matic(?:ally)?|mated)[- ](?:generated\s+)?"
    r"(?:reply|response|confirmation|acknowledge?ment)\b|^\s*(?:automatic\s+reply|auto[- ]?reply|out\s+of\s+office|abwesenheitsnotiz|automatische\s+antwort|"
    r"r[ée]ponse\s+automatique|respuesta\s+autom[áa]tica)\s*:|"
    r"\bdies\s+ist\s+eine\s+automatische\s+(?:antwort|nachricht|benachrichtigung|e-?mail)\b|"
    r"\bdiese\s+(?:nachricht|e-?mail)\s+wurde\s+automatisch\s+(?:erstellt|generiert|versandt|verschickt)|"
    r"\bceci\s+est\s+une?\s+(?:message|r[ée]ponse)\s+automatique\b|"
    r"\b(?:este\s+es\s+un\s+mensaje\s+autom[áa]tico|esta\s+es\s+una\s+respuesta\s+autom[áa]tica)\b|"
    r"\bdit\s+is\s+een\s+automatisch(?:\s+gegenereerd)?\s+(?:antwoord|bericht)\b|"
    r"\b(?:questa\s+[èe]\s+una\s+risposta\s+automatica|questo\s+[èe]\s+un\s+messaggio\s+automatico)\b|"
    r"\besta\s+[ée]\s+uma\s+(?:resposta|mensagem)\s+autom[áa]tica\b", re.I | re.M)

# Present-tense "I am away" statements.
OOO_STATEMENT = re.compile(
    r"\bI(?:'m|\s+am|\s+will\s+be)\s+(?:currently\s+|now\s+)?(?:out\s+of\s+(?:the\s+)?office|"
    r"away\s+from\s+(?:the\s+|my\s+)?(?:office|desk|e-?mail)|"
    r"on\s+(?:annual\s+|parental\s+|maternity\s+|paternity\s+|sick\s+|medical\s+)?(?:leave|vacation|holidays?)|"
    r"out\s+of\s+(?:the\s+)?(?:country|office)|away|travel(?:l)?ing|off\s+work|not\s+in\s+the\s+office|"
    r"off\s+until|out\s+(?:today|until|this\s+week)|attending\s+[\w\s]{0,30}?until|away\s+on\s+business)"
    r"(?!\s+(?:last|yesterday))|"
    r"\b(?:currently\s+)?out\s+of\s+(?:the\s+)?office\s+(?:until|till|through|from|and\s+will|with|returning)\b|"
    r"^\s*out\s+of\s+(?:the\s+)?office\s*(?:[-–:]|until\b|till\b|back\b|returning\b)|"
    r"\bich\s+bin\s+(?:derzeit\s+|zurzeit\s+|momentan\s+|aktuell\s+|leider\s+)*(?:bis\s+(?:einschlie[ßs]lich\s+)?"
    r"(?:zum\s+)?[^\n]{0,40}?\s+)?(?:nicht\s+im\s+b[üu]ro|abwesend|im\s+urlaub|au[ßs]er\s+haus|"
    r"nicht\s+erreichbar|nicht\s+(?:im\s+haus|anwesend))|"
    r"\b\w+\s+no\s+longer\s+works?\s+(?:at|for|with)\b|\bI\s+have\s+(?:changed\s+roles|left\s+\w+)|"
    r"\b(?:this|the)\s+(?:e-?mail\s+address|mailbox|inbox)\s+(?:will\s+be\s+closed|is\s+(?:no\s+longer|not)\s+"
    r"(?:in\s+use|monitored|active)|has\s+been\s+closed|is\s+unattended)|\bunattended\s+mailbox\b|"
    r"\bnos\s+bureaux\s+sont\s+ferm[ée]s\b|\bunsere\s+b[üu]ros\s+sind\s+(?:bis\s+\S+\s+)?geschlossen\b|"
    r"\bje\s+suis\s+(?:actuellement\s+|absent(?:e|\(e\))?\s+)?(?:absent(?:e|\(e\))?|en\s+cong[ée]s?|en\s+vacances|"
    r"hors\s+du\s+bureau|en\s+d[ée]placement)|\bje\s+serai\s+absent(?:e|\(e\))?\b|"
    r"\b(?:estoy|me\s+encuentro|estar[ée])\s+(?:actualmente\s+)?(?:fuera\s+de\s+(?:la\s+)?oficina|"
    r"de\s+vacaciones|ausente|fuera)\b|"
    r"\bik\s+ben\s+(?:momenteel\s+|tot\s+en\s+met\s+[^.\n]{0,30}\s+)?(?:afwezig|niet\s+aanwezig|met\s+vakantie|"
    r"buiten\s+kantoor|niet\s+op\s+kantoor)|"
    r"\bsono\s+(?:attualmente\s+)?(?:fuori\s+(?:ufficio|sede)|assente|in\s+ferie)|"
    r"\bestou\s+(?:atualmente\s+)?(?:fora\s+do\s+escrit[óo]rio|ausente|de\s+f[ée]rias)", re.I | re.M)

# Sentences autoresponders add around the absence.
OOO_CUE = re.compile(
    r"\bthank\s+you\s+for\s+your\s+(?:e-?mail|message|mail)\b|\bthanks\s+for\s+your\s+(?:e-?mail|message)\b|"
    r"\bupon\s+my\s+return\b|\bon\s+my\s+return\b|\bwhen\s+I\s+(?:return|get\s+back|am\s+back)\b|"
    r"\b(?:limited|no|restricted|intermittent)\s+access\s+to\s+(?:my\s+)?e-?mails?\b|"
    r"\bwill\s+(?:respond|reply|get\s+back\s+to\s+you|answer)\b[^.\n]{0,60}\b(?:as\s+soon\s+as|return|back)\b|"
    r"\b(?:for|in\s+case\s+of)\s+(?:urgent|immediate)\s+(?:matters|issues|requests|enquiries|inquiries|queries|assistance)\b|"
    r"\bif\s+(?:your\s+(?:matter|request|enquiry|inquiry|query|question)\s+is|it\s+is|it'?s)\s+urgent\b|"
    r"\bI\s+will\s+be\s+back\b|\bback\s+in\s+the\s+office\s+on\b|"
    r"\bwill\s+not\s+be\s+(?:checking|reading|monitoring)\s+(?:my\s+)?(?:e-?mails?|messages)\b|"
    r"\bnot\s+checking\s+(?:my\s+)?e-?mails?\b|\b(?:your\s+)?e-?mails?\s+will\s+not\s+be\s+(?:read|forwarded)\b|"
    r"\bhas\s+not\s+been\s+forwarded\b|\breplies\s+are\s+not\s+(?:read|monitored)\b|\bwill\s+reply\s+on\s+my\s+return\b|\bin\s+my\s+absence\b|"
    r"\bplease\s+do\s+not\s+reply\s+to\s+this\s+(?:message|e-?mail)\b|\bresponse\s+times?\s+may\s+be\s+longer\b|"
    r"\bthanks\s+for\s+getting\s+in\s+touch\b|\bplease\s+update\s+your\s+(?:contact\s+details|records)\b|"
    r"\bpour\s+toute\s+urgence\b|\bmerci\s+pour\s+votre\s+message\b|"
    r"\bI\s+(?:will\s+)?return(?:ing)?\s+(?:to\s+the\s+office\s+)?on\b|"
    r"\bvielen\s+dank\s+f[üu]r\s+ihre\s+(?:e-?mail|nachricht|mail)\b|\bin\s+dringenden\s+f[äa]llen\b|"
    r"\bwieder\s+(?:im\s+b[üu]ro|erreichbar|da)\b|\bkeinen\s+zugriff\s+auf\b|\bnach\s+meiner\s+r[üu]ckkehr\b|"
    r"\bmerci\s+(?:pour\s+)?(?:de\s+)?votre\s+(?:e-?mail|message|courriel)\b|\ben\s+cas\s+d'urgence\b|"
    r"\bje\s+serai\s+de\s+retour\b|\bd[èe]s\s+mon\s+retour\b|\bà\s+mon\s+retour\b|"
    r"\bgracias\s+por\s+su\s+(?:correo|mensaje|e-?mail)\b|\bpara\s+asuntos\s+urgentes\b|"
    r"\ben\s+caso\s+de\s+urgencia\b|\bestar[ée]\s+de\s+(?:vuelta|regreso)\b|\ba\s+mi\s+regreso\b|"
    r"\bbedankt\s+voor\s+uw\s+(?:e-?mail|bericht)\b|\bin\s+dringende\s+gevallen\b|\bweer\s+aanwezig\b|"
    r"\bgrazie\s+per\s+(?:la\s+sua|il\s+suo)\s+(?:e-?mail|messaggio)\b|\bper\s+(?:urgenze|questioni\s+urgenti)\b|"
    r"\bal\s+mio\s+rientro\b|\brientrer[òo]\b|"
    r"\bobrigad[oa]\s+pel[ao]\s+sua\s+(?:mensagem|e-?mail)\b|\bem\s+caso\s+de\s+urg[êe]ncia\b|"
    r"\bestarei\s+de\s+volta\b|\bretornarei\b", re.I)

# A person telling us about their absence while answering: never an auto-reply.
HUMAN_CUE = re.compile(
    r"\b(?:I|we)\s+(?:was|were|have\s+been)\s+(?:out\s+of\s+(?:the\s+)?office|away|on\s+(?:leave|vacation|holiday))|"
    r"\bI'?m\s+back\s+now\b|\bI\s+am\s+back\s+now\b|\bwieder\s+zur[üu]ck\s+und\b|"
    r"\bsorry\s+for\s+(?:the\s+)?(?:late|delayed|slow)\s+(?:reply|response|answer)\b|"
    r"\b(?:we|I)\s+(?:have\s+|'ve\s+)?(?:already\s+)?(?:paid|transferred|wired|settled|sent\s+(?:the\s+)?payment)\b|"
    r"\b(?:we|I)\s+(?:will|shall|'ll)\s+(?:pay|transfer|settle)\b|"
    r"\b(?:haben|habe)\s+[^.\n]{0,40}(?:bezahlt|überwiesen|beglichen)\b|"
    r"\b(?:nous\s+avons|j'ai)\s+(?:d[ée]j[àa]\s+)?(?:pay[ée]|r[ée]gl[ée]|vir[ée])\b|"
    r"\b(?:hemos|he)\s+(?:ya\s+)?(?:pagado|transferido|abonado)\b", re.I)

# Remittance advices and payment notices from a customer's payables system are automated
# too ("This is an automated message"), but they carry the answer we are waiting for.
REMITTANCE = re.compile(
    r"\bremittance\b|\bpayment\s+(?:advice|notification|run)\b|\bscheduled\s+for\s+payment\b|"
    r"\b(?:has|have)\s+been\s+(?:paid|approved\s+for\s+payment|scheduled)\b|\bzahlungsavis\b|"
    r"\bavis\s+de\s+(?:paiement|virement)\b|\baviso\s+de\s+pago\b|\bbetalingsadvies\b", re.I)

TICKET_SUBJECT = re.compile(
    r"\[(?:ticket|case|request|incident|support|sr|req|anfrage|demande|solicitud|caso)?\s*[#:]?\s*[A-Z]{0,6}-?\d[\d-]{2,}\]|"
    r"\b(?:ticket|case|incident|request)\s+#?[A-Z]{0,6}-?\d{4,}\b|^\s*\[jira\]|"
    r"\b(?:ticket|case|request|incident|enquiry|inquiry|query|anfrage|demande|solicitud)\s*(?:#|no\.?|nr\.?|number|id|reference|ref\.?)\s*:?\s*#?"
    r"[A-Z]{0,6}-?\d{3,}\b|\[auto-?respon(?:se|der)\]?|"
    r"\b(?:request|ticket|case|incident)\s+(?:has\s+been\s+)?(?:received|created|opened|logged)\b|\bwe\s*(?:have\s+|'ve\s+)?received\s+your\b|"
    r"\b(?:request|ticket|case|enquiry|inquiry)\s*\(#?\s*[A-Z]{0,6}-?\d{3,}\)|\bwith\s+(?:the\s+)?reference\s+(?:number\s+)?#?[A-Z]{0,6}-?\d{3,}\b",
    re.I)
TICKET_ACK = re.compile(
    r"\byour\s+(?:(?:service|support)\s+)?(?:request|ticket|case|enquiry|inquiry|message|e-?mail)(?:\s+to\s+\S+)?\s*(?:\(?#?\s*[\w-]*\d[\w-]*\)?\s*|[\w-]*\d[\w-]*\s+)?"
    r"(?:has\s+been|was|is\s+being)\s+(?:received|created|logged|opened|registered|forwarded\s+to)\b|"
    r"\bwe(?:'ve|\s+have)\s+(?:received|got)\s+your\s+(?:request|enquiry|inquiry|ticket)\b[^\n]{0,120}?"
    r"\b(?:will|shall|'ll)\s+(?:get\s+back\s+to\s+you|respond|reply|be\s+in\s+touch|contact\s+you)\b|"
    r"\b(?:thank\s+you\s+for|many\s+thanks\s+for|thanks\s+for)\s+your\s+(?:e-?mail|message),?\s+which\s+has\s+been\s+received\b|"
    r"\bautomatic\s+confirmation\s+that\s+we(?:'ve|\s+have)\s+received\b|"
    r"\b(?:a\s+)?(?:new\s+)?(?:support\s+)?(?:ticket|case|request|incident)\s+(?:(?:#|number|no\.?)?\s*[\w-]*\d[\w-]*\s+)?has\s+been\s+(?:created|opened|logged)\b|"
    r"\bwe\s+(?:have|'ve)\s+received\s+your\s+(?:request|e-?mail|message|enquiry|inquiry)\b[^.\n]{0,80}"
    r"\b(?:ticket|case|reference|number|#)|"
    r"\bthis\s+is\s+an\s+automated\s+(?:response|message|reply)\b[^.\n]{0,40}\b(?:receipt|received|request)|"
    r"\bihre\s+anfrage\s+(?:ist\s+bei\s+uns\s+eingegangen|wurde\s+(?:erfasst|aufgenommen|registriert))\b|"
    r"\bvotre\s+demande\s+(?:a\s+(?:bien\s+)?[ée]t[ée]\s+(?:re[çc]ue|enregistr[ée]e)|est\s+enregistr[ée]e)\b|"
    r"\bsu\s+solicitud\s+(?:ha\s+sido|fue)\s+(?:recibida|registrada)\b|"
    r"\buw\s+(?:verzoek|aanvraag)\s+is\s+(?:ontvangen|geregistreerd)\b|"
    r"\bla\s+sua\s+richiesta\s+[èe]\s+stata\s+(?:ricevuta|registrata)\b|"
    r"\bsua\s+solicita[çc][ãa]o\s+foi\s+(?:recebida|registrada)\b", re.I)

# Notices that stand in for a person without saying "out of office": a mailbox nobody reads,
# an office or shop that is closed, opening hours, someone who has left, a promised response
# time. Each counts as one signal; a second one (a thank-you line, "do not reply", a subject
# prefix) is still needed, since a person may write any one of them.
NOTICE_STATEMENT = re.compile(
    r"\b(?:this|the|our)\s+(?:e-?mail\s+address|mailbox|inbox|address|account)\s+is\s+(?:currently\s+)?"
    r"(?:not\s+(?:monitored|checked|read|attended)|unmonitored|unattended)\b|"
    r"\bunmonitored\s+(?:mailbox|inbox|e-?mail|address|account)\b|\bno-?reply\s+(?:address|mailbox)\b|"
    r"\b(?:our|the)\s+(?:offices?|shop|store|showroom|business|premises|warehouse|studio|practice)\s+(?:is|are)\s+"
    r"(?:currently\s+|now\s+)?closed\b|\bwe\s+are\s+(?:currently\s+|now\s+)?closed\s+(?:for|until|from|over|on)\b|"
    r"\b(?:our\s+)?(?:opening|office|business|support)\s+hours\s+are\b|"
    r"\b(?:is|am)\s+no\s+longer\s+(?:with|employed\s+(?:by|at)|part\s+of|working\s+(?:at|for|with))\b|"
    r"\bhas\s+(?:now\s+)?left\s+(?:the\s+(?:company|business|organi[sz]ation|firm)|\w+\s+(?:ltd|limited|gmbh|inc|llc))\b|"
    r"(?<!\bI\s)(?<!\bI)(?:\bwill|'ll|\baims?\s+to|\bshall)\s+"
    r"(?:get\s+back\s+to\s+you|respond|reply|be\s+in\s+touch|contact\s+you|answer)[^.\n]{0,40}?\bwithin\s+"
    r"(?:\d+|one|two|three|five|ten)\s+(?:business\s+|working\s+)?(?:hours?|days?|hrs)\b|"
    r"\bup\s+to\s+(?:\d+|one|two|three|five|ten)\s+(?:business\s+|working\s+)?days\s+to\s+(?:respond|reply)\b|"
    r"\bmessages\s+received\s+(?:on|after|outside|during)\b|\bthis\s+(?:inbox|mailbox)\s+is\s+(?:only\s+)?(?:for|used\s+for)\b|"
    r"\bnot\s+answered\s+from\s+this\s+(?:mailbox|inbox|address)\b|\bhas\s+(?:now\s+)?retired\b|"
    r"\bthe\s+person\s+you\s+are\s+trying\s+to\s+(?:contact|reach|e-?mail)\b|"
    r"\bmy\s+e-?mail\s+address\s+has\s+changed\b|\bthis\s+address\s+will\s+(?:stop\s+working|be\s+closed)\b|"
    r"\bI(?:'ve|\s+have)\s+(?:recently\s+)?changed\s+roles\b|\bist\s+bei\s+uns\s+eingegangen\b|"
    r"\b[èe]\s+stata\s+ricevuta\b|\bwith\s+limited\s+(?:connectivity|access)\b|"
    r"\bwe\s+aim\s+to\s+(?:respond|reply)\s+to\s+all\b|"
    # de
    r"\b(?:dieses\s+postfach|diese\s+(?:e-?mail-?)?adresse)\s+wird\s+nicht\s+(?:mehr\s+)?(?:überwacht|gelesen|betreut)\b|"
    r"\b(?:ist|bin)\s+nicht\s+mehr\s+(?:im\s+unternehmen|bei\s+\w+|f[üu]r\s+\w+\s+t[äa]tig)\b|"
    r"\b(?:unser\s+b[üu]ro|unsere\s+b[üu]ros|wir)\s+(?:ist|sind)\s+(?:vom|von|bis|zwischen)\b[^.\n]{0,60}\bgeschlossen\b|"
    # fr
    r"\bcette\s+(?:adresse|bo[iî]te)[^.\n]{0,30}\bn'est\s+pas\s+(?:surveill[ée]e|consult[ée]e|lue)\b|"
    r"\bne\s+fait\s+plus\s+partie\b|\bn'est\s+plus\s+en\s+poste\b|"
    r"\bnos\s+bureaux\s+seront\s+ferm[ée]s\b|\bnotre\s+(?:bureau|magasin|boutique)\s+est\s+ferm[ée]\b|"
    # es
    r"\beste\s+buz[óo]n\s+no\s+(?:es\s+atendido|se\s+(?:supervisa|revisa|atiende)|est[áa]\s+(?:monitorizado|atendido))\b|"
    r"\bya\s+no\s+trabaja\s+(?:en|con|para)\b|\bnuestr[oa]s?\s+oficinas?\s+(?:est[áa]n?|permanecer[áa]n?)\s+cerrad[oa]s?\b|"
    # nl, it
    r"\bons\s+kantoor\s+is\s+(?:gesloten|dicht)\b|\bwerkt\s+niet\s+meer\s+bij\b|\bdeze\s+mailbox\s+wordt\s+niet\b|"
    r"\bi\s+nostri\s+uffici\s+(?:sono|saranno)\s+chiusi\b|\bquesta\s+casella\s+non\s+[èe]\s+(?:monitorata|presidiata)\b",
    re.I)

# A second signal for a notice: the things autoresponders say around it.
NOTICE_CUE = re.compile(
    r"\bthanks?\s+(?:you\s+)?(?:so\s+much\s+|very\s+much\s+)?for\s+(?:your\s+(?:e-?mail|message|enquiry|inquiry|mail)|"
    r"contacting|getting\s+in\s+touch|reaching\s+out)\b|"
    r"\b(?:please\s+)?do\s+not\s+reply\s+to\s+this\b|\bplease\s+don'?t\s+reply\b|"
    r"\bno\s+responda\s+a\s+este\s+(?:correo|mensaje|e-?mail)\b|\bbitte\s+antworten\s+sie\s+nicht\b|"
    r"\b(?:merci\s+de\s+)?ne\s+pas\s+r[ée]pondre\s+[àa]\s+ce\b|\bniet\s+op\s+dit\s+bericht\s+reageren\b|"
    r"\bdank\s+(?:u\s+)?voor\s+uw\s+(?:e-?mail|bericht)\b|\bweer\s+bereikbaar\b|"
    r"\bfor\s+(?:urgent|immediate)\s+(?:matters|assistance|enquiries|inquiries|queries|help)\b|"
    r"\b(?:we|i)\s+will\s+(?:respond|reply)\s+(?:to\s+your\s+\w+\s+)?(?:when|once|as\s+soon\s+as)\s+we\s+(?:re-?open|are\s+back)\b|"
    r"\b(?:please\s+)?do\s+not\s+reply\b|\bsi\s+prega\s+di\s+non\s+rispondere\b|"
    r"\bthis\s+is\s+an?\s+auto(?:mated|matic|matically\s+generated)\s+(?:message|e-?mail|notification|notice)\b|"
    r"\bwe(?:'ve|\s+have)?\s+(?:received|got)\s+your\s+(?:e-?mail|message|request|enquiry|inquiry)\b|"
    r"\byour\s+(?:e-?mail|message)\s+has\s+(?:been\s+received|landed|arrived)\b|\bwhen\s+I'?m\s+back\b|"
    r"\bfor\s+(?:\w+\s+)?(?:queries|enquiries|inquiries|matters),?\s+(?:please\s+)?(?:e-?mail|contact|call|write)\b|"
    r"\bvielen\s+dank\s+f[üu]r\s+ihre\b|\bplease\s+redirect\s+(?:your\s+|all\s+)?(?:correspondence|e-?mails?|queries|enquiries|messages)\b|"
    r"\bbitte\s+richten\s+sie\s+ihre\s+(?:anfrage|e-?mail|nachricht|korrespondenz)\b|\bgenerato\s+automaticamente\b",
    re.I)

# Only the mailbox itself says nobody reads it: as strong as "this is an automatic reply".
UNATTENDED = re.compile(
    r"\bthis\s+(?:e-?mail\s+address|mailbox|inbox|e-?mail\s+account|address)\s+is\s+(?:currently\s+)?"
    r"(?:(?:not|no\s+longer)\s+(?:monitored|checked|read|attended|in\s+use|active)|unmonitored|unattended)\b|"
    r"\(auto-?reply\)|\bmessaggio\s+generato\s+automaticamente\b|"
    r"\beste\s+buz[óo]n\s+no\s+(?:es\s+atendido|se\s+(?:supervisa|revisa|atiende)|est[áa]\s+(?:monitorizado|atendido))\b|"
    r"\bdieses\s+postfach\s+wird\s+nicht\s+(?:mehr\s+)?(?:überwacht|gelesen|betreut)\b|"
    r"\bcette\s+(?:adresse|bo[iî]te)[^.\n]{0,30}\bn'est\s+pas\s+(?:surveill[ée]e|consult[ée]e|lue)\b|"
    r"\bdeze\s+mailbox\s+wordt\s+niet\s+(?:gelezen|bewaakt|gecontroleerd)\b|"
    r"\bquesta\s+casella\s+non\s+[èe]\s+(?:monitorata|presidiata)\b", re.I)

# Help-desk mail: "##- Please type your reply above this line -##" (Zendesk) and the like.
HELPDESK_MARK = re.compile(
    r"^\s*#{1,3}-?\s*please\s+type\s+your\s+reply\s+above\s+this\s+line|"
    r"\breply\s+above\s+this\s+line\b|\bto\s+add\s+additional\s+comments,?\s+reply\s+to\s+this\s+e-?mail\b",
    re.I | re.M)
