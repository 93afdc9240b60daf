"""Page "Observatieformulier": the pre-filled form; the coach confirms, rejects and completes it.

Every widget saves its value the moment it changes (``on_change``), so nothing is lost on a
browser refresh or an app restart. A panel stays open when the coach decides on it (the app,
not the browser, remembers which panels are open); only open panels are filled, so a click
reruns a short page. The sidebar holds the player, the count (*12 van 19 beoordeeld*) and
*Volgende item* / *Bevestigen* / *Afwijzen* with keyboard shortcuts (V, B, A; not while typing).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace

import streamlit as st

from analysis.export import SAMPLE_LINE, sample_talk
from analysis.form import load_form
from analysis.records import COACH_STATUSES, CoachStatus, Finding, FormItem
from analysis.review import ItemReview, finding_key
from analysis.store import Session
from analysis.suggestions import suggest_reviewed
from analysis.verdicts import verdict_kind, verdict_words
from ui import player, state
from ui.choices import labelled_choice
from ui.new_talk import SAMPLES
from ui.safe_text import md

SHORTCUTS = {"next": "V", "confirmed": "B", "rejected": "A"}


def _key(session: Session, item_id: str, part: str) -> str:
    return f"{part}-{session.id}-{item_id}"


def _panel_key(session_id: str, item_id: str) -> str:
    return f"item-{session_id}-{item_id}"


def _open_items(session_id: str) -> set[str]:
    """The items whose panel is open (kept by the app: a panel's label changes with its
    verdict, which would make Streamlit draw it anew, closed)."""
    return st.session_state.setdefault(f"open-items-{session_id}", set())


def _current_key(session_id: str) -> str:
    return f"current-item-{session_id}"


def _scroll_key(session_id: str) -> str:
    return f"scroll-to-{session_id}"


def _version_key(session_id: str, item_id: str) -> str:
    return f"verdict-version-{session_id}-{item_id}"


def _status_key(session_id: str, item_id: str) -> str:
    """The key of an item's verdict radio. It changes whenever the app (not the radio) gives
    the item a verdict, so the radio is drawn anew with it: a browser that has not caught up
    yet still sends the old radio's value, which must not count as the coach's choice."""
    version = st.session_state.get(_version_key(session_id, item_id), 0)
    return f"status-{session_id}-{item_id}" + (f"-{version}" if version else "")


def _stored_review(session_id: str) -> tuple[list[FormItem], dict[str, ItemReview]]:
    """The talk's form items and their saved reviews as stored now: a click reads them when
    it happens, not as they were when its widget was drawn (a quick second click can reach a
    widget drawn before the first click's verdict was saved)."""
    session = state.store().get(session_id)
    items = session.analysis.form if session.analysis else []
    return items, {item.id: session.review.item(item.id) for item in items}


def _save(session_id: str, item_id: str, saved: ItemReview, review: ItemReview) -> bool:
    """Store ``review`` when it differs from ``saved`` and make the item the current one;
    True when something was stored."""
    if review == saved:
        return False
    state.store().save_item_review(session_id, item_id, review)
    st.session_state[_current_key(session_id)] = item_id
    return True


def with_edit(review: ItemReview, part: str, value: object) -> ItemReview:
    """``review`` with one part changed by a panel widget: ``status``, ``note``,
    ``examples``, or ``reject:<finding key>`` (``value`` True marks the finding wrong)."""
    if part.startswith("reject:"):
        finding = part.removeprefix("reject:")
        rejected = [key for key in review.rejected_findings if key != finding]
        return replace(review, rejected_findings=rejected + [finding] * bool(value))
    return replace(review, **{part: value})


def _edit_item(session_id: str, item_id: str, part: str, key: str, drawn: object) -> None:
    """A widget in an item's panel changed: store that one part of the item's review.

    A browser that has not yet drawn the app's last answer sends again the values of the
    widgets it still shows, also of a panel the app has just closed; Streamlit then calls
    their callbacks once more. Such a value is the one the widget was drawn with: it is not
    the coach's edit, and acting on it would save an old value over a newer verdict or make
    that item the current one (then *Bevestigen* would decide on it instead of the item
    *Volgende item* just opened).
    """
    value = st.session_state.get(key)
    if value is None or value == drawn:
        return
    saved = _stored_review(session_id)[1].get(item_id)
    if saved is not None:
        _save(session_id, item_id, saved, with_edit(saved, part, value))


def _clicked(session_id: str, status: str) -> bool:
    """True when the sidebar button for ``status`` ("next" or a verdict) was clicked in this
    run (two quick clicks can reach the app together, in one run)."""
    key = f"next-item-{session_id}" if status == "next" else f"decide-{status}-{session_id}"
    return bool(st.session_state.get(key))


def _decide(session_id: str, status: CoachStatus) -> None:
    """*Bevestigen* / *Afwijzen* in the sidebar: the verdict on the current item.

    Clicked together with *Volgende item* (both reached the app in one run, in no telling
    order): the verdict goes to the current item while it still waits for one, and then the
    next item opens; else the next item opens first and gets the verdict.
    """
    items, reviews = _stored_review(session_id)
    together = _clicked(session_id, "next")
    current = reviews.get(st.session_state.get(_current_key(session_id)) or "")
    next_first = together and (current is None or current.status != "pending")
    if next_first:
        _move_next(session_id, items, reviews)
    item_id = st.session_state.get(_current_key(session_id))
    saved = reviews.get(item_id or "")
    if item_id is None or saved is None:
        return
    decided = replace(saved, status=status)
    if _save(session_id, item_id, saved, decided):
        version = _version_key(session_id, item_id)  # its radio is drawn anew, with the verdict
        st.session_state[version] = st.session_state.get(version, 0) + 1
    if together and not next_first:
        _move_next(session_id, items, {**reviews, item_id: decided})


def next_item(order: list[str], statuses: dict[str, str], current: str | None) -> str | None:
    """The first unreviewed item after ``current`` in form order (wrapping round), or
    ``None`` when every item is reviewed."""
    start = order.index(current) + 1 if current in order else 0
    return next((i for i in order[start:] + order[:start] if statuses[i] == "pending"), None)


def _go_next(session_id: str) -> None:
    """*Volgende item* (left to :func:`_decide` when a verdict was clicked in the same run)."""
    if any(_clicked(session_id, status) for status in ("confirmed", "rejected")):
        return
    _move_next(session_id, *_stored_review(session_id))


def _move_next(session_id: str, items: list[FormItem], reviews: dict[str, ItemReview]) -> None:
    """Close the open panels, open the next unreviewed item, scroll to it."""
    statuses = {item_id: review.status for item_id, review in reviews.items()}
    order = [item.id for item in items]
    target = next_item(order, statuses, st.session_state.get(_current_key(session_id)))
    if target is None:
        st.session_state[_scroll_key(session_id)] = None
        st.toast("Alle items zijn beoordeeld.", icon=":material/task_alt:")
        return
    opened = _open_items(session_id)
    for item_id in opened:
        st.session_state[_panel_key(session_id, item_id)] = False
    opened.clear()
    opened.add(target)
    st.session_state[_panel_key(session_id, target)] = True
    st.session_state[_current_key(session_id)] = target
    st.session_state[_scroll_key(session_id)] = target


def scroll_script(css_class: str) -> str:
    """A script that scrolls the element with ``css_class`` to the top of the view."""
    return (
        "<script>(() => { let tries = 0; const go = () => {"
        f" const box = document.querySelector({json.dumps('.' + css_class)});"
        " if (!box) { if (tries++ < 50) setTimeout(go, 100); return; }"
        " box.style.scrollMarginTop = '4rem'; box.scrollIntoView({block: 'start'});"
        " }; go(); })();"
        f"/* {uuid.uuid4().hex} */</script>"
    )


def _review_bar(session: Session, items: list[FormItem]) -> None:
    """The sidebar's review controls: the count, *Volgende item*, and the verdict on the
    current item, each with a keyboard shortcut."""
    statuses = {item.id: session.review.item(item.id).status for item in items}
    reviewed = sum(status != "pending" for status in statuses.values())
    current_id = st.session_state.get(_current_key(session.id))
    current = next((item for item in items if item.id == current_id), None)
    with st.sidebar:
        st.markdown("**Beoordelen**")
        st.progress(reviewed / len(items), text=f"{reviewed} van {len(items)} beoordeeld")
        st.button(
            "Volgende item",
            key=f"next-item-{session.id}",
            icon=":material/arrow_downward:",
            shortcut=SHORTCUTS["next"],
            help="Opent het volgende item dat nog niet beoordeeld is.",
            on_click=_go_next,
            args=(session.id,),
            width="stretch",
        )
        if current is None:
            return
        st.caption(f"Huidig item: {md(current.text)}")
        saved = session.review.item(current.id)
        left, right = st.columns(2)
        for column, status, label in (
            (left, "confirmed", "Bevestigen"),
            (right, "rejected", "Afwijzen"),
        ):
            column.button(
                label,
                key=f"decide-{status}-{session.id}",
                shortcut=SHORTCUTS[status],
                type="primary" if saved.status == status else "secondary",
                on_click=_decide,
                args=(session.id, status),
                width="stretch",
            )


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
                    player.play_button(
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
    opened = _open_items(session.id)
    panel = st.expander(
        label,
        expanded=item.id in opened,
        key=_panel_key(session.id, item.id),
        on_change="rerun",
    )
    if not panel.open:
        opened.discard(item.id)
        return
    if item.id not in opened:  # opened by the coach just now: it becomes the current item
        opened.add(item.id)
        st.session_state[_current_key(session.id)] = item.id
    with panel:
        _item_body(session, item, review)


def _item_body(session: Session, item: FormItem, review: ItemReview) -> None:
    st.caption(load_form().item(item.id).hint)
    if item.visibility == "partial":
        st.info(item.visibility_note)
    labelled_choice(
        st.radio,
        "Oordeel van de coach",
        COACH_STATUSES,
        review.status,
        state.STATUS_LABELS,
        horizontal=True,
        key=_status_key(session.id, item.id),
        on_change=_edit_item,
        args=(session.id, item.id, "status", _status_key(session.id, item.id), review.status),
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
            player.play_button(session, finding.start, key=f"play-{finding_key(finding)}")
            key = f"reject-{session.id}-{item.id}-{finding_key(finding)}"
            rejected = finding_key(finding) in review.rejected_findings
            st.checkbox(
                "klopt niet",
                value=rejected,
                key=key,
                on_change=_edit_item,
                args=(session.id, item.id, f"reject:{finding_key(finding)}", key, rejected),
                help="Deze vondst klopt niet: tel hem niet mee.",
            )
    for label, part, value in (
        ("Voorbeelden (eigen observaties van de coach)", "examples", review.examples),
        ("Notitie", "note", review.note),
    ):
        key = _key(session, item.id, part)
        st.text_area(
            label,
            value=value,
            key=key,
            on_change=_edit_item,
            args=(session.id, item.id, part, key, value),
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
    player.audio_player(session)  # first in the sidebar: it keeps its place and keeps playing
    _review_bar(session, session.analysis.form)
    st.caption(
        f"{md(session.meta.title)} · {md(session.meta.teacher or 'leerkracht onbekend')} · "
        f"{session.meta.kind_label}. Bevestig of wijs elke vondst af; alles wordt meteen bewaard."
    )
    if sample_talk(session.consent, session.transcript.source, SAMPLES):
        st.caption(SAMPLE_LINE)  # the report's words: training material, no consent needed
    if not any(s.role == "teacher" for s in session.analysis.transcript.speakers):
        st.warning(
            "Geen van de sprekers heeft de rol leerkracht, dus er kan niets gevonden worden. "
            "Stel de rollen in op de pagina **Transcriptie**."
        )
    _to_check(session, session.analysis.form)
    final = {item.id: item for item in session.final_form()}
    for phase in form.phases:
        st.markdown(f"### {phase}")
        for item in session.analysis.form:
            if item.phase == phase:
                _item(session, item, final[item.id])
    _feedback(session)
    target = st.session_state.pop(_scroll_key(session.id), None)
    if target:
        st.html(
            scroll_script(f"st-key-{_panel_key(session.id, target)}"),
            unsafe_allow_javascript=True,
        )


if __name__ == "__main__":
    page()
