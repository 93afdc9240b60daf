"""Speaker separation: the pure parts (clustering, word assignment, stereo, roles)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.diarize import (
    Region,
    Window,
    assign_words,
    channel_track,
    cluster_embeddings,
    count_questions,
    label_span,
    label_track,
    make_windows,
    propose_roles,
    relabel,
    silhouette,
)
from analysis.diarize.pipeline import cluster_windows
from analysis.records import Speaker, Transcript, Turn, Word


def voices(counts: list[int], spread: float = 0.25, seed: int = 0) -> tuple[np.ndarray, list]:
    """Synthetic embeddings: ``counts[k]`` noisy copies around speaker k's random centre."""
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for speaker, count in enumerate(counts):
        centre = np.abs(rng.standard_normal(256))
        centre /= np.linalg.norm(centre)
        for _ in range(count):
            row = centre + spread * np.abs(rng.standard_normal(256)) / 16
            rows.append(row / np.linalg.norm(row))
            truth.append(speaker)
    order = rng.permutation(len(rows))
    return np.array(rows)[order], [truth[i] for i in order]


def same_partition(labels: np.ndarray, truth: list[int]) -> bool:
    pairs = set(zip(labels.tolist(), truth, strict=True))
    return len(pairs) == len(set(truth)) == len(set(labels.tolist()))


# --- clustering -------------------------------------------------------------------------------


@pytest.mark.parametrize("counts", [[30, 20], [25, 15, 10], [20, 20, 12, 8]])
def test_cluster_finds_the_speaker_count(counts):
    embeddings, truth = voices(counts, seed=len(counts))
    labels = cluster_embeddings(embeddings)
    assert same_partition(labels, truth)


def test_one_voice_is_one_speaker():
    embeddings, _ = voices([40], spread=0.6)
    assert set(cluster_embeddings(embeddings).tolist()) == {0}


def test_a_lone_outlier_does_not_make_a_speaker():
    embeddings, _ = voices([60], spread=0.4, seed=3)
    odd, _ = voices([1], seed=99)
    labels = cluster_embeddings(np.vstack([embeddings, odd]))
    assert set(labels.tolist()) == {0}


def test_given_speaker_count_is_used():
    embeddings, truth = voices([20, 20, 20], seed=5)
    assert len(set(cluster_embeddings(embeddings, num_speakers=2).tolist())) == 2
    assert same_partition(cluster_embeddings(embeddings, num_speakers=3), truth)
    assert set(cluster_embeddings(embeddings, num_speakers=1).tolist()) == {0}


def test_labels_are_numbered_in_order_of_appearance():
    embeddings, _ = voices([10, 10], seed=7)
    labels = cluster_embeddings(embeddings)
    assert labels[0] == 0
    assert cluster_embeddings(np.zeros((0, 256))).size == 0
    assert cluster_embeddings(embeddings[:1]).tolist() == [0]


def test_silhouette_is_high_for_separate_voices_and_zero_for_one_cluster():
    embeddings, truth = voices([20, 20], seed=8)
    assert silhouette(embeddings, np.array(truth)) > 0.5
    assert silhouette(embeddings, np.zeros(len(truth), dtype=int)) == 0.0


def test_short_stretches_follow_the_nearest_speaker():
    embeddings, truth = voices([12, 12], seed=9)
    regions = [Region(2.0 * i, 2.0 * i + (1.5 if i % 3 else 0.4)) for i in range(24)]
    windows = [Window(r.start, r.end, i) for i, r in enumerate(regions)]
    labels = cluster_windows(regions, windows, embeddings)
    assert same_partition(labels, truth)


# --- windows and word assignment --------------------------------------------------------------


def test_windows_stay_inside_their_region():
    regions = [Region(0.0, 1.0), Region(2.0, 7.0)]
    windows = make_windows(regions)
    assert windows[0] == Window(0.0, 1.0, 0)
    long = [w for w in windows if w.region == 1]
    assert len(long) >= 5
    assert long[0].start == 2.0
    assert long[-1].end == pytest.approx(7.0)
    assert all(w.start >= 2.0 and w.end <= 7.0 + 1e-9 for w in long)


