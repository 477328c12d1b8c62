"""Build ``examples/quotes-gold.jsonl`` from the marked-up articles below (texts written for sitrep).

Markup: ``{S1:…}`` the source (speaker) of attribution 1, ``{C1:…}`` its cue, ``{Q1:…}`` its content
(several ``Q1`` pieces make one discontinuous content; marks nest, so one speaker can be the source of two
attributions: ``{S1:{S2:he}}``); an attribution's kind follows its number in the
content mark, e.g. ``{Q1d:…}`` (d direct, i indirect, m mixed). Run: ``python training/quote_gold.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_MARK = re.compile(r"\{([SCQ])(\d+)([dim]?):|\}")
KINDS = {"d": "direct", "i": "indirect", "m": "mixed"}

ARTICLES = [
    (
        "g1",
        "2022-02-25",
        '"{Q1d:We have broken off diplomatic ties with Russia},"{S1: Ukrainian President Volodymyr Zelensky} '
        "{C1:said} on Thursday. {S2:Russia's foreign minister} {C2:said} {Q2m:Moscow was ready to negotiate "
        '"as soon as Ukraine\'s army lays down its weapons."}',
    ),
    (
        "g2",
        "2022-03-02",
        "{S1:The Russian defence ministry} {C1:said} {Q1i:its forces had destroyed 20 Ukrainian tanks}. "
        "{C2:According to} {S2:Ukrainian officials}, {Q2i:Russian troops shelled Kharkiv overnight}.",
    ),
    (
        "g3",
        "2022-03-05",
        'The mayor of Mariupol spoke on Saturday. "{Q1d:The shelling went on all night. '
        'Two schools were hit}," {S1:{S2:he}} {C1:told} a news briefing. '
        '"{Q2d:We need a humanitarian corridor now}."',
    ),
    (
        "g4",
        "2023-10-10",
        "{S1:The Israeli military} {C1:said} {Q1i:its jets struck 200 targets in Gaza}. "
        "{S2:Hamas} {C2:claimed} {Q2i:its fighters had fired rockets at Tel Aviv}. "
        '"{Q3d:We will not stop}," {C3:said} {S3:a Hamas spokesman}.',
    ),
    (
        "g5",
        "2022-04-01",
        '{S1:Biden} {C1:called} the measures "{Q1d:long overdue}". {S2:The German chancellor} {C2:said}: '
        '"{Q2d:Sanctions will stay until the troops leave. There is no other way}."',
    ),
    (
        "g6",
        "2022-04-08",
        '"{Q1d:We are ready for talks}," {C1:said} {S1:Sergei Lavrov}, the Russian foreign minister. '
        "{S2:Kyiv} {C2:denied} {Q2i:that its forces had entered Russian territory}.",
    ),
    (
        "g7",
        "2022-05-12",
        "{Q1i:Russia will respond to any attack}, {S1:the Kremlin} {C1:said} on Monday. "
        "NATO ministers will meet in Brussels next week.",
    ),
    (
        "g8",
        "2024-01-15",
        "{S1:The minister} {C1:stressed} {Q1i:that the government would not negotiate under pressure}. "
        '"{Q2d:This is a war crime}," {S2:{S3:a witness}} {C2:said}. "{Q3d:They bombed the hospital}."',
    ),
]


def parse(marked: str) -> tuple[str, list[dict[str, object]]]:
    text: list[str] = []
    stack: list[tuple[str, int, str, int]] = []
    spans: dict[int, dict[str, object]] = {}
    position = 0
    length = 0
    for match in _MARK.finditer(marked):
        chunk = marked[position : match.start()]
        text.append(chunk)
        length += len(chunk)
        position = match.end()
        if match.group(0) == "}":
            role, number, kind, start = stack.pop()
            entry = spans.setdefault(number, {"content": [], "source": [], "cue": []})
            key = {"S": "source", "C": "cue", "Q": "content"}[role]
            pieces = entry[key]
            assert isinstance(pieces, list)
            pieces.append([start, length])
            if kind:
                entry["kind"] = KINDS[kind]
        else:
            stack.append((match.group(1), int(match.group(2)), match.group(3), length))
    text.append(marked[position:])
    assert not stack, marked
    return "".join(text), [spans[n] for n in sorted(spans)]


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "examples" / "quotes-gold.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for ident, published, marked in ARTICLES:
            text, attributions = parse(marked)
            record = {"id": ident, "published": published, "text": text, "attributions": attributions}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
