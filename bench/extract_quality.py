"""Precision, recall and F1 of extraction against the hand-annotated gold set in tests/gold/.

Usage: python bench/extract_quality.py [--gold tests/gold] [--verbose]

Kinds: entities (name or any alias matches, type agrees), aliases (alias forms of matched
entities), goods (name or a designator matches), events with all roles (type, seller, buyer,
intermediary, item and date all agree), events by type and parties (type, seller, buyer),
relations (type, subject, object). The gold files were written from the text alone.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from reftel.extraction import Extraction, extract, prepare
from reftel.reading import read_paths
from reftel.record import Cable

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def norm(text: str | None) -> str:
    if not text:
        return ""
    text = text.lower().replace("’", "'").replace("'s ", " ")
    return " ".join(re.findall(r"[a-z0-9&]+", text))


class Scores:
    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {}

    def add(self, kind: str, tp: int, predicted: int, gold: int) -> None:
        counter = self.counts.setdefault(kind, Counter())
        counter["tp_p"] += tp if predicted else 0
        counter["predicted"] += predicted
        counter["gold"] += gold

    def add_pr(self, kind: str, tp_pred: int, predicted: int, tp_gold: int, gold: int) -> None:
        counter = self.counts.setdefault(kind, Counter())
        counter["tp_p"] += tp_pred
        counter["tp_g"] += tp_gold
        counter["predicted"] += predicted
        counter["gold"] += gold

    def table(self) -> str:
        lines = [f"{'kind':<28}{'gold':>6}{'found':>7}{'P':>8}{'R':>8}{'F1':>8}"]
        for kind, c in self.counts.items():
            p = c["tp_p"] / c["predicted"] if c["predicted"] else 0.0
            r = c["tp_g"] / c["gold"] if c["gold"] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            lines.append(f"{kind:<28}{c['gold']:>6}{c['predicted']:>7}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
        return "\n".join(lines)


def entity_forms(entity: dict[str, Any]) -> set[str]:
    return {norm(entity["name"]), *(norm(a) for a in entity.get("aliases", []))} - {""}


def same_type(gold: str, predicted: str) -> bool:
    return gold == predicted or {gold, predicted} <= {"country", "place"}


def match_entities(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> dict[int, int]:
    """Gold index -> predicted index, one to one, by shared name forms."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(gold):
        forms = entity_forms(g)
        for pi, p in enumerate(predicted):
            if pi in used or not same_type(g["type"], p["type"]):
                continue
            if forms & entity_forms(p):
                pairs[gi] = pi
                used.add(pi)
                break
    return pairs


