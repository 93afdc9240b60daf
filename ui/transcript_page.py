"""Page "Transcriptie": the transcript with speakers and roles, and corrections to it.

Every correction can be undone (*Ongedaan maken*) and redone (*Opnieuw*): the history is kept
with the session (:mod:`analysis.edit_history`). A talk still being transcribed shows the
progress of the server's transcription job, also after a reload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from analysis import edit_history, editing, workflow
from analysis.errors import AnalysisError
from analysis.records import ROLES, Transcript
from analysis.store import QueueItem, Session
from analysis.upload_queue import live_text, requeue
from analysis.wording import count
from ui import queue_panel, state
from ui.choices import labelled_choice
from ui.safe_text import md

REFRESH_SECONDS = 2
#: Turns shown at a time: every element on the page is sent and drawn again on each click, so
#: a 77-turn talk on one page made a correction wait for some 350 elements (a two-hour talk
#: for thousands).
TURNS_PER_PAGE = 25
ACTIVE = ("queued", "transcribing")
_ERROR = "transcript-error"
_DONE = "transcript-done"


def _editing_key(session_id: str) -> str:
    return f"editing-turn-{session_id}"


# The corrections run as widget callbacks: before the page is drawn, so it is drawn once,
# with the corrected transcript (no second run of the page after each click).


def _correct(session_id: str, label: str, edit: Callable[..., Any], *args: Any) -> None:
    try:
        edit_history.correct(state.store(), session_id, label, edit, *args, nlp=state.nlp())
    except AnalysisError as exc:
        st.session_state[_ERROR] = exc.message_nl
    else:
        st.session_state[_DONE] = f"Gedaan: {label}"


def _step(session_id: str, backwards: bool) -> None:
    step = edit_history.undo if backwards else edit_history.redo
    try:
        label = step(state.store(), session_id, state.nlp())
    except AnalysisError as exc:
        st.session_state[_ERROR] = exc.message_nl
    else:
        if label:
            what = "Ongedaan gemaakt" if backwards else "Opnieuw gedaan"
            st.session_state[_DONE] = f"{what}: {label}"
    st.session_state.pop(_editing_key(session_id), None)


def _rename(session_id: str, old: str, key: str) -> None:
    new = str(st.session_state.get(key, "")).strip()
    if new and new != old:
        _correct(session_id, f"'{old}' hernoemd tot '{new}'", editing.rename_speaker, old, new)


def _set_role(session_id: str, name: str, key: str) -> None:
    role = st.session_state[key]
    label = f"rol van '{name}' is nu {state.ROLE_LABELS[role]}"
    _correct(session_id, label, editing.set_role, name, role)


def _merge_now(session_id: str, source: str, target: str) -> None:
    st.session_state.pop(f"merge-pending-{session_id}", None)
    label = f"'{source}' samengevoegd met '{target}'"
    _correct(session_id, label, editing.merge_speakers, source, target)


def _save_turn(session_id: str, index: int, key: str) -> None:
    st.session_state.pop(_editing_key(session_id), None)
    speaker = str(st.session_state.get(f"turn-new-speaker-{key}", "")).strip()
    speaker = speaker or st.session_state[f"turn-speaker-{key}"]
    text = st.session_state[f"turn-text-{key}"]
    _correct(session_id, f"beurt {index} gecorrigeerd", editing.correct_turn, index, speaker, text)


def _split_turn(session_id: str, index: int, key: str) -> None:
    st.session_state.pop(_editing_key(session_id), None)
    at = int(st.session_state[f"turn-split-at-{key}"])
    second = st.session_state[f"turn-split-speaker-{key}"]
    _correct(session_id, f"beurt {index} gesplitst", editing.split_turn, index, at, second)


def _role(transcript: Transcript, name: str) -> str:
    speaker = transcript.speaker(name)
    return state.ROLE_LABELS[speaker.role if speaker else "unknown"]


def _turn_count(transcript: Transcript, name: str) -> int:
    return sum(1 for turn in transcript.turns if turn.speaker == name)


def _turns_of(transcript: Transcript, name: str) -> str:
    return count(_turn_count(transcript, name), "beurt")


def _history(session: Session) -> None:
    """*Ongedaan maken* and *Opnieuw* for the corrections of this talk."""
    history = edit_history.load_history(state.store(), session.id)
    undo_col, redo_col, info_col = st.columns([2, 2, 5])
    steps = (
        (undo_col, "undo", "Ongedaan maken", "Maak ongedaan", history.undo_label, True),
        (redo_col, "redo", "Opnieuw", "Opnieuw", history.redo_label, False),
    )
    for column, name, text, verb, step_label, undo in steps:
        column.button(
            f":material/{name}: {text}",
            key=f"{name}-{session.id}",
            disabled=step_label is None,
            help=f"{verb}: {step_label}" if step_label else None,
            on_click=_step,
            args=(session.id, undo),
        )
    done = st.session_state.pop(_DONE, None)
    if done:
        info_col.caption(md(done))
    elif history.undo_label:
        info_col.caption(f"Laatste correctie: {md(history.undo_label)}")


def _speakers(session: Session) -> None:
    transcript = session.transcript
    assert transcript is not None
    st.subheader("Sprekers")
    for speaker in transcript.speakers:
        name_col, role_col, info_col = st.columns([2, 2, 3])
        name_key = f"name-{session.id}-{speaker.name}"
        name_col.text_input(
            "Naam",
            value=speaker.name,
            key=name_key,
            on_change=_rename,
            args=(session.id, speaker.name, name_key),
        )
        role_key = f"role-{session.id}-{speaker.name}-{speaker.role}"
        labelled_choice(
            role_col.selectbox,
            "Rol",
            ROLES,
            speaker.role,
            state.ROLE_LABELS,
            key=role_key,
            on_change=_set_role,
            args=(session.id, speaker.name, role_key),
        )
        guessed = "geraden" if speaker.guessed else "ingesteld"
        info_col.caption(
            f"{_turns_of(transcript, speaker.name)} · rol {guessed}. {md(speaker.reason)}"
        )
    _merge(session, transcript)


def _merge(session: Session, transcript: Transcript) -> None:
    """Merge two speakers, after a confirmation that names both and their roles."""
    names = [speaker.name for speaker in transcript.speakers]
    pair = editing.default_merge_pair(transcript)
    if pair is None:
        return
    pending_key = f"merge-pending-{session.id}"
    pending = st.session_state.get(pending_key)
    with st.expander("Twee sprekers samenvoegen", expanded=pending is not None):
        st.caption(
            "Voor één persoon die als twee sprekers is herkend. Alle beurten van de eerste "
            "spreker gaan naar de tweede; dit kunt u daarna ongedaan maken."
        )
        left, right, button = st.columns([2, 2, 1])
        source = left.selectbox(
            "Spreker",
            names,
            index=names.index(pair[0]),
            format_func=lambda n: f"{n} ({_role(transcript, n)})",
            key=f"merge-src-{session.id}",
        )
        targets = [n for n in names if n != source]
        target = right.selectbox(
            "wordt samengevoegd met",
            targets,
            index=targets.index(pair[1]) if pair[1] in targets else 0,
            format_func=lambda n: f"{n} ({_role(transcript, n)})",
            key=f"merge-dst-{session.id}-{source}",
        )
        if button.button("Voeg samen…", key=f"merge-{session.id}") and target:
            st.session_state[pending_key] = (source, target)
            st.rerun()
        if pending is None:
            return
        source, target = pending
        if source not in names or target not in names:
            st.session_state.pop(pending_key, None)
            return
        st.warning(
            f"Alle {_turns_of(transcript, source)} van **{md(source)}** "
            f"({_role(transcript, source)}) gaan naar **{md(target)}** "
            f"({_role(transcript, target)}, {_turns_of(transcript, target)}). "
            f"{md(source)} verdwijnt als spreker. Samenvoegen?"
        )
        no = _action_row(
            "Ja, voeg samen",
            f"merge-confirm-{session.id}",
            _merge_now,
            (session.id, source, target),
        )
        if no.button("Annuleren", key=f"merge-cancel-{session.id}"):
            st.session_state.pop(pending_key, None)
            st.rerun()


def _action_row(label: str, key: str, on_click: Callable[..., None], args: tuple[Any, ...]) -> Any:
    """A row with the primary button ``label`` (calls ``on_click(*args)``); returns the column
    beside it, for the button that leaves without acting."""
    primary, other, _ = st.columns([2, 2, 5])
    primary.button(label, type="primary", key=key, on_click=on_click, args=args)
    return other


def _split_label(text: str, at: int) -> str:
    before = text[:at].split()[-4:]
    after = text[at:].split()[:2]
    return f"…{' '.join(before)} | {' '.join(after)}…"


def _close_editor(session_id: str) -> None:
    st.session_state.pop(_editing_key(session_id), None)


def _open_editor(session_id: str, index: int) -> None:
    st.session_state[_editing_key(session_id)] = index


def _turn_editor(session: Session, transcript: Transcript, index: int) -> None:
    """Correct one turn where it stands: its speaker and text, or split it in two."""
    turn = transcript.turns[index]
    names = [speaker.name for speaker in transcript.speakers]
    key = f"{session.id}-{index}"
    with st.container(border=True):
        left, right = st.columns([1, 3])
        left.selectbox("Spreker", names, index=names.index(turn.speaker), key=f"turn-speaker-{key}")
        left.text_input("…of een nieuwe spreker", key=f"turn-new-speaker-{key}", placeholder="Naam")
        right.text_area("Tekst", value=turn.text, key=f"turn-text-{key}")
        close = _action_row("Bewaar", f"turn-save-{key}", _save_turn, (session.id, index, key))
        close.button("Sluiten", key=f"turn-close-{key}", on_click=_close_editor, args=(session.id,))
        points = editing.split_points(turn.text)
        if not points:
            return
        st.markdown("**Beurt splitsen**")
        at_col, who_col, go_col = st.columns([3, 2, 1])
        at_col.selectbox(
            "Splitsen tussen",
            points,
            format_func=lambda p: _split_label(turn.text, p),
            key=f"turn-split-at-{key}",
        )
        who_col.selectbox(
            "Tweede deel van",
            names,
            index=names.index(turn.speaker),
            key=f"turn-split-speaker-{key}",
        )
        go_col.button(
            "Splits", key=f"turn-split-{key}", on_click=_split_turn, args=(session.id, index, key)
        )


def turn_pages(count: int, size: int = TURNS_PER_PAGE) -> list[range]:
    """The turn numbers of each page of the transcript (``size`` turns a page)."""
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def _turns(session: Session) -> None:
    transcript = session.transcript
    assert transcript is not None
    st.subheader("Transcript")
    st.caption("Corrigeer een beurt met het potlood ernaast: spreker, tekst, of splitsen.")
    editing_index = st.session_state.get(_editing_key(session.id))
    pages = turn_pages(len(transcript.turns))
    shown = pages[0] if pages else range(0)
    if len(pages) > 1:
        chosen = st.radio(
            "Beurten",
            range(len(pages)),
            format_func=lambda number: f"{pages[number].start}–{pages[number].stop - 1}",
            horizontal=True,
            key=f"turn-page-{session.id}",
        )
        shown = pages[chosen if chosen is not None and chosen < len(pages) else 0]
    for turn in transcript.turns[shown.start : shown.stop]:
        # One row of a few elements (a flex row, not three columns): a talk has hundreds of
        # turns and every element is sent and drawn again on each correction.
        row = st.container(horizontal=True, vertical_alignment="center", wrap=False)
        with row:
            state.play_button(session, turn.start, key=f"play-turn-{turn.index}")
            if turn.start is not None and session.audio_path is None:
                st.caption(state.clock(turn.start), width="content")
        role = state.ROLE_LABELS[turn.role]
        row.markdown(
            f"**{turn.index} · {md(turn.speaker)}** ({role}): {md(turn.text)}", width="stretch"
        )
        row.button(
            ":material/edit:",
            key=f"edit-turn-{session.id}-{turn.index}",
            help="Corrigeer deze beurt",
            on_click=_open_editor,
            args=(session.id, turn.index),
        )
        if editing_index == turn.index:
            _turn_editor(session, transcript, turn.index)


def _queue_item(session: Session) -> QueueItem | None:
    for item in state.store().queue_items():
        if item.session_id == session.id:
            return item
    return None


def _progress(session_id: str) -> None:
    """Where the transcription job stands (refreshed every few seconds); the whole page
    reloads when it has finished."""
    session = state.store().get(session_id)
    if session.status not in ACTIVE or session.transcript is not None:
        st.rerun()
    item = _queue_item(session)
    if session.status == "queued":
        ahead = item.position if item is not None and item.position else 0
        waiting = (
            f" ({ahead} {'opname gaat' if ahead == 1 else 'opnames gaan'} voor)" if ahead else ""
        )
        st.info(f"Deze opname staat in de wachtrij om getranscribeerd te worden{waiting}.")
        return
    fraction = min(max(item.progress if item is not None else 0.0, 0.0), 1.0)
    st.progress(fraction, text=f"Transcriberen… {fraction:.0%}")
    lines = live_text(session_id)
    if lines:
        st.markdown("\n\n".join(f"> {md(line)}" for line in lines))
    st.caption(
        "De opname wordt op deze computer getranscribeerd. U kunt deze pagina verlaten of "
        "herladen: het transcriberen gaat door, en het gesprek staat daarna in Mijn gesprekken."
    )


def _job(session: Session) -> None:
    """A talk without transcript: the transcription job's progress, or why it stopped and a
    button to transcribe it again."""
    if session.status in ACTIVE:
        queue_panel.worker()  # after a restart of the server: the job goes on
        st.fragment(run_every=REFRESH_SECONDS)(_progress)(session.id)
        return
    status = state.SESSION_STATUS_LABELS[session.status]
    st.warning(f"Dit gesprek heeft nog geen transcript (status: {status}).")
    item = _queue_item(session)
    if item is not None and item.error:
        st.error(md(item.error))
    if session.audio_path is None:
        st.caption("Er is geen opname (meer) bij dit gesprek.")
        return
    point = workflow.resume_point(state.store(), session.id)
    if point is not None:
        st.caption(
            f"De eerste {state.clock(point.seconds)} van de opname is al getranscribeerd en "
            "bewaard; opnieuw transcriberen gaat daarna verder."
        )
    if st.button("Transcribeer de opname opnieuw", type="primary", key=f"retry-{session.id}"):
        try:
            requeue(state.store(), session.id)
        except AnalysisError as exc:
            state.show_error(exc)
            return
        queue_panel.worker().wake()
        st.rerun()


def page() -> None:
    """Render the page."""
    st.title("Transcriptie")
    session = state.current_session()
    if session is None:
        return
    if session.transcript is None:
        _job(session)
        return
    if session.transcript.other_language:
        st.warning(
            f"De opname klinkt als een andere taal ('{md(session.transcript.detected_language)}') "
            "dan Nederlands. Controleer het transcript: de analyse is dan onbetrouwbaar."
        )
    error = st.session_state.pop(_ERROR, None)
    if error:
        st.error(md(error))
    state.audio_player(session)
    _history(session)
    _speakers(session)
    _turns(session)


if __name__ == "__main__":
    page()
