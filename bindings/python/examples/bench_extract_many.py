#!/usr/bin/python3
"""Throughput of Extractor.extract_many with 1 and 2 C++ threads.

extract_many runs the extraction of a batch on C++ threads without the GIL while
the calling thread, which holds the GIL, turns the batch before into Python objects
(dataclasses): the second part does not scale with threads, but overlaps with the
first. To show how the two compare, the script also times the native batch call
alone (Extractor._native.extract_batch: the extraction, no Python objects).

It then times what a researcher does next with the documents: their JSONL
records (a to_dict() loop, and to_records) and a pandas frame (to_frame).

Run from the repository root, on a corpus from tools/gen_corpus.py:

    /usr/bin/python3 tools/gen_corpus.py --size-mb 20 -o /tmp/corpus-20mb.jsonl
    PYTHONPATH=build/python /usr/bin/python3 \\
        bindings/python/examples/bench_extract_many.py /tmp/corpus-20mb.jsonl

Options: --max-mb N (use the first N MB of text), --repeat N (best of N runs),
--batch-size N (extract_many's batch size, default 512 as in extract_many).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Callable, List, Tuple

import attrex


def load(path: str, max_mb: float) -> Tuple[List[str], int]:
    texts: List[str] = []
    total = 0
    limit = int(max_mb * 1e6) if max_mb > 0 else None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            texts.append(text)
            total += len(text.encode("utf-8"))
            if limit is not None and total >= limit:
                break
    return texts, total


def best_of(n: int, fn: Callable[[], object]) -> Tuple[float, object]:
    best = None
    result = None
    for _ in range(n):
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    return best, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="JSONL with a 'text' field (tools/gen_corpus.py)")
    ap.add_argument("--max-mb", type=float, default=0, help="use only the first N MB (0: all)")
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
    ap.add_argument("--batch-size", type=int, default=512,
                    help="extract_many's batch size (default 512, as extract_many's)")
    args = ap.parse_args()

    texts, nbytes = load(args.corpus, args.max_mb)
    mb = nbytes / 1e6
    print(f"corpus: {args.corpus}: {len(texts)} documents, {mb:.2f} MB of text")
    print(f"attrex {attrex.__version__} from {os.path.dirname(attrex.__file__)}; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")

    t0 = time.perf_counter()
    extractor = attrex.Extractor()
    print(f"Extractor(): {time.perf_counter() - t0:.3f} s")
    extractor.extract_many(texts[:20], threads=1)  # warm up

    rows = []
    results = {}
    for threads in (1, 2):
        dt, docs = best_of(args.repeat, lambda: extractor.extract_many(
            texts, threads=threads, batch_size=args.batch_size))
        results[threads] = docs
        rows.append((f"extract_many(threads={threads})", threads, dt))
    native = getattr(extractor, "_native", None)
    if native is not None and hasattr(native, "extract_batch"):
        for threads in (1, 2):
            def run() -> None:
                for i in range(0, len(texts), args.batch_size):
                    native.extract_batch(texts[i:i + args.batch_size], threads)
            dt, _ = best_of(args.repeat, run)
            rows.append((f"native extract_batch(threads={threads})", threads, dt))

    # What a researcher does next with the documents (threads=1's): their JSONL
    # records, or a pandas frame of the mentions.
    docs = results[1]
    dt, _ = best_of(args.repeat, lambda: [d.to_dict() for d in docs])
    rows.append(("[d.to_dict() for d in docs]", 1, dt))
    dt, _ = best_of(args.repeat, lambda: attrex.to_records(docs))
    rows.append(("to_records(docs)", 1, dt))
    try:
        import pandas  # noqa: F401
        dt, _ = best_of(args.repeat, lambda: attrex.to_frame(docs))
        rows.append(("to_frame(docs)", 1, dt))
    except ImportError:
        pass

    same = all(len(a.mentions) == len(b.mentions) and
               [m.id for m in a.mentions] == [m.id for m in b.mentions]
               for a, b in zip(results[1], results[2]))
    print()
    print(f"| {'call':<36} | {'s':>7} | {'MB/s':>6} | {'docs/s':>7} |")
    print(f"| {'---':<36} | {'---:':>7} | {'---:':>6} | {'---:':>7} |")
    for name, _, dt in rows:
        print(f"| {name:<36} | {dt:7.2f} | {mb / dt:6.2f} | {len(texts) / dt:7.0f} |")
    times = {name: dt for name, _, dt in rows}
    s1 = times["extract_many(threads=1)"] / times["extract_many(threads=2)"]
    print()
    print(f"speed-up extract_many threads=2 / threads=1: {s1:.2f}x")
    if "native extract_batch(threads=1)" in times:
        s2 = times["native extract_batch(threads=1)"] / times["native extract_batch(threads=2)"]
        share = times["native extract_batch(threads=1)"] / times["extract_many(threads=1)"]
        print(f"speed-up native extract_batch threads=2 / threads=1: {s2:.2f}x")
        print(f"native extract_batch(threads=1) / extract_many(threads=1): {100 * share:.0f}%"
              " (100 %: the Python objects are built entirely while batches are extracted)")
    print(f"threads=1 and threads=2 give the same mentions: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
