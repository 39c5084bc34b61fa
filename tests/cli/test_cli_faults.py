"""Fault injection for `attrex extract`: whatever goes wrong with an input, N input
documents give exactly N output records, in input order; and --output never leaves
a half-written file (SECURITY.md).

Complements test_cli.py (whose helpers it uses). Faults that need no root
privileges to provoke: /proc/self/mem (opens, then every read fails with EIO),
dangling and looping symbolic links, invalid UTF-8, byte-order marks, huge lines,
empty files, the document size limit, a file size limit (RLIMIT_FSIZE) on the
output, and signals.

Run with:  ATTREX_BIN=/path/to/attrex /usr/bin/python3 -m pytest tests/cli -q
"""

import contextlib
import json
import os
import resource
import signal
import subprocess
import time

import pytest

from test_cli import (BIN, DE, EN, RO, TIMEOUT, assert_valid, extract, ids, is_error,
                      jsonl, mention_ids, records, run)

HAVE_PROC_MEM = os.path.exists("/proc/self/mem")


def _fault_folder(root):
    """A folder with every kind of bad input next to good ones. Returns the ids
    the records must have, in order, with whether each is an error record."""
    d = root / "in"
    (d / "sub").mkdir(parents=True)
    expected = {}
    (d / "a-good.txt").write_text(EN, encoding="utf-8")
    expected["a-good.txt"] = [("in/a-good.txt", False)]
    (d / "b-bad-utf8.txt").write_bytes(b"APT28 \xff\xfe\xc3 in Germany \xed\xa0\x80.")
    expected["b-bad-utf8.txt"] = [("in/b-bad-utf8.txt", False)]
    (d / "c-empty.txt").write_bytes(b"")
    expected["c-empty.txt"] = [("in/c-empty.txt", False)]
    (d / "d-bom.txt").write_bytes(b"\xef\xbb\xbf" + RO.encode())
    expected["d-bom.txt"] = [("in/d-bom.txt", False)]
    (d / "e-empty.jsonl").write_bytes(b"")
    expected["e-empty.jsonl"] = []  # no lines, no documents
    (d / "f-blank.jsonl").write_bytes(b"\n  \n\t\r\n")
    expected["f-blank.jsonl"] = []
    mixed = (b"\xef\xbb\xbf" + json.dumps({"id": "m-1", "text": EN}).encode() + b"\r\n"
             + b'{"id": "m-2", "text": "unterminated\n'  # malformed
             + b"\n"
             + b'{"id": "m-4", "text": "APT28 \xff in Germany"}\n'  # invalid UTF-8: malformed
             + b'{"id": "", "text": "an empty id names nothing"}\n'
             + b'{"id": "m-6", "text": 6}\n'
             + b"[1, 2]\n"
             + b"\x00\x01\x02\n"
             + json.dumps({"id": "m-9", "text": DE, "k": [1.50]}).encode())  # no final newline
    (d / "g-mixed.jsonl").write_bytes(mixed)
    expected["g-mixed.jsonl"] = [("m-1", False), ("in/g-mixed.jsonl:2", True),
                                 ("in/g-mixed.jsonl:4", True), ("in/g-mixed.jsonl:5", False),
                                 ("m-6", True), ("in/g-mixed.jsonl:7", True),
                                 ("in/g-mixed.jsonl:8", True), ("m-9", False)]
    # One 6 MB line, a name every 100 KB or so.
    big = ("The investigation continued for many weeks without new findings. " * 1500
           + "Then APT28 was named. ") * 64
    (d / "h-big.jsonl").write_text(json.dumps({"id": "big", "text": big}) + "\n", encoding="utf-8")
    expected["h-big.jsonl"] = [("big", False)]
    os.symlink("no-such-target.txt", d / "i-dangling.txt")  # not a regular file: skipped
    expected["i-dangling.txt"] = []
    os.symlink("..", d / "sub" / "up")  # a loop: the folder must be walked once
    (d / "sub" / "j-deep.md").write_text(DE, encoding="utf-8")
    expected["sub/j-deep.md"] = [("in/sub/j-deep.md", False)]
    if HAVE_PROC_MEM:
        os.symlink("/proc/self/mem", d / "k-eio.txt")  # opens, then reads fail
        expected["k-eio.txt"] = [("in/k-eio.txt", True)]
        os.symlink("/proc/self/mem", d / "l-eio.jsonl")
        expected["l-eio.jsonl"] = [("in/l-eio.jsonl", True)]
    order = sorted(expected, key=lambda name: "in/" + name)
    return [rec for name in order for rec in expected[name]]


