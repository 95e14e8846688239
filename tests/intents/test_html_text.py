"""HTML to text: paragraph structure kept, active content dropped, broken markup survives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intents.mime.html import html_to_text, split_html
from intents.mime.parse import parse_message

MIME_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "third_party" / "mime"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("One<br>Two<br><br>Three", "One\nTwo\n\nThree"),
        ("<div>Hi</div><div><br></div><div>We paid.</div>", "Hi\n\nWe paid."),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("<ol><li>first</li><li>second</li></ol>", "1. first\n2. second"),
        ("<p>Mine</p><blockquote>old<br>older</blockquote>", "Mine\n\n> old\n> older"),
        ("<blockquote>a<blockquote>b</blockquote></blockquote>", "> a\n>\n>> b"),
        ("<h1>Title</h1>Body", "Title\n\nBody"),
        ("<table><tr><td>INV-1</td><td>100.00</td></tr><tr><td>INV-2</td></tr></table>",
         "INV-1\t100.00\nINV-2"),
        ("<pre>  a\n  b</pre>", "  a\n  b"),
        ("Fish &amp; chips &euro;5 &#8364;6 &lt;tag&gt; caf&eacute;", "Fish & chips €5 €6 <tag> café"),
        ("a&nbsp;b    c\n\n d", "a b c d"),
    ],
)
def test_structure(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_scripts_styles_and_head_are_dropped() -> None:
    html = (
        "<html><head><title>T</title><style>p{color:red}</style>"
        "<script>var x = '<p>no</p>';</script></head>"
        "<body><p>Visible</p><script>document.write('hidden')</script>"
        "<noscript>no script</noscript><style>.a{}</style>end</body></html>"
    )
    assert html_to_text(html) == "Visible\n\nend"


@pytest.mark.parametrize(
    "html",
    [
        "<p>unclosed <div>nested <b>bold",
        "</p></div>stray end tags<br/>",
        "<p>truncated <a href='x",
        "<<<>>>&&&;;",
        "<script>never closed",
        "",
    ],
)
def test_broken_markup_never_raises(html: str) -> None:
    assert isinstance(html_to_text(html), str)


def test_broken_markup_keeps_text() -> None:
    assert html_to_text("<p>unclosed <div>nested <b>bold") == "unclosed\nnested bold"


def test_split_html_at_marker() -> None:
    parts = split_html(
        "<p>new</p><div class='gmail_quote'>old</div>",
        lambda tag, attrs: "gmail_quote" in attrs.get("class", ""),
    )
    assert parts == ("new", "old")
    assert split_html("<p>new</p>", lambda tag, attrs: False) is None


def _html_fixtures() -> list[str]:
    index = json.loads((MIME_DIR / "index.json").read_text("utf-8"))
    return [e["file"] for e in index if "html" in e["tags"]]


@pytest.mark.parametrize("name", _html_fixtures())
def test_real_html_bodies(name: str) -> None:
    message = parse_message((MIME_DIR / name).read_bytes())
    assert message.html
    text = html_to_text(message.html)
    assert text.strip()
    assert "<script" not in text.lower() and "<div" not in text.lower()
