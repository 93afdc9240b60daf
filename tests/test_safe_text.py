"""``ui.safe_text.md``: user text that Markdown shows literally (the browser test checks the
real Streamlit rendering; these check the escaping itself against a CommonMark parser)."""

from __future__ import annotations

import html
import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.safe_text import WORD_JOINER, md

markdown_it = pytest.importorskip("markdown_it", reason="comes with streamlit (via rich)")

PUNCTUATION = re.escape(string.punctuation)
#: Every ASCII punctuation character escaped; anything else as is.
FULLY_ESCAPED = re.compile(rf"(?:\\[{PUNCTUATION}]|[^{PUNCTUATION}])*")
PARSER = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
ALLOWED_TAGS = re.compile(r"</?(?:p|br|pre|code)\s*/?>")
HOSTILE = [
    "![](http://127.0.0.2:9/p.png?naam=Sanne)",
    "[klik](http://127.0.0.2:9/x) <http://127.0.0.2:9/y> HTTPS://127.0.0.2/z www.example.com",
    "sanne@school.nl mailto:sanne@school.nl",
    ":red[x] :blue-background[y] :small[z] :material/warning: :smile: :+1:",
    "$x^2$ $$y$$ \\(z\\)",
    "<img src=x onerror=alert(1)> &amp; &lt;b&gt;",
    "# kop\n- lijst\n1. een\n> citaat\n| a | b |\n|---|---|\n| c | d |\n===",
    "**vet** _schuin_ ~~weg~~ `code` [^1] \\ einde\\",
]
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\n"),
    max_size=80,
)


def _rendered_text(source: str) -> tuple[str, str]:
    """The HTML CommonMark makes of ``source``, and its text without tags."""
    rendered = PARSER.render(source)
    return rendered, html.unescape(re.sub(r"<[^>]+>", "", rendered))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace(WORD_JOINER, ""))


def test_hostile_text_is_shown_as_typed_without_any_markup():
    for text in HOSTILE:
        rendered, shown = _rendered_text(md(text))
        assert ALLOWED_TAGS.sub("", rendered).count("<") == 0, rendered
        assert _squash(shown) == _squash(text)


def test_nothing_can_start_a_link_directive_icon_emoji_or_formula():
    for text in HOSTILE:
        escaped = md(text)
        assert FULLY_ESCAPED.fullmatch(escaped)
        plain = escaped.replace("\\", "")
        assert "://" not in plain
        assert "www." not in plain.lower()
        assert re.search(r"@\w", plain) is None


@given(TEXT)
def test_any_text_renders_literally(text: str):
    escaped = md(text)
    rendered, shown = _rendered_text(escaped)

    assert FULLY_ESCAPED.fullmatch(escaped)
    assert ALLOWED_TAGS.sub("", rendered).count("<") == 0, rendered
    assert _squash(shown) == _squash(text)


def test_plain_words_are_unchanged():
    assert md("Goedemiddag Sanne en Daan") == "Goedemiddag Sanne en Daan"
    assert md("Çağla Yılmaz") == "Çağla Yılmaz"