def score_cable(gold: dict[str, Any], facts: Extraction, scores: Scores, verbose: bool) -> None:
    predicted = [e.model_dump() for e in facts.entities if e.subtype != "regime"]
    gold_entities = [e for e in gold["entities"] if e.get("subtype") != "regime"]
    pairs = match_entities(gold_entities, predicted)
    scores.add_pr("entities", len(pairs), len(predicted), len(pairs), len(gold_entities))
    if verbose:
        missed = [f"{g['name']}/{g['type']}" for i, g in enumerate(gold_entities) if i not in pairs]
        extra = [
            f"{p['name']}/{p['type']}" for i, p in enumerate(predicted) if i not in pairs.values()
        ]
        print(f"  {gold['cable']}: entities missed {missed}; extra {extra}")

    alias_tp = alias_pred = alias_gold = 0
    for gi, pi in pairs.items():
        g_aliases = {norm(a) for a in gold_entities[gi].get("aliases", [])}
        p_aliases = {norm(a) for a in predicted[pi]["aliases"]}
        g_all = g_aliases | {norm(gold_entities[gi]["name"])}
        p_all = p_aliases | {norm(predicted[pi]["name"])}
        alias_pred += len(p_aliases)
        alias_gold += len(g_aliases)
        alias_tp += len(p_aliases & g_all)
        alias_gold_found = len(g_aliases & p_all)
        scores.add_pr("aliases", 0, 0, alias_gold_found, 0)
    scores.add_pr("aliases", alias_tp, alias_pred, 0, alias_gold)

    # Names predicted ids stand for, in gold terms.
    gold_name_of: dict[str, str] = {}
    for gi, pi in pairs.items():
        gold_name_of[predicted[pi]["id"]] = norm(gold_entities[gi]["name"])
    for entity in facts.entities:
        gold_name_of.setdefault(entity.id, norm(entity.name))

    goods_pairs = 0
    used: set[str] = set()
    for g in gold["goods"]:
        designators = {d.lower() for d in g.get("designators", [])}
        for p in facts.goods:
            if p.id in used:
                continue
            if norm(p.name) == norm(g["name"]) or designators & {d.lower() for d in p.designators}:
                goods_pairs += 1
                used.add(p.id)
                gold_name_of[p.id] = norm(g["name"])
                break
    scores.add_pr("goods", goods_pairs, len(facts.goods), goods_pairs, len(gold["goods"]))
    if verbose:
        found = set(gold_name_of.values())
        missed = [g["name"] for g in gold["goods"] if norm(g["name"]) not in found]
        extra = [p.name for p in facts.goods if p.id not in used]
        print(f"  {gold['cable']}: goods missed {missed}; extra {extra}")

    def party(value: str | None) -> str:
        return gold_name_of.get(value or "", "")

    def gold_party(value: str | None) -> str:
        if not value:
            return ""
        for g in gold["entities"] + gold["goods"]:
            if norm(value) in entity_forms(g) or norm(value) == norm(g["name"]):
                return norm(g["name"])
        return norm(value)

    for kind, keys in (
        ("events (type, parties)", ("type", "seller", "buyer")),
        ("events (all roles)", ("type", "seller", "buyer", "intermediary", "item", "date")),
    ):

        def key_of(
            event: dict[str, Any], is_gold: bool, keys: tuple[str, ...] = keys
        ) -> tuple[str, ...]:
            out = []
            for k in keys:
                if k == "type":
                    out.append(event["type"])
                elif k == "date":
                    out.append(
                        (event.get("date") or "")
                        if is_gold
                        else ((event.get("date") or {}).get("value") or "")
                    )
                else:
                    out.append(gold_party(event.get(k)) if is_gold else party(event.get(k)))
            return tuple(out)

        gold_keys = Counter(key_of(e, True) for e in gold["events"])
        predicted_keys = Counter(key_of(e.model_dump(), False) for e in facts.events)
        tp = sum((gold_keys & predicted_keys).values())
        scores.add_pr(kind, tp, sum(predicted_keys.values()), tp, sum(gold_keys.values()))
        if verbose and kind == "events (all roles)":
            print(
                f"  {gold['cable']}: events missed {list(gold_keys - predicted_keys)}; "
                f"extra {list(predicted_keys - gold_keys)}"
            )

    gold_relations = Counter(
        (r["type"], gold_party(r["subject"]), gold_party(r["object"])) for r in gold["relations"]
    )
    predicted_relations = Counter(
        (r.type, party(r.subject), party(r.object)) for r in facts.relations
    )
    tp = sum((gold_relations & predicted_relations).values())
    scores.add_pr(
        "relations", tp, sum(predicted_relations.values()), tp, sum(gold_relations.values())
    )


def _cable(gold: dict[str, Any]) -> Cable:
    (cable,) = [c for c in read_paths([str(SHARED / gold["file"])]) if isinstance(c, Cable)]
    return cable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT / "tests" / "gold"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    files = sorted(Path(args.gold).glob("*.json"))
    scores = Scores()
    caps = Scores()
    for path in files:
        gold = json.loads(path.read_text("utf-8"))
        facts = extract(_cable(gold))
        score_cable(gold, facts, scores, args.verbose)
        if gold.get("all_caps"):
            score_cable(gold, facts, caps, False)
    print(f"{len(files)} gold cables")
    print(scores.table())
    print("\nall-capitals cables only")
    print(caps.table())
    # What restoring case is worth on all-capitals text: the same cables, model on raw capitals.
    prepare.RESTORE_CASE = False
    raw = Scores()
    for path in files:
        gold = json.loads(path.read_text("utf-8"))
        if gold.get("all_caps"):
            score_cable(gold, extract(_cable(gold)), raw, False)
    prepare.RESTORE_CASE = True
    print("\nall-capitals cables, case NOT restored before the model (baseline)")
    print(raw.table())


if __name__ == "__main__":
    main()
