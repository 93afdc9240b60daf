"""Streamlit's own English texts in Dutch, where Streamlit offers no setting for them.

Streamlit 1.67 writes some texts into the page itself: the file uploader's *Upload* button, its
"500MB per file • TXT" line and the drag hint, the status widget's *Stop* and "Running...", the
connection status and the "Connection error" dialog when the app stops answering. None has an
option or a translation, so a small script in the page (``st.html`` runs it in the page itself,
not in an iframe) swaps exactly these texts for Dutch ones as they appear: a
``MutationObserver`` looks at added nodes and changed texts, and replaces a text node or an
``aria-label``/``title`` only when it is one of Streamlit's own texts below, so no user text can
be touched: only texts inside Streamlit's own parts (the upload area, the status widget, the
toolbar, its dialogs) are looked at, never the app's content. The script loads nothing and is
installed once per browser tab.

The upload limit itself is ``server.maxUploadSize`` in ``.streamlit/config.toml``.
"""

from __future__ import annotations

import json

import streamlit as st

#: Streamlit's exact texts → Dutch.
TEXTS: dict[str, str] = {
    "Upload": "Kies een bestand",
    "Upload directories": "Kies mappen",
    "Drag and drop a file here": "Sleep een bestand hierheen",
    "Drag and drop files here": "Sleep bestanden hierheen",
    "Drag and drop directories here": "Sleep mappen hierheen",
    "Stop": "Stoppen",
    "Stopping...": "Bezig met stoppen…",
    "Running...": "Bezig…",
    "Connecting": "Verbinden…",
    "Connection error": "Geen verbinding met de app",
    "Streamlit server is not responding. Are you connected to the internet?": (
        "Gesprekscoach reageert niet. Draait de app nog op deze computer? Start hem zo nodig "
        "opnieuw en laad de pagina opnieuw; uw werk tot nu toe is bewaard."
    ),
    "Fullscreen": "Volledig scherm",
    "Close fullscreen": "Volledig scherm sluiten",
    "Close": "Sluiten",
    "Download as CSV": "Download als CSV",
    "Search": "Zoeken",
    "file upload": "bestand kiezen",
}
#: Streamlit's texts with a number or a list in them: JavaScript regular expression → Dutch.
PATTERNS: list[tuple[str, str]] = [
    (r"^(\d+(?:\.\d+)?)\s?([KMG]B) per file( • (.+))?$", "max. $1 $2 per bestand$3"),
]

_SCRIPT = """<script>
(() => {
  const root = window.parent && window.parent.document ? window.parent : window;
  if (root.__gesprekscoachNl) return;
  root.__gesprekscoachNl = true;
  const texts = new Map(Object.entries(%(texts)s));
  const patterns = %(patterns)s.map(([p, r]) => [new RegExp(p), r]);
  const dutch = (text) => {
    const key = text.trim();
    if (texts.has(key)) return text.replace(key, texts.get(key));
    for (const [pattern, replacement] of patterns) {
      if (pattern.test(key)) return key.replace(pattern, replacement);
    }
    return null;
  };
  // Only Streamlit's own parts of the page; never the app's content (a transcript line that
  // reads "Stop" stays as typed).
  const own = '[data-testid="stFileUploaderDropzone"], [data-testid="stElementToolbar"]';
  const chrome = '[data-testid="stStatusWidget"], [data-testid="stConnectionStatus"], ' +
    '[data-testid="stToolbar"], [role="dialog"]';
  const isStreamlits = (element) => !!element && !!element.closest && (
    !!element.closest(own) ||
    (!!element.closest(chrome) && !element.closest('[data-testid="stVerticalBlock"]')));
  const fixText = (node) => {
    const value = node.nodeValue;
    if (!value || value.length > 200 || !isStreamlits(node.parentElement)) return;
    const replaced = dutch(value);
    if (replaced !== null && replaced !== value) node.nodeValue = replaced;
  };
  const fixAttributes = (element) => {
    if (!isStreamlits(element)) return;
    for (const name of ["aria-label", "title"]) {
      const value = element.getAttribute && element.getAttribute(name);
      if (!value) continue;
      const replaced = dutch(value);
      if (replaced !== null && replaced !== value) element.setAttribute(name, replaced);
    }
  };
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { fixText(node); return; }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    fixAttributes(node);
    const walker = root.document.createTreeWalker(
      node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    while (walker.nextNode()) {
      const current = walker.currentNode;
      if (current.nodeType === Node.TEXT_NODE) fixText(current); else fixAttributes(current);
    }
  };
  new root.MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === "characterData") fixText(mutation.target);
      else if (mutation.type === "attributes") fixAttributes(mutation.target);
      else mutation.addedNodes.forEach(walk);
    }
  }).observe(root.document.body, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ["aria-label", "title"],
  });
  walk(root.document.body);
})();
</script>"""


def script() -> str:
    """The page script that puts Streamlit's own texts in Dutch."""
    return _SCRIPT % {
        "texts": json.dumps(TEXTS, ensure_ascii=False),
        "patterns": json.dumps(PATTERNS, ensure_ascii=False),
    }


def install() -> None:
    """Put Streamlit's own texts in Dutch in this browser tab (call once per run)."""
    st.html(script(), unsafe_allow_javascript=True)
