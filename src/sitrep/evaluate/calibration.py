"""Does ``confidence`` mean what it says? Reliability of probabilities against outcomes.

An event's ``confidence`` claims to be the probability that the event is right. Binned by confidence, the
share of right events in each bin should match the bin's mean confidence; the **expected calibration error**
(ECE) is the mean gap, weighted by how many events fall in each bin::

    ECE = Σ_b (n_b / N) · |right_b / n_b − mean confidence_b|
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Bin:
    """Events whose confidence lies in ``[low, high)`` (the last bin includes 1.0)."""

    low: float
    high: float
    count: int
    right: int
    confidence_sum: float

    @property
    def mean_confidence(self) -> float:
        return self.confidence_sum / self.count if self.count else 0.0

    @property
    def right_share(self) -> float:
        return self.right / self.count if self.count else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "high": self.high,
            "events": self.count,
            "right": self.right,
            "mean_confidence": round(self.mean_confidence, 4),
            "right_share": round(self.right_share, 4),
        }


@dataclass(frozen=True, slots=True)
class Reliability:
    """A reliability table: the bins and the expected calibration error over them."""

    bins: tuple[Bin, ...]
    brier: float
    """The mean squared gap between confidence and outcome (0 is perfect; always saying 0.5 gives 0.25)."""

    @property
    def events(self) -> int:
        return sum(b.count for b in self.bins)

    @property
    def ece(self) -> float:
        total = self.events
        if not total:
            return 0.0
        return round(sum(b.count / total * abs(b.right_share - b.mean_confidence) for b in self.bins), 4)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ece": self.ece,
            "brier": round(self.brier, 4),
            "events": self.events,
            "bins": [b.to_dict() for b in self.bins if b.count],
        }


def reliability(outcomes: Iterable[tuple[float, bool]], bins: int = 10) -> Reliability:
    """Bin ``(confidence, right)`` pairs into ``bins`` equal-width bins over [0, 1]."""
    if bins < 1:
        raise ValueError("bins must be at least 1")
    counts = [0] * bins
    right = [0] * bins
    sums = [0.0] * bins
    squared = 0.0
    for confidence, ok in outcomes:
        squared += (confidence - float(ok)) ** 2
        index = min(bins - 1, max(0, int(confidence * bins)))
        counts[index] += 1
        right[index] += bool(ok)
        sums[index] += confidence
    total = sum(counts)
    return Reliability(
        tuple(Bin(i / bins, (i + 1) / bins, counts[i], right[i], sums[i]) for i in range(bins)),
        squared / total if total else 0.0,
    )