def test_words_take_the_speaker_heard_during_them():
    regions = [Region(0.0, 2.0), Region(2.5, 4.0)]
    windows = [Window(0.0, 2.0, 0), Window(2.5, 4.0, 1)]
    track = label_track(regions, windows, [0, 1], duration=5.0)
    words = [
        Word(0.1, 0.5, "hallo"),
        Word(1.8, 2.6, "over"),  # mostly in region 0
        Word(3.0, 3.5, "ja"),
        Word(4.5, 4.8, "stil"),  # after all speech: the nearest speaker
    ]
    assert assign_words(words, track) == [0, 0, 1, 1]
    assert label_span(np.full(10, -1, dtype=np.int16), 0.0, 0.05) == -1


def test_relabel_splits_segments_at_speaker_changes():
    words = [Word(0.1 * i, 0.1 * i + 0.08, f" w{i}") for i in range(20)]
    transcript = Transcript(
        turns=[
            Turn(0, "Spreker 1", "x", start=0.0, end=0.98, words=words[:10]),
            Turn(1, "Spreker 1", "y", start=1.0, end=1.98, words=words[10:]),
        ],
        speakers=[Speaker("Spreker 1")],
    )
    track = np.full(300, -1, dtype=np.int16)
    track[0:50] = 3  # the label number does not matter: names follow first speech
    track[50:150] = 1
    track[150:200] = 3
    result = relabel(transcript, track)
    assert [t.speaker for t in result.turns] == ["Spreker 1", "Spreker 2", "Spreker 1"]
    assert [len(t.words) for t in result.turns] == [5, 10, 5]
    assert result.turns[1].text == "w5 w6 w7 w8 w9 w10 w11 w12 w13 w14"
    assert result.turns[1].start == pytest.approx(0.5)
    assert [t.index for t in result.turns] == [0, 1, 2]
    assert [s.name for s in result.speakers] == ["Spreker 1", "Spreker 2"]
    assert transcript.turns[0].words == words[:10]  # the input is left alone


def test_relabel_turns_without_words_use_their_time_span():
    transcript = Transcript(
        turns=[
            Turn(0, "Spreker 1", "Hallo.", start=0.0, end=1.0),
            Turn(1, "Spreker 1", "Dag.", start=1.2, end=2.0),
        ]
    )
    track = np.full(250, -1, dtype=np.int16)
    track[0:100] = 0
    track[120:200] = 1
    result = relabel(transcript, track)
    assert [(t.speaker, t.text) for t in result.turns] == [
        ("Spreker 1", "Hallo."),
        ("Spreker 2", "Dag."),
    ]


# --- stereo shortcut --------------------------------------------------------------------------


def test_stereo_channels_with_one_speaker_each_are_used():
    energies = np.full((1000, 2), 1e-8)
    energies[100:400, 0] = 1e-2  # left speaks, right hears it faintly
    energies[100:400, 1] = 1e-4
    energies[500:900, 1] = 1e-2
    energies[500:900, 0] = 2e-4
    track = channel_track(energies)
    assert track is not None
    assert set(track[100:400].tolist()) == {0}
    assert set(track[500:900].tolist()) == {1}
    assert set(track[:100].tolist()) == {-1}


def test_stereo_with_the_same_signal_twice_is_not_used():
    rng = np.random.default_rng(1)
    mono = np.full(1000, 1e-8)
    mono[100:900] = rng.uniform(1e-3, 1e-2, 800)
    assert channel_track(np.stack([mono, mono * 1.2], axis=1)) is None
    assert channel_track(mono[:, None]) is None
    left_only = np.stack([mono, mono * 0.01], axis=1)  # one speaker, one channel: no shortcut
    assert channel_track(left_only) is None


# --- roles ------------------------------------------------------------------------------------


def talk(lines: list[tuple[str, str]], speakers: list[Speaker] | None = None) -> Transcript:
    turns = [Turn(i, name, text) for i, (name, text) in enumerate(lines)]
    return Transcript(turns=turns, speakers=speakers or [])


TWO = [
    ("Spreker 1", "Goedemiddag, kom binnen. Fijn dat u er bent, gaat u zitten."),
    ("Spreker 2", "Dank u."),
    ("Spreker 1", "Hoe gaat het thuis met Sanne? Wat merkt u van het lezen?"),
    ("Spreker 2", "Ze leest thuis elke avond, maar mijn dochter vindt het lastig, juf."),
    ("Spreker 1", "Dat zie ik in de klas ook. Wat helpt haar, denkt u?"),
    ("Spreker 2", "Samen lezen helpt wel."),
]