def _check(recs, expected):
    assert [(r["id"], is_error(r)) for r in recs] == expected
    assert_valid(recs)


@pytest.mark.parametrize("threads", ["1", "3"])
def test_every_fault_yields_exactly_its_records(tmp_path, threads):
    expected = _fault_folder(tmp_path)
    extra = [("missing.txt", True), ("in/a-good.txt", False)]
    p = extract(["-q", "-j", threads, "in", "missing.txt", "in/a-good.txt"], cwd=tmp_path)
    assert p.returncode == 1
    recs = records(p.stdout)
    _check(recs, expected + extra)
    by_id = {r["id"]: r for r in recs}
    assert [d["code"] for d in by_id["in/b-bad-utf8.txt"]["diagnostics"]] == ["invalid_utf8"]
    assert "apt28" in mention_ids(by_id["in/b-bad-utf8.txt"])
    assert by_id["in/c-empty.txt"]["mentions"] == []
    assert "apt31" in mention_ids(by_id["in/d-bom.txt"])
    assert by_id["m-9"]["meta"] == {"k": [1.5]}
    assert [m["text"] for m in by_id["big"]["mentions"]] == ["APT28"] * 64
    if HAVE_PROC_MEM:
        assert "read error" in by_id["in/k-eio.txt"]["error"]["message"]
        assert "read error" in by_id["in/l-eio.jsonl"]["error"]["message"]
    # The same records, byte for byte, through --output; and one CSV error row
    # per failed document.
    out = tmp_path / "out.jsonl"
    q = extract(["-q", "-j", threads, "-o", str(out), "in", "missing.txt", "in/a-good.txt"],
                cwd=tmp_path)
    assert q.returncode == 1
    assert out.read_bytes() == p.stdout
    c = extract(["-q", "-f", "csv", "in", "missing.txt", "in/a-good.txt"], cwd=tmp_path)
    error_rows = [line for line in c.stdout.decode("utf-8").splitlines()[1:]
                  if line.rsplit(",", 1)[-1]]
    assert len(error_rows) == sum(bad for _, bad in expected + extra)


def test_many_files_across_batches(tmp_path):
    # More files than one batch (1024 documents), every seventh one bad.
    d = tmp_path / "many"
    d.mkdir()
    expected = []
    for i in range(1500):
        path = d / f"{i:05d}.txt"
        if i % 7 == 3 and HAVE_PROC_MEM:
            os.symlink("/proc/self/mem", path)
            expected.append((f"many/{i:05d}.txt", True))
        else:
            path.write_bytes((RO if i % 2 else EN).encode() + (b" \xff" if i % 5 == 0 else b""))
            expected.append((f"many/{i:05d}.txt", False))
    p = extract(["-q", "many"], cwd=tmp_path)
    recs = records(p.stdout)
    assert [(r["id"], is_error(r)) for r in recs] == expected
    assert p.returncode == (1 if HAVE_PROC_MEM else 0)


