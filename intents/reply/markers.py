"""Multilingual patterns that mark where quoted history and signatures begin.

Languages covered: en, de, fr, es, nl, it, pt, plus the Nordic, Polish, Finnish and
Russian forms that common mail clients write. Patterns are matched against single
lines, or against two or three lines joined with a space (clients wrap long
attribution lines, e.g. "On Mon, ... <\\nname@example.com> wrote:").
"""

from __future__ import annotations

import re

# Verbs that end an attribution line ("On <date>, <name> wrote:").
_WROTE = (
    r"wrote|writes|schrieb|geschrieben|a\s+écrit|écrit|escribió|escreveu|schreef|"
    r"ha\s+scritto|scrisse|skrev|kirjoitti|napisał\(a\)|napisała|napisał|"
    r"написал\(а\)|написала|написал|пишет|yazdı|napsal"
)
ATTRIBUTION_END = re.compile(rf"(?:^|[\s>\"')])(?:{_WROTE})\s*:?\s*-*\s*$", re.IGNORECASE)
# "... kl. 13:09 skrev Name <addr>:" - the verb comes before the sender.
ATTRIBUTION_VERB_FIRST = re.compile(
    rf"(?:^|\s)(?:{_WROTE})\s+[^:]{{1,120}}(?:<[^<>\s]+@[^<>\s]*>?|@\S+)\s*>?\s*:\s*$",
    re.IGNORECASE,
)
# Clients that write no verb at all: "2017-11-24 16:32 GMT+01:00 Name <addr>:",
# "ср, 30 апр. 2025 г. в 15:19, Name <addr>:". A date/time plus an address then ":".
ATTRIBUTION_NO_VERB = re.compile(
    r"^\W{0,6}(?=.{0,120}(?:\d{1,2}[:.]\d{2}|\d{4})).{0,200}"
    r"(?:<[^<>\s]+@[^<>\s]+>|\(?[\w.+-]+@[\w.-]+\)?)\s*:\s*$"
)
# Words that start a wrapped attribution, so "Thanks!\nOn ... wrote:" is cut at the
# second line and not the first.
ATTRIBUTION_START = re.compile(
    r"^\s*(?:>\s*)*(?:-+\s*)?(?:On|Am|Le|El|Em|Op|Il|In\s+data|W\s+dniu|Dnia|Den|På|"
    r"Dne|Den|\d|\w{1,4}\.?,?\s+\d)",
    re.IGNORECASE,
)

# Outlook-style header block keys, per language (From/Sent/To/Subject ...).
_FROM_KEYS = (
    r"From|Von|De|Van|Da|Fra|Från|Od|Lähettäjä|От|Message\s+du|Absender|Remitente|Mittente"
)
_OTHER_KEYS = (
    r"Sent|Date|To|Cc|Bcc|Subject|Reply-To|"
    r"Gesendet|Datum|An|Betreff|Kopie|"
    r"Envoyé(?:\s+le)?|À|A|Objet|Sujet|Copie\s+à|Cc|"
    r"Enviado(?:\s+(?:el|em))?|Enviada(?:\s+em)?|Fecha|Para|Asunto|Assunto|"
    r"Verzonden|Aan|Onderwerp|"
    r"Inviato|Oggetto|Data|"
    r"Dato|Til|Emne|Sendt|Skickat|Till|Ämne|"
    r"Wysłane|Do|Temat|Lähetetty|Vastaanottaja|Aihe|Отправлено|Кому|Тема"
)
HEADER_FROM = re.compile(rf"^\s*[>*\s]*\*?(?:{_FROM_KEYS})\s*\*?\s*:", re.IGNORECASE)
HEADER_ANY = re.compile(rf"^\s*[>*\s]*\*?(?:{_FROM_KEYS}|{_OTHER_KEYS})\s*\*?\s*:", re.IGNORECASE)

