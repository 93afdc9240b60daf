"""Page "Observatieformulier": the pre-filled form; the coach confirms, rejects and completes it.

Every widget saves its value the moment it changes (``on_change``), so nothing is lost on a
browser refresh or an app restart.
"""

from __future__ import annotations

import streamlit as st

from analysis.form import load_form
from analysis.records import COACH_STATUSES, Finding, FormItem
from analysis.review import ItemReview, finding_key
from analysis.sessions import Session
from analysis.suggestions import suggest_reviewed
from analysis.verdicts import verdict_kind, verdict_words
from ui import state
from ui.safe_text import md


def _key(session: Session, item_id: str, part: str) -> str:
    return f"{part}-{session.id}-{item_id}"


def _save_item(session_id: str, item: FormItem) -> None:
    """Collect the item's widgets from the session state and store them (one small write)."""
    prefix = f"-{session_id}-{item.id}"
    rejected = [
        finding_key(f)
        for f in item.evidence
        if st.session_state.get(f"reject{prefix}-{finding_key(f)}", False)
    ]
    review = ItemReview(
        status=st.session_state.get(f"status{prefix}", "pending"),
        note=st.session_state.get(f"note{prefix}", ""),
        examples=st.session_state.get(f"examples{prefix}", ""),
        rejected_findings=rejected,
    )
    state.store().save_item_review(session_id, item.id, review)


def highlighted_quote(finding: Finding) -> str:
    """The quote as literal Markdown with the uncertain words on an orange background."""
    quote, parts, position = finding.quote, [], 0
    for word in finding.uncertain_words:
        at = quote.find(word.text, position)
        if not word.text or at < 0:
            continue
        parts += [md(quote[position:at]), f":orange-background[{md(word.text)}]"]
        position = at + len(word.text)
    return "".join([*parts, md(quote[position:])])


def _uncertain_list(finding: Finding) -> str:
    return ", ".join(
        f"{md(w.text)} ({w.probability:.0%}, {state.clock(w.start)})"
        for w in finding.uncertain_words
    )


def _to_check(session: Session, form: list[FormItem]) -> None:
    """*Te controleren*: held-back findings with their uncertain words and a ▶ per word."""
    held = [(item, f) for item in form for f in item.evidence if f.held_back]
    if not held:
        return
    st.markdown("### Te controleren")
    st.caption(
        "Deze vondsten rusten op woorden die de spraakherkenning slecht verstond. Ze tellen "
        "niet mee op het formulier tot u ze hebt beluisterd en het onderdeel bevestigt."
    )
    for item, finding in held:
        with st.container(border=True):
            st.markdown(f"**{md(item.text)}** · beurt {finding.turn}")
            st.markdown(f"> {highlighted_quote(finding)}")
            st.caption(f"Onzeker verstaan: {_uncertain_list(finding)}")
            buttons = st.columns(max(len(finding.uncertain_words), 1) + 3)
            for number, word in enumerate(finding.uncertain_words):
                with buttons[number]:
                    state.play_button(
                        session, word.start, key=f"check-{finding_key(finding)}-{number}"
                    )


VERDICT_ICONS = {
    "seen": ":material/check_circle:",
    "not_seen": ":material/radio_button_unchecked:",
    "not_visible": ":material/visibility_off:",
}


def _verdict(item: FormItem, final: FormItem) -> str:
    """The verdict of the reviewed item: the report's words (analysis.verdicts) with an icon."""
    return f"{VERDICT_ICONS[verdict_kind(final)]} {verdict_words(final)}"


