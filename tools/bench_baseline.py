#!/usr/bin/python3
"""The reference baseline for tools/bench.sh: the extraction a researcher would write
in Python, over the same data attrex loads.

- Names: every data/*/*.names.tsv, plus data/*/*.stems.tsv expanded with
  data/inflection/paradigms.tsv (stem + each suffix), lower-cased with str.lower()
  into one Aho-Corasick automaton (Debian's python3-ahocorasick, pyahocorasick).
- Matching: text.lower(), every automaton hit kept when it starts and ends at a word
  boundary (no letter or digit on either side), then the leftmost-longest hits
  (overlaps dropped); a name of several records gives a mention with all their ids.
- Naming schemes: the regexes of data/patterns/*.tsv with Python's re over the
  lower-cased text, the canonical name from the row's template.

No accent folding, case rules, cue words, language checks or resolution: it does
less than attrex and is a floor for what "just match the names" costs in Python.

Input: JSONL ({"id", "text"}), as tools/gen_corpus.py writes. Output: JSONL, one
{"id", "mentions": [{"type", "ids", "start", "end", "text"}]} a line, offsets in
characters of the text. A summary (JSON) goes to stderr.

  /usr/bin/python3 tools/bench_baseline.py corpus.jsonl -o mentions.jsonl
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import time
from typing import Dict, List, Tuple

import ahocorasick  # Debian: python3-ahocorasick

from gen_corpus import read_tsv  # the same reader of data/FORMATS.md files

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_names(data_dir: str) -> Dict[str, List[Tuple[str, str]]]:
    """lower-cased name -> [(type, id), ...]"""
    names: Dict[str, List[Tuple[str, str]]] = {}

    def add(typ: str, eid: str, name: str) -> None:
        key = name.strip().lower()
        if not key:
            return
        ids = names.setdefault(key, [])
        if (typ, eid) not in ids:
            ids.append((typ, eid))

    for path in sorted(glob.glob(os.path.join(data_dir, "*", "*.names.tsv"))):
        for row in read_tsv(path):
            add(row[0], row[1], row[2])
    paradigms: Dict[Tuple[str, str], List[str]] = {}
    for row in read_tsv(os.path.join(data_dir, "inflection", "paradigms.tsv")):
        paradigms[(row[0], row[1])] = ["" if s == "0" else s for s in row[2].split()]
    for path in sorted(glob.glob(os.path.join(data_dir, "*", "*.stems.tsv"))):
        for row in read_tsv(path):
            typ, eid, stem, lang, paradigm = row[0], row[1], row[2], row[3], row[4]
            for suffix in paradigms.get((lang, paradigm), []):
                add(typ, eid, stem + suffix)
    return names


def load_patterns(data_dir: str) -> List[Tuple["re.Pattern[str]", str, str]]:
    """[(compiled regex, type, template)]"""
    out = []
    for path in sorted(glob.glob(os.path.join(data_dir, "patterns", "*.tsv"))):
        for row in read_tsv(path):
            typ, regex, flags = row[0], row[3], row[4]
            template = "$0"
            for item in flags.split(";"):
                if item.startswith("template="):
                    template = item[len("template="):]
            out.append((re.compile(regex), typ, template))
    return out


TEMPLATE_GROUP = re.compile(r"\$(\d)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="JSONL corpus")
    ap.add_argument("-o", "--output", default="-", help="output JSONL ('-': stdout)")
    ap.add_argument("--data-dir", default=os.path.join(REPO, "data"))
    args = ap.parse_args()

    t0 = time.perf_counter()
    names = load_names(args.data_dir)
    automaton = ahocorasick.Automaton()
    for key, ids in names.items():
        automaton.add_word(key, (len(key), ids))
    automaton.make_automaton()
    patterns = load_patterns(args.data_dir)
    t1 = time.perf_counter()

    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    docs = 0
    text_bytes = 0
    mentions_total = 0
    for line in open(args.input, encoding="utf-8"):
        if not line.strip():
            continue
        doc = json.loads(line)
        text = doc.get("text", "")
        docs += 1
        text_bytes += len(text.encode("utf-8"))
        low = text.lower()
        n = len(low)
        hits = []
        for end, (klen, ids) in automaton.iter(low):
            start = end - klen + 1
            if start > 0 and low[start - 1].isalnum():
                continue
            if end + 1 < n and low[end + 1].isalnum():
                continue
            hits.append((start, end + 1, [t + ":" + i for t, i in ids]))
        for regex, typ, template in patterns:
            for m in regex.finditer(low):
                if m.end() > m.start():
                    canonical = TEMPLATE_GROUP.sub(lambda g: m.group(int(g.group(1))) or "",
                                                   template)
                    hits.append((m.start(), m.end(), [typ + ":" + canonical]))
        # Leftmost-longest, no overlaps.
        hits.sort(key=lambda h: (h[0], -h[1]))
        mentions = []
        last_end = -1
        for start, end, ids in hits:
            if start < last_end:
                continue
            last_end = end
            mentions.append({"type": ids[0].split(":", 1)[0],
                             "ids": [i.split(":", 1)[1] for i in ids],
                             "start": start, "end": end, "text": text[start:end]})
        mentions_total += len(mentions)
        out.write(json.dumps({"id": doc.get("id"), "mentions": mentions}, ensure_ascii=False))
        out.write("\n")
    if out is not sys.stdout:
        out.close()
    t2 = time.perf_counter()
    sys.stderr.write(json.dumps({
        "names": len(names), "patterns": len(patterns), "load_s": round(t1 - t0, 3),
        "docs": docs, "bytes": text_bytes, "mentions": mentions_total,
        "scan_s": round(t2 - t1, 3),
        "mb_per_s": round(text_bytes / 1e6 / max(t2 - t1, 1e-9), 2)}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
