"""Page "Transcriptie": the transcript with speakers and roles, and corrections to it.

Every correction can be undone (*Ongedaan maken*) and redone (*Opnieuw*): the history is kept
with the session (:mod:`analysis.edit_history`). A talk still being transcribed shows the
progress of the server's transcription job, also after a reload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from analysis import edit_history, editing
from analysis.errors import AnalysisError
from analysis.records import ROLES, Transcript
from analysis.store import QueueItem, Session
from analysis.upload_queue import live_text, requeue
from analysis.wording import count
from ui import queue_panel, state
from ui.safe_text import md

REFRESH_SECONDS = 2
ACTIVE = ("queued", "transcribing")
_ERROR = "transcript-error"
_DONE = "transcript-done"


def _editing_key(session: Session) -> str:
    return f"editing-turn-{session.id}"


def _apply(session: Session, label: str, edit: Callable[..., Any], *args: Any) -> None:
    try:
        edit_history.correct(state.store(), session.id, label, edit, *args, nlp=state.nlp())
    except AnalysisError as exc:
        st.session_state[_ERROR] = exc.message_nl
    else:
        st.session_state[_DONE] = label


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
    undo_clicked = undo_col.button(
        ":material/undo: Ongedaan maken",
        key=f"undo-{session.id}",
        disabled=history.undo_label is None,
        help=f"Maak ongedaan: {history.undo_label}" if history.undo_label else None,
    )
    redo_clicked = redo_col.button(
        ":material/redo: Opnieuw",
        key=f"redo-{session.id}",
        disabled=history.redo_label is None,
        help=f"Opnieuw: {history.redo_label}" if history.redo_label else None,
    )
    done = st.session_state.pop(_DONE, None)
    if done:
        info_col.caption(f"Gedaan: {md(done)}")
    elif history.undo_label:
        info_col.caption(f"Laatste correctie: {md(history.undo_label)}")
    if undo_clicked or redo_clicked:
        step = edit_history.undo if undo_clicked else edit_history.redo
        try:
            label = step(state.store(), session.id, state.nlp())
        except AnalysisError as exc:
            st.session_state[_ERROR] = exc.message_nl
        else:
            if label:
                what = "Ongedaan gemaakt" if undo_clicked else "Opnieuw gedaan"
                st.session_state[_DONE] = f"{what}: {label}"
        st.session_state.pop(_editing_key(session), None)
        st.rerun()


def _speakers(session: Session) -> None:
    transcript = session.transcript
    assert transcript is not None
    st.subheader("Sprekers")
    for speaker in transcript.speakers:
        name_col, role_col, info_col = st.columns([2, 2, 3])
        new_name = name_col.text_input(
            "Naam", value=speaker.name, key=f"name-{session.id}-{speaker.name}"
        )
        if new_name.strip() and new_name.strip() != speaker.name:
            label = f"'{speaker.name}' hernoemd tot '{new_name.strip()}'"
            _apply(session, label, editing.rename_speaker, speaker.name, new_name)
            st.rerun()
        role = role_col.selectbox(
            "Rol",
            ROLES,
            index=ROLES.index(speaker.role),
            format_func=state.ROLE_LABELS.__getitem__,
            key=f"role-{session.id}-{speaker.name}-{speaker.role}",
        )
        if role != speaker.role:
            label = f"rol van '{speaker.name}' is nu {state.ROLE_LABELS[role]}"
            _apply(session, label, editing.set_role, speaker.name, role)
            st.rerun()
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
            f"Alle {count(_turn_count(transcript, source), 'beurt')} van **{md(source)}** "
            f"({_role(transcript, source)}) gaan naar **{md(target)}** "
            f"({_role(transcript, target)}, {count(_turn_count(transcript, target), 'beurt')}). "
            f"{md(source)} verdwijnt als spreker. Samenvoegen?"
        )
        yes, no, _ = st.columns([2, 2, 5])
        if yes.button("Ja, voeg samen", type="primary", key=f"merge-confirm-{session.id}"):
            st.session_state.pop(pending_key, None)
            label = f"'{source}' samengevoegd met '{target}'"
            _apply(session, label, editing.merge_speakers, source, target)
            st.rerun()
        if no.button("Annuleren", key=f"merge-cancel-{session.id}"):
            st.session_state.pop(pending_key, None)
            st.rerun()


def _split_label(text: str, at: int) -> str:
    before = text[:at].split()[-4:]
    after = text[at:].split()[:2]
    return f"…{' '.join(before)} | {' '.join(after)}…"


def _turn_editor(session: Session, transcript: Transcript, index: int) -> None:
    """Correct one turn where it stands: its speaker and text, or split it in two."""
    turn = transcript.turns[index]
    names = [speaker.name for speaker in transcript.speakers]
    key = f"{session.id}-{index}"
    with st.container(border=True):
        left, right = st.columns([1, 3])
        speaker = left.selectbox(
            "Spreker", names, index=names.index(turn.speaker), key=f"turn-speaker-{key}"
        )
        new_name = left.text_input(
            "…of een nieuwe spreker", key=f"turn-new-speaker-{key}", placeholder="Naam"
        )
        text = right.text_area("Tekst", value=turn.text, key=f"turn-text-{key}")
        save, close, _ = st.columns([2, 2, 5])
        if save.button("Bewaar", type="primary", key=f"turn-save-{key}"):
            who = new_name.strip() or speaker
            _apply(
                session,
                f"beurt {index} gecorrigeerd",
                editing.correct_turn,
                index,
                who,
                text,
            )
            st.session_state.pop(_editing_key(session), None)
            st.rerun()
        if close.button("Sluiten", key=f"turn-close-{key}"):
            st.session_state.pop(_editing_key(session), None)
            st.rerun()
        points = editing.split_points(turn.text)
        if not points:
            return
        st.markdown("**Beurt splitsen**")
        at_col, who_col, go_col = st.columns([3, 2, 1])
        at = at_col.selectbox(
            "Splitsen tussen",
            points,
            format_func=lambda p: _split_label(turn.text, p),
            key=f"turn-split-at-{key}",
        )
        second = who_col.selectbox(
            "Tweede deel van",
            names,
            index=names.index(turn.speaker),
            key=f"turn-split-speaker-{key}",
        )
        if go_col.button("Splits", key=f"turn-split-{key}"):
            label = f"beurt {index} gesplitst"
            _apply(session, label, editing.split_turn, index, int(at), second)
            st.session_state.pop(_editing_key(session), None)
            st.rerun()


def _turns(session: Session) -> None:
    transcript = session.transcript
    assert transcript is not None
    st.subheader("Transcript")
    st.caption("Corrigeer een beurt met het potlood ernaast: spreker, tekst, of splitsen.")
    editing_index = st.session_state.get(_editing_key(session))
    for turn in transcript.turns:
        time_col, text_col, edit_col = st.columns([1, 8, 1])
        with time_col:
            state.play_button(session, turn.start, key=f"play-turn-{turn.index}")
            if turn.start is not None and session.audio_path is None:
                st.caption(state.clock(turn.start))
        role = state.ROLE_LABELS[turn.role]
        text_col.markdown(f"**{turn.index} · {md(turn.speaker)}** ({role}): {md(turn.text)}")
        if edit_col.button(
            ":material/edit:",
            key=f"edit-turn-{session.id}-{turn.index}",
            help="Corrigeer deze beurt",
        ):
            st.session_state[_editing_key(session)] = turn.index
            st.rerun()
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
