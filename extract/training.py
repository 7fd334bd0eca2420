"""Training the learned reading (extract/learned.py): TF-IDF features and one L2-penalised
logistic regression per (attribute, value), minimised by L-BFGS, with numpy (needed to train a
model, never to read one)."""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from extract.learned import (
    FORMAT,
    NOT_LEARNED,
    Example,
    LearnError,
    Model,
    TrainingSettings,
    digest,
    features,
)


def train(
    examples: Sequence[Example],
    settings: TrainingSettings | None = None,
    only: Iterable[tuple[str, str]] | None = None,
    meta: dict[str, Any] | None = None,
) -> Model:
    """One classifier per (attribute, value) that at least `min_count` examples state (and
    that `only` names, when given); `meta` is kept in the model besides its own."""
    settings = settings or TrainingSettings()
    if not examples:
        raise LearnError("nothing to train on: no examples")
    counts = Counter(label for e in examples for label in e.labels if label[0] not in NOT_LEARNED)
    wanted = None if only is None else set(only)
    labels = tuple(
        sorted(
            label
            for label, n in counts.items()
            if n >= settings.min_count and (wanted is None or label in wanted)
        )
    )
    if not labels:
        raise LearnError(f"no (attribute, value) is stated by {settings.min_count} examples")
    rows = [Counter(features(e.text)) for e in examples]
    df = Counter(f for row in rows for f in row)
    words = sorted(f for f, n in df.items() if n >= settings.min_df)
    vocabulary = {w: i for i, w in enumerate(words)}
    n = len(examples)
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1.0 for w in words])
    matrix = Sparse.of(rows, vocabulary, idf)
    weights = np.zeros((len(words), len(labels)))
    intercepts = np.zeros(len(labels))
    for j, label in enumerate(labels):
        y = np.array([label in e.labels for e in examples], dtype=np.float64)
        w, b = fit_logistic(matrix, y, settings)
        weights[:, j], intercepts[j] = w, b
    meta = {
        **(meta or {}),
        "format": FORMAT,
        "examples": n,
        "digest": (meta or {}).get("digest") or digest(examples),
        "settings": {
            "min_count": settings.min_count,
            "min_df": settings.min_df,
            "c": settings.c,
            "iterations": settings.iterations,
        },
    }
    return quantised(vocabulary, idf, weights, intercepts, labels, meta)


def quantised(
    vocabulary: dict[str, int],
    idf: np.ndarray,
    weights: np.ndarray,
    intercepts: np.ndarray,
    labels: tuple[tuple[str, str], ...],
    meta: dict[str, Any],
) -> Model:
    """Weights as int8 with a scale per label (its largest weight over 127): rounding moves a
    logit by a few hundredths on most texts, up to about 0.25 on long ones."""
    scales = np.maximum(np.abs(weights).max(axis=0), 1e-12) / 127.0
    small = np.round(weights / scales).astype(np.int8)
    return Model(
        vocabulary,
        array("f", np.asarray(idf, dtype=np.float32).tobytes()),
        small.tobytes(),  # row-major: features x labels
        tuple(float(x) for x in scales),
        tuple(float(x) for x in intercepts),
        labels,
        meta,
    )


@dataclass(frozen=True, slots=True)
class Sparse:
    """A CSR-like matrix of L2-normalised TF-IDF rows: row of each entry, column, value."""

    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def of(
        cls, rows: Iterable[Counter[str]], vocabulary: dict[str, int], idf: np.ndarray
    ) -> Sparse:
        r: list[int] = []
        c: list[int] = []
        v: list[float] = []
        count = 0
        for i, row in enumerate(rows):
            count = i + 1
            kept = [(vocabulary[f], n) for f, n in row.items() if f in vocabulary]
            if not kept:
                continue
            cols = np.array([k for k, _ in kept])
            vals = (1.0 + np.log(np.array([n for _, n in kept], dtype=np.float64))) * idf[cols]
            vals /= np.linalg.norm(vals)
            r += [i] * len(kept)
            c += cols.tolist()
            v += vals.tolist()
        return cls(
            np.array(r, dtype=np.int64),
            np.array(c, dtype=np.int64),
            np.array(v),
            (count, len(vocabulary)),
        )

    def dot(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.rows, self.values * w[self.columns], minlength=self.shape[0])

    def tdot(self, r: np.ndarray) -> np.ndarray:
        return np.bincount(self.columns, self.values * r[self.rows], minlength=self.shape[1])


def fit_logistic(x: Sparse, y: np.ndarray, settings: TrainingSettings) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression with balanced class weights (each class weighs as
    much as the other), minimised by L-BFGS; the intercept is not penalised."""
    n = len(y)
    positives = float(y.sum())
    if positives in (0.0, float(n)):
        raise LearnError("a label needs examples on both sides")
    sample = np.where(y > 0, n / (2 * positives), n / (2 * (n - positives)))
    c = settings.c

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        z = x.dot(w) + b
        # log(1 + e^-z) for y=1, log(1 + e^z) for y=0, computed stably
        signed = np.where(y > 0, -z, z)
        value = 0.5 * float(w @ w) + c * float(sample @ np.logaddexp(0.0, signed))
        p = 1.0 / (1.0 + np.exp(-z))
        r = c * sample * (p - y)
        grad = np.concatenate([w + x.tdot(r), [r.sum()]])
        return value, grad

    theta = lbfgs(loss, np.zeros(x.shape[1] + 1), settings.iterations)
    return theta[:-1], float(theta[-1])


def lbfgs(
    f: Any, x0: np.ndarray, iterations: int, memory: int = 10, tolerance: float = 1e-4
) -> np.ndarray:
    """Limited-memory BFGS with a backtracking (Armijo) line search, until no component of
    the gradient exceeds `tolerance` or the loss stops moving (or after `iterations`)."""
    x = x0
    value, grad = f(x)
    s_list: list[np.ndarray] = []
    y_list: list[np.ndarray] = []
    for _ in range(iterations):
        if float(np.abs(grad).max()) <= tolerance:
            break
        q = grad.copy()
        alphas = []
        for s, yv in zip(reversed(s_list), reversed(y_list), strict=True):
            rho = 1.0 / float(yv @ s)
            a = rho * float(s @ q)
            alphas.append((rho, a))
            q -= a * yv
        if s_list:
            q *= float(s_list[-1] @ y_list[-1]) / float(y_list[-1] @ y_list[-1])
        for (s, yv), (rho, a) in zip(
            zip(s_list, y_list, strict=True), reversed(alphas), strict=True
        ):
            q += s * (a - rho * float(yv @ q))
        direction = -q
        slope = float(grad @ direction)
        if slope >= 0:  # not a descent direction: start the memory afresh
            s_list.clear()
            y_list.clear()
            direction, slope = -grad, -float(grad @ grad)
        step = 1.0 if s_list else 1.0 / max(1.0, float(np.abs(grad).max()))
        while True:
            candidate = x + step * direction
            new_value, new_grad = f(candidate)
            if new_value <= value + 1e-4 * step * slope or step < 1e-12:
                break
            step *= 0.5
        s, yv = candidate - x, new_grad - grad
        if float(s @ yv) > 1e-10:
            s_list.append(s)
            y_list.append(yv)
            if len(s_list) > memory:
                s_list.pop(0)
                y_list.pop(0)
        converged = abs(value - new_value) <= 1e-12 * max(1.0, abs(value))
        x, value, grad = candidate, new_value, new_grad
        if converged:
            break
    return x