@pytest.mark.parametrize("args", [[], ["--input-format", "text"]])
def test_standard_input_that_cannot_be_read_gets_an_error_record(tmp_path, args):
    # A folder as standard input: every read fails with EISDIR.
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        p = subprocess.run([BIN, "extract", "-q", *args], stdin=fd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    finally:
        os.close(fd)
    assert p.returncode == 1
    recs = records(p.stdout)
    assert [(r["id"], is_error(r)) for r in recs] == [("stdin", True)]
    assert "read error" in recs[0]["error"]["message"]


def test_empty_id_keeps_file_and_line():
    p = extract(["-q"], input=jsonl({"id": "", "text": EN}, {"id": "x", "text": EN}))
    assert p.returncode == 0
    assert ids(records(p.stdout)) == ["stdin:1", "x"]


# ------------------------------------------------------------------------ limits


def test_document_over_the_size_limit_gets_an_error_record(tmp_path):
    small, exact, large = "APT28 " + "x" * 44, "A" * 100, "APT29 " + "y" * 95
    assert (len(small), len(exact), len(large)) == (50, 100, 101)
    (tmp_path / "large.txt").write_text(large, encoding="utf-8")
    data = jsonl({"id": "small", "text": small}, {"id": "exact", "text": exact},
                 {"id": "large", "text": large, "src": "feed"})
    (tmp_path / "docs.jsonl").write_text(data, encoding="utf-8")
    p = extract(["--max-document-bytes", "100", "docs.jsonl", "large.txt"], cwd=tmp_path)
    assert p.returncode == 1
    recs = records(p.stdout)
    assert [(r["id"], is_error(r)) for r in recs] == [
        ("small", False), ("exact", False), ("large", True), ("large.txt", True)]
    assert recs[2]["error"]["code"] == "resource_exhausted"
    assert "max_document_bytes" in recs[2]["error"]["message"]
    assert recs[2]["meta"] == {"src": "feed"}
    assert b"large: " in p.stderr and b"large.txt: " in p.stderr
    assert_valid(recs)


def test_mention_limit_is_a_diagnostic():
    p = extract(["-q", "--max-mentions", "2"], input=jsonl({"text": "APT28 APT29 APT30 APT31"}))
    assert p.returncode == 0
    rec = records(p.stdout)[0]
    assert len(rec["mentions"]) == 2
    assert [d["code"] for d in rec["diagnostics"]] == ["mention_limit"]
    assert_valid([rec])


def test_long_document_read_in_windows_matches_whole_reading():
    # Paragraphs that each stand alone: cut between them, the windows find what
    # one reading of the whole document finds, at the same offsets.
    text = "\n\n".join([EN] * 700)
    whole = records(extract(["-q", "--window-bytes", "0"], input=jsonl({"text": text})).stdout)[0]
    p = extract(["-q", "--window-bytes", "2048"], input=jsonl({"text": text}))
    assert p.returncode == 0
    windowed = records(p.stdout)[0]
    assert len(text.encode()) > 10 * 2048
    assert windowed["mentions"] == whole["mentions"]
    assert [(e["id"], e["mentions"]) for e in windowed["actors"]] == \
        [(e["id"], e["mentions"]) for e in whole["actors"]]
    assert_valid([windowed])


def _long_release(paragraphs):
    # Releases in several languages and scripts, with characters JSON escapes.
    parts = [EN, RO, DE, "Le \"groupe\" APT28 \u2014 li\u00e9 \u00e0 la Russie.\t",
             "\U0001F6A8 Sandworm \u043f\u0440\u043e\u0442\u0438\u0432 \u0423\u043a\u0440\u0430\u0438\u043d\u044b."]
    return "\n\n".join(parts[i % len(parts)] for i in range(paragraphs))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "stix"])
def test_streamed_documents_give_the_records_of_whole_reading(tmp_path, fmt):
    # Lines and files longer than --stream-bytes are read in pieces and their
    # mentions kept in a temporary file: the output is the same, byte for byte,
    # whatever the field order (the id after the text), escapes or format.
    long_text = _long_release(250)
    assert len(long_text.encode()) > 8 * 1024
    lines = (json.dumps({"text": long_text, "src": {"a": [1, 2.5, None]}, "id": "late-id"})
             + "\n" + jsonl({"id": "short", "text": EN})
             + json.dumps({"id": 7, "text": long_text}, ensure_ascii=True) + "\n")
    (tmp_path / "a.jsonl").write_text(lines, encoding="utf-8")
    (tmp_path / "b.txt").write_text(long_text, encoding="utf-8")
    common = ["-q", "--format", fmt, "--window-bytes", "1024", str(tmp_path)]
    whole = extract(common + ["--stream-bytes", "0"], cwd=tmp_path)
    streamed = extract(common + ["--stream-bytes", "2048"], cwd=tmp_path)
    assert whole.returncode == 0 and streamed.returncode == 0
    assert streamed.stdout == whole.stdout
    if fmt == "jsonl":
        recs = records(streamed.stdout)
        assert [r["id"] for r in recs] == ["late-id", "short", "7", str(tmp_path / "b.txt")]
        assert recs[0]["meta"] == {"src": {"a": [1, 2.5, None]}}
        # Offsets are those of the whole text, mentions from every window.
        text = long_text.encode()
        for m in recs[0]["mentions"]:
            assert text[m["start"]:m["end"]].decode() == m["text"]
        assert {"apt28", "apt44", "apt31", "AT"} <= {m["id"] for m in recs[0]["mentions"]}
        assert recs[0]["mentions"][-1]["start"] > len(text) - 600
        assert_valid(recs)
    # Standard input as one text document, streamed too.
    stdin_whole = extract(["-q", "--input-format", "text", "--window-bytes", "1024",
                           "--stream-bytes", "0", "--format", fmt], input=long_text)
    stdin_streamed = extract(["-q", "--input-format", "text", "--window-bytes", "1024",
                              "--stream-bytes", "3000", "--format", fmt], input=long_text)
    assert stdin_streamed.stdout == stdin_whole.stdout and stdin_streamed.returncode == 0


