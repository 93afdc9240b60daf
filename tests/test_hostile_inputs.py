"""The bad-input suite: hostile and odd files through the real command line.

Every bad input must exit 2 with exactly one line on stderr (``gesprekscoach: error: ...``), no
traceback and nothing on stdout; every valid-but-odd input must exit 0 with valid output. All
within 60 s and under a 4 GB address-space limit (``RLIMIT_AS``).

The files are made here from a table of cases. Most run through ``analyse FILE --format json``
and ``convert FILE --to json`` in one worker process (``tests/cli_batch.py``, one model load);
what needs the operating system (pipes, devices, symlinks, odd file names, the real stdout) runs
as a ``python -m analysis`` process of its own.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import DATA, REPO

MEMORY_LIMIT = 4 * 1024**3
DEADLINE = 60
ERROR_PREFIX = "gesprekscoach: error: "

Content = bytes | Callable[[], bytes]


@dataclass(frozen=True)
class Case:
    """One hostile file: its name, its bytes, and whether the CLI must refuse it."""

    id: str
    filename: str
    content: Content
    bad: bool
    fragment: str = ""  # must be in the one error line (bad) or in stdout (ok)
    commands: tuple[str, ...] = ("analyse", "convert")


def bad(id_: str, filename: str, content: Content, fragment: str, *commands: str) -> Case:
    return Case(id_, filename, content, True, fragment, commands or ("analyse", "convert"))


def ok(id_: str, filename: str, content: Content, fragment: str = "", *commands: str) -> Case:
    return Case(id_, filename, content, False, fragment, commands or ("analyse", "convert"))


# --- builders (our own short Dutch, never lines of the labelled talks) ---------------------

TALK = "Juf Mirjam: Goedemiddag, komt u binnen.\nVader: Dag juf.\nJuf Mirjam: Hoe gaat het thuis?\n"


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def one_turn(**fields: object) -> bytes:
    turn = {"speaker": "Juf", "text": "Welkom.", **fields}
    return dumps({"turns": [turn, {"speaker": "Moeder", "text": "Dag."}]})


def raw_turn(fragment: str) -> bytes:
    """A JSON transcript whose first turn holds ``fragment`` verbatim (for non-standard JSON)."""
    return utf8('{"turns": [{"speaker": "Juf", "text": "Welkom.", ' + fragment + "}]}")


def nested(depth: int) -> bytes:
    return utf8('{"turns": ' + "[" * depth + "]" * depth + "}")


def turns_txt(count: int, line: str = "Juf: Ja.\nMoeder: Nee.\n") -> Callable[[], bytes]:
    return lambda: utf8(line * (count // 2) + ("Juf: Ja.\n" if count % 2 else ""))


def cues(count: int, speaker: str = "Juf", vtt: bool = False) -> bytes:
    head = "WEBVTT\n\n" if vtt else ""
    blocks = []
    for i in range(count):
        start = f"00:{i // 60 % 60:02d}:{i % 60:02d}"
        end = f"00:{i // 60 % 60:02d}:{i % 60:02d}"
        sep = "." if vtt else ","
        blocks.append(f"{i + 1}\n{start}{sep}000 --> {end}{sep}500\n{speaker}: Ja.\n")
    return utf8(head + "\n".join(blocks))


def noise(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>Juf: hallo</w:document>")
    return buffer.getvalue()


def srt(*lines: str) -> bytes:
    blocks = [
        f"{i}\n00:00:{i:02d},000 --> 00:00:{i + 1:02d},000\n{line}\n"
        for i, line in enumerate(lines, start=1)
    ]
    return utf8("\n".join(blocks))


def vtt(*lines: str) -> bytes:
    blocks = [
        f"00:00:{i:02d}.000 --> 00:00:{i + 1:02d}.000\n{line}\n"
        for i, line in enumerate(lines, start=1)
    ]
    return utf8("WEBVTT\n\n" + "\n".join(blocks))


ANALYSED = {
    "turns": [
        {
            "index": 0,
            "speaker": "Juf",
            "role": "teacher",
            "start": 1.0,
            "end": 2.0,
            "text": "Welkom!",
            "items": ["welcome"],
            "acts": [],
        },
        {"index": 1, "speaker": "Moeder", "role": "parent", "start": 2.0, "text": "Dag."},
    ],
    "form": [{"id": "welcome", "observed": True}],
    "metrics": {"parent_word_share": 0.5},
}

CASES: list[Case] = [
    # --- not text at all ----------------------------------------------------------------------
    bad("empty", "leeg.txt", b"", "empty"),
    bad("whitespace-only", "spaties.txt", b"  \n\t\n \r\n", "empty"),
    bad("nul-bytes", "nul.txt", b"\x00\x01\x02binary\x00", "not a readable text"),
    bad("random-bytes", "ruis.txt", lambda: noise(4096, 1), "not a readable text"),
    bad("png-as-txt", "plaatje.txt", b"\x89PNG\r\n\x1a\n" + noise(2000, 2), "not a readable"),
    bad("gzip-as-txt", "gesprek.txt", lambda: gzip.compress(utf8(TALK), mtime=0), "not a readable"),
    bad("docx-zip", "gesprek.docx", zipped, "not a readable text"),
    bad("utf16-without-bom", "utf16.txt", TALK.encode("utf-16-le"), "not a readable text"),
    bad("utf16-bom-lone-surrogate", "half.txt", b"\xff\xfeJ\x00:\x00\x00\xd8", "not a readable"),
    bad("control-characters", "stuur.txt", b"Juf: \x01\x02\x03\x04\x05\x06\x07\x08" * 40, "not a"),
    bad(
        "latin1-with-controls",
        "oud.txt",
        "Juf: hé\x1b[31m\x1b[0m\x07".encode("latin-1") * 30,
        "not",
    ),
    # --- text without speakers --------------------------------------------------------------
    bad("no-speakers", "proza.txt", utf8("Geen sprekers hier.\nEn hier ook niet.\n"), "speaker"),
    bad("text-before-speaker", "los.txt", utf8("Inleiding.\n" + TALK), "before the first speaker"),
    bad("stamps-only", "tijden.txt", utf8("[00:00:01]\n[00:00:02]\n"), "before the first speaker"),
    bad("name-too-long", "lang.txt", utf8("A" * 41 + ": hallo\n"), "before the first speaker"),
    bad("pdf-like", "gesprek.pdf", utf8("%PDF-1.4\n1 0 obj << /Type /Catalog >>\n"), "speaker"),
    bad("markdown-table", "tabel.md", utf8("| a | b |\n|---|---|\n"), "speaker"),
    # --- sizes and limits -------------------------------------------------------------------
    bad("turn-over-1m-chars", "lang.txt", lambda: utf8("Juf: " + "ja " * 400_000), "too long"),
    bad("turn-1m-no-spaces", "blok.txt", lambda: utf8("Juf: " + "x" * 1_000_001), "too long"),
    bad("turn-50001-chars", "net.txt", lambda: utf8("Juf: " + "x" * 50_001), "50,000"),
    bad("100k-turns", "veel.txt", turns_txt(100_000), "too many turns"),
    bad("10001-turns", "net-te-veel.txt", turns_txt(10_001), "too many turns"),
    bad("too-much-text", "boek.txt", turns_txt(12_000, "Juf: " + "ja " * 20 + "\n"), "too much"),
    bad("over-20mb", "groot.txt", lambda: utf8("Juf: " + "ja " * 7_000_000), "too large"),
    bad(
        "json-10001-turns",
        "veel.json",
        lambda: dumps({"turns": [{"speaker": "A", "text": ""}] * 10_001}),
        "too many turns",
    ),
    bad("json-turn-too-long", "lang.json", lambda: one_turn(text="x" * 1_000_001), "too long"),
    bad("srt-60k-cues", "veel.srt", lambda: cues(60_000), "too many turns"),
    bad("vtt-10001-cues", "veel.vtt", lambda: cues(10_001, vtt=True), "too many turns"),
    # --- times ----------------------------------------------------------------------------------
    bad("txt-time-over-limit", "laat.txt", utf8("[99:99:99] Juf: Dag.\n"), "time"),
    bad(
        "srt-5000-digit-hours",
        "uren.srt",
        lambda: utf8("1\n" + "9" * 5000 + ":00:00,000 --> 00:00:01,000\nJuf: Dag.\n"),
        "time",
    ),
    bad(
        "srt-100-hours",
        "honderd.srt",
        utf8("1\n100:00:00,000 --> 100:00:01,000\nJuf: Dag.\n"),
        "time",
    ),
    bad("json-nan", "nan.json", raw_turn('"start": NaN'), "NaN"),
    bad("json-infinity", "inf.json", raw_turn('"start": Infinity'), "Infinity"),
    bad("json-minus-infinity", "min.json", raw_turn('"end": -Infinity'), "-Infinity"),
    bad("json-1e400", "groot.json", raw_turn('"start": 1e400'), "time inf"),
    bad("json-minus-1e400", "klein.json", raw_turn('"start": -1e400'), "time -inf"),
    bad("json-1e308", "ver.json", raw_turn('"start": 1e308'), "time"),
    bad(
        "json-5000-digit-int",
        "cijfers.json",
        lambda: raw_turn('"start": ' + "9" * 5000),
        "5,000 digits",
    ),
    bad("json-5000-digit-extra", "extra.json", lambda: raw_turn('"id": ' + "1" * 5000), "digits"),
    bad("json-negative-start", "negatief.json", one_turn(start=-5), "time -5"),
    bad("json-start-as-text", "tekst.json", one_turn(start="00:01"), "start must be a number"),
    bad("json-start-true", "waar.json", one_turn(start=True), "start must be a number"),
    bad(
        "json-duration-negative",
        "duur.json",
        dumps({"duration": -1, "turns": [{"speaker": "A", "text": ""}]}),
        "duration",
    ),
    bad(
        "json-word-without-start",
        "woord.json",
        one_turn(words=[{"end": 1, "text": "x"}]),
        "words[0].start",
    ),
    bad(
        "json-word-probability",
        "kans.json",
        one_turn(words=[{"start": 0, "end": 1, "text": "x", "probability": 2.5}]),
        "probability",
    ),
    # --- JSON structure -----------------------------------------------------------------------
    bad("json-nested-100k", "diep.json", lambda: nested(100_000), "nested too deeply"),
    bad(
        "json-nested-in-text",
        "diep-tekst.json",
        lambda: raw_turn('"x": ' + "[" * 50_000 + "]" * 50_000),
        "nested too deeply",
    ),
    bad("json-null-speaker", "null.json", one_turn(speaker=None), "speaker must be text, not null"),
    bad("json-null-text", "nulltekst.json", one_turn(text=None), "text must be text, not null"),
    bad("json-number-speaker", "nummer.json", one_turn(speaker=5), "speaker must be text"),
    bad("json-empty-speaker", "leegnaam.json", one_turn(speaker=""), "speaker is empty"),
    bad("json-blank-speaker", "witnaam.json", one_turn(speaker=" \n\t"), "speaker is empty"),
    bad("json-text-object", "object.json", one_turn(text={"nl": "Welkom"}), "text must be text"),
    bad("json-turns-object", "beurten.json", dumps({"turns": {}}), "turns"),
    bad("json-turns-empty", "geen.json", dumps({"turns": []}), "speaker"),
    bad("json-top-list", "lijst.json", dumps([{"speaker": "Juf", "text": "Dag"}]), "turns"),
    bad("json-top-string", "zin.json", dumps("Juf: Dag"), "turns"),
    bad("json-invalid", "kapot.json", b"{nope", "invalid JSON"),
    bad("json-truncated", "half.json", utf8('{"turns": [{"speaker": "Juf"'), "invalid JSON"),
    bad(
        "json-turn-is-string",
        "regel.json",
        dumps({"turns": ["Juf: Dag"]}),
        "turns[0] must be an object",
    ),
    bad("json-words-not-list", "woorden.json", one_turn(words="Welkom"), "words must be a list"),
    bad(
        "json-speaker-record-null",
        "spreker.json",
        dumps({"turns": [{"speaker": "A", "text": ""}], "speakers": [{"name": None}]}),
        "speakers[0].name",
    ),
    bad(
        "json-guessed-text",
        "gok.json",
        dumps(
            {"turns": [{"speaker": "A", "text": ""}], "speakers": [{"name": "A", "guessed": "ja"}]}
        ),
        "guessed",
    ),
    # --- subtitles ------------------------------------------------------------------------------
    bad("srt-no-speakers", "kaal.srt", srt("Goedemiddag.", "Dag juf."), "no speaker"),
    bad("srt-no-cues", "geen.srt", utf8("1\nGoedemiddag.\n"), "no subtitle cues"),
    bad(
        "srt-one-off-label-only",
        "vraag.srt",
        srt("Een vraag vooraf: hoe gaat het thuis?"),
        "no speaker",
    ),
    bad("vtt-header-only", "kop.vtt", utf8("WEBVTT\n"), "no subtitle cues"),
    bad("vtt-no-speakers", "kaal.vtt", vtt("Goedemiddag.", "Dag juf."), "no speaker"),
    bad("vtt-empty-voice", "stem.vtt", vtt("<v >Goedemiddag."), "no speaker"),
    bad("srt-binary", "ruis.srt", lambda: noise(3000, 3), "not a readable"),
    # --- audio that is not audio (analyse only: convert reads text) ---------------------------
    bad("empty-wav", "leeg.wav", b"", "empty", "analyse"),
    bad("text-as-mp3", "tekst.mp3", utf8(TALK), "cannot decode", "analyse"),
    bad(
        "wav-header-only",
        "kop.wav",
        lambda: (DATA / "audio" / "hallo.wav").read_bytes()[:44],
        "audio",
        "analyse",
    ),
    bad("noise-as-ogg", "ruis.ogg", lambda: noise(5000, 4), "cannot decode", "analyse"),
    # --- odd but valid --------------------------------------------------------------------------
    ok("minimal", "kort.txt", utf8("Juf: Dag.\nMoeder: Hallo.\n"), '"Moeder"'),
    ok(
        "colon-in-line",
        "dubbelepunt.txt",
        utf8("Juf: Welkom.\nEen vraag vooraf: hoe gaat het thuis?\nMoeder: Goed.\n"),
        "Een vraag vooraf: hoe gaat het thuis?",
    ),
    ok("utf8-bom", "bom.txt", b"\xef\xbb\xbf" + utf8(TALK), "Juf Mirjam"),
    ok("utf16-bom", "utf16.txt", TALK.encode("utf-16"), "Juf Mirjam"),
    ok("cp1252", "oud.txt", "Juf: \u201cHé, Zoë!\u201d\nMoeder: Oké.\n".encode("cp1252"), "Zoë"),
    ok("crlf", "dos.txt", utf8(TALK.replace("\n", "\r\n")), "Juf Mirjam"),
    ok("cr-only", "mac.txt", utf8(TALK.replace("\n", "\r")), "Hoe gaat het thuis?"),
    ok(
        "unicode-names",
        "namen.txt",
        utf8("Juf Çağla: Dag Şeyma.\nMoeder Yılmaz: Merhaba.\n"),
        "Yılmaz",
    ),
    ok(
        "emoji-rtl-bidi",
        "tekens.txt",
        utf8("Juf: Dag 👋🏽 \u202eolleh\u202c مرحبا\nVader: 🙂\n"),
        "👋🏽",
    ),
    ok(
        "zero-width-combining",
        "nul-breed.txt",
        utf8("Juf: Da\u200bg e\u0301e\u0301n.\nVader: Ja\u200d.\n"),
        "Juf",
    ),
    ok(
        "markup-in-text",
        "opmaak.txt",
        utf8(
            "Juf: ![](http://voorbeeld.invalid/p.png?naam=Sanne) <script>x</script> **vet**\n"
            "Vader: [link](x)\n"
        ),
        "<script>",
    ),
    ok(
        "line-separators",
        "scheiding.txt",
        utf8("Juf: Dag\u2028verder\u0085nog\fmeer.\nVader: Ja.\n"),
        "Dag verder nog meer.",
    ),
    ok(
        "tabs-and-spaces",
        "tabs.txt",
        utf8("Juf:\t\tDag   allemaal.\nVader:Ja.\n"),
        "Dag   allemaal.",
    ),
    ok(
        "subtitle-lookalike-text",
        "pijl.txt",
        utf8("Juf: 1\nJuf: 00:00:01,000 --> 00:00:02,000 <v X>\nVader: Ja.\n"),
        "-->",
    ),
    ok(
        "one-speaker",
        "alleen.txt",
        utf8("Spreker 1: Goedemiddag.\nSpreker 1: Gaat u zitten.\n"),
        "Spreker 1",
    ),
    ok(
        "stamps-mm-ss-ms",
        "tijden.txt",
        utf8("[00:01] Juf: Dag.\n[01:02:03.5] Moeder: Hallo.\n[99:59:59.999] Juf: Tot ziens.\n"),
        "359999.999",
    ),
    ok(
        "mixed-endings",
        "gemengd.txt",
        b"Juf: Dag.\r\nMoeder: Hallo.\rJuf: Zit.\nMoeder: Ja.\n",
        "Zit.",
    ),
    ok("uppercase-suffix", "GESPREK.TXT", utf8(TALK), "Juf Mirjam"),
    ok("no-suffix-srt", "ondertitels", srt("Juf: Dag.", "Moeder: Hallo."), "Hallo."),
    ok("md-suffix", "gesprek.md", utf8(TALK), "Juf Mirjam"),
    ok(
        "two-hour-talk",
        "lang-gesprek.txt",
        turns_txt(1_500, "Juf: Hoe gaat het thuis?\nVader: Goed hoor.\n"),
        '"Vader"',
    ),
    ok("10000-turns-convert", "grens.txt", turns_txt(10_000), '"Moeder"', "convert"),
    ok(
        "turn-50000-chars",
        "grens-beurt.txt",
        lambda: utf8("Juf: " + "x" * 50_000 + "\nMoeder: Ja.\n"),
        "xxxx",
        "convert",
    ),
    ok(
        "json-lone-surrogate",
        "half.json",
        raw_turn('"x": 1').replace(b"Welkom.", b"Dag \\ud800 en \\udfff."),
        "Dag \ufffd en \ufffd.",
    ),
    ok("json-nul-char", "nul.json", one_turn(text="Dag\u0000 juf"), "Dag\\u0000 juf"),
    ok("json-null-times", "zondertijd.json", one_turn(start=None, end=None), "Welkom."),
    ok("json-end-before-start", "omgekeerd.json", one_turn(start=5, end=2), "Welkom."),
    ok("json-unknown-keys", "extra.json", one_turn(extra={"a": [1, 2]}, kleur="rood"), "Welkom."),
    ok(
        "json-nested-500-extra",
        "diep-extra.json",
        raw_turn('"x": ' + "[" * 500 + "]" * 500),
        "Welkom.",
    ),
    ok("json-100-digit-extra", "honderd.json", raw_turn('"id": ' + "7" * 100), "Welkom."),
    ok("json-max-time", "grens-tijd.json", one_turn(start=359_999.999), "359999.999"),
    ok("json-newline-speaker", "naam.json", one_turn(speaker="Juf\nAnouk"), '"Juf Anouk"'),
    ok(
        "json-subtitle-in-text",
        "pijl.json",
        one_turn(text="a\n\n2\n00:00:01,000 --> 00:00:02,000\nb"),
        "-->",
    ),
    ok("json-analyse-result", "analyse.json", dumps(ANALYSED), "Welkom!"),
    ok("json-escape-in-name", "ansi.json", one_turn(speaker="\x1b[2J\x1b[31mX"), "\\u001b[31mX"),
    ok("json-bom", "bom.json", b"\xef\xbb\xbf" + one_turn(), "Welkom."),
    ok(
        "srt-colon-cue",
        "vraag.srt",
        srt("Juf: Welkom.", "Een vraag vooraf: hoe gaat het thuis?", "Moeder: Goed."),
        "Welkom. Een vraag vooraf: hoe gaat het thuis?",
    ),
    ok(
        "srt-tag-lookalike",
        "cijfer.srt",
        srt("Juf: Een cijfer <5 en >3", "Moeder: <i>Oké</i>"),
        "Een cijfer <5 en >3",
    ),
    ok(
        "srt-bom-crlf",
        "dos.srt",
        b"\xef\xbb\xbf" + srt("Juf: Dag.", "Moeder: Hallo.").replace(b"\n", b"\r\n"),
        "Hallo.",
    ),
    ok(
        "srt-cues-without-gaps",
        "vast.srt",
        utf8(
            "1\n00:00:01,000 --> 00:00:02,000\nJuf: Dag.\n"
            "2\n00:00:02,000 --> 00:00:03,000\nMoeder: Hallo.\n"
        ),
        '"Moeder"',
    ),
    ok(
        "vtt-entities",
        "tekens.vtt",
        vtt("<v Juf>Jip &amp; Janneke &lt;3&nbsp;en &#233;&#x00e9; &lrm;x&gt;", "<v Moeder>Ja."),
        "Jip & Janneke <3",
    ),
    ok(
        "vtt-raw-lookalike",
        "ruw.vtt",
        vtt("<v Juf>Een cijfer <5 en >3", "<v Moeder>Oké."),
        "Een cijfer <5 en >3",
    ),
    ok(
        "vtt-notes-styles-settings",
        "rijk.vtt",
        utf8(
            "WEBVTT - titel\n\nSTYLE\n::cue { color: red }\n\nNOTE iets\n\n"
            "id-1\n00:01.000 --> 00:02.000 align:start line:0\n"
            "<v.loud Juf><c.x>Dag</c> <i>allemaal</i><00:01.500> hoor.</v>\n\n"
            "00:02.000 --> 00:03.000\n<v Moeder>Hallo.\n"
        ),
        "Dag allemaal hoor.",
    ),
    ok(
        "vtt-escaped-voice", "stem.vtt", vtt("<v Juf &amp; co>Dag.", "<v Moeder>Hallo."), "Juf & co"
    ),
]


def _content(case: Case) -> bytes:
    return case.content() if callable(case.content) else case.content


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _argv(command: str, path: Path) -> list[str]:
    if command == "analyse":
        return ["analyse", str(path), "--format", "json"]
    return ["convert", str(path), "--to", "json"]


def _strict_json(text: str) -> object:
    def refuse(value: str) -> object:
        raise ValueError(f"{value} in the output")

    return json.loads(text, parse_constant=refuse)


def check(case_id: str, bad_input: bool, fragment: str, result: dict) -> list[str]:
    """What is wrong with one result (empty when it is right)."""
    problems = []
    code, out, err = result["code"], result["stdout"], result["stderr"]
    if "Traceback" in err:
        problems.append(f"traceback: {err[-600:]}")
    if "\x1b" in err:
        problems.append(f"a terminal escape reached stderr: {err[:300]!r}")
    if result["seconds"] > DEADLINE:
        problems.append(f"took {result['seconds']} s")
    if bad_input:
        lines = err.splitlines()
        if code != 2:
            problems.append(f"exit {code}, not 2: {err[-300:]!r}")
        if len(lines) != 1 or not lines[0].startswith(ERROR_PREFIX):
            problems.append(f"stderr is not one error line: {err[:600]!r}")
        elif fragment not in lines[0]:
            problems.append(f"{fragment!r} not in {lines[0][:300]!r}")
        if out:
            problems.append(f"stdout not empty: {out[:200]!r}")
    else:
        if code != 0:
            problems.append(f"exit {code}: {err[-400:]!r}")
        else:
            try:
                data = _strict_json(out)
            except ValueError as exc:
                problems.append(f"output is not strict JSON ({exc}): {out[:200]!r}")
            else:
                if not isinstance(data, dict) or not data.get("turns"):
                    problems.append("output has no turns")
            if fragment and fragment not in out and json.dumps(fragment)[1:-1] not in out:
                problems.append(f"{fragment!r} not in the output")
    return [f"{case_id}: {problem}" for problem in problems]


def test_the_suite_has_at_least_80_hostile_files():
    assert len(CASES) + len(OS_CASES) >= 80
    assert len({case.id for case in CASES}) == len(CASES)


def test_every_case_through_the_cli(tmp_path: Path):
    """All table cases, ``analyse`` and ``convert``, in one worker process with 4 GB."""
    manifest, expected = [], {}
    for number, case in enumerate(CASES):
        folder = tmp_path / f"{number:03d}"
        folder.mkdir()
        path = folder / case.filename
        path.write_bytes(_content(case))
        for command in case.commands:
            key = f"{case.id}/{command}"
            manifest.append({"id": key, "argv": _argv(command, path)})
            expected[key] = case
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    subprocess.run(
        [sys.executable, "-m", "tests.cli_batch", "manifest.json", "results.json"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        preexec_fn=_limit_memory,
        timeout=DEADLINE * 10,
        check=True,
    )
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))

    assert [r["id"] for r in results] == [m["id"] for m in manifest]
    problems = [
        problem
        for result in results
        for problem in check(
            result["id"], expected[result["id"]].bad, expected[result["id"]].fragment, result
        )
    ]
    assert not problems, "\n".join(problems)


# --- what needs the operating system: one process per case ------------------------------------


@dataclass(frozen=True)
class OsCase:
    """A file the operating system makes odd (a pipe, a device, a name), run as a process."""

    id: str
    make: Callable[[Path], Path]  # builds the input in a folder, returns the path to pass
    bad: bool
    fragment: str
    argv: tuple[str, ...] = ("convert", "{path}", "--to", "json")


def _fifo(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        os.mkfifo(folder / name)
        return folder / name

    return make


def _symlink(name: str, target: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).symlink_to(target)
        return folder / name

    return make


def _file(name: str | bytes, content: bytes = TALK.encode()) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = os.fsencode(folder) + b"/" + os.fsencode(name)  # a name that may not decode
        with open(path, "wb") as handle:  # noqa: PTH123 (Path cannot take bytes)
            handle.write(content)
        return Path(os.fsdecode(path))

    return make


def _missing(name: str) -> Callable[[Path], Path]:
    return lambda folder: folder / name


def _loop(folder: Path) -> Path:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    return folder / "a.txt"


def _folder(folder: Path) -> Path:
    (folder / "map.txt").mkdir()
    return folder / "map.txt"


OS_CASES: list[OsCase] = [
    OsCase("named-pipe-txt", _fifo("pijp.txt"), True, "not a regular file"),
    OsCase(
        "named-pipe-json-analyse",
        _fifo("pijp.json"),
        True,
        "not a regular file",
        ("analyse", "{path}"),
    ),
    OsCase("named-pipe-wav", _fifo("pijp.wav"), True, "not a regular file", ("analyse", "{path}")),
    OsCase(
        "named-pipe-transcribe",
        _fifo("pijp.m4a"),
        True,
        "not a regular file",
        ("transcribe", "{path}"),
    ),
    OsCase("dev-zero-txt", _symlink("nul.txt", "/dev/zero"), True, "not a regular file"),
    OsCase(
        "dev-zero-json",
        _symlink("nul.json", "/dev/zero"),
        True,
        "not a regular file",
        ("analyse", "{path}"),
    ),
    OsCase(
        "dev-zero-wav",
        _symlink("nul.wav", "/dev/zero"),
        True,
        "not a regular file",
        ("analyse", "{path}"),
    ),
    OsCase("dev-urandom", _symlink("ruis.txt", "/dev/urandom"), True, "not a regular file"),
    OsCase("dev-null", _symlink("leeg.txt", "/dev/null"), True, "not a regular file"),
    OsCase("broken-symlink", _symlink("weg.txt", "/nergens/niet.txt"), True, "file not found"),
    OsCase("symlink-loop", _loop, True, "cannot be read"),
    OsCase("folder", _folder, True, "is a folder"),
    OsCase(
        "newline-name-missing",
        _missing("twee\nregels.txt"),
        True,
        "twee\\nregels.txt: file not found",
    ),
    OsCase(
        "newline-name-missing-audio",
        _missing("twee\nregels.wav"),
        True,
        "twee\\nregels.wav",
        ("analyse", "{path}"),
    ),
    OsCase(
        "newline-name-output",
        _file("goed.txt"),
        True,
        "cannot write",
        ("convert", "{path}", "--to", "txt", "-o", "/nergens/a\nb.txt"),
    ),
    OsCase(
        "newline-name-exists", _file("twee\nregels.txt"), False, '"source": "twee\\nregels.txt"'
    ),
    OsCase("undecodable-name", _file(b"na\xffam.txt"), False, '"source": "na\ufffdam.txt"'),
    OsCase(
        "lone-surrogate-stdout",
        _file("half.json", raw_turn('"x": 1').replace(b"Welkom.", b"\\ud800")),
        False,
        '"text": "\ufffd"',
    ),
    OsCase(
        "nested-json-real-stack", _file("diep.json", nested(200_000)), True, "nested too deeply"
    ),
    OsCase(
        "usage-error",
        _file("goed.txt"),
        True,
        "invalid choice",
        ("convert", "{path}", "--to", "docx"),
    ),
]


@pytest.mark.parametrize("case", OS_CASES, ids=[case.id for case in OS_CASES])
def test_os_level_inputs_through_a_real_process(tmp_path: Path, case: OsCase):
    path = case.make(tmp_path)
    argv = [arg.replace("{path}", str(path)) for arg in case.argv]

    completed = subprocess.run(
        [sys.executable, "-m", "analysis", *argv],
        capture_output=True,
        cwd=REPO,
        preexec_fn=_limit_memory,
        timeout=DEADLINE,
        check=False,
    )

    result = {
        "code": completed.returncode,
        "stdout": completed.stdout.decode("utf-8"),  # strict: the output must be UTF-8
        "stderr": completed.stderr.decode("utf-8", "replace"),
        "seconds": 0.0,
    }
    problems = check(case.id, case.bad, case.fragment, result)
    assert not problems, "\n".join(problems)
