"""User text shown where Streamlit renders Markdown, made literal.

Streamlit renders Markdown (CommonMark with tables, strikethrough and bare-URL links) in
``st.markdown``, ``st.write``, captions, titles, alerts, widget labels, radio options, expander
and tab titles and help texts, plus its own syntax on top: ``:red[...]`` and other directives,
``:material/icon:``, emoji shortcodes like ``:smile:`` and LaTeX between ``$``. A transcript line
such as ``![](http://host/p.png?naam=Sanne)`` would otherwise make the browser fetch that URL.

:func:`md` puts a backslash before every ASCII punctuation character. CommonMark shows an
escaped punctuation character as itself, so the text reads exactly as typed, and no construct
can start: no image, link, bare URL, HTML, heading, list, table, emphasis or code, no directive
or icon (the ``:`` is escaped), no emoji shortcode (Streamlit only loads them for ``:word:``),
no LaTeX (Streamlit only loads it for an unescaped ``$``).

Use it for every piece of user text (transcript text and quotes, speaker names, session titles,
teacher and group fields, notes, examples, consent names, file names) that goes into one of the
places above — not into plain-text places (text inputs' values, select box options, data
editor cells, download file names), where the backslashes would show.
"""

from __future__ import annotations

import re
import string

_ESCAPES = str.maketrans({char: "\\" + char for char in string.punctuation})
#: An invisible WORD JOINER (U+2060): neither space nor punctuation, so it breaks the patterns of
#: bare-URL and e-mail links, which are found in the text after escapes are resolved.
WORD_JOINER = "\u2060"
_BARE_LINK = re.compile(r"(?<=:)(?=//)|(?<=@)|(?<=www)(?=\.)", re.IGNORECASE)


def md(text: str) -> str:
    """``text`` as Markdown that Streamlit shows literally: every ASCII punctuation character
    escaped, and an invisible word joiner after ``:`` before ``//``, after ``@`` and after
    ``www`` before ``.`` so that no bare URL or e-mail address becomes a link."""
    return _BARE_LINK.sub(WORD_JOINER, str(text)).translate(_ESCAPES)
