"""Render the report of a reviewed sample talk to PNGs: `python scripts/render_report.py [DOCS]`.

Analyses ``samples/bedeesde-ouder-sterk.txt`` with the real pipeline, applies a coach's review
written here (one item still open, so the report is a *Concept*; one quote marked *klopt niet*;
the coach's own examples and notes), and writes the Word and PDF report. The DOCX is turned into
a PDF by LibreOffice (``libreoffice --headless --convert-to pdf``), as a reader's Word would lay
it out; both PDFs' first two pages are rendered with ``pdftoppm`` and put side by side in
``DOCS/report-docx.png`` and ``DOCS/report-pdf.png`` (small PNGs). Needs ``libreoffice`` (Debian
``libreoffice-writer-nogui``) and ``pdftoppm`` (``poppler-utils``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402

from analysis.export import build_report, report_to_docx, report_to_pdf  # noqa: E402
from analysis.form import load_form  # noqa: E402
from analysis.pipeline import analyse  # noqa: E402
from analysis.records import Analysis  # noqa: E402
from analysis.review import ItemReview, Review, SessionMeta, finding_key  # noqa: E402
from analysis.transcript_io import read_transcript  # noqa: E402

SAMPLE = REPO / "samples" / "bedeesde-ouder-sterk.txt"
PAGES = 2
DPI = 60


def _review(analysis: Analysis) -> Review:
    """A coach's review: every item decided but the last, a few examples and notes."""
    items = {
        item.id: ItemReview("confirmed" if item.observed else "rejected") for item in analysis.form
    }
    items[analysis.form[-1].id] = ItemReview("pending")
    items["put_at_ease"] = ItemReview(
        "confirmed", note="Liep mee naar de tafel bij het raam.", examples="Open houding, glimlach"
    )
    listening = next(item for item in analysis.form if item.id == "active_listening")
    items["active_listening"] = ItemReview(
        "confirmed", rejected_findings=[finding_key(f) for f in listening.evidence[2:4]]
    )
    return Review(
        items=items,
        compliment="Je gaf de vader alle ruimte en vroeg steeds door op wat hij vertelde.",
        tip="Vat halverwege even samen, dan weet de vader waar jullie staan.",
        reflections=["Doorvragen op thuis.", "Meer samenvatten, minder zelf vertellen."],
    )


def _pages_png(pdf: Path, out: Path, work: Path) -> None:
    prefix = work / pdf.stem
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", str(PAGES), str(pdf), str(prefix)],
        check=True,
    )
    images = [Image.open(path) for path in sorted(work.glob(f"{pdf.stem}-*.png"))]
    width = sum(image.width for image in images) + 10 * (len(images) - 1)
    sheet = Image.new("RGB", (width, max(image.height for image in images)), "#888888")
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + 10
    sheet.convert("P", palette=Image.Palette.ADAPTIVE, colors=64).save(out, optimize=True)
    print(f"saved {out} ({out.stat().st_size // 1024} kB, {len(images)} pages)")


def main(docs: Path) -> None:
    """Write ``report-docx.png`` and ``report-pdf.png`` into ``docs``."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("pdftoppm") is None:
        sys.exit("render_report: needs libreoffice and pdftoppm (poppler-utils)")
    transcript = read_transcript(SAMPLE)
    analysis = analyse(transcript)
    meta = SessionMeta(
        "Rollenspel bedeesde ouder", "Esther", "groep 5", "kennismakingsgesprek", "2026-12-04"
    )
    report = build_report(analysis, _review(analysis), meta, None, load_form(), sample=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "rapport.docx").write_bytes(report_to_docx(report))
        (work / "rapport.pdf").write_bytes(report_to_pdf(report))
        subprocess.run(
            [office, "--headless", f"-env:UserInstallation=file://{work}/profile",
             "--convert-to", "pdf", "--outdir", str(work / "word"), str(work / "rapport.docx")],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        _pages_png(work / "word" / "rapport.pdf", docs / "report-docx.png", work / "word")
        _pages_png(work / "rapport.pdf", docs / "report-pdf.png", work)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs")
