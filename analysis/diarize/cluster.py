"""Clustering speaker embeddings with an automatic speaker count (1–4)."""

from __future__ import annotations

import logging

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

logger = logging.getLogger(__name__)

MAX_SPEAKERS = 4
#: Silhouette (cosine) below which a split into speakers is not believed: one speaker.
MIN_SILHOUETTE = 0.3
#: Two clusters whose mean embeddings are at least this similar are one speaker.
SAME_SPEAKER_SIMILARITY = 0.86
#: A cluster with less than this share of the speech is folded into its nearest neighbour.
MIN_CLUSTER_SHARE = 0.03
#: A split with one more speaker is taken when its silhouette is at most this much lower ...
SILHOUETTE_TOLERANCE = 0.01
#: ... and all its clusters are at most this similar (and none is tiny).
DISTINCT_SIMILARITY = 0.8
#: ... or fewer windows than this (about 3 s of speech).
MIN_CLUSTER_WINDOWS = 3
#: Points used for the silhouette at most (a fixed, evenly spread subset beyond that).
_SILHOUETTE_POINTS = 1500


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def centroids(embeddings: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    """Normalised mean embedding of each cluster ``0..count-1`` (zeros for an empty one)."""
    out = np.zeros((count, embeddings.shape[1]), dtype=np.float64)
    for k in range(count):
        members = embeddings[labels == k]
        if len(members):
            out[k] = members.mean(axis=0)
    return _normalise(out)


def silhouette(embeddings: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette with cosine distance; 0 when there are fewer than two clusters."""
    if len(set(labels.tolist())) < 2:
        return 0.0
    if len(labels) > _SILHOUETTE_POINTS:
        pick = np.linspace(0, len(labels) - 1, _SILHOUETTE_POINTS).astype(int)
        embeddings, labels = embeddings[pick], labels[pick]
    unit = _normalise(embeddings.astype(np.float64))
    distance = np.clip(1.0 - unit @ unit.T, 0.0, 2.0)
    clusters = sorted(set(labels.tolist()))
    sizes = np.array([(labels == k).sum() for k in clusters], dtype=np.float64)
    sums = np.stack([distance[:, labels == k].sum(axis=1) for k in clusters], axis=1)
    own = np.array([clusters.index(k) for k in labels])
    own_size = sizes[own]
    a = sums[np.arange(len(labels)), own] / np.maximum(own_size - 1, 1)
    means = sums / sizes
    means[np.arange(len(labels)), own] = np.inf
    b = means.min(axis=1)
    s = np.where(own_size > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(s.mean())


def _distinct(embeddings: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> bool:
    """True when every cluster holds a fair share and no two clusters sound alike."""
    count = int(labels.max()) + 1
    shares = np.array([weights[labels == k].sum() for k in range(count)]) / weights.sum()
    if shares.min() < MIN_CLUSTER_SHARE or np.bincount(labels).min() < MIN_CLUSTER_WINDOWS:
        return False
    similarity = centroids(embeddings, labels, count)
    similarity = similarity @ similarity.T
    np.fill_diagonal(similarity, -1.0)
    return bool(similarity.max() < DISTINCT_SIMILARITY)


def _refine(embeddings: np.ndarray, labels: np.ndarray, count: int, rounds: int = 5) -> np.ndarray:
    """A few rounds of nearest-centroid reassignment (spherical k-means from ``labels``)."""
    for _ in range(rounds):
        centres = centroids(embeddings, labels, count)
        new = np.argmax(embeddings @ centres.T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    return labels


def _compact(labels: np.ndarray) -> np.ndarray:
    """Renumber labels 0..k-1 in order of first appearance."""
    mapping: dict[int, int] = {}
    for label in labels.tolist():
        mapping.setdefault(label, len(mapping))
    return np.array([mapping[label] for label in labels.tolist()], dtype=int)


def _merge_similar(
    embeddings: np.ndarray, labels: np.ndarray, weights: np.ndarray, keep: int | None
) -> np.ndarray:
    """Fold tiny clusters and clusters that sound the same into their nearest neighbour.

    With ``keep`` (a speaker count the user gave) clusters are only folded down to that count.
    """
    labels = _compact(labels)
    while True:
        count = int(labels.max()) + 1
        if count <= (keep or 1):
            return labels
        centres = centroids(embeddings, labels, count)
        similarity = centres @ centres.T
        np.fill_diagonal(similarity, -np.inf)
        shares = np.array([weights[labels == k].sum() for k in range(count)]) / weights.sum()
        sizes = np.bincount(labels, minlength=count)
        smallest = int(np.argmin(shares))
        if sizes.min() < MIN_CLUSTER_WINDOWS and keep is None:
            smallest = int(np.argmin(sizes))
        if keep is None and (
            shares[smallest] < MIN_CLUSTER_SHARE or sizes[smallest] < MIN_CLUSTER_WINDOWS
        ):
            source, target = smallest, int(np.argmax(similarity[smallest]))
        else:
            i, j = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
            if keep is None and similarity[i, j] < SAME_SPEAKER_SIMILARITY:
                return labels
            if keep is not None and count <= keep:
                return labels
            source, target = (i, j) if shares[i] < shares[j] else (j, i)
        labels = np.where(labels == source, target, labels)
        labels = _compact(_refine(embeddings, _compact(labels), int(labels.max()) + 1))


def cluster_embeddings(
    embeddings: np.ndarray,
    num_speakers: int | None = None,
    weights: np.ndarray | None = None,
    max_speakers: int = MAX_SPEAKERS,
) -> np.ndarray:
    """Speaker label (0, 1, …; in order of first appearance) of each embedding row.

    Agglomerative clustering (cosine distance, average linkage) refined by nearest-centroid
    reassignment. Without ``num_speakers`` the count 2..``max_speakers`` with the best silhouette
    is taken, then clusters that sound alike (centroid cosine ≥ 0.86) or hold under 3 % of the
    speech are merged, and a split with a silhouette under 0.3 is not believed (one speaker).
    ``weights`` (seconds of speech per row) weigh the shares.
    """
    embeddings = _normalise(np.asarray(embeddings, dtype=np.float64))
    n = len(embeddings)
    if n == 0:
        return np.zeros(0, dtype=int)
    weights = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if num_speakers is not None:
        num_speakers = max(1, min(int(num_speakers), max_speakers))
    if n == 1 or num_speakers == 1:
        return np.zeros(n, dtype=int)
    tree = linkage(embeddings, method="average", metric="cosine")

    def split(count: int) -> np.ndarray:
        labels = fcluster(tree, count, criterion="maxclust") - 1
        return _compact(_refine(embeddings, _compact(labels), int(labels.max()) + 1))

    if num_speakers is not None:
        count = min(num_speakers, n)
        return _merge_similar(embeddings, split(count), weights, keep=count)

    best_labels, best_score = np.zeros(n, dtype=int), -1.0
    for count in range(2, min(max_speakers, n - 1) + 1):
        labels = split(count)
        score = silhouette(embeddings, labels)
        logger.debug("%d clusters: silhouette %.3f", count, score)
        if score > best_score + 0.002:  # on a tie, fewer speakers
            best_labels, best_score = labels, score
        elif (
            count == int(best_labels.max()) + 2
            and score >= best_score - SILHOUETTE_TOLERANCE
            and _distinct(embeddings, labels, weights)
        ):
            # Nearly as good a split with one more, clearly different voice: a speaker who
            # says little (silhouette under-rates small clusters).
            best_labels, best_score = labels, max(score, best_score)
    if best_score < 0:  # too few points to split
        return np.zeros(n, dtype=int)
    labels = _merge_similar(embeddings, best_labels, weights, keep=None)
    final = silhouette(embeddings, labels)
    logger.debug("%d speakers, silhouette %.3f", int(labels.max()) + 1, final)
    if int(labels.max()) + 1 >= 2 and final < MIN_SILHOUETTE:
        return np.zeros(n, dtype=int)
    return labels
