"""MUC, B-cubed, CEAF-e and CoNLL F1 (``sitrep.evaluate.coref``) on small examples worked out by hand."""

from __future__ import annotations

import itertools
import random

import pytest

from sitrep.evaluate.coref import b_cubed, ceaf_e, max_assignment, muc, score

# Key {a b c} {d e}; response {a b} {c d e}.
KEY = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
RESPONSE = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}


def test_muc_counts_links() -> None:
    # Recall: {a b c} is cut in 2 parts (3 - 2 = 1 of 2 links), {d e} whole (1 of 1): 2/3.
    # Precision: {a b} whole (1 of 1), {c d e} cut in 2 (1 of 2): 2/3.
    s = muc(KEY, RESPONSE)
    assert (s.recall_num, s.recall_den, s.precision_num, s.precision_den) == (2, 3, 2, 3)
    assert s.f1 == pytest.approx(2 / 3)


def test_b_cubed_is_per_mention() -> None:
    # Recall: a, b 2/3 each, c 1/3, d, e 1 each: 11/3 over 5. Precision: a, b 1; c 1/3; d, e 2/3: 11/3 over 5.
    s = b_cubed(KEY, RESPONSE)
    assert s.recall == pytest.approx(11 / 15)
    assert s.precision == pytest.approx(11 / 15)


def test_ceaf_e_aligns_clusters_one_to_one() -> None:
    # phi4({a b c}, {a b}) = 4/5, phi4({d e}, {c d e}) = 4/5: 1.6 over 2 clusters each side.
    s = ceaf_e(KEY, RESPONSE)
    assert s.recall == pytest.approx(0.8)
    assert s.precision == pytest.approx(0.8)


def test_conll_f1_is_the_mean() -> None:
    s = score(KEY, RESPONSE)
    assert s.conll_f1 == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)
    assert (s.key_clusters, s.response_clusters) == (2, 2)


def test_a_perfect_response_scores_one_and_singletons_carry_no_muc_link() -> None:
    assert score(KEY, KEY).conll_f1 == pytest.approx(1.0)
    single = {m: m for m in "abc"}
    s = score(single, single)
    assert s.muc.f1 == 0.0  # no links on either side
    assert (s.b_cubed.f1, s.ceaf_e.f1) == (1.0, 1.0)


def test_everything_in_one_cluster() -> None:
    # Response {a b c d e}: MUC recall 3/3, precision 3/4; B3 precision (9/5 + 4/5) / 5 = 13/25, recall 1;
    # CEAF-e: phi4 with {a b c} is 6/8 = 0.75: recall 0.75/2, precision 0.75/1.
    one = dict.fromkeys(KEY, 0)
    s = score(KEY, one)
    assert (s.muc.recall, s.muc.precision) == (1.0, 0.75)
    assert s.b_cubed.precision == pytest.approx(13 / 25)
    assert (s.ceaf_e.recall, s.ceaf_e.precision) == (0.375, 0.75)


def test_a_mention_the_response_lacks_counts_against_recall_only() -> None:
    s = score({"a": 1, "b": 1}, {"a": 9})
    assert (s.muc.recall_num, s.muc.recall_den) == (0, 1)
    # B3 recall: a finds 1 of its 2 key mates (1/2), b none (0): 1/4. Precision: {a} is pure.
    assert (s.b_cubed.recall, s.b_cubed.precision) == (0.25, 1.0)


def test_the_assignment_is_optimal_where_greedy_is_not() -> None:
    assert max_assignment([[3, 2], [2, 0]]) == 4  # greedy takes 3, then 0
    assert max_assignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]) == 11  # 4 + 5 + 2
    assert max_assignment([[1, 5, 3]]) == 5
    assert max_assignment([]) == 0.0


def test_the_assignment_matches_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(30):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        w = [[rng.random() for _ in range(cols)] for _ in range(rows)]
        n = max(rows, cols)
        padded = [[w[i][j] if i < rows and j < cols else 0.0 for j in range(n)] for i in range(n)]
        best = max(sum(padded[i][p[i]] for i in range(n)) for p in itertools.permutations(range(n)))
        assert max_assignment(w) == pytest.approx(best)
