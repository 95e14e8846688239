"""The approval queue: priority order, filters, paging, shortcuts, role-dependent actions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine
from starlette.testclient import TestClient

from assistant.store.db import transaction
from assistant.store.models import CustomerRow, InvoiceRow
from assistant.store.models.conversation import DisputeRow, SuggestionRow
from tests.web.conftest import WEB_NOW, csrf_from, login

NOW = WEB_NOW  # the app's clock


def seed(engine: Engine) -> dict[str, int]:
    """Three customers, one suggestion each; returns suggestion ids by customer id."""
    specs = [  # customer, segment, amount, days overdue, intent, confidence, hours waiting
        ("SMALL", None, "100.00", 5, "scheduled", 0.95, 1),
        ("BIG", None, "9000.00", 40, "dispute", 0.9, 30),
        ("RISKY", "chronic", "100.00", 5, "other", 0.3, 80),
    ]
    ids = {}
    with transaction(engine) as s:
        for cid, segment, amount, overdue, intent, confidence, hours in specs:
            customer = CustomerRow(customer_id=cid, name=f"{cid} <i>Ltd</i>", email=f"ap@{cid.lower()}.example",
                                   segment=segment, created_at=NOW, updated_at=NOW)
            s.add(customer)
            s.flush()
            invoice = InvoiceRow(invoice_number=f"INV-{cid}", customer_pk=customer.id, issue_date=date(2026, 1, 1),
                                 due_date=NOW.date() - timedelta(days=overdue), amount=Decimal(amount),
                                 currency="EUR", balance=Decimal(amount), created_at=NOW, updated_at=NOW)
            s.add(invoice)
            s.flush()
            row = SuggestionRow(customer_pk=customer.id, invoice_pks=[invoice.id], invoice_numbers=[f"INV-{cid}"],
                                intent=intent, action="triage", status="pending", to_addrs=[customer.email],
                                subject="Re: x", body="Thanks", confidence=confidence,
                                created_at=NOW - timedelta(hours=hours))
            s.add(row)
            if cid == "BIG":
                s.add(DisputeRow(invoice_pk=invoice.id, reason="wrong amount", owner="dora", created_at=NOW))
            s.flush()
            ids[cid] = row.id
        s.add(SuggestionRow(customer_pk=None, intent="other", action="triage", status="rejected", created_at=NOW))
    return ids


def order(html: str, ids: dict[str, int]) -> list[str]:
    found = sorted((html.index(f'data-id="{sid}"'), cid) for cid, sid in ids.items() if f'data-id="{sid}"' in html)
    return [cid for _, cid in found]


def test_queue_orders_by_priority_and_filters(client: TestClient, web_engine: Engine) -> None:
    ids = seed(web_engine)
    login(client, "vera")
    html = client.get("/queue").text
    assert "3 pending" in html
    assert order(html, ids) == ["BIG", "RISKY", "SMALL"]  # money and age first; risk breaks the tie
    assert "BIG &lt;i&gt;Ltd&lt;/i&gt;" in html
    assert order(client.get("/queue?intent=dispute").text, ids) == ["BIG"]
    assert order(client.get("/queue?owner=dora").text, ids) == ["BIG"]
    assert order(client.get("/queue?min_age=1").text, ids) == ["BIG", "RISKY"]
    assert order(client.get("/queue?max_confidence=0.5").text, ids) == ["RISKY"]
    assert order(client.get("/queue?sort=oldest").text, ids) == ["RISKY", "BIG", "SMALL"]
    assert order(client.get("/queue?sort=confidence").text, ids) == ["RISKY", "BIG", "SMALL"]
    assert order(client.get("/queue?min_age=nonsense&sort=bogus&page=x").text, ids) == ["BIG", "RISKY", "SMALL"]


def test_queue_pages_and_keeps_filters_in_links(client: TestClient, web_engine: Engine) -> None:
    with transaction(web_engine) as s:
        s.add_all([SuggestionRow(intent="other", action="triage", status="pending", confidence=0.5,
                                 created_at=NOW - timedelta(minutes=i)) for i in range(120)])
    login(client, "vera")
    first = client.get("/queue?intent=other").text
    assert "120 pending" in first and "page 1 of 3" in first
    assert 'href="?intent=other&amp;page=2"' in first and 'data-shortcut="n"' in first
    assert first.count('class="queue-row"') == 50
    assert client.get("/queue?intent=other&page=3").text.count('class="queue-row"') == 20
    assert "page 3 of 3" in client.get("/queue?intent=other&page=99").text
    huge = "99999999999999999999"  # past any SQL integer: clamped, not a server error
    assert "page 3 of 3" in client.get(f"/queue?intent=other&page={huge}").text
    for path in (f"/queue/next?intent=other&pos={huge}", f"/audit?page={huge}"):
        assert client.get(path).status_code == 200, path


def test_shortcuts_and_approve_buttons_follow_the_role(client: TestClient, web_engine: Engine) -> None:
    seed(web_engine)
    login(client, "vera")
    html = client.get("/queue").text
    assert "data-rows" in html and 'data-shortcut="Enter"' in html
    assert 'data-shortcut="a"' not in html
    login(client, "alex")
    html = client.get("/queue").text
    assert html.count('data-shortcut="a"') == 3


def test_approve_from_the_queue_returns_to_the_queue(client: TestClient, web_engine: Engine) -> None:
    ids = seed(web_engine)
    login(client, "alex")
    token = csrf_from(client.get("/queue").text)
    done = client.post(f"/suggestions/{ids['SMALL']}/approve", data={"csrf_token": token, "next": "/queue?intent="})
    assert done.url.path == "/queue" and "approved" in done.text
    assert order(done.text, ids) == ["BIG", "RISKY"]
    evil = client.post(f"/suggestions/{ids['BIG']}/approve", data={"csrf_token": token, "next": "//evil.example/"})
    assert evil.url.path == "/queue"


def test_priority_and_filters_in_sql_on_both_backends(engine: Engine) -> None:
    from assistant.store.db import session_factory
    from assistant.store.queries.queue import QueueFilters, queue_page

    ids = seed(engine)
    names = {sid: cid for cid, sid in ids.items()}

    def ranked(**filters: object) -> tuple[int, list[str]]:
        with session_factory(engine)() as s:
            total, items = queue_page(s, QueueFilters(**filters), NOW, NOW.date(), 0, 50)  # type: ignore[arg-type]
        return total, [names[i.id] for i in items]

    assert ranked() == (3, ["BIG", "RISKY", "SMALL"])
    assert ranked(owner="dora") == (1, ["BIG"])
    assert ranked(owner="nobody") == (0, [])
    assert ranked(min_age=1, sort="oldest") == (2, ["RISKY", "BIG"])
    assert ranked(max_confidence=0.92, sort="confidence") == (2, ["RISKY", "BIG"])
    with session_factory(engine)() as s:
        _, [item] = queue_page(s, QueueFilters(intent="dispute"), NOW, NOW.date(), 0, 50)
    assert (item.amount, item.days_overdue, item.invoice_numbers, item.risk) == (Decimal("9000.00"), 40,
                                                                                  ("INV-BIG",), "low")


def test_inline_approve_answers_with_the_decided_row(client: TestClient, web_engine: Engine) -> None:
    ids = seed(web_engine)
    with transaction(web_engine) as s:
        s.add(SuggestionRow(intent="other", action="triage", status="pending", to_addrs=[], created_at=NOW))
    login(client, "alex")
    html = client.get("/queue").text
    assert html.count('data-shortcut="a"') == 3 and "open to decide" in html  # no recipient: no approve
    token = csrf_from(html)
    headers = {"HX-Request": "true"}
    done = client.post(f"/suggestions/{ids['SMALL']}/approve", data={"csrf_token": token}, headers=headers)
    assert done.status_code == 200 and done.text.startswith('<tr class="queue-row decided"')
    assert "approved; the reply is queued" in done.text and "<html" not in done.text
    again = client.post(f"/suggestions/{ids['SMALL']}/approve", data={"csrf_token": token}, headers=headers)
    assert "decided failed" in again.text and "Already decided" in again.text


def test_deciding_from_the_queue_goes_on_to_the_next_suggestion(client: TestClient, web_engine: Engine) -> None:
    import re

    ids = seed(web_engine)
    login(client, "alex")
    html = client.get("/queue?sort=oldest").text
    links = re.findall(r'href="(/suggestions/\d+\?[^"]*)" data-shortcut="Enter"', html)
    assert [link.split("?")[0] for link in links] == [f"/suggestions/{ids[c]}" for c in ("RISKY", "BIG", "SMALL")]
    first = client.get(links[0].replace("&amp;", "&"))
    assert 'href="/queue?sort=oldest"' in first.text and 'data-shortcut="n"' in first.text
    token = csrf_from(first.text)
    nxt = re.search(r'name="next" value="([^"]+)"', first.text)
    assert nxt is not None
    done = client.post(f"/suggestions/{ids['RISKY']}/approve",
                       data={"csrf_token": token, "next": nxt.group(1).replace("&amp;", "&")})
    assert done.url.path == f"/suggestions/{ids['BIG']}" and "approved" in done.text  # the next one
    skipped = client.get("/queue/next?sort=oldest&pos=1")
    assert skipped.url.path == f"/suggestions/{ids['SMALL']}"
    beyond = client.get("/queue/next?sort=oldest&pos=7")  # past the end: back to the top
    assert beyond.url.path == f"/suggestions/{ids['BIG']}"
    with transaction(web_engine) as s:
        s.query(SuggestionRow).update({"status": "rejected"})
    assert client.get("/queue/next?pos=0").url.path == "/queue"