def _item(session: Session, item: FormItem, final: FormItem) -> None:
    review = session.review.item(item.id)
    status_word = state.STATUS_LABELS[review.status]
    label = f"{_verdict(item, final)} — {item.text}  ·  _{status_word}_"
    with st.expander(label, expanded=False):
        st.caption(load_form().item(item.id).hint)
        if item.visibility == "partial":
            st.info(item.visibility_note)
        st.radio(
            "Oordeel van de coach",
            COACH_STATUSES,
            index=COACH_STATUSES.index(review.status),
            format_func=state.STATUS_LABELS.__getitem__,
            horizontal=True,
            key=_key(session, item.id, "status"),
            on_change=_save_item,
            args=(session.id, item),
        )
        if not item.evidence:
            st.caption("Geen bewijs gevonden in het transcript.")
        for finding in item.evidence:
            quote_col, play_col = st.columns([6, 1])
            quote_col.markdown(f"> {highlighted_quote(finding)}")
            stamp = f"{state.clock(finding.start)} · " if finding.start is not None else ""
            quote_col.caption(
                f"{stamp}beurt {finding.turn} · {md(finding.speaker)} · {finding.explanation} · "
                f"zekerheid {finding.confidence:.0%} · regel `{finding.rule}`"
            )
            if finding.uncertain_words:
                held = " Daarom niet meegeteld: controleer het." if finding.held_back else ""
                quote_col.caption(f"Onzeker verstaan: {_uncertain_list(finding)}.{held}")
            with play_col:
                state.play_button(session, finding.start, key=f"play-{finding_key(finding)}")
                st.checkbox(
                    "klopt niet",
                    value=finding_key(finding) in review.rejected_findings,
                    key=f"reject-{session.id}-{item.id}-{finding_key(finding)}",
                    on_change=_save_item,
                    args=(session.id, item),
                    help="Deze vondst klopt niet: tel hem niet mee.",
                )
        for label, part, value in (
            ("Voorbeelden (eigen observaties van de coach)", "examples", review.examples),
            ("Notitie", "note", review.note),
        ):
            st.text_area(
                label,
                value=value,
                key=_key(session, item.id, part),
                on_change=_save_item,
                args=(session.id, item),
                height=70,
            )


def _save_feedback(session_id: str, questions: int) -> None:
    reflections = [
        st.session_state.get(f"reflection-{session_id}-{n}", "") for n in range(questions)
    ]
    state.store().save_feedback(
        session_id,
        compliment=st.session_state.get(f"compliment-{session_id}", ""),
        tip=st.session_state.get(f"tip-{session_id}", ""),
        reflections=reflections,
    )


def _feedback(session: Session) -> None:
    form = load_form()
    assert session.analysis is not None
    # Suggested from the reviewed form: a quote marked "klopt niet" is never used. Each text
    # already starts with "Suggestie: ". Until the coach writes their own, the box follows it.
    suggestions = suggest_reviewed(session.final_form(), session.analysis.detection.metrics)
    review = session.review
    compliment = review.compliment or next(
        (s.text for s in suggestions if s.kind == "compliment"), ""
    )
    tip = review.tip or next((s.text for s in suggestions if s.kind == "tip"), "")
    for key, saved, shown in (
        (f"compliment-{session.id}", review.compliment, compliment),
        (f"tip-{session.id}", review.tip, tip),
    ):
        if not saved or key not in st.session_state:
            st.session_state[key] = shown
    count = len(form.reflection_questions)
    st.subheader("Compliment en tip")
    st.caption("De software doet een voorstel; pas het aan naar uw eigen woorden.")
    st.text_area(
        form.compliment_prompt,
        key=f"compliment-{session.id}",
        on_change=_save_feedback,
        args=(session.id, count),
    )
    st.text_area(
        form.tip_prompt,
        key=f"tip-{session.id}",
        on_change=_save_feedback,
        args=(session.id, count),
    )
    st.subheader("Reflectie")
    for number, question in enumerate(form.reflection_questions):
        answer = review.reflections[number] if number < len(review.reflections) else ""
        st.text_area(
            f"{number + 1}. {question}",
            value=answer,
            key=f"reflection-{session.id}-{number}",
            on_change=_save_feedback,
            args=(session.id, count),
        )


def page() -> None:
    """Render the page."""
    form = load_form()
    st.title("Observatieformulier")
    session = state.analysed_session()
    if session is None or session.analysis is None or session.transcript is None:
        return
    st.caption(
        f"{md(session.meta.title)} · {md(session.meta.teacher or 'leerkracht onbekend')} · "
        f"{session.meta.kind_label}. Bevestig of wijs elke vondst af; alles wordt meteen bewaard."
    )
    if not any(s.role == "teacher" for s in session.analysis.transcript.speakers):
        st.warning(
            "Geen van de sprekers heeft de rol leerkracht, dus er kan niets gevonden worden. "
            "Stel de rollen in op de pagina **Transcriptie**."
        )
    state.audio_player(session)
    _to_check(session, session.analysis.form)
    final = {item.id: item for item in session.final_form()}
    for phase in form.phases:
        st.markdown(f"### {phase}")
        for item in session.analysis.form:
            if item.phase == phase:
                _item(session, item, final[item.id])
    _feedback(session)


if __name__ == "__main__":
    page()
