"""A one-page invoice PDF in pure Python, for invoices the ledger has no PDF for.

The text comes from the template `templates/invoice/invoice.txt.j2` (sandboxed, strict);
the PDF is plain PDF 1.4 (ISO 32000-1): one page, the standard Helvetica font (no embedding needed),
text lines only. Enough for a customer to see what the invoice is for; the accounting
system's own PDF is attached whenever the ledger names one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "invoice"

PAGE_W, PAGE_H = 595, 842  # A4 in points
LEFT, TOP, LEADING = 56, 780, 16


def _escape(text: str) -> str:
    # Latin-1 covers Helvetica's WinAnsi glyphs for our languages; anything else becomes '?'.
    raw = text.encode("latin-1", "replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def render_pdf(title: str, lines: Sequence[str]) -> bytes:
    ops = ["BT", f"/F1 18 Tf {LEFT} {TOP} Td ({_escape(title)}) Tj", f"/F1 11 Tf 0 -{LEADING * 2} Td"]
    for line in lines:
        ops.append(f"({_escape(line)}) Tj 0 -{LEADING} Td")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
         "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>").encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@lru_cache(maxsize=4)
def _environment(folder: str) -> SandboxedEnvironment:
    return SandboxedEnvironment(loader=FileSystemLoader(folder), undefined=StrictUndefined, autoescape=False,
                                trim_blocks=True, lstrip_blocks=True)


def render_invoice_lines(*, company_name: str, customer_name: str, customer_id: str, number: str, issue_date: str,
                         due_date: str, amount: str, balance: str, po_number: str | None,
                         folder: Path = TEMPLATES) -> list[str]:
    """The invoice text, one entry per line; the first is the title."""
    text = _environment(str(folder)).get_template("invoice.txt.j2").render(
        company={"name": company_name}, customer={"name": customer_name, "customer_id": customer_id},
        invoice={"number": number, "issue_date": issue_date, "due_date": due_date, "amount": amount,
                 "balance": balance, "po_number": po_number})
    lines = text.strip("\n").splitlines()
    return lines or [f"Invoice {number}"]
