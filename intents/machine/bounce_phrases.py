"""Wording of free-text bounces and delay warnings, by the software that writes them.

Sources: the sentences qmail, Postfix, Exim, Sendmail, Exchange/Office 365, Gmail,
Yahoo, Lotus Domino, OpenSMTPD, IMail and others put at the top of a non-delivery
report. "strong" sentences are written only by mail software; "weak" ones could in
principle appear in a person's text and need a second signal.
"""

from __future__ import annotations

import re

_FLAGS = re.I | re.M

DAEMON_LOCALPART = re.compile(
    r"mailer[-_]?daemon|postmaster|mail[-_]?delivery(?:[-_]?system)?|mdaemon|"
    r"mail[-_]?system|bounces?|nobody|maildelivery|ndr|noreply-dmarc", re.I)
DAEMON_NAME = re.compile(
    r"mail\s+delivery\s+(?:system|subsystem|service)|mailer[-_ ]daemon|postmaster|"
    r"mail\s+administrator|internet\s+mail\s+delivery|microsoft\s+outlook$|"
    r"Mail\s+Delivery\s+Subsystem", re.I)

# A person replying to or forwarding a bounce ("Fwd: Undeliverable: ...") wrote a message.
REPLY_OR_FORWARD = re.compile(
    r"^\s*(?:re|aw|sv|antw|antwort|vs|ref|r|rif|fwd?|wg|tr|rv|enc|doorst|i)\s*(?:\[\d+\])?\s*:", re.I)

SUBJECT_BOUNCE = re.compile(
    r"undeliver(?:ed|able)(?:\s+mail|\s+message)?(?:\s+returned\s+to\s+sender)?|"
    r"mail\s+delivery\s+failed|returned\s+mail\b|failure\s+notice|"
    r"delivery\s+status\s+notification\s*(?:\(failure\)|:\s*error)|"
    r"delivery\s+(?:failure|failed|notification:\s*delivery\s+has\s+failed)|failed\s+delivery|"
    r"failure\s+delivery|non[- ]?delivery\s+(?:report|notification)|nondeliverable|"
    r"mail\s+system\s+error|mail\s+could\s+not\s+be\s+delivered|message\s+not\s+delivered|"
    r"mail\s+failure|^delivery\s+failure:|mail\s+failed,\s+returning|permanent\s+delivery\s+failure|delivery\s+has\s+failed|"
    r"couldn'?t\s+be\s+delivered|could\s+not\s+be\s+delivered|returned\s+to\s+sender|"
    r"unzustellbar|nicht\s+zustellbar|non\s+remis|non\s+distribuable|"
    r"no\s+se\s+puede\s+entregar|no\s+entregado|onbestelbaar|niet\s+bezorgd|"
    r"impossibile\s+recapitare|non\s+recapitabile|messaggio\s+non\s+recapitato|^message\s+blocked$|"
    r"n[ãa]o\s+(?:foi\s+)?entregue|"
    r"message\s+you\s+sent\s+(?:has\s+)?(?:bounced|could\s+not)|bounce\s+notification|"
    r"сообщение\s+не\s+доставлено|配信できません|"
    r"^(?:address|recipient)\s+not\s+found|^notice:\s*mail\s+delivery\s+status|"
    r"^delivery\s+notification:\s*delivery\s+has\s+failed|^delivery\s+status\s+notification:\s*failed|"
    r"^delivery\s+report$", _FLAGS)

SUBJECT_DELAY = re.compile(
    r"delivery\s+status\s+notification\s*(?:\(delay\)|:\s*warning)|delayed\s+mail|"
    r"warning:\s*message\s+\S+\s+delayed|warning\s*-+\s*could\s+not\s+send|"
    r"still\s+being\s+retried|delivery\s+delayed|^delivery\s+status\s+notification:\s*delayed|"
    r"delivery\s+has\s+been\s+delayed|mail\s+delivery\s+delayed|message\s+delayed|zustellung\s+verzögert|"
    r"remise\s+diff[ée]r[ée]e|entrega\s+retrasada", _FLAGS)

