"""Pseudonymised exports: replace what identifies the people in a talk before it leaves the app.

:func:`propose_replacements` builds the table the user reviews (name → replacement). Names come
from

- the speakers: a speaker name with a role word becomes "de" + that word ("Juf Anouk" → "de
  juf"); the personal part and a speaker without a role word become the role's phrase ("Anouk"
  → "de leerkracht", "Sanne" → "het kind"), so the report stays readable;
- the form fields: the teacher (→ the teacher's phrase), who recorded the consent, and the group
  (the whole field and its capitalised words → "[groep]");
- all free text (transcript, notes, examples, compliment, tip, reflections, title, consent):
  runs of capitalised words the Dutch pipeline tags as proper nouns (with their particles: "Van
  den Berg"), capitalised words after a form of address ("mevrouw Yılmaz"), and capitalised
  mid-sentence nouns the talk never uses in lower case. Other people become "Persoon 1", …;
  names only ever mentioned after "in"/"uit"/"naar" become "Plaats 1", ….

A name of several words also lists its parts (first name, surname with particles, last word).

:func:`pseudonymise_text` applies the table: whole words, any case, with or without diacritics
("Yilmaz" for "Yılmaz"), possessives ("Daans" → "het kind z'n"), a capital at a sentence start.
A lowercase repeat of a name is replaced too ("ik heb daan gezien"), except where it is the
ordinary word: after an article ("de roos in de tuin") or a frequent word ("ik ben"). E-mail
addresses, phone numbers, postcodes with house numbers, street addresses and web addresses are
always replaced, whatever the table says. :func:`pseudonymise_session` applies the table to
everything an export shows. The word lists and placeholders are data: ``pseudonymise.yaml``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.data_files import load_yaml
from analysis.errors import RuleFileError
from analysis.nlp import load_pipeline, model_path
from analysis.records import ROLES, Analysis, Finding, FormItem, Role, Transcript
from analysis.review import Consent, Review, SessionMeta
from analysis.role_names import normalise_name, role_names

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

DATA_FILE = "pseudonymise.yaml"
_LIST_KEYS = (
    "not_names",
    "forms_of_address",
    "surname_titles",
    "particles",
    "place_prepositions",
    "determiners",
    "also_words",
    "generic_speakers",
    "street_suffixes",
    "ordinals",
    "articles",
)
_TEXT_KEYS = (
    "person",
    "place",
    "group",
    "email",
    "phone",
    "url",
    "address",
    "possessive",
    "blank",
)
_MAP_KEYS = ("role_phrases",)

# Letters NFKD does not decompose, spelled as people type them without diacritics.
_PLAIN = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
# Tokens after which a capital says nothing (a new sentence, a quote, a list).
_OPENERS = frozenset(
    {".", "!", "?", "…", "...", ":", '"', "“", "„", "'", "‘", "(", "[", "—", "–", "-"}
)
_LOOK_BACK = 60  # characters before a name that decide its case and whether it is a word
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n)\s*[\"“„‘'(\[]*$")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TLDS = "nl|be|com|org|net|eu|info|nu|de|fr|uk|io|app"
_URL = re.compile(
    r"(?:(?<![\w/])(?:https?://|www\.)[^\s<>\"]+"
    rf"|(?<![\w@./-])(?:[\w-]+\.)+(?:{_TLDS})(?![\w-])(?:/[^\s<>\"]*)?)",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ \t().\-/]{0,2}\d){7,14}(?!\w)")
_DATE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?!\d)")
_POSTCODE = re.compile(
    r"(?<!\w)[1-9]\d{3}[ \t]?(?P<letters>[^\W\d_]{2})(?!\w)"
    r"(?:[ \t]*,?[ \t]*\d{1,5}(?:[ \t]?[^\W\d_](?!\w))?(?!\w))?"
    r"(?P<town>[ \t]+[^\W\d_][\w'’-]*)?"
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists and placeholders of ``pseudonymise.yaml`` (all words casefolded)."""

    not_names: frozenset[str]
    forms_of_address: frozenset[str]
    surname_titles: frozenset[str]
    particles: frozenset[str]
    place_prepositions: frozenset[str]
    determiners: frozenset[str]
    also_words: frozenset[str]
    generic_speakers: frozenset[str]
    street_suffixes: tuple[str, ...]
    ordinals: tuple[str, ...]
    articles: frozenset[str]
    role_phrases: Mapping[Role, str]
    person: str
    place: str
    group: str
    email: str
    phone: str
    url: str
    address: str
    possessive: str
    blank: str

    @property
    def role_words(self) -> frozenset[str]:
        """Role words of ``roles.yaml`` ("juf", "moeder", "intern begeleider")."""
        return frozenset(entry for entries in role_names().values() for entry in entries)


