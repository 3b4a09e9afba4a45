"""Compare two unified structures by shape: key sets and the kind of every value.

A difference is (path, ccxt's kind, our kind). Kinds: 'dict', 'list', 'str',
'number', 'bool', 'None', 'missing' (the key is absent). List items are compared
position by position and shown as `[]`; dicts keyed by data (symbols, currency or
network codes) compare their common entries and report differing key sets once, as
`path{}`. `info` is the exchange's own answer: it is compared only by kind.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

Difference = tuple[str, str, str]

# dicts whose keys are data, not field names
KEYED_BY_DATA = frozenset({"networks", "<result>"})


def kind(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "str"
    if isinstance(value, dict):
        return "dict"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def differences(theirs: Any, ours: Any, path: str = "", keyed_by_data: bool = False) -> set[Difference]:
    found: set[Difference] = set()
    their_kind, our_kind = kind(theirs), kind(ours)
    if their_kind != our_kind:
        found.add((path or ".", their_kind, our_kind))
        return found
    if path.endswith("info"):
        return found
    if their_kind == "dict":
        if keyed_by_data:
            if set(theirs) != set(ours):
                found.add((f"{path}{{}}", ",".join(sorted(theirs)), ",".join(sorted(ours))))
            for key in set(theirs) & set(ours):
                found |= differences(theirs[key], ours[key], f"{path}{{}}")
            return found
        for key in theirs.keys() | ours.keys():
            sub = f"{path}.{key}" if path else key
            if key not in ours:
                found.add((sub, kind(theirs[key]), "missing"))
            elif key not in theirs:
                found.add((sub, "missing", kind(ours[key])))
            else:
                found |= differences(theirs[key], ours[key], sub, key in KEYED_BY_DATA)
    elif their_kind == "list":
        for their_item, our_item in _pairs(theirs, ours):
            found |= differences(their_item, our_item, f"{path}[]")
    return found


def _pairs(theirs: list[Any], ours: list[Any]) -> list[tuple[Any, Any]]:
    """Items to compare: the same id on both sides when items have ids (two lists
    may order equal timestamps differently), else position by position."""
    if all(isinstance(item, dict) and item.get("id") is not None for item in theirs + ours):
        by_id = {item["id"]: item for item in ours}
        return [(item, by_id[item["id"]]) for item in theirs if item["id"] in by_id]
    return list(zip(theirs, ours, strict=False))


DOC = Path(__file__).resolve().parent.parent / "docs" / "differences-from-ccxt.md"


def documented_table(heading: str) -> list[list[str]]:
    """The rows of the markdown table under `## heading` in the differences page."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("|") or re.match(r"^\|[-| ]+\|$", line):
            continue
        rows.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    return rows[1:]  # without the header row
