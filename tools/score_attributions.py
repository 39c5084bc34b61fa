#!/usr/bin/env python3
"""Scores attrex attribution records against hand-written gold records.

    attrex extract -q < GOLD_ENTITIES.jsonl > system.jsonl
    tools/score_attributions.py tests/attribution/dev_gold.jsonl system.jsonl \
        ../shared/eval/dev/dev.jsonl ../shared/eval/seed.jsonl

Gold records name actors and agencies by the gold annotation's canonical labels; the
system names them by its own ids. Each system id is mapped to the gold label of the
gold mentions it was found on (same span, majority vote), using the entity files
(the annotated texts). A record is scored as facts: (attributing party, actor),
(actor, sponsor) and (actor, target) pairs; precision and recall are over facts of
the documents the gold file covers. Records without actors give (party, -) facts.
"""

import collections
import json
import sys


def byte_offsets(text):
    """Code point index -> UTF-8 byte offset."""
    out = [0]
    for ch in text:
        out.append(out[-1] + len(ch.encode("utf-8")))
    return out


def label_map(entities_doc, system_doc):
    """System (type, id) -> gold label, by span agreement."""
    offsets = byte_offsets(entities_doc["text"])
    gold = {(e["type"], offsets[e["start"]], offsets[e["end"]]): e["canonical"]
            for e in entities_doc["entities"]}
    votes = collections.defaultdict(collections.Counter)
    for m in system_doc.get("mentions", []):
        label = gold.get((m["type"], m["start"], m["end"]))
        if label is not None:
            votes[m["id"]][label] += 1
    return {sid: counter.most_common(1)[0][0] for sid, counter in votes.items()}


def facts(record, name):
    parties = [name(p) for p in record.get("attributing", [])]
    actors = [name(a) for a in record.get("actors", [])] or ["-"]
    out = set()
    for actor in actors:
        for party in parties:
            out.add(("attributing", party, actor))
        if record.get("sponsor"):
            out.add(("sponsor", actor, record["sponsor"]))
        for target in record.get("targets", []):
            out.add(("target", actor, name(target)))
    return out


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    gold = {json.loads(l)["id"]: json.loads(l) for l in open(argv[1], encoding="utf-8") if l.strip()}
    system = {json.loads(l)["id"]: json.loads(l) for l in open(argv[2], encoding="utf-8") if l.strip()}
    entities = {}
    for path in [a for a in argv[3:] if a != "--errors"]:
        for line in open(path, encoding="utf-8"):
            if line.strip():
                d = json.loads(line)
                entities[d["id"]] = d
    counts = collections.defaultdict(lambda: [0, 0, 0])  # kind -> tp, fp, fn
    errors = []
    for doc_id, g in sorted(gold.items()):
        s = system.get(doc_id, {"mentions": [], "attributions": []})
        mapping = label_map(entities[doc_id], s) if doc_id in entities else {}
        name = lambda x: mapping.get(x, x)  # noqa: E731  (ISO codes and sectors map to themselves)
        gold_facts = set().union(*[facts(r, lambda x: x) for r in g["attributions"]]) if g["attributions"] else set()
        sys_facts = set().union(*[facts(r, name) for r in s.get("attributions", [])]) if s.get("attributions") else set()
        for f in gold_facts | sys_facts:
            kind = f[0]
            if f in gold_facts and f in sys_facts:
                counts[kind][0] += 1
            elif f in sys_facts:
                counts[kind][1] += 1
                errors.append(f"{doc_id}: FP {f}")
            else:
                counts[kind][2] += 1
                errors.append(f"{doc_id}: FN {f}")
    if "--errors" in argv:
        print("\n".join(errors))
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    for kind, (tp, fp, fn) in sorted(counts.items()) + [("ALL", total)]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{kind:12s} tp={tp} fp={fp} fn={fn} precision={p:.3f} recall={r:.3f} f1={f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