def test_streamed_line_that_turns_out_malformed_is_an_error_record():
    # The fault shows only after the text was read and extracted: the record
    # is an error record under the line's own id, and the next lines go on.
    long_text = _long_release(60)
    bad = json.dumps({"id": "x", "text": long_text})[:-1] + ', "k": }\n'
    two_texts = json.dumps({"text": long_text, "id": "y"})[:-1] + ', "text": "again"}\n'
    too_big = jsonl({"id": "z", "text": _long_release(200)})
    p = extract(["-q", "--window-bytes", "1024", "--stream-bytes", "2048",
                 "--max-document-bytes", "5000"],
                input=bad + jsonl({"id": "ok", "text": EN}) + two_texts + too_big)
    assert p.returncode == 1
    recs = records(p.stdout)
    assert [r["id"] for r in recs] == ["stdin:1", "ok", "y", "z"]
    assert recs[0]["error"]["code"] == "invalid_input"
    assert "malformed JSON" in recs[0]["error"]["message"]
    assert not is_error(recs[1]) and mention_ids(recs[1])
    assert "appears twice" in recs[2]["error"]["message"]
    assert recs[3]["error"]["code"] == "resource_exhausted"
    assert "exceeds max_document_bytes (5000)" in recs[3]["error"]["message"]
    assert_valid(recs)


def test_streamed_document_without_a_temporary_folder_is_an_error_record(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path / "missing"))
    p = run(["extract", "-q", "--window-bytes", "1024", "--stream-bytes", "2048"],
            input=jsonl({"id": "long", "text": _long_release(100)}, {"id": "ok", "text": EN}),
            env=env)
    assert p.returncode == 1
    recs = records(p.stdout)
    assert [r["id"] for r in recs] == ["long", "ok"]
    assert "temporary file" in recs[0]["error"]["message"]
    assert not is_error(recs[1])
    # A STIX bundle keeps no mentions: it needs no temporary file.
    p = run(["extract", "-q", "--format", "stix", "--window-bytes", "1024", "--stream-bytes",
             "2048"], input=jsonl({"id": "long", "text": _long_release(100)}), env=env)
    assert p.returncode == 0, p.stderr
    assert any(o["type"] == "report" for o in json.loads(p.stdout)["objects"])


@pytest.mark.parametrize("args", [["--max-document-bytes", "0"],
                                  ["--max-document-bytes", str(1 << 33)],
                                  ["--max-mentions", "many"],
                                  ["--window-bytes", "10"]])
def test_bad_limit_values_exit_2(args):
    p = extract(args, input=jsonl({"text": EN}))
    assert p.returncode == 2
    assert p.stderr.strip()
    assert p.stdout == b""


# ------------------------------------------------------------------------ user files


def test_gazetteer_folder_is_a_usage_error(tmp_path):
    p = extract(["-g", str(tmp_path)], input=jsonl({"text": EN}))
    assert p.returncode == 2
    assert str(tmp_path).encode() in p.stderr and b"folder" in p.stderr
    assert p.stdout == b""


@pytest.mark.parametrize("content,message", [
    (b"type\tid\tname\tlang\tcase\tflags\nSTATE\tRO\tRom\xe2nia\tro\tany\t\n", b":2: invalid UTF-8"),
    (b"type\tid\tkind\tregex\tflags\n# mine\nTHREAT_ACTOR\tx\tscheme\t" + b"(a|b)" * 1000 + b"\t\n",
     b":3: regex of 5000 bytes is longer than the 4096 allowed"),
    (b"type\tid\tkind\tregex\tflags\nTHREAT_ACTOR\tx\tscheme\tapt(\\d+\t\n", b":2: bad regex"),
    (b"type\tid\tname\tcountry\tkind\tattrs\nTHREAT_ACTOR\tapt28\tMine\tRU\tgroup\t\n",
     b":2: duplicate id THREAT_ACTOR apt28"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", b"mine.tsv:"),
    (b"", b"no header line"),
])
def test_bad_user_files_exit_2_naming_file_and_line(tmp_path, content, message):
    path = tmp_path / "mine.tsv"
    path.write_bytes(content)
    p = extract(["-g", str(path)], input=jsonl({"text": EN}))
    assert p.returncode == 2
    assert str(path).encode() in p.stderr
    assert message in p.stderr, p.stderr
    assert p.stdout == b""


def test_user_pattern_file_as_gazetteer(tmp_path):
    path = tmp_path / "zorg.tsv"
    path.write_text("type\tid\tkind\tregex\tflags\n"
                    "THREAT_ACTOR\tzorg\tscheme\t\\bzorg-(\\d{2,4})\\b\ttemplate=ZORG-$1;case=upper\n",
                    encoding="utf-8")
    p = extract(["-q", "-g", str(path)], input=jsonl({"text": "ZORG-117 hit the ministry."}))
    assert p.returncode == 0, p.stderr
    rec = records(p.stdout)[0]
    assert [m["text"] for m in rec["mentions"]] == ["ZORG-117"]


def test_normalize_folder_is_an_error_not_a_crash(tmp_path):
    p = run(["normalize", str(tmp_path)])
    assert p.returncode == 1
    assert str(tmp_path).encode() in p.stderr


# ------------------------------------------------------------------------ atomic output


def _limit_file_size(limit):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_output_left_as_it_was_when_writing_fails(tmp_path):
    # A file size limit makes the writes fail part way (as a full disk would).
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"previous results\n")
    data = jsonl(*({"id": str(i), "text": EN * 20} for i in range(200)))
    p = subprocess.run([BIN, "extract", "-q", "-o", str(target)], input=data.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT,
                       preexec_fn=_limit_file_size(16 * 1024))
    assert p.returncode == 1, p.stderr
    assert b"cannot write" in p.stderr and str(target).encode() in p.stderr
    assert target.read_bytes() == b"previous results\n"
    assert os.listdir(tmp_path) == ["out.jsonl"], "temporary file left behind"
    # Without the limit the same run succeeds.
    p = extract(["-q", "-o", str(target)], input=data)
    assert p.returncode == 0
    assert len(records(target.read_bytes())) == 200


