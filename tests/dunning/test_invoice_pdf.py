"""The PDF rendered for invoices without a ledger PDF: structurally valid PDF 1.4."""

from __future__ import annotations

import re

from assistant.rendering.invoice_pdf import render_invoice_lines, render_pdf


def test_invoice_text_from_the_template() -> None:
    lines = render_invoice_lines(company_name="Example Ltd", customer_name="Müller (Köln)", customer_id="C1",
                                 number="INV-7", issue_date="2026-10-01", due_date="2026-10-31",
                                 amount="10.00 EUR", balance="5.00 EUR", po_number=None)
    assert lines[0] == "Invoice INV-7"
    assert "Bill to: Müller (Köln) (C1)" in lines and "Open balance: 5.00 EUR" in lines
    assert not any("Purchase order" in line for line in lines)


def test_pdf_structure_and_xref_offsets() -> None:
    pdf = render_pdf("Invoice INV-7", ["Bill to: Müller (Köln)", "back\\slash"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))  # type: ignore[union-attr]
    assert pdf[startxref:startxref + 4] == b"xref"
    entries = re.findall(rb"(\d{10}) 00000 n ", pdf[startxref:])
    assert len(entries) == 5
    for number, offset in enumerate(entries, start=1):
        assert pdf[int(offset):].startswith(f"{number} 0 obj".encode())
    stream = re.search(rb"/Length (\d+) >>\nstream\n", pdf)
    assert stream is not None
    length = int(stream.group(1))
    assert pdf[stream.end() + length:].startswith(b"\nendstream")
    # Parentheses and backslashes are escaped; Latin-1 text stays readable.
    assert b"(Bill to: M\xfcller \\(K\xf6ln\\)) Tj" in pdf and b"(back\\\\slash) Tj" in pdf
