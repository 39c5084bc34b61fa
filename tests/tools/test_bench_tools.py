"""Checks of the benchmark tools (run: /usr/bin/python3 -m pytest tests/tools -q):
tools/gen_corpus.py (the generated press-release corpus) and tools/bench_baseline.py
(the pyahocorasick reference baseline)."""

import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = os.path.join(REPO, "tools", "gen_corpus.py")
BASELINE = os.path.join(REPO, "tools", "bench_baseline.py")
LANGS = {"ro", "en", "fr", "nl", "de", "es", "it", "pl"}


def gen(tmp_path, name, *args):
    out = tmp_path / name
    subprocess.run([sys.executable, GEN, "-q", "-o", str(out), *args], check=True, cwd=REPO)
    return out


def records(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_corpus_is_deterministic_and_well_formed(tmp_path):
    a = gen(tmp_path, "a.jsonl", "--size-mb", "0.5", "--seed", "7")
    b = gen(tmp_path, "b.jsonl", "--size-mb", "0.5", "--seed", "7")
    c = gen(tmp_path, "c.jsonl", "--size-mb", "0.5", "--seed", "8")
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    docs = records(a)
    assert len({d["id"] for d in docs}) == len(docs)
    assert {d["lang"] for d in docs} <= LANGS
    sizes = [len(d["text"].encode("utf-8")) for d in docs]
    assert min(sizes) >= 200 and max(sizes) <= (1 << 20) + 4096
    total = sum(sizes)
    assert 0.5e6 <= total < 0.5e6 + 4096 + (1 << 20)
    # Mostly ordinary prose: roughly one entity per 40-80 words overall.
    words = sum(len(d["text"].split()) for d in docs)
    assert 200 < words / len(docs)


def slots_per_word(tmp_path, name, *args):
    """Entity slots per word, from the generator's own statistics line."""
    out = tmp_path / name
    run = subprocess.run([sys.executable, GEN, "-o", str(out), *args], check=True,
                         cwd=REPO, capture_output=True, text=True)
    line = [l for l in run.stderr.splitlines() if "entity slots:" in l][0]
    slots, words = (int(x) for x in line.split()[2:5:2])
    return slots / words


def test_words_per_mention_sets_the_density(tmp_path):
    default = slots_per_word(tmp_path, "d.jsonl", "--size-mb", "0.3", "--seed", "5")
    dense = slots_per_word(tmp_path, "x.jsonl", "--size-mb", "0.3", "--seed", "5",
                           "--words-per-mention", "4-8")
    assert 1 / 80 <= default <= 1 / 40
    # Prose between names keeps it below the 4-8 aimed at, but about four times
    # the default's, as dense as real releases (one name per ~11 words).
    assert dense > 1 / 14
    assert dense > 3 * default
    # The option given as its default is the default corpus, byte for byte.
    same = gen(tmp_path, "s.jsonl", "--size-mb", "0.3", "--seed", "5",
               "--words-per-mention", "40-80")
    assert same.read_bytes() == (tmp_path / "d.jsonl").read_bytes()
    bad = subprocess.run([sys.executable, GEN, "-o", str(tmp_path / "b.jsonl"),
                          "--words-per-mention", "8"], cwd=REPO, capture_output=True)
    assert bad.returncode == 2


def test_corpus_languages_option(tmp_path):
    docs = records(gen(tmp_path, "ro.jsonl", "--size-mb", "0.1", "--langs", "ro"))
    assert {d["lang"] for d in docs} == {"ro"}


def test_single_document(tmp_path):
    docs = records(gen(tmp_path, "one.jsonl", "--size-mb", "0.3", "--single-document"))
    assert len(docs) == 1
    assert docs[0]["lang"] == "mul"
    assert len(docs[0]["text"].encode("utf-8")) >= 0.3e6


def test_baseline_finds_names_and_schemes(tmp_path):
    pytest.importorskip("ahocorasick")
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": (
        "Russian hackers of APT28 attacked Poland; the NCSC and UNC3886 were named, "
        "not papt28.")}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    subprocess.run([sys.executable, BASELINE, str(corpus), "-o", str(out)], check=True,
                   cwd=REPO, capture_output=True)
    (record,) = records(out)
    found = {(m["type"], m["text"]) for m in record["mentions"]}
    assert ("STATE", "Russian") in found
    assert ("STATE", "Poland") in found
    assert ("THREAT_ACTOR", "APT28") in found
    assert ("THREAT_ACTOR", "UNC3886") in found
    # Word boundaries: "papt28" holds no mention.
    assert all(m["text"].lower() != "papt28" for m in record["mentions"])
