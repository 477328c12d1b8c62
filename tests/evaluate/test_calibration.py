"""Reliability tables and the expected calibration error (``sitrep.evaluate.calibration``)."""

from __future__ import annotations

import pytest

from sitrep.evaluate.calibration import reliability


def test_a_calibrated_set_has_no_error() -> None:
    # Confidence 0.25: one right in four; 0.75: three right in four.
    outcomes = [(0.25, True), (0.25, False), (0.25, False), (0.25, False)]
    outcomes += [(0.75, True), (0.75, True), (0.75, True), (0.75, False)]
    table = reliability(outcomes, bins=4)
    assert table.ece == 0.0
    assert [(b.count, b.right) for b in table.bins] == [(0, 0), (4, 1), (0, 0), (4, 3)]
    assert table.brier == pytest.approx((6 * 0.25**2 + 2 * 0.75**2) / 8)  # six near misses, two far ones


def test_overconfidence_is_the_weighted_gap() -> None:
    # Ten events at 0.9 of which five are right: the gap is 0.4 over all of them.
    table = reliability([(0.9, i < 5) for i in range(10)])
    assert table.ece == pytest.approx(0.4)
    [full] = [b for b in table.bins if b.count]
    assert (full.low, full.high, full.right_share) == (0.9, 1.0, 0.5)
    assert full.mean_confidence == pytest.approx(0.9)


def test_one_goes_in_the_last_bin_and_nothing_is_empty() -> None:
    table = reliability([(1.0, True), (0.0, False)], bins=10)
    assert table.bins[-1].count == 1 and table.bins[0].count == 1 and table.ece == 0.0
    empty = reliability([])
    assert empty.events == 0 and empty.ece == 0.0 and empty.to_dict()["bins"] == []
    with pytest.raises(ValueError, match="bins must be at least 1"):
        reliability([], bins=0)