def _start_waiting_run(target):
    """attrex extract -o target, reading JSONL from a pipe we hold open."""
    proc = subprocess.Popen([BIN, "extract", "-q", "-o", str(target)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(jsonl({"id": "first", "text": EN}).encode())
    proc.stdin.flush()
    temp = None
    deadline = time.monotonic() + TIMEOUT
    while temp is None and time.monotonic() < deadline:  # the extractor is being built
        temp = next((n for n in os.listdir(target.parent) if ".tmp." in n), None)
        time.sleep(0.05)
    assert temp is not None, "no temporary output file appeared"
    return proc, target.parent / temp


@contextlib.contextmanager
def _reaped(proc):
    """Kills the process if the test leaves it running (a failed assertion)."""
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _read_line(stream, deadline):
    """One line from a pipe, or None when none is complete by the deadline."""
    import select
    data = b""
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([stream], [], [], left)[0]:
            return None
        chunk = os.read(stream.fileno(), 1)
        if not chunk:
            return None
        data += chunk
    return data


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_records_of_a_slow_pipe_come_as_their_documents_do(fmt):
    # Output goes out in large blocks, but not while the tool waits for input:
    # each document's record arrives before the next document is sent.
    proc = subprocess.Popen([BIN, "extract", "-q", "--format", fmt, "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    with _reaped(proc):
        if fmt == "csv":
            assert _read_line(proc.stdout, time.monotonic() + TIMEOUT).startswith(b"doc_id,")
        for i in range(3):
            proc.stdin.write(jsonl({"id": f"slow-{i}", "text": EN}).encode())
            proc.stdin.flush()
            line = _read_line(proc.stdout, time.monotonic() + TIMEOUT)
            assert line is not None, f"no record for document {i} while the input waits"
            if fmt == "jsonl":
                assert json.loads(line)["id"] == f"slow-{i}"
            else:
                assert line.startswith(f"slow-{i},".encode())
                # The document's other rows come in the same block.
                while _read_line(proc.stdout, time.monotonic() + 0.5) is not None:
                    pass
        proc.stdin.close()
        assert proc.wait(timeout=TIMEOUT) == 0


def test_output_appears_complete_or_not_at_all(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"previous results\n")
    proc, temp = _start_waiting_run(target)
    with _reaped(proc):
        assert temp.name.startswith("out.jsonl.tmp.")
        assert target.read_bytes() == b"previous results\n"  # not touched while running
        proc.stdin.write(jsonl({"id": "second", "text": RO}).encode())
        proc.stdin.close()
        assert proc.wait(timeout=TIMEOUT) == 0
    assert ids(records(target.read_bytes())) == ["first", "second"]
    assert os.listdir(tmp_path) == ["out.jsonl"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_interrupted_run_leaves_no_file(tmp_path, sig):
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"previous results\n")
    proc, temp = _start_waiting_run(target)
    try:
        with _reaped(proc):
            proc.send_signal(sig)
            assert proc.wait(timeout=TIMEOUT) == -sig
    finally:
        proc.stdin.close()
    assert target.read_bytes() == b"previous results\n"
    assert not temp.exists()
    assert os.listdir(tmp_path) == ["out.jsonl"]