# "-----Original Message-----" and its translations, "Begin forwarded message:".
ORIGINAL_MESSAGE = re.compile(
    r"^\s*[-=_*\s]*(?:Original\s+Message|Ursprüngliche\s+Nachricht|Originalnachricht|"
    r"Message\s+d'origine|Message\s+original|Mensaje\s+original|Messaggio\s+originale|"
    r"Oorspronkelijk\s+bericht|Origineel\s+bericht|Mensagem\s+original|Oprindelig\s+(?:besked|meddelelse)|"
    r"Opprinnelig\s+melding|Ursprungligt\s+meddelande|Alkuperäinen\s+viesti|"
    r"Wiadomość\s+oryginalna|Исходное\s+сообщение|Forwarded\s+message|Weitergeleitete\s+Nachricht|"
    r"Message\s+transféré|Mensaje\s+reenviado|Messaggio\s+inoltrato|Doorgestuurd\s+bericht|"
    r"Mensagem\s+encaminhada|Begin\s+forwarded\s+message)\s*:?[-=_*\s]*$",
    re.IGNORECASE,
)

# A line made only of separator characters (Outlook puts one above the header block).
SEPARATOR = re.compile(r"^\s*(?:[-_=*~—–]\s*){2,}$")
UNDERSCORES = re.compile(r"^\s*_{2,}\s*$")
SIGNATURE_DASHES = re.compile(r"^--\s*$")  # RFC 3676 section 4.3 "-- " delimiter

# Mobile and webmail signatures. Kept strict so "Sent from my desk, ..." stays text.
MOBILE_SIGNATURE = re.compile(
    r"^\s*(?:"
    r"Sent\s+from\s+my\s+[\w\-. ]{1,40}|"
    r"Sent\s+(?:from|with|via)\s+(?:Yahoo\s+Mail|Mail\s+for\s+Windows|Outlook|Gmail|"
    r"TypeApp|Proton\s*Mail|BlueMail|Samsung|Huawei|Android|iPhone|iPad)\S*(?:\s[\w ]{0,30})?|"
    r"Get\s+Outlook\s+for\s+(?:iOS|Android)|"
    r"(?:Gesendet|Von)\s+(?:von|mit|meinem|aus)\s+[\w\-. ]{1,40}(?:\s+gesendet)?|"
    r"Von\s+meinem\s+[\w\-. ]{1,40}\s+gesendet|"
    r"Envoyé\s+(?:de|depuis|à\s+partir\s+de)\s+(?:mon\s+)?[\w\-. ]{1,40}|"
    r"Enviado\s+(?:desde|de|do)\s+(?:mi|meu|o\s+meu|o|el)?\s*[\w\-. ]{1,40}|"
    r"Verzonden\s+(?:vanaf|met|via)\s+(?:mijn\s+)?[\w\-. ]{1,40}|"
    r"Inviato\s+da\s+(?:il\s+mio\s+)?[\w\-. ]{1,40}|"
    r"Skickat\s+från\s+min\s+[\w\-. ]{1,40}|Sendt\s+fra\s+min\s+[\w\-. ]{1,40}"
    r")\s*(?:<[^>]*>|\[[^\]]*\])?\s*$",
    re.IGNORECASE,
)

# Closing words that start a signature when only a short name block follows.
VALEDICTION = re.compile(
    r"^\s*(?:(?:best|kind|warm|warmest|many)\s+regards|regards|best\s+wishes|sincerely|"
    r"yours\s+(?:sincerely|truly|faithfully)|cheers|thanks|thank\s+you|many\s+thanks|best|"
    r"mit\s+freundlichen\s+grüßen|freundliche\s+grüße|viele\s+grüße|beste\s+grüße|mfg|"
    r"cordialement|bien\s+cordialement|bien\s+à\s+vous|salutations|"
    r"saludos(?:\s+cordiales)?|atentamente|un\s+saludo|"
    r"met\s+vriendelijke\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|groeten|"
    r"cordiali\s+saluti|distinti\s+saluti|saluti|"
    r"atenciosamente|cumprimentos|abraços|"
    r"med\s+venlig\s+hilsen|venlig\s+hilsen|med\s+vennlig\s+hilsen|vennlig\s+hilsen|hilsen|mvh|"
    r"med\s+vänliga\s+hälsningar|vänliga\s+hälsningar|hälsningar|"
    r"pozdrawiam|z\s+poważaniem|ystävällisin\s+terveisin|terveisin)\s*[,.!]?\s*$",
    re.IGNORECASE,
)