def _file_error(message: str) -> RuleFileError:
    return RuleFileError(
        f"analysis/{DATA_FILE}: {message}",
        f"Het bestand analysis/{DATA_FILE} is ongeldig: {message}",
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and check ``pseudonymise.yaml`` (unknown or missing keys are an error)."""
    data = load_yaml(DATA_FILE)
    if not isinstance(data, dict):
        raise _file_error("expected a mapping of word lists")
    expected = {*_LIST_KEYS, *_TEXT_KEYS, *_MAP_KEYS}
    if unknown := sorted(set(data) - expected):
        raise _file_error(f"unknown keys {unknown}")
    if missing := sorted(expected - set(data)):
        raise _file_error(f"missing keys {missing}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        words = data[key]
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise _file_error(f"{key}: expected a list of words")
        lists[key] = tuple(w.strip().casefold() for w in words)
    texts: dict[str, str] = {}
    for key in _TEXT_KEYS:
        if not isinstance(data[key], str) or not data[key].strip():
            raise _file_error(f"{key}: expected a text")
        texts[key] = data[key].strip()
    phrases = data["role_phrases"]
    if not isinstance(phrases, dict) or set(phrases) != set(ROLES):
        raise _file_error(f"role_phrases: expected one phrase for each of {', '.join(ROLES)}")
    return Lexicon(
        not_names=frozenset(lists["not_names"]),
        forms_of_address=frozenset(lists["forms_of_address"]),
        surname_titles=frozenset(lists["surname_titles"]),
        particles=frozenset(lists["particles"]),
        place_prepositions=frozenset(lists["place_prepositions"]),
        determiners=frozenset(lists["determiners"]),
        also_words=frozenset(lists["also_words"]),
        generic_speakers=frozenset(lists["generic_speakers"]),
        street_suffixes=lists["street_suffixes"],
        ordinals=lists["ordinals"],
        articles=frozenset(lists["articles"]),
        role_phrases={role: str(phrase).strip() for role, phrase in phrases.items()},
        **texts,
    )


# --- names as keys ------------------------------------------------------------------------------


def plain(text: str) -> str:
    """``text`` without diacritics ("Çağla Yılmaz" → "Cagla Yilmaz")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    """The form two spellings of one name share: no diacritics, casefolded, single spaces."""
    return " ".join(plain(name).casefold().split())


def _capitalised(word: str) -> bool:
    """A name-like word: starts with a capital, letters only (and - '), not an acronym."""
    letters = re.sub(r"['’-]", "", word)
    if len(letters) < 2 or not letters.isalpha() or letters.isupper():
        return False
    return all(part[:1].isupper() for part in word.split("-") if part)


def _split_role(name: str) -> tuple[str, str]:
    """A speaker name as (role word, personal part): "Juf Anouk" → ("Juf", "Anouk");
    "Moeder" → ("Moeder", ""); "Sanne" → ("", "Sanne")."""
    words = name.split()
    key = normalise_name(name)
    for entries in role_names().values():
        for entry in entries:
            if key == entry:
                return " ".join(words), ""
            if key.startswith(entry + " "):
                size = len(entry.split())
                return " ".join(words[:size]), " ".join(words[size:])
    return "", " ".join(words)


def _is_whole_name(text: str, lex: Lexicon) -> bool:
    """Whether a form field holds one name ("Eva de Vriës"), not a phrase ("moeder en juf")."""
    words = text.split()
    if not words or any(w.casefold() in lex.not_names for w in words):
        return False
    return any(_capitalised(w) for w in words) and all(
        _capitalised(w) or w.casefold() in lex.particles for w in words
    )


def name_parts(name: str, lex: Lexicon | None = None) -> list[str]:
    """A name and its parts: "Eva de Vriës" → Eva de Vriës, Eva, de Vriës, Vriës."""
    lex = lex or lexicon()
    words = name.split()
    parts = [" ".join(words)]
    for position, word in enumerate(words):
        if word.casefold() in lex.particles:
            surname = " ".join(words[position:])
            if position > 0 and _capitalised(words[-1]) and surname not in parts:
                parts.append(surname)
            break
    parts += [
        w for w in words if _capitalised(w) and w.casefold() not in lex.particles and w not in parts
    ]
    return [p for p in parts if p.casefold() not in lex.not_names | lex.role_words]


def _identity(name: str, lex: Lexicon) -> list[str]:
    """The parts that say who a name is: the whole name and the first name. A shared surname
    does not ("Kerem Yılmaz" is not "mevrouw Yılmaz")."""
    words = name.split()
    if len(words) > 1 and words[0].casefold() not in lex.particles:
        return [name, words[0]]
    return [name]


# --- the proposals ------------------------------------------------------------------------------


class _Proposals:
    """The table under construction: one value per name (spellings that differ only in case or
    diacritics are one name), numbered placeholders and role phrases."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.table: dict[str, str] = {}
        self._values: dict[str, str] = {}
        self._phrases: Counter[str] = Counter()
        self._numbers: Counter[str] = Counter()

    def known(self, names: Iterable[str]) -> str | None:
        """The value of the first of ``names`` already in the table."""
        return next((self._values[_key(n)] for n in names if _key(n) in self._values), None)

    def add(self, names: Iterable[str], value: str) -> None:
        for name in names:
            if _key(name) and _key(name) not in self._values:
                self._values[_key(name)] = value
                self.table[name] = value

    def phrase(self, base: str) -> str:
        """``base`` the first time, then with an ordinal: "de ouder", "de tweede ouder"."""
        self._phrases[base] += 1
        count = self._phrases[base]
        if count == 1:
            return base
        article, _, noun = base.partition(" ")
        if noun and count - 2 < len(self.lex.ordinals):
            return f"{article} {self.lex.ordinals[count - 2]} {noun}"
        return f"{base} {count}"

    def numbered(self, label: str) -> str:
        """The next numbered placeholder: Persoon 1, Persoon 2, …"""
        self._numbers[label] += 1
        return f"{label} {self._numbers[label]}"


def _role_phrase(prefix: str, role: Role, lex: Lexicon) -> str:
    """The phrase for a speaker name with a role word: "de juf", "de moeder", "het kind"."""
    own = lex.role_phrases[role]
    if own.partition(" ")[2] == prefix.casefold():
        return own
    return f"de {prefix.casefold()}"


def _is_generic(name: str, lex: Lexicon) -> bool:
    """A speaker label that names no one: "Spreker 2", "SPEAKER_00", "S1", "B"."""
    first = re.split(r"[\s_-]+", _key(name))[0]
    if first.rstrip("0123456789") in lex.generic_speakers:
        return True
    return re.fullmatch(r"\w?\d*", first) is not None


def _add_speakers(proposals: _Proposals, transcript: Transcript) -> str | None:
    """Speaker names into the table; returns the (first) teacher's phrase."""
    lex = proposals.lex
    teacher: str | None = None
    for speaker in transcript.speakers:
        prefix, personal = _split_role(speaker.name)
        if not personal or _is_generic(personal, lex):
            continue
        if (known := proposals.known([personal])) is not None:
            own = known
        else:
            own = proposals.phrase(lex.role_phrases[speaker.role])
        if prefix:
            proposals.add([speaker.name], proposals.phrase(_role_phrase(prefix, speaker.role, lex)))
        proposals.add(name_parts(personal, lex), own)
        if speaker.role == "teacher" and teacher is None:
            teacher = own
    return teacher


def _add_person_field(proposals: _Proposals, value: str, default: str | None) -> None:
    """A form field holding one person's name (teacher, consent "by")."""
    prefix, personal = _split_role(value)
    if not _is_whole_name(personal, proposals.lex):
        return  # a phrase: its names are found with the other texts
    parts = name_parts(personal, proposals.lex)
    known = proposals.known(_identity(personal, proposals.lex))
    value_for = known or default or proposals.numbered(proposals.lex.person)
    if prefix:
        proposals.add([value], value_for)
    proposals.add(parts, value_for)


def _add_group(proposals: _Proposals, group: str) -> None:
    """The group field and its own words ("Groep 6 De Zonnebloem" → "Zonnebloem")."""
    lex = proposals.lex
    if not group.strip():
        return
    words = [
        w
        for w in group.split()
        if _capitalised(w) and w.casefold() not in lex.not_names | lex.particles
    ]
    proposals.add([group.strip(), *words], lex.group)


def _free_texts(
    transcript: Transcript,
    meta: SessionMeta | None,
    consent: Consent | None,
    review: Review | None,
) -> list[str]:
    texts = [turn.text for turn in transcript.turns]
    if meta is not None:
        texts += [meta.title, meta.teacher]
    if consent is not None:
        texts += [consent.by, consent.people]
    if review is not None:
        texts += [review.compliment, review.tip, *review.reflections]
        for item in review.items.values():
            texts += [item.note, item.examples]
    return [text for text in texts if text and text.strip()]


def _starts_sentence(doc: Doc, i: int) -> bool:
    if i == 0 or doc[i].is_sent_start:
        return True
    return doc[i - 1].text in _OPENERS


def _after_address(doc: Doc, i: int, lex: Lexicon) -> bool:
    """Whether token ``i`` follows a form of address ("juf Anouk"), for a surname title also
    via particles ("mevrouw van der Meer", but not "de juf van Jonas")."""
    if i > 0 and doc[i - 1].lower_ in lex.forms_of_address:
        return True
    j = i
    while j > 0 and doc[j - 1].lower_ in lex.particles:
        j -= 1
    return 0 < j < i and doc[j - 1].lower_ in lex.surname_titles


@dataclass(frozen=True, slots=True)
class _Usage:
    """How the talk uses words: forms written in lower case (not as a name), forms tagged as a
    verb anywhere ("Doe ik." makes "Doe" at a sentence start a verb, not a name)."""

    lowercase: frozenset[str]
    verbs: frozenset[str]

    @classmethod
    def of(cls, docs: list[Doc]) -> _Usage:
        tokens = [token for doc in docs for token in doc]
        return cls(
            lowercase=frozenset(
                t.text.casefold() for t in tokens if t.text.islower() and t.pos_ != "PROPN"
            ),
            verbs=frozenset(t.text.casefold() for t in tokens if t.pos_ in ("VERB", "AUX")),
        )


def _is_lowercase_name(doc: Doc, i: int, usage: _Usage, lex: Lexicon) -> bool:
    """In a transcript without capitals (speech recognition): a word after a form of address,
    or one the pipeline tags as a proper noun and the talk never uses as an ordinary word."""
    token: Token = doc[i]
    folded = token.text.casefold()
    if len(folded) < 3 or not folded.isalpha() or token.text != folded:
        return False
    if folded in lex.not_names or folded in lex.role_words or folded in lex.particles:
        return False
    if _after_address(doc, i, lex):
        return token.pos_ in ("PROPN", "NOUN", "X")
    return token.pos_ == "PROPN" and folded not in usage.lowercase and folded not in usage.verbs


def _is_name_token(doc: Doc, i: int, usage: _Usage, lex: Lexicon) -> bool:
    token: Token = doc[i]
    word = token.text
    folded = word.casefold()
    if not any(c.isupper() for c in doc.text):
        return _is_lowercase_name(doc, i, usage, lex)
    if not _capitalised(word) or folded in lex.not_names or folded in lex.role_words:
        return False
    if i > 0 and doc[i - 1].text in ("'s", "’s"):  # 's Avonds, 's Morgens
        return False
    if _after_address(doc, i, lex):
        return True
    if token.pos_ == "PROPN":
        if not _starts_sentence(doc, i):
            return True
        # At a sentence start a capital says nothing: trust the tag only when the lemma keeps
        # the capital and the talk never uses the word in lower case ("Bellen mag" is a verb).
        return (
            token.lemma_[:1].isupper()
            and folded not in usage.lowercase
            and folded not in usage.verbs
        )
    return (
        token.pos_ in ("NOUN", "X")
        and not _starts_sentence(doc, i)
        and folded not in usage.lowercase
    )


def _particle_in_name(doc: Doc, i: int) -> bool:
    """A particle that starts a name: capitalised mid-sentence, or tagged as part of the name
    ("Van den Berg belde", not "Van Jonas hoor ik weinig")."""
    token = doc[i]
    if not token.text[:1].isupper():
        return False
    return token.pos_ == "PROPN" or not _starts_sentence(doc, i)


def _name_spans(doc: Doc, usage: _Usage, lex: Lexicon) -> Iterator[tuple[int, int]]:
    """Token ranges of names: name tokens joined by particles ("Anouk van der Meer"), with the
    particles before them when they are part of the name ("Van den Berg", "meneer van Dijk")."""
    i = 0
    while i < len(doc):
        if not _is_name_token(doc, i, usage, lex):
            i += 1
            continue
        start = i
        while start > 0 and doc[start - 1].lower_ in lex.particles:
            start -= 1
        if start < i and not (_particle_in_name(doc, start) or _after_address(doc, i, lex)):
            start = i
        end = i + 1
        while end < len(doc):
            k = end
            while k < len(doc) and doc[k].lower_ in lex.particles:
                k += 1
            if k < len(doc) and _is_name_token(doc, k, usage, lex):
                end = k + 1
            else:
                break
        yield start, end
        i = end


def _display(name: str, lex: Lexicon) -> str:
    """A name as the table shows it: "de boer" from speech recognition → "de Boer"."""
    if name != name.casefold():
        return name
    return " ".join(w if w in lex.particles else w[:1].upper() + w[1:] for w in name.split())


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in the free text, with the word before each of its mentions."""

    name: str
    before: tuple[str, ...]


def text_names(texts: Sequence[str], nlp: Language | None = None) -> tuple[Mention, ...]:
    """Names in free text, in order of first mention (see the module docstring).

    With the default pipeline the result is cached per texts: the report page asks again on
    every interaction."""
    if nlp is not None:
        return _text_names(texts, nlp)
    return _default_text_names(tuple(texts), str(model_path()))


@lru_cache(maxsize=8)
def _default_text_names(texts: tuple[str, ...], model: str) -> tuple[Mention, ...]:
    return _text_names(texts, load_pipeline(Path(model)))


def _text_names(texts: Sequence[str], nlp: Language) -> tuple[Mention, ...]:
    if not texts:
        return ()
    lex = lexicon()
    # Names inside contact details ("3011 AB Rotterdam", an e-mail address) go with them.
    docs = list(nlp.pipe(replace_contact_details(text) for text in texts))
    usage = _Usage.of(docs)
    names: dict[str, str] = {}
    before: dict[str, list[str]] = {}
    for doc in docs:
        for start, end in _name_spans(doc, usage, lex):
            name = _display(doc[start:end].text, lex)
            names.setdefault(_key(name), name)
            before.setdefault(_key(name), []).append(doc[start - 1].lower_ if start else "")
    return tuple(Mention(name, tuple(before[key])) for key, name in names.items())


def _possessive_of_known(name: str, proposals: _Proposals, names: set[str]) -> bool:
    """A possessive ("Daans", "Daan's") of a name in the table or among the names found: the
    table's matcher covers possessives."""
    stem = re.sub(r"(?:['’]s|s)$", "", name)
    return stem != name and (proposals.known([stem]) is not None or _key(stem) in names)


def _is_street(name: str, lex: Lexicon) -> bool:
    """A street name ("Parkstraat", "Van Goghlaan")."""
    last = name.split()[-1].casefold()
    return any(last.endswith(s) and len(last) > len(s) for s in lex.street_suffixes)


def propose_replacements(
    transcript: Transcript,
    meta: SessionMeta | None = None,
    consent: Consent | None = None,
    review: Review | None = None,
) -> dict[str, str]:
    """Names found in the talk and its form → proposed replacements (for the user to review).

    See the module docstring for where names come from and what they become.
    """
    lex = lexicon()
    proposals = _Proposals(lex)
    teacher = _add_speakers(proposals, transcript) or lex.role_phrases["teacher"]
    if meta is not None:
        _add_person_field(proposals, meta.teacher, teacher)
        _add_group(proposals, meta.group)
    if consent is not None:
        _add_person_field(proposals, consent.by, None)
    mentions = text_names(_free_texts(transcript, meta, consent, review))
    found = {_key(mention.name) for mention in mentions}
    for mention in mentions:
        parts = name_parts(mention.name, lex)
        if not parts or _possessive_of_known(mention.name, proposals, found):
            continue
        value = proposals.known(_identity(mention.name, lex))
        if value is None and _is_street(mention.name, lex):
            value = lex.address
        elif value is None:
            is_place = all(word in lex.place_prepositions for word in mention.before)
            value = proposals.numbered(lex.place if is_place else lex.person)
        proposals.add(parts, value)
    log.info("proposed %d replacements", len(proposals.table))
    return proposals.table


# --- applying the table -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _street_pattern() -> re.Pattern[str]:
    suffixes = "|".join(re.escape(s) for s in sorted(lexicon().street_suffixes, key=len)[::-1])
    return re.compile(
        rf"(?<!\w)[^\W\d_][\w'’-]*?(?:{suffixes})[ \t]+\d{{1,5}}"
        r"(?:[ \t]?[^\W\d_](?!\w))?(?:[ \t]?-[ \t]?\d{1,5})?(?!\w)",
        re.IGNORECASE,
    )


def _phone(match: re.Match[str], lex: Lexicon) -> str:
    found = match.group(0)
    digits = re.sub(r"\D", "", found)
    if not found.startswith(("0", "+")) or not 9 <= len(digits) <= 13 or _DATE.match(found):
        return found
    return lex.phone


def _url(match: re.Match[str], lex: Lexicon) -> str:
    found = match.group(0)
    trailing = len(found) - len(found.rstrip(".,;:!?)'\"’”"))
    return lex.url + (found[-trailing:] if trailing else "")


def _postcode(match: re.Match[str], lex: Lexicon) -> str:
    """A Dutch postcode ("3011 AB", maybe with house number and town) → the address."""
    if not match.group("letters").isupper():
        return match.group(0)
    town = match.group("town") or ""
    if town and not _capitalised(town.strip()):
        return lex.address + town  # "1234 AB en ...": the next word is not a town
    return lex.address


def replace_contact_details(text: str) -> str:
    """``text`` with e-mail addresses, web addresses, phone numbers, postcodes (with a house
    number) and street addresses replaced by placeholders."""
    lex = lexicon()
    text = _EMAIL.sub(lex.email, text)
    text = _URL.sub(lambda m: _url(m, lex), text)
    text = _PHONE.sub(lambda m: _phone(m, lex), text)
    text = _POSTCODE.sub(lambda m: _postcode(m, lex), text)
    return _street_pattern().sub(
        lambda m: lex.address if m.group(0)[:1].isupper() else m.group(0), text
    )


@lru_cache(maxsize=16)
def _name_pattern(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    spellings = {spelling for key in keys for spelling in (key, plain(key)) if spelling.strip()}
    if not spellings:
        return None
    ordered = sorted(spellings, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(word) for word in s.split()) for s in ordered)
    return re.compile(rf"(?<!\w)(?P<name>{body})(?P<poss>['’]s|s)?(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _determiner_before() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(lexicon().determiners, key=len, reverse=True))
    return re.compile(rf"(?:^|[^\w'’])(?:{words})\s+(?:\w+e\s+)?$", re.IGNORECASE)


def _replace_name(
    match: re.Match[str], text: str, lookup: dict[str, str], lex: Lexicon, opens: bool
) -> str:
    name, possessive = match.group("name"), match.group("poss") or ""
    value = lookup.get(_key(name))
    if value is None:
        return match.group(0)
    if name[:1].islower():  # a lowercase repeat: the name unless it is the ordinary word
        if possessive == "s" or _key(name) in lex.also_words:
            return match.group(0)
        if _determiner_before().search(text, max(0, match.start() - _LOOK_BACK), match.start()):
            return match.group(0)
    start = match.start()
    if (opens or start > 0) and _SENTENCE_START.search(text, max(0, start - _LOOK_BACK), start):
        value = value[:1].upper() + value[1:]
    return f"{value} {lex.possessive}" if possessive else value


def pseudonymise_text(text: str, replacements: Mapping[str, str], *, sentence: bool = True) -> str:
    """``text`` with contact details and every listed name replaced (see the module docstring).

    ``sentence=False`` for a phrase that the report puts inside a sentence (who gave consent):
    a replacement at its very start keeps its lowercase ("door de leerkracht")."""
    if not text:
        return text
    lex = lexicon()
    text = replace_contact_details(text)
    lookup = {_key(name): value for name, value in replacements.items() if _key(name)}
    pattern = _name_pattern(tuple(sorted(replacements)))
    if pattern is None:
        return text
    return pattern.sub(lambda m: _replace_name(m, text, lookup, lex, sentence), text)


def speaker_label(name: str, replacements: Mapping[str, str]) -> str:
    """A speaker's name in a pseudonymised export: its replacement without the article and
    with a capital ("Juf Anouk" → "de juf" → "Juf"); role words stay ("Moeder")."""
    text = pseudonymise_text(name, replacements)
    if text == name:
        return name
    words = text.split()
    if len(words) > 1 and words[0].casefold() in lexicon().articles:
        words = words[1:]
    label = " ".join(words)
    return label[:1].upper() + label[1:]


def pseudonymise_transcript(transcript: Transcript, replacements: Mapping[str, str]) -> Transcript:
    """A copy of ``transcript`` with names replaced in speakers and text; words and the source
    file name dropped."""
    rename = {s.name: speaker_label(s.name, replacements) for s in transcript.speakers}
    for turn in transcript.turns:
        if turn.speaker not in rename:
            rename[turn.speaker] = speaker_label(turn.speaker, replacements)
    return replace(
        transcript,
        source=None,
        speakers=[
            replace(s, name=rename[s.name], reason=pseudonymise_text(s.reason, replacements))
            for s in transcript.speakers
        ],
        turns=[
            replace(
                t,
                speaker=rename[t.speaker],
                text=pseudonymise_text(t.text, replacements),
                words=[],
            )
            for t in transcript.turns
        ],
    )


def _finding(finding: Finding, replacements: Mapping[str, str]) -> Finding:
    """The finding with names replaced. Character offsets keep pointing into the original text,
    so the coach's review (keyed on them) still applies."""
    return replace(
        finding,
        quote=pseudonymise_text(finding.quote, replacements),
        speaker=speaker_label(finding.speaker, replacements),
        uncertain_words=tuple(
            replace(w, text=pseudonymise_text(w.text, replacements))
            for w in finding.uncertain_words
        ),
    )


def pseudonymise_analysis(analysis: Analysis, replacements: Mapping[str, str]) -> Analysis:
    """A copy of ``analysis`` with names replaced everywhere a report shows them."""
    transcript = pseudonymise_transcript(analysis.transcript, replacements)
    findings = [_finding(f, replacements) for f in analysis.detection.findings]
    form: list[FormItem] = [
        replace(item, evidence=[_finding(f, replacements) for f in item.evidence])
        for item in analysis.form
    ]
    suggestions = [
        replace(
            s,
            text=pseudonymise_text(s.text, replacements),
            basis=pseudonymise_text(s.basis, replacements),
        )
        for s in analysis.detection.suggestions
    ]
    detection = replace(analysis.detection, findings=findings, suggestions=suggestions)
    return Analysis(transcript=transcript, detection=detection, form=form)


def pseudonymise_review(review: Review, replacements: Mapping[str, str]) -> Review:
    """A copy of the coach's review with names replaced in notes, examples and answers."""

    def clean(text: str) -> str:
        return pseudonymise_text(text, replacements)

    return replace(
        review,
        compliment=clean(review.compliment),
        tip=clean(review.tip),
        reflections=[clean(answer) for answer in review.reflections],
        items={
            key: replace(item, note=clean(item.note), examples=clean(item.examples))
            for key, item in review.items.items()
        },
    )


def replacement_table(rows: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """The table the user reviewed (rows of ``naam`` → ``wordt``) as replacements: names
    stripped, rows without a name dropped, an empty replacement becomes the ``blank``
    placeholder ("[naam]")."""
    table = {
        str(row["naam"]).strip(): str(row.get("wordt") or "").strip()
        for row in rows
        if row.get("naam") and str(row["naam"]).strip()
    }
    return {name: value or lexicon().blank for name, value in table.items()}


def pseudonymise_session(
    analysis: Analysis,
    review: Review,
    meta: SessionMeta,
    consent: Consent | None,
    replacements: Mapping[str, str],
) -> tuple[Analysis, Review, SessionMeta, Consent | None]:
    """Everything an export of a session shows, with ``replacements`` applied: the analysis,
    the review, the meta data (title, teacher, group) and the consent record."""
    meta = replace(
        meta,
        title=pseudonymise_text(meta.title, replacements),
        teacher=speaker_label(meta.teacher, replacements),
        group=pseudonymise_text(meta.group, replacements),
    )
    if consent is not None:
        consent = replace(
            consent,
            by=pseudonymise_text(consent.by, replacements, sentence=False),
            people=pseudonymise_text(consent.people, replacements, sentence=False),
        )
    return (
        pseudonymise_analysis(analysis, replacements),
        pseudonymise_review(review, replacements),
        meta,
        consent,
    )