def test_count_questions():
    assert count_questions("Hoe gaat het? En thuis?") == 2
    assert count_questions("hoe gaat het thuis. goed") == 1
    assert count_questions("Heeft u dat ook gemerkt") == 1
    assert count_questions("Dat is goed.") == 0


def test_teacher_and_parent_are_proposed_with_reasons():
    result = propose_roles(talk(TWO))
    teacher, parent = result.speakers
    assert (teacher.name, teacher.role, teacher.guessed) == ("Spreker 1", "teacher", True)
    assert teacher.reason.startswith("Vermoedelijk de leerkracht: heet welkom")
    assert (parent.role, parent.guessed) == ("parent", True)
    assert parent.reason.startswith("Vermoedelijk een ouder")
    assert [t.role for t in result.turns] == ["teacher", "parent"] * 3


def test_the_teacher_need_not_speak_first():
    lines = [("Spreker 1", "Hallo.")] + [
        (("Spreker 2" if n == "Spreker 1" else "Spreker 1"), t) for n, t in TWO[:1]
    ]
    lines += [("Spreker 2" if n == "Spreker 1" else "Spreker 1", t) for n, t in TWO[1:]]
    result = propose_roles(talk(lines))
    assert result.speaker("Spreker 2").role == "teacher"
    assert result.speaker("Spreker 1").role == "parent"


def test_child_is_found_by_short_turns_and_addressing():
    lines = [
        *TWO[:2],
        ("Spreker 3", "Hoi juf."),
        *TWO[2:],
        ("Spreker 3", "Ja."),
        ("Spreker 2", "Ze leest ook veel strips, en daar vindt ze het verhaal altijd leuk van."),
        ("Spreker 3", "Mama, mag ik tekenen?"),
    ]
    result = propose_roles(
        talk(lines), pitch={"Spreker 1": 120, "Spreker 2": 210, "Spreker 3": 290}
    )
    roles = {s.name: s.role for s in result.speakers}
    assert roles == {"Spreker 1": "teacher", "Spreker 2": "parent", "Spreker 3": "child"}
    assert "hoogste stem" in result.speaker("Spreker 3").reason


def test_a_teacher_known_by_name_is_kept():
    lines = [
        ("Moeder", "Goedemiddag! Fijn dat we er zijn. Hoe gaat het met hem? En met lezen?"),
        ("Juf Mirjam", "Goed hoor."),
        ("Moeder", "Wat doet hij in de klas? Zit hij goed?"),
    ]
    result = propose_roles(talk(lines))
    assert result.speaker("Juf Mirjam").role == "teacher"
    assert result.speaker("Moeder").role == "parent"
    assert "naam" in result.speaker("Moeder").reason


def test_a_role_the_user_set_never_changes():
    speakers = [
        Speaker("Spreker 1", role="parent", guessed=False, reason="Door de gebruiker ingesteld."),
        Speaker("Spreker 2"),
    ]
    result = propose_roles(talk(TWO, speakers))
    first = result.speaker("Spreker 1")
    assert (first.role, first.guessed, first.reason) == (
        "parent",
        False,
        "Door de gebruiker ingesteld.",
    )
    assert result.speaker("Spreker 2").role == "teacher"  # the only one left for teacher
    assert result.turns[0].role == "parent"


def test_one_speaker_gets_no_guess():
    result = propose_roles(talk([("Spreker 1", "Goedemiddag, welkom. Hoe gaat het?")]))
    assert result.speaker("Spreker 1").role == "unknown"


def test_refresh_proposes_again_around_a_role_the_user_set():
    proposed = propose_roles(talk(TWO))
    assert proposed.speaker("Spreker 1").role == "teacher"
    # The user says Spreker 1 is the parent: the old guess for Spreker 2 is redone.
    proposed.speaker("Spreker 1").role = "parent"
    proposed.speaker("Spreker 1").guessed = False
    again = propose_roles(proposed, refresh=True)
    assert again.speaker("Spreker 1").role == "parent"
    assert again.speaker("Spreker 2").role == "teacher"
    assert again.speaker("Spreker 2").guessed
