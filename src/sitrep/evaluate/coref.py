"""Coreference scores: MUC, B-cubed, CEAF-e and CoNLL F1, as the CoNLL-2012 reference scorer (v8.01) computes
them.

A clustering is a mapping mention → cluster label (any hashable mention key, e.g. ``(article, start, end)``).
``key`` is the gold clustering, ``response`` the system's.

* **MUC** (Vilain et al. 1995): links. Recall = Σ_K (|K| − |p(K)|) / Σ_K (|K| − 1), where p(K) is the
  partition of K by the response clusters (a mention the response lacks is a part of its own); precision is
  the same with key and response swapped. Singletons carry no link.
* **B-cubed** (Bagga & Baldwin 1998): per mention. Recall = Σ_K Σ_R |K∩R|² / |K| over all key mentions;
  precision the same over response mentions.
* **CEAF-e** (Luo 2005, φ4): the one-to-one alignment of key and response clusters that maximises
  Σ φ4(K, R), φ4 = 2|K∩R| / (|K| + |R|); recall = that sum / number of key clusters, precision = / number of
  response clusters. The alignment is found by Kuhn–Munkres, one connected block of overlapping clusters at
  a time (clusters that share no mention score 0 together).
* **CoNLL F1** = the mean of the three F1 values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Clustering = Mapping[Any, Hashable]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from their numerators and denominators (as the reference scorer prints)."""

    recall_num: float
    recall_den: float
    precision_num: float
    precision_den: float

    @property
    def recall(self) -> float:
        return self.recall_num / self.recall_den if self.recall_den else 0.0

    @property
    def precision(self) -> float:
        return self.precision_num / self.precision_den if self.precision_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True, slots=True)
class CorefScores:
    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF
    key_clusters: int
    response_clusters: int

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3

    def to_dict(self) -> dict[str, Any]:
        return {
            "muc": self.muc.to_dict(),
            "b_cubed": self.b_cubed.to_dict(),
            "ceaf_e": self.ceaf_e.to_dict(),
            "conll_f1": self.conll_f1,
            "key_clusters": self.key_clusters,
            "response_clusters": self.response_clusters,
        }


def clusters(clustering: Clustering) -> list[frozenset[Hashable]]:
    """The clusters of a mapping mention → label, in order of first appearance."""
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, label in clustering.items():
        groups[label].add(mention)
    return [frozenset(g) for g in groups.values()]


def _muc_side(keys: Sequence[frozenset[Hashable]], response: Clustering) -> tuple[float, float]:
    num = den = 0
    for cluster in keys:
        parts = {response.get(m, ("missing", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(key: Clustering, response: Clustering) -> PRF:
    rn, rd = _muc_side(clusters(key), response)
    pn, pd = _muc_side(clusters(response), key)
    return PRF(rn, rd, pn, pd)


def _b3_side(keys: Sequence[frozenset[Hashable]], response: Clustering) -> tuple[float, float]:
    by_label: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, label in response.items():
        by_label[label].add(mention)
    num = 0.0
    den = 0
    for cluster in keys:
        den += len(cluster)
        overlaps: dict[Hashable, int] = defaultdict(int)
        for m in cluster:
            if m in response:
                overlaps[response[m]] += 1
        num += sum(n * n for n in overlaps.values()) / len(cluster)
    return num, den


def b_cubed(key: Clustering, response: Clustering) -> PRF:
    rn, rd = _b3_side(clusters(key), response)
    pn, pd = _b3_side(clusters(response), key)
    return PRF(rn, rd, pn, pd)


def ceaf_e(key: Clustering, response: Clustering) -> PRF:
    keys, resp = clusters(key), clusters(response)
    where: dict[Hashable, int] = {}
    for j, cluster in enumerate(resp):
        for m in cluster:
            where[m] = j
    # Bipartite blocks: key i and response j are joined when they share a mention.
    edges: dict[int, set[int]] = defaultdict(set)
    for i, cluster in enumerate(keys):
        for m in cluster:
            if m in where:
                edges[i].add(where[m])
    back: dict[int, set[int]] = defaultdict(set)
    for i, js in edges.items():
        for j in js:
            back[j].add(i)
    seen: set[int] = set()
    total = 0.0
    for start in edges:
        if start in seen:
            continue
        block_k: set[int] = set()
        block_r: set[int] = set()
        stack = [start]
        while stack:
            i = stack.pop()
            if i in block_k:
                continue
            block_k.add(i)
            for j in edges[i]:
                if j not in block_r:
                    block_r.add(j)
                    stack.extend(back[j] - block_k)
        seen |= block_k
        ks, rs = sorted(block_k), sorted(block_r)
        weights = [[2 * len(keys[i] & resp[j]) / (len(keys[i]) + len(resp[j])) for j in rs] for i in ks]
        total += max_assignment(weights)
    return PRF(total, len(keys), total, len(resp))


def max_assignment(weights: Sequence[Sequence[float]]) -> float:
    """The largest sum of ``weights[i][j]`` over a one-to-one assignment of rows to columns (Kuhn–Munkres,
    O(n³), on the square matrix padded with zeros)."""
    rows = len(weights)
    cols = max((len(r) for r in weights), default=0)
    n = max(rows, cols)
    if n == 0:
        return 0.0
    top = max((w for r in weights for w in r), default=0.0)
    # Minimise cost = top − weight (padding costs top: weight 0).
    cost = [
        [top - (weights[i][j] if i < rows and j < len(weights[i]) else 0.0) for j in range(n)]
        for i in range(n)
    ]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)  # p[j]: the row assigned to column j (1-based; 0 = none)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    total = 0.0
    for j in range(1, n + 1):
        i = p[j]
        if i and i <= rows and j <= len(weights[i - 1]):
            total += weights[i - 1][j - 1]
    return total


def score(key: Clustering, response: Clustering) -> CorefScores:
    """MUC, B-cubed and CEAF-e of ``response`` against ``key`` (and their mean, :attr:`conll_f1`)."""
    return CorefScores(
        muc=muc(key, response),
        b_cubed=b_cubed(key, response),
        ceaf_e=ceaf_e(key, response),
        key_clusters=len(set(key.values())),
        response_clusters=len(set(response.values())),
    )