BODY_BOUNCE = re.compile(
    r"(?P<strong>this\s+is\s+the\s+qmail-send\s+program|"
    r"this\s+is\s+the\s+mail\s+system\s+at\s+host|"
    r"this\s+message\s+was\s+created\s+automatically\s+by\s+mail\s+delivery\s+software|"
    r"delivery\s+has\s+failed\s+to\s+these\s+recipients\s+or\s+groups|"
    r"your\s+message\s+(?:to\s+\S+\s+)?couldn'?t\s+be\s+delivered|"
    r"your\s+message\s+wasn'?t\s+delivered\s+to|"
    r"the\s+following\s+addresses\s+had\s+permanent\s+fatal\s+errors|"
    r"-+\s*transcript\s+of\s+session\s+follows\s*-+|"
    r"i'?m\s+sorry\s+to\s+have\s+to\s+inform\s+you\s+that\s+your\s+message\s+could\s+not|"
    r"i'?m\s+afraid\s+i\s+wasn'?t\s+able\s+to\s+deliver\s+your\s+message|"
    r"sorry,\s+we\s+were\s+unable\s+to\s+deliver\s+your\s+message|"
    r"a\s+message\s+that\s+you\s+sent\s+could\s+not\s+be\s+delivered\s+to\s+one\s+or\s+more|"
    r"your\s+message\s+did\s+not\s+reach\s+some\s+or\s+all\s+of\s+the\s+intended\s+recipients|"
    r"delivery\s+to\s+the\s+following\s+recipients?\s+failed(?:\s+permanently)?|"
    r"message\s+could\s+not\s+be\s+delivered\s+to\s+the\s+following\s+recipients?|"
    r"the\s+original\s+message\s+was\s+received\s+at\s+[^\n]{0,80}\s+from\b|"
    r"this\s+is\s+the\s+dragonfly\s+mail\s+agent|there\s+was\s+an\s+error\s+delivering\s+your\s+mail\s+to|"
    r"\|-+\s*failed\s+addresses\s+follow:?\s*-+\||-+\s*the\s+following\s+addresses\s+had\s+delivery\s+errors\s*-+|"
    r"\"notificationType\\?\"\s*:\s*\\?\"Bounce\\?\"|"
    r"unable\s+to\s+deliver\s+(?:your\s+)?message\s+to\s+the\s+following\s+(?:recipients?|address)|"
    r"your\s+mail\s+message\s+to\s+the\s+following\s+address(?:\(es\)|es)?\s+could\s+not\s+be\s+delivered|"
    r"^[ \t<]*the\s+mail\s+system[ \t>]*$|"
    r"(?:^|\n)\s*<[^<>\s]+@[^<>\s]+>:\s*\n?\s*(?:sorry|host\s+\S+\s+said|remote\s+host\s+said|"
    r"unknown\s+user|user\s+unknown|mailbox\s+unavailable)|"
    r"a\s+message\s+\(from:\s+.{0,80}\)\s+was\s+(?:rejected|undeliverable)|"
    r"message\s+from\s+\S+\s+to\s+\S+\s+was\s+undeliverable|"
    r"the\s+following\s+message\s+to\s+<?\S+>?\s+was\s+undeliverable|"
    r"smtp\s+error\s+from\s+remote\s+(?:mail\s+server|mailer)\s+after|"
    r"permanent\s+error\.\s+the\s+following\s+address|"
    r"the\s+email\s+account\s+that\s+you\s+tried\s+to\s+reach\s+does\s+not\s+exist|"
    r"your\s+email\s+to\s+.{0,80}\s+has\s+been\s+rejected|"
    r"an\s+error\s+occurred\s+while\s+trying\s+to\s+deliver\s+the\s+mail\s+to\s+the\s+following\s+recipients|"
    r"message\s+delivery\s+to\s+'?\S+'?\s+failed|"
    r"ваше\s+сообщение\s+не\s+(?:было\s+)?доставлено|"
    r"(?:die|ihre)\s+nachricht\s+(?:an\s+\S+\s+)?konnte\s+nicht\s+(?:an\s+.{0,60}\s+)?zugestellt\s+werden|"
    r"votre\s+message\s+n'a\s+pas\s+pu\s+[êe]tre\s+(?:remis|distribu[ée])|"
    r"no\s+se\s+ha\s+podido\s+entregar\s+(?:el|su)\s+mensaje|"
    r"uw\s+bericht\s+kon\s+niet\s+worden\s+bezorgd|"
    r"die\s+zustellung\s+an\s+folgende\s+empf[äa]nger\s+oder\s+gruppen\s+ist\s+fehlgeschlagen|"
    r"la\s+remise\s+[àa]\s+ces\s+destinataires\s+ou\s+groupes\s+a\s+[ée]chou[ée]|"
    r"no\s+se\s+pudo\s+entregar\s+a\s+estos\s+destinatarios\s+o\s+grupos|"
    r"(?:de\s+)?bezorging\s+(?:bij|aan)\s+deze\s+ontvangers\s+of\s+groepen\s+is\s+mislukt|"
    r"recapito\s+non\s+riuscito\s+per\s+(?:i\s+)?(?:seguenti\s+)?destinatari|"
    r"a\s+entrega\s+falhou\s+para\s+estes\s+destinat[áa]rios\s+ou\s+grupos|"
    r"not\s+listed\s+in\s+(?:the\s+)?(?:domino\s+directory|public\s+name\s+&\s+address\s+book)|"
    r"this\s+is\s+a\s+delivery\s+status\s+notification\s+from|"
    r"this\s+is\s+an\s+automatically\s+generated\s+delivery\s+status\s+notification|"
    r"did\s+not\s+reach\s+the\s+following\s+recipient|"
    r"[ée]chec\s+de\s+la\s+remise\s+pour\s+ces\s+destinataires\s+ou\s+groupes|"
    r"a\s+message\s+that\s+you\s+sent\s+contained\s+one\s+or\s+more\s+recipient\s+addresses|"
    r"this\s+report\s+relates\s+to\s+a\s+message\s+you\s+sent|"
    r"rejected\s+your\s+message\s+to\s+the\s+following\s+e-?mail\s+address|"
    r"this\s+is\s+the\s+mailer-daemon,\s+please\s+do\s+not\s+reply|"
    r"an\s+error\s+has\s+occurred\s+while\s+attempting\s+to\s+deliver\s+a\s+message|"
    r"inform\s+you\s+on\s+the\s+delivery\s+status\s+of\s+a\s+message\s+you\s+previously\s+sent|"
    r"your\s+message\s+was\s+not\s+able\s+to\s+be\s+delivered|"
    r"your\s+message\s+could\s+not\s+be\s+sent\.\s+a\s+transcript\s+of\s+the\s+attempts|"
    r"the\s+following\s+addresses\s+had\s+(?:permanent\s+)?delivery\s+(?:errors|problems)|"
    r"\*\*\s*message\s+not\s+delivered\s*\*\*|there\s+was\s+a\s+problem\s+delivering\s+your\s+message\s+to|"
    r"unable\s+to\s+deliver\s+message\s+to\s+<)"
    r"|(?P<weak>address\s+not\s+found|mail\s+delivery\s+failed|"
    r"could\s+not\s+be\s+delivered|undeliverable|was\s+not\s+delivered\s+to|delivery\s+(?:has\s+)?failed|"
    r"returned\s+to\s+sender|mailbox\s+(?:is\s+)?(?:full|unavailable|not\s+found)|user\s+unknown|"
    r"no\s+such\s+user|recipient\s+address\s+rejected|delivery\s+to\s+the\s+following\s+recipient|"
    r"de(?:li|le)very\s+to\s+the\s+following\s+recipients?\s+was\s+aborted|"
    r"your\s+message\s+to\s+\S+@\S+\s+has\s+been\s+blocked|non\s+[èe]\s+stato\s+consegnato\s+ai\s+seguenti\s+destinatari|"
    r"\bthe\s+response\s+was:\s*\n?\s*5\d\d\s+5\.\d+\.\d+|could\s+not\s+find\s+a\s+gateway\s+for)",
    _FLAGS)

BODY_DELAY = re.compile(
    r"(?:message|mail)\s+(?:has\s+not\s+yet\s+been\s+delivered|delivery\s+has\s+been\s+delayed)|"
    r"delivery\s+to\s+the\s+following\s+recipients?\s+has\s+been\s+delayed|"
    r"(?:will\s+(?:continue\s+to\s+|keep\s+)?(?:try|trying|retry|be\s+retried)|still\s+(?:trying|being\s+retried))|"
    r"this\s+is\s+a\s+warning\s+message\s+only|you\s+do\s+not\s+need\s+to\s+resend\s+your\s+message|"
    r"no\s+action\s+is\s+required\s+on\s+your\s+part|"
    r"delivery\s+attempts\s+will\s+continue|a\s+message\s+is\s+delayed\s+for\s+more\s+than|"
    r"this\s+is\s+only\s+a\s+notification\s+about\s+a\s+delay|there\s+is\s+no\s+need\s+to\s+resend\s+your\s+message|"
    r"delivery\s+has\s+been\s+delayed", _FLAGS)