# "CAUTION: This email originated from outside of the organization ..." banners.
EXTERNAL_BANNER = re.compile(
    r"^\s*\[?\**\s*(?:CAUTION|WARNING|ATTENTION|EXTERNAL(?:\s+(?:EMAIL|SENDER|MAIL))?|"
    r"ACHTUNG|VORSICHT|EXTERNE?\s+E-?MAIL|ATTENZIONE|PRECAUCIÓN|PRECAUCION|LET\s+OP)\]?\**\s*[:!\]]"
    r"|^\s*(?:This\s+(?:e-?mail|message)\s+(?:originated|was\s+sent|came|comes)\s+from\s+"
    r"(?:outside|an\s+external)|"
    r"Diese\s+(?:E-?Mail|Nachricht)\s+(?:stammt|wurde)\s+von\s+(?:außerhalb|einem\s+externen)|"
    r"Ce\s+(?:courriel|message|mail)\s+provient\s+de\s+l'extérieur|"
    r"Este\s+correo\s+(?:electrónico\s+)?se\s+originó\s+fuera)",
    re.IGNORECASE,
)
EXTERNAL_TAG = re.compile(
    r"^\s*\[?\**\s*(?:EXTERNAL|EXTERN|EXTERNE|EXTERNO|ESTERNO)(?:\s+(?:E-?MAIL|SENDER|MAIL))?"
    r"\s*\**\]?\s*:?\s*$",
    re.IGNORECASE,
)
BANNER_WORDS = re.compile(
    r"outside\s+(?:of\s+)?(?:the|your|our)\s+organi[sz]ation|external\s+sender|"
    r"außerhalb|extérieur|fuera\s+de\s+la\s+organización|externe?\s+afzender|do\s+not\s+click",
    re.IGNORECASE,
)

# HTML elements where quoted history (or the client signature) starts.
HTML_QUOTE_CLASSES = frozenset(
    {
        "gmail_quote", "gmail_quote_container", "gmail_attr", "gmail_signature",
        "yahoo_quoted", "moz-cite-prefix", "moz-signature", "outlookmessageheader",
        "protonmail_quote", "zmail_extra", "x_gmail_quote", "ms-outlook-mobile-reference-message",
    }
)
HTML_QUOTE_IDS = frozenset(
    {
        "divrplyfwdmsg", "x_divrplyfwdmsg", "outlookmessageheader", "applemailsignature",
        "appendonsend", "stopspelling", "mail-editor-reference-message-container",
        "signature", "ms-outlook-mobile-signature",
    }
)
_OUTLOOK_BORDER = re.compile(r"border-top:\s*solid\s+#(?:E1E1E1|B5C4DF)", re.IGNORECASE)


def is_html_quote_start(tag: str, attrs: dict[str, str]) -> bool:
    """True when this start tag opens quoted history or a client-written signature."""
    classes = {c.lower() for c in attrs.get("class", "").split()}
    if classes & HTML_QUOTE_CLASSES:
        return True
    element_id = attrs.get("id", "").lower()
    if element_id in HTML_QUOTE_IDS or element_id.startswith("yahoo_quoted"):
        return True
    if tag == "blockquote" and attrs.get("type", "").lower() == "cite":
        return True
    return tag == "div" and bool(_OUTLOOK_BORDER.search(attrs.get("style", "")))

# Legal and scanner footers that end the reply like a signature does.
DISCLAIMER = re.compile(
    r"^\s*\**\s*(?:CONFIDENTIALITY\s+NOTICE|DISCLAIMER|CONFIDENTIAL(?:ITY)?\s*:|"
    r"This\s+(?:e-?mail|message)(?:\s+and\s+any\s+attachments?)?\s+(?:is|are|may\s+be|contains?)\s+"
    r"(?:confidential|privileged|intended)|"
    r"This\s+e-?mail\s+has\s+been\s+scanned|Registered\s+(?:in|office)\b|"
    r"Diese\s+(?:E-?Mail|Nachricht)\s+(?:ist|enthält|kann)\s+vertraulich|"
    r"Ce\s+(?:message|courriel|mail)\s+(?:est|et\s+ses)\s+.{0,30}confidenti|"
    r"Este\s+(?:mensaje|correo)\s+(?:es|y\s+sus)\s+.{0,30}confidencial|"
    r"Dit\s+(?:bericht|e-?mailbericht)\s+is\s+vertrouwelijk|"
    r"Questo\s+messaggio\s+.{0,30}riservat|Le\s+informazioni\s+contenute)",
    re.IGNORECASE,
)
