"""Questions without a question's word order: tags set off by commas, guesses, wonders.

A statement becomes a closed check with a tag set off by a comma ("Dat is zwaar, hè.", "Hij is
moe, he, dat zie je"), or with a guess about the listener ("ge zijt zeker de oma van Lotte");
"ik vraag me af wat ..." and "ik ben benieuwd hoe ..." invite to tell (open). None of them
needs a "?", so a recogniser's missing or wrong mark costs nothing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.detect.lexicons import lexicon_terms
from analysis.detect.questions_kinds import QuestionKinds

# At most this many words between the verb and subject of a guess and its "zeker" ("dan zijt
# ge zelf || zeker").
MAX_GUESS_GAP = 1
# At most this many words between a wonder ("ik vraag me af", "benieuwd") and its question word.
MAX_WONDER_GAP = 2


class QuestionTags(QuestionKinds):
    """Tags, guesses and wonders that ask without a question's word order."""

    def __init__(self) -> None:
        super().__init__()
        self.comma_tags = lexicon_terms("comma_tags")
        self.filler_followers = lexicon_terms("filler_tag_followers")
        self.thanks = lexicon_terms("thanks_words")
        self.guess_adverbs = lexicon_terms("guess_adverbs")
        self.guess_blockers = lexicon_terms("guess_blockers")
        self.guess_listeners = lexicon_terms("guess_listeners")
        self.assertive_modals = lexicon_terms("assertive_modal_lemmas")
        self.wonder_words = lexicon_terms("wonder_words")
        self.wonder_verbs = lexicon_terms("wonder_verbs")
        self.wonder_reflexives = lexicon_terms("wonder_reflexives")

    def comma_tag(self, doc: Doc, start: int, end: int, sent: Span) -> bool:
        """A tag word set off by a comma before it and a comma or full stop after it, after a
        clause with a finite verb ("Dat is ernstig, hè.", "Da's zwaar, he, met twee kinderen")."""
        return (
            end - start == 1
            and start > sent.start
            and doc[start].lower_ in self.comma_tags
            and doc[start - 1].text == ","
            and end < len(doc)
            and doc[end].text in {",", "."}
            and self.tag_closes_statement(doc, start, sent)
        )

    def tag_closes_statement(self, doc: Doc, start: int, sent: Span) -> bool:
        """A finite verb before the tag in its sentence, and no thanks or greeting ("merci om te
        komen he"): the tag checks a statement."""
        before = doc[sent.start : start]
        return any(self.is_finite_verb(t, True) for t in before) and not any(
            t.lower_ in self.thanks for t in before
        )

    def filler_tag(self, doc: Doc, end: int) -> bool:
        """A "he" that hands over to a contrast or a new point, after hesitations ("dat is niet
        stoer he ehm maar ..."): a filler, not a tag."""
        i = end
        while i < len(doc) and doc[i].lower_ in self.hesitations:
            i += 1
        return i < len(doc) and doc[i].lower_ in self.filler_followers

    def listener_guess(self, sent: Span) -> bool:
        """A guess with "zeker" about the listener: finite verb and listener subject next to each
        other, then "zeker" ("ge woont zeker hier", "dan zijt ge zelf zeker ook moe"); not after
        a modal ("ge moet zeker eens komen") nor before "niet"/"welkom" ("zeker niet")."""
        doc = sent.doc
        for token in sent:
            if token.lower_ not in self.guess_adverbs or token.i + 1 >= sent.end:
                continue
            if doc[token.i + 1].lower_ in self.guess_blockers:
                continue
            if self.guessed_clause(token, sent):
                return True
        return False

    def guessed_clause(self, adverb: Token, sent: Span) -> bool:
        doc = sent.doc
        tagged = self.has_tags(sent)
        for gap in range(MAX_GUESS_GAP + 1):
            second = adverb.i - 1 - gap
            first = second - 1
            if first < sent.start:
                return False
            pair = (doc[first], doc[second])
            verb = next((t for t in pair if self.is_finite_verb(t, tagged)), None)
            subject = next((t for t in pair if t.lower_ in self.guess_listeners), None)
            if verb is not None and subject is not None and verb is not subject:
                return verb.lemma_ not in self.assertive_modals
        return False

    def wonder(self, sent: Span) -> str | None:
        """ "ik vraag me af wat ..." or "ik ben benieuwd hoe ...": an invitation to tell, open;
        ``None`` without a question word right after the wonder ("ik vraag me af of ...": no
        question word and no question's order, no question by the guide)."""
        doc = sent.doc
        if not any(t.lower_ in self.words.first_person for t in sent):
            return None
        for token in sent:
            end = self.wonder_end(token, sent)
            if end is None:
                continue
            for nxt in doc[end : min(sent.end, end + MAX_WONDER_GAP + 1)]:
                if nxt.lower_ in self.words.question_words:
                    return "open_question"
        return None

    def wonder_end(self, token: Token, sent: Span) -> int | None:
        """Where the words after a wonder start: after "benieuwd"/"nieuwsgierig" (and "naar"),
        or after "af" of "vraag me af"; ``None`` if ``token`` starts no wonder."""
        doc = sent.doc
        if token.lower_ in self.wonder_words:
            return token.i + 1
        if (
            token.lower_ in self.wonder_verbs
            and token.i + 2 < sent.end
            and doc[token.i + 1].lower_ in self.wonder_reflexives
            and doc[token.i + 2].lower_ == "af"
        ):
            return token.i + 3
        return None
