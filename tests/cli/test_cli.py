"""End-to-end tests of the `attrex` command-line tool.

Runs the binary named by $ATTREX_BIN (default: <repo>/build/tools/attrex) with
subprocess and checks the batch contract of `attrex extract` (one record per input
document, in input order, whatever happens), its output formats, the exit codes and
the JSONL record schema (data/schema/record.schema.json).

Run with:  ATTREX_BIN=/path/to/attrex /usr/bin/python3 -m pytest tests/cli -q
(from any directory: every path here is relative to this file or to tmp_path).

Only stdlib + pytest. The schema is checked with python3-jsonschema when it is
installed, otherwise with the small draft 2020-12 subset validator below (which
refuses schema keywords it does not implement, so it never passes silently).

All texts here are invented for these tests.
"""

import csv
import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMA_PATH = REPO / "data" / "schema" / "record.schema.json"
BIN = os.environ.get("ATTREX_BIN") or str(REPO / "build" / "tools" / "attrex")
TIMEOUT = 60

# Invented press-release sentences, several languages; each names at least one
# entity the built-in data knows.
EN = "The NCSC said APT28 targeted Germany."
RO = "Belgia atribuie atacurile grupării APT31."
DE = "Das BSI warnt: Die Gruppe Turla griff Behörden in Österreich an."
FR = "L'ANSSI attribue la campagne à APT28, un groupe lié à la Russie."
NL = "Het CCB meldt dat APT41 België heeft aangevallen."
PL = "CERT Polska: grupa APT29 zaatakowała ministerstwa; Rosja zaprzecza."
ES = "El CCN-CERT atribuye el ataque a Lazarus, vinculado a Corea del Norte."
EMPTYISH = "Nothing of interest happened today."
TEXTS = [EN, RO, DE, FR, NL, PL, ES, EMPTYISH]


# --------------------------------------------------------------------------- helpers


def run(args, input=None, cwd=None, env=None):
    """Runs attrex with `args`; `input` is str or bytes. Returns CompletedProcess
    with bytes stdout/stderr."""
    if isinstance(input, str):
        input = input.encode("utf-8")
    return subprocess.run(
        [BIN, *args],
        input=input if input is not None else b"",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        timeout=TIMEOUT,
    )


def extract(args, input=None, cwd=None):
    return run(["extract", *args], input=input, cwd=cwd)


def records(stdout):
    """Parses JSONL output: one JSON object per line, every line newline-ended."""
    text = stdout.decode("utf-8")  # the output must always be valid UTF-8
    if not text:
        return []
    assert text.endswith("\n"), "output must end with a newline"
    out = []
    for line in text[:-1].split("\n"):
        value = json.loads(line)
        assert isinstance(value, dict), line
        out.append(value)
    return out


def jsonl(*objs):
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def is_error(rec):
    return "error" in rec


def ids(recs):
    return [r["id"] for r in recs]


def mention_ids(rec):
    return {m["id"] for m in rec.get("mentions", [])}


# --- schema validation --------------------------------------------------------------

_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "$comment", "examples"}
_SUPPORTED = {
    "$ref", "oneOf", "anyOf", "type", "enum", "const", "required", "properties",
    "additionalProperties", "items", "minItems", "minimum", "maximum", "minLength",
    "pattern",
}


def _type_ok(value, t):
    if t == "object":
        return isinstance(value, dict)
    if t == "array":
        return isinstance(value, list)
    if t == "string":
        return isinstance(value, str)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "null":
        return value is None
    if t == "integer":
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    raise AssertionError(f"unsupported type {t!r} in schema")


def _subset_validate(value, schema, root, path, errors):
    unknown = set(schema) - _SUPPORTED - _ANNOTATIONS
    assert not unknown, f"schema keywords not implemented by the test validator: {unknown}"
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/"), ref
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        _subset_validate(value, target, root, path, errors)
    if "oneOf" in schema:
        matches = 0
        for sub in schema["oneOf"]:
            sub_errors = []
            _subset_validate(value, sub, root, path, sub_errors)
            matches += not sub_errors
        if matches != 1:
            errors.append(f"{path}: matches {matches} of oneOf, not exactly 1")
    if "anyOf" in schema:
        if not any(
            not _collect(value, sub, root, path) for sub in schema["anyOf"]
        ):
            errors.append(f"{path}: matches none of anyOf")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(value, t) for t in types):
            errors.append(f"{path}: {value!r} is not of type {types}")
            return
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            errors.append(f"{path}: string shorter than {schema['minLength']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: {value} > {schema['maximum']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing required {key!r}")
        props = schema.get("properties", {})
        for key, sub in value.items():
            if key in props:
                _subset_validate(sub, props[key], root, f"{path}.{key}", errors)
            elif "additionalProperties" in schema:
                extra = schema["additionalProperties"]
                if extra is False:
                    errors.append(f"{path}: unexpected property {key!r}")
                elif isinstance(extra, dict):
                    _subset_validate(sub, extra, root, f"{path}.{key}", errors)
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for i, item in enumerate(value):
                _subset_validate(item, schema["items"], root, f"{path}[{i}]", errors)


def _collect(value, schema, root, path):
    errors = []
    _subset_validate(value, schema, root, path, errors)
    return errors


def _make_validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    try:
        import jsonschema  # python3-jsonschema, optional

        cls = jsonschema.Draft202012Validator
        cls.check_schema(schema)
        validator = cls(schema)
        return lambda rec: [
            f"$.{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(rec)
        ]
    except (ImportError, AttributeError):
        return lambda rec: _collect(rec, schema, schema, "$")


_VALIDATOR = None


def schema_errors(rec):
    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = _make_validator()
    return _VALIDATOR(rec)


def assert_valid(recs):
    for rec in recs:
        errs = schema_errors(rec)
        assert not errs, f"record {rec.get('id')!r} fails the schema: {errs}"


def check_offsets(rec, text_bytes):
    """start/end are UTF-8 byte offsets: the bytes between them are the mention."""
    previous_end = 0
    for m in rec["mentions"]:
        assert 0 <= m["start"] < m["end"] <= len(text_bytes), m
        assert text_bytes[m["start"]:m["end"]].decode("utf-8") == m["text"], (
            m, text_bytes[m["start"]:m["end"]])
        # in text order, flat (no overlaps)
        assert m["start"] >= previous_end, f"overlapping / unordered mentions in {rec['id']}"
        previous_end = m["end"]


# ------------------------------------------------------------------ help / version / usage


def test_binary_exists():
    assert os.access(BIN, os.X_OK), f"attrex binary not found at {BIN} (set ATTREX_BIN)"


def test_tool_help():
    for flag in ("--help", "-h", "help"):
        p = run([flag])
        assert p.returncode == 0, flag
        out = p.stdout.decode()
        assert out.startswith("usage: attrex"), out
        assert "extract" in out and "normalize" in out


def test_tool_version():
    p = run(["--version"])
    assert p.returncode == 0
    assert re.fullmatch(r"attrex \d+\.\d+\.\d+\S*\n", p.stdout.decode()), p.stdout


def test_no_command_is_usage_error():
    p = run([])
    assert p.returncode == 2
    assert b"usage: attrex" in p.stderr
    assert p.stdout == b""


def test_extract_help():
    p = run(["extract", "--help"])
    assert p.returncode == 0
    out = p.stdout.decode()
    assert out.startswith("usage: attrex extract")
    for option in ("--output", "--format", "--threads", "--text-field", "--id-field",
                   "--quiet", "--gazetteer", "--types"):
        assert option in out, option


def test_normalize_help():
    p = run(["normalize", "--help"])
    assert p.returncode == 0
    out = p.stdout.decode()
    assert out.startswith("usage: attrex normalize")
    assert "--text" in out and "--no-map" in out


def test_unknown_command_exit_2():
    p = run(["frobnicate"])
    assert p.returncode == 2
    assert b"unknown command 'frobnicate'" in p.stderr
    assert p.stdout == b""


@pytest.mark.parametrize("command", ["extract", "normalize"])
def test_unknown_option_exit_2(command):
    p = run([command, "--no-such-option"])
    assert p.returncode == 2
    assert b"no-such-option" in p.stderr
    assert p.stdout == b""


@pytest.mark.parametrize("args", [
    ["--format", "xml"],
    ["--threads", "0"],
    ["--input-format", "yaml"],
    ["--min-confidence", "2"],
    ["--threads"],  # missing value
])
def test_bad_option_values_exit_2(args):
    p = extract(args, input=jsonl({"text": EN}))
    assert p.returncode == 2, args
    assert p.stderr.strip(), "a usage error must say why on stderr"
    assert p.stdout == b""


# --------------------------------------------------------------------------- inputs


def test_stdin_jsonl_default_ids():
    # blank and whitespace-only lines are skipped but still counted; CRLF accepted
    data = (jsonl({"text": EN}) + "\n   \n" + json.dumps({"text": RO}) + "\r\n"
            + json.dumps({"text": DE}))  # last line without newline
    for args in ([], ["-"]):
        p = extract(["-q", *args], input=data)
        assert p.returncode == 0, p.stderr
        recs = records(p.stdout)
        assert ids(recs) == ["stdin:1", "stdin:4", "stdin:5"]
        assert "apt28" in mention_ids(recs[0])
        assert "apt31" in mention_ids(recs[1]) and "BE" in mention_ids(recs[1])
        assert "turla" in mention_ids(recs[2])
        assert_valid(recs)


def test_stdin_as_one_text_document():
    p = extract(["-q", "--input-format", "text"], input=EN + "\n" + RO)
    assert p.returncode == 0
    recs = records(p.stdout)
    assert ids(recs) == ["stdin"]
    assert {"apt28", "apt31", "DE", "BE"} <= mention_ids(recs[0])


def test_txt_files_id_is_path(tmp_path):
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "ro.md").write_text(RO, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "de.txt").write_text(DE, encoding="utf-8")
    # relative paths stay relative, absolute ones absolute, in command-line order
    absolute = str(sub / "de.txt")
    p = extract(["-q", "ro.md", "en.txt", absolute], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    recs = records(p.stdout)
    assert ids(recs) == ["ro.md", "en.txt", absolute]
    assert "apt31" in mention_ids(recs[0])
    assert "apt28" in mention_ids(recs[1])
    assert "turla" in mention_ids(recs[2])
    assert all("meta" not in r for r in recs)
    assert_valid(recs)


def test_directory_recursive_sorted(tmp_path):
    d = tmp_path / "in"
    (d / "b" / "deep").mkdir(parents=True)
    (d / "a").mkdir()
    (d / "z.txt").write_text(EN, encoding="utf-8")
    (d / "b" / "deep" / "x.md").write_text(RO, encoding="utf-8")
    (d / "a" / "m.ndjson").write_text(jsonl({"text": DE}, {"text": FR}), encoding="utf-8")
    (d / "a" / "c.jsonl").write_text(jsonl({"id": "custom", "text": NL}), encoding="utf-8")
    (d / "b" / "a.txt").write_text(PL, encoding="utf-8")
    # not inputs: other extensions, no extension, upper-case extension
    (d / "notes.csv").write_text("APT28,APT31\n", encoding="utf-8")
    (d / "README").write_text(EN, encoding="utf-8")
    (d / "b" / "skip.json").write_text(json.dumps({"text": EN}), encoding="utf-8")
    p = extract(["-q", "in"], cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    recs = records(p.stdout)
    files = sorted(["in/z.txt", "in/b/deep/x.md", "in/a/m.ndjson", "in/a/c.jsonl", "in/b/a.txt"])
    expected = []
    for f in files:
        if f.endswith("m.ndjson"):
            expected += [f + ":1", f + ":2"]
        elif f.endswith("c.jsonl"):
            expected += ["custom"]
        else:
            expected += [f]
    assert ids(recs) == expected
    assert_valid(recs)


def test_jsonl_file_default_ids_are_file_and_line(tmp_path):
    (tmp_path / "docs.jsonl").write_text(
        jsonl({"text": EN}, {"id": "given", "text": RO}) + "\n" + jsonl({"text": DE}),
        encoding="utf-8")
    p = extract(["-q", "docs.jsonl"], cwd=tmp_path)
    assert p.returncode == 0
    assert ids(records(p.stdout)) == ["docs.jsonl:1", "given", "docs.jsonl:4"]


def test_id_field_and_text_field():
    data = jsonl(
        {"doc_id": "r-1", "body": EN, "text": "not this", "id": "not this either"},
        {"doc_id": 42, "body": RO},
        {"body": DE},  # no id field: file:line
        {"doc_id": None, "body": FR},  # null id: file:line
    )
    p = extract(["-q", "--id-field", "doc_id", "--text-field", "body"], input=data)
    assert p.returncode == 0, p.stderr
    recs = records(p.stdout)
    assert ids(recs) == ["r-1", "42", "stdin:3", "stdin:4"]
    assert "apt28" in mention_ids(recs[0])
    # the default-named fields are ordinary pass-through fields now
    assert recs[0]["meta"] == {"text": "not this", "id": "not this either"}
    assert "meta" not in recs[1]
    assert_valid(recs)


def test_meta_passthrough_exact():
    # Written compactly, so every pass-through value's exact text is known.
    fields = (
        '"source":{"url":"https://example.invalid/comunicat?x=1&y=\\u0219","tags":["ro","ş",'
        '"🚨"],"nested":{"k":null,"t":true,"f":false,"deep":[[],{}]}},'
        '"score":1.50,"big":1e5,"neg":-0.0,"exp":2.5E-3,"int":12345678901234567890,'
        '"title":"Ştiri \\"citat\\" 🚨 \\/ \\n","esc":"caf\\u00e9","empty":{}'
    )
    line = '{"id":"m1",' + fields + ',"text":' + json.dumps(RO) + "}\n"
    p = extract(["-q"], input=line)
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode("utf-8")
    assert '"meta":{' + fields + "}" in out, out
    rec = records(p.stdout)[0]
    assert rec["id"] == "m1"
    assert list(rec["meta"]) == ["source", "score", "big", "neg", "exp", "int", "title",
                                 "esc", "empty"]
    assert rec["meta"] == json.loads("{" + fields + "}")
    assert "apt31" in mention_ids(rec)
    assert_valid([rec])


def test_meta_passthrough_numbers_with_whitespace():
    line = '{ "text" : "x" , "n" : 1.50 , "e" : 1e5 , "obj" : { "a" : [1.0, 2] } }\n'
    p = extract(["-q"], input=line)
    assert p.returncode == 0
    out = p.stdout.decode()
    rec = records(p.stdout)[0]
    meta_text = out[out.index('"meta":'):]
    assert re.search(r'"n":\s*1\.50\s*[,}]', meta_text), out
    assert re.search(r'"e":\s*1e5\s*[,}]', meta_text), out
    assert re.search(r'"a"\s*:\s*\[1\.0,\s*2\]', meta_text), out
    assert rec["meta"] == {"n": 1.5, "e": 1e5, "obj": {"a": [1.0, 2]}}


def test_meta_values_with_quotes_brackets_and_escaped_keys():
    # Values are found by scanning the line: quotes escaped (and backslashes
    # before a closing quote), brackets inside strings, spaces around values,
    # an escaped key, and a text field in the middle.
    line = ('{"a" : "q\\"}]" , "b":{"c":"]}\\\\","d":[1,{"e":"\\"["}]}, "text":'
            + json.dumps(RO) + ',"f" :-1.5e3 ,"g\\u00e9":true,"h":"\\\\"}\n')
    p = extract(["-q"], input=line)
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode("utf-8")
    want = ('"meta":{"a":"q\\"}]","b":{"c":"]}\\\\","d":[1,{"e":"\\"["}]},'
            '"f":-1.5e3,"g\u00e9":true,"h":"\\\\"}')
    assert want in out, out
    rec = records(p.stdout)[0]
    assert rec["meta"] == {"a": 'q"}]', "b": {"c": "]}\\", "d": [1, {"e": '"['}]},
                           "f": -1500.0, "g\u00e9": True, "h": "\\"}
    assert "apt31" in mention_ids(rec)


# ------------------------------------------------------------------------ bad inputs


def test_bad_jsonl_lines_give_error_records_in_place():
    lines = [
        json.dumps({"id": "ok-1", "text": EN}),
        '{"id": "broken", "text": "unterminated',  # malformed JSON
        json.dumps({"id": "ok-2", "text": RO}),
        json.dumps({"id": "no-text", "body": EN}),  # missing text
        json.dumps({"id": "num-text", "text": 5}),  # non-string text
        json.dumps({"id": "null-text", "text": None}),
        "[1, 2, 3]",  # not an object
        '"just a string"',
        '{"id": "trailing", "text": "x"} extra',
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    data += b'{"id": "bad-utf8", "text": "APT28 \xff\xfe in Germany"}\n'  # invalid UTF-8
    data += (json.dumps({"id": "ok-3", "text": DE}) + "\n").encode("utf-8")
    p = extract([], input=data)
    assert p.returncode == 1
    recs = records(p.stdout)
    assert len(recs) == 11
    expected_ids = ["ok-1", "stdin:2", "ok-2", "no-text", "num-text", "null-text",
                    "stdin:7", "stdin:8", "stdin:9", "stdin:10", "ok-3"]
    assert ids(recs) == expected_ids
    bad = {1, 3, 4, 5, 6, 7, 8, 9}
    for i, rec in enumerate(recs):
        assert is_error(rec) == (i in bad), rec
        if i in bad:
            assert rec["error"]["code"] == "invalid_input"
            assert rec["error"]["message"]
    assert "apt28" in mention_ids(recs[0]) and "apt31" in mention_ids(recs[2])
    assert "turla" in mention_ids(recs[10])
    assert "missing field 'text'" in recs[3]["error"]["message"]
    assert "not a string" in recs[4]["error"]["message"]
    # one message on stderr per failed document, naming it
    err = p.stderr.decode("utf-8", "replace")
    for i in sorted(bad):
        assert recs[i]["id"] + ":" in err, (recs[i]["id"], err)
    assert len([l for l in err.splitlines() if l.startswith("attrex extract: ")]) == len(bad)
    assert_valid(recs)


def test_error_record_keeps_given_id_whatever_the_key_order():
    # The id field names the failed document, wherever it stands in the line.
    data = jsonl(
        {"id": "num-text-id-first", "text": 5},
        {"text": 5, "id": "num-text-id-last"},
        {"text": None, "id": 17},
    )
    p = extract(["-q"], input=data)
    assert p.returncode == 1
    recs = records(p.stdout)
    assert [is_error(r) for r in recs] == [True, True, True]
    assert ids(recs) == ["num-text-id-first", "num-text-id-last", "17"]


def test_id_rules_of_a_jsonl_line():
    # A document's id is its id field when that is a non-empty string or a
    # number; otherwise (empty, null, missing) its source and line. A later
    # empty id does not undo an earlier one.
    lines = [
        '{"id": "", "text": "x"}',
        '{"id": null, "text": "x"}',
        '{"text": "x"}',
        '{"id": "kept", "id": "", "text": "x"}',
        '{"id": 425, "text": "x"}',
        '{"id": "", "id": "second", "text": "x"}',
    ]
    p = extract(["-q"], input=("\n".join(lines) + "\n").encode("utf-8"))
    assert p.returncode == 0, p.stderr
    assert ids(records(p.stdout)) == [
        "stdin:1", "stdin:2", "stdin:3", "kept", "425", "second"]


def test_error_record_keeps_meta():
    # Pass-through fields let a failed document be joined back to its source: when
    # the line is valid JSON they belong in the error record too.
    data = jsonl(
        {"id": "no-text", "src": "feed-a", "n": 1},
        {"id": "num-text", "text": 5, "src": "feed-b"},
        {"id": "list-text", "src": "feed-c", "text": ["a"]},
    )
    p = extract(["-q"], input=data)
    assert p.returncode == 1
    recs = records(p.stdout)
    assert [is_error(r) for r in recs] == [True, True, True]
    assert [r.get("meta") for r in recs] == [
        {"src": "feed-a", "n": 1}, {"src": "feed-b"}, {"src": "feed-c"}]
    assert_valid(recs)


def test_invalid_utf8_in_txt_file(tmp_path):
    # The library's contract (extractor.h, document.h): invalid bytes are tolerated,
    # read as U+FFFD and reported as an "invalid_utf8" diagnostic; offsets stay byte
    # offsets into the original text.
    raw = "Die Gruppe APT28 ".encode() + b"\xff\xfe\xc3" + " griff Deutschland an.".encode()
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(raw)
    (tmp_path / "c.txt").write_text(RO, encoding="utf-8")
    p = extract(["-q", "a.txt", "bad.txt", "c.txt"], cwd=tmp_path)
    recs = records(p.stdout)  # the output itself is valid UTF-8
    assert ids(recs) == ["a.txt", "bad.txt", "c.txt"]
    assert not is_error(recs[0]) and not is_error(recs[2])
    bad = recs[1]
    assert not is_error(bad), bad
    assert p.returncode == 0
    assert [d["code"] for d in bad.get("diagnostics", [])] == ["invalid_utf8"]
    assert {"apt28", "DE"} <= mention_ids(bad)
    check_offsets(bad, raw)
    assert_valid(recs)


def test_missing_and_unopenable_files(tmp_path):
    (tmp_path / "good.txt").write_text(EN, encoding="utf-8")
    os.symlink("loop.txt", tmp_path / "loop.txt")  # exists, but cannot be opened
    p = extract(["missing.txt", "good.txt", "loop.txt", "gone.jsonl", "good.txt/x.txt"],
                cwd=tmp_path)
    assert p.returncode == 1
    recs = records(p.stdout)
    assert ids(recs) == ["missing.txt", "good.txt", "loop.txt", "gone.jsonl", "good.txt/x.txt"]
    assert [is_error(r) for r in recs] == [True, False, True, True, True]
    assert recs[0]["error"]["code"] == "not_found"
    assert "apt28" in mention_ids(recs[1])
    err = p.stderr.decode()
    for name in ("missing.txt", "loop.txt", "gone.jsonl", "good.txt/x.txt"):
        assert f"attrex extract: {name}: " in err, err
    assert_valid(recs)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root can read a mode-000 file")
def test_unreadable_file(tmp_path):
    (tmp_path / "good.txt").write_text(EN, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(RO, encoding="utf-8")
    secret.chmod(0)
    try:
        p = extract(["secret.txt", "good.txt"], cwd=tmp_path)
    finally:
        secret.chmod(0o644)
    assert p.returncode == 1
    recs = records(p.stdout)
    assert ids(recs) == ["secret.txt", "good.txt"]
    assert is_error(recs[0]) and not is_error(recs[1])
    assert b"secret.txt" in p.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root can read a mode-000 directory")
def test_directory_with_unreadable_subdirectory(tmp_path):
    # An unreadable folder inside a walked folder must not cost the other files
    # their records, nor pass unnoticed.
    d = tmp_path / "in"
    (d / "locked").mkdir(parents=True)
    (d / "locked" / "hidden.txt").write_text(EN, encoding="utf-8")
    readable = []
    for i in range(12):
        (d / f"f{i:02d}.txt").write_text(RO, encoding="utf-8")
        (d / f"s{i:02d}").mkdir()
        (d / f"s{i:02d}" / "doc.txt").write_text(DE, encoding="utf-8")
        readable += [f"in/f{i:02d}.txt", f"in/s{i:02d}/doc.txt"]
    (d / "locked").chmod(0)
    try:
        p = extract(["-q", "in"], cwd=tmp_path)
        loud = extract(["in"], cwd=tmp_path)
    finally:
        (d / "locked").chmod(0o755)
    got = [r["id"] for r in records(p.stdout) if not is_error(r)]
    assert got == sorted(readable), "files of the walk were silently dropped"
    assert p.returncode == 1
    assert b"locked" in loud.stderr


def _mixed_lines(n):
    """n JSONL lines, a deterministic mix of good and bad documents, with the id
    each record must get."""
    lines, expected = [], []
    for i in range(n):
        k = i % 13
        if k == 3:
            lines.append('{"id": "x%d", "text": ' % i)
            expected.append((f"stdin:{i + 1}", True))
        elif k == 7:
            lines.append(json.dumps({"id": f"d{i}", "body": EN}))
            expected.append((f"d{i}", True))
        elif k == 11:
            lines.append(json.dumps({"id": f"d{i}", "text": [EN]}))
            expected.append((f"d{i}", True))
        else:
            text = TEXTS[i % len(TEXTS)] * (1 + i % 4)
            lines.append(json.dumps({"id": f"d{i}", "text": text, "i": i}, ensure_ascii=False))
            expected.append((f"d{i}", False))
    return "\n".join(lines) + "\n", expected


def test_one_record_per_document():
    data, expected = _mixed_lines(300)
    p = extract(["-q"], input=data)
    assert p.returncode == 1
    recs = records(p.stdout)
    assert len(recs) == len(expected)
    assert [(r["id"], is_error(r)) for r in recs] == expected
    for rec in recs:
        if not is_error(rec):
            assert rec["meta"]["i"] == int(rec["id"][1:])


def test_threads_keep_order_and_output_is_deterministic(tmp_path):
    # More than one batch of 1024 documents, with bad lines in between.
    data, expected = _mixed_lines(2600)
    path = tmp_path / "many.jsonl"
    path.write_text(data, encoding="utf-8")
    one = extract(["-q", "--threads", "1", str(path)])
    four = extract(["-q", "--threads", "4", str(path)])
    again = extract(["-q", "-j", "4", str(path)])
    default = extract(["-q", str(path)])
    assert one.returncode == four.returncode == again.returncode == default.returncode == 1
    assert one.stdout == four.stdout == again.stdout == default.stdout
    recs = records(one.stdout)
    assert len(recs) == 2600
    for rec, (doc_id, bad) in zip(recs, expected):
        if doc_id.startswith("stdin:"):
            doc_id = f"{path}:{doc_id[6:]}"
        assert rec["id"] == doc_id and is_error(rec) == bad


# --------------------------------------------------------------------------- output


def test_output_file_written_atomically(tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "result.jsonl"
    target.write_text("stale content\n", encoding="utf-8")
    data = jsonl({"id": "a", "text": EN}, {"id": "b", "text": RO})
    to_stdout = extract(["-q"], input=data)
    p = extract(["-q", "--output", str(target)], input=data)
    assert p.returncode == 0, p.stderr
    assert p.stdout == b""
    assert target.read_bytes() == to_stdout.stdout
    assert sorted(os.listdir(out_dir)) == ["result.jsonl"], "temporary file left behind"
    # errors: still written, exit 1
    p = extract(["-q", "-o", str(target)], input=data + "not json\n")
    assert p.returncode == 1
    assert ids(records(target.read_bytes())) == ["a", "b", "stdin:3"]
    assert sorted(os.listdir(out_dir)) == ["result.jsonl"]


def test_output_to_unwritable_directory_fails(tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "out.jsonl"
    p = extract(["-q", "--output", str(target)], input=jsonl({"text": EN}))
    assert p.returncode != 0
    assert str(target).encode() in p.stderr
    assert not target.exists()
    assert p.stdout == b""


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root can write to a read-only directory")
def test_output_to_read_only_directory_fails(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        p = extract(["-q", "-o", str(ro / "out.jsonl")], input=jsonl({"text": EN}))
        assert p.returncode != 0
        assert os.listdir(ro) == []
    finally:
        ro.chmod(0o755)


CSV_HEADER = ["doc_id", "type", "start", "end", "text", "id", "name", "confidence",
              "evidence", "error"]


def test_csv_format(tmp_path):
    names = tmp_path / "user.names.tsv"
    names.write_text("type\tid\tname\tlang\tcase\tflags\n"
                     'THREAT_ACTOR\tghost-crew\tGhost, "Crew"\t*\tany\t\n', encoding="utf-8")
    ghost = 'Officials blamed Ghost, "Crew" for the breach of the NCSC network.'
    data = jsonl({"id": 'a,"b"', "text": EN}, {"id": "none", "text": EMPTYISH},
                 {"id": "g", "text": ghost}) + "oops\n" + jsonl({"id": "ro", "text": RO})
    common = ["-q", "-g", str(names)]
    p = extract([*common, "--format", "csv"], input=data)
    j = extract(common, input=data)
    assert p.returncode == 1 and j.returncode == 1
    text = p.stdout.decode("utf-8")
    assert text.splitlines()[0] == ",".join(CSV_HEADER)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == CSV_HEADER
    assert all(len(r) == len(CSV_HEADER) for r in rows), rows
    # one row per mention, the same mentions as in JSONL; one row per failed document
    expected = []
    for rec in records(j.stdout):
        if is_error(rec):
            expected.append((rec["id"], "", "", "", "", "", "", "", "", True))
            continue
        for m in rec["mentions"]:
            expected.append((rec["id"], m["type"], str(m["start"]), str(m["end"]), m["text"],
                             m["id"], m["name"], m["confidence"], m["evidence"], False))
    got = []
    for r in rows[1:]:
        conf = float(r[7]) if r[7] else ""
        got.append((r[0], r[1], r[2], r[3], r[4], r[5], r[6], conf, r[8], bool(r[9])))
    assert got == expected
    assert any(r[0] == 'a,"b"' for r in rows[1:])
    assert ['g', 'THREAT_ACTOR'] == [x for x in rows if x[5] == "ghost-crew"][0][:2]
    assert [x for x in rows if x[5] == "ghost-crew"][0][4] == 'Ghost, "Crew"'
    assert "none" not in [r[0] for r in rows]  # no mentions, no rows
    assert 'oops' not in text and "stdin:4" in [r[0] for r in rows]
    # the raw quoting, RFC 4180 style
    assert '"a,""b""",THREAT_ACTOR,14,19,APT28,apt28,APT28,' in text
    assert ',"Ghost, ""Crew""",ghost-crew,' in text
    # confidences as "%g" writes them: "0.95", not "0.950000"
    assert all(r[7] == "%g" % float(r[7]) for r in rows[1:] if r[7])


# ------------------------------------------------------------------- extractor options


def test_types_restrict_output():
    data = jsonl({"text": EN}, {"text": PL}, {"text": ES})
    full = records(extract(["-q"], input=data).stdout)
    assert {m["type"] for r in full for m in r["mentions"]} == {"STATE", "AGENCY", "THREAT_ACTOR"}
    for types, want in (("THREAT_ACTOR", {"THREAT_ACTOR"}),
                        ("threat_actor", {"THREAT_ACTOR"}),
                        ("STATE,AGENCY", {"STATE", "AGENCY"})):
        p = extract(["-q", "--types", types], input=data)
        assert p.returncode == 0, (types, p.stderr)
        recs = records(p.stdout)
        assert {m["type"] for r in recs for m in r["mentions"]} == want, types
        if "STATE" not in want:
            assert all(r["states"] == [] for r in recs)
        if "AGENCY" not in want:
            assert all(r["agencies"] == [] for r in recs)
        if "THREAT_ACTOR" not in want:
            assert all(r["actors"] == [] for r in recs)
        assert_valid(recs)


@pytest.mark.parametrize("types", ["PERSON", "STATE,MALWARE", ",STATE"])
def test_types_unknown_exit_2(types):
    p = extract(["--types", types], input=jsonl({"text": EN}))
    assert p.returncode == 2
    assert b"unknown type" in p.stderr
    assert p.stdout == b""


def test_gazetteer_adds_new_actor(tmp_path):
    names = tmp_path / "my.names.tsv"
    names.write_text(
        "# my own names\n"
        "type\tid\tname\tlang\tcase\tflags\n"
        "THREAT_ACTOR\tvelvet-lantern\tVelvet Lantern\t*\tany\t\n"
        "THREAT_ACTOR\tvelvet-lantern\tFelinarul de Catifea\tro\t\t\n",
        encoding="utf-8")
    data = jsonl({"id": "en", "text": "Analysts linked Velvet Lantern to the attack on Germany."},
                 {"id": "ro", "text": "DNSC atribuie atacul grupării Felinarul de Catifea."})
    without = records(extract(["-q"], input=data).stdout)
    assert all("velvet-lantern" not in mention_ids(r) for r in without)
    p = extract(["-q", "--gazetteer", str(names)], input=data)
    assert p.returncode == 0, p.stderr
    recs = records(p.stdout)
    for rec in recs:
        assert "velvet-lantern" in mention_ids(rec), rec
        actor = [a for a in rec["actors"] if a["id"] == "velvet-lantern"]
        assert len(actor) == 1 and actor[0]["name"] == "Velvet Lantern"
    assert "DE" in mention_ids(recs[0])  # the built-in data is still there
    assert_valid(recs)


@pytest.mark.parametrize("content,line", [
    ("type\tid\tname\tlang\tcase\tflags\n"
     "THREAT_ACTOR\tvelvet-lantern\tVelvet Lantern\t*\tany\t\textra\n", 2),
    ("type\tid\tname\tlang\tcase\tflags\n"
     "# a comment\n"
     "THREAT_ACTOR\tvelvet-lantern\tVelvet Lantern\t*\tany\t\n"
     "THREAT_ACTOR\tx\ty\t*\tany\t\ta\tb\n", 4),
])
def test_bad_gazetteer_exit_2_names_file_and_line(tmp_path, content, line):
    bad = tmp_path / "bad.names.tsv"
    bad.write_text(content, encoding="utf-8")
    p = extract(["-g", str(bad)], input=jsonl({"text": EN}))
    assert p.returncode == 2
    assert f"{bad}:{line}".encode() in p.stderr, p.stderr
    assert p.stdout == b""


def test_missing_gazetteer_exit_2(tmp_path):
    missing = tmp_path / "nope.names.tsv"
    p = extract(["-g", str(missing)], input=jsonl({"text": EN}))
    assert p.returncode == 2
    assert str(missing).encode() in p.stderr
    assert p.stdout == b""


# -------------------------------------------------------------------------- offsets


OFFSET_TEXTS = [
    "🚨🔥 Alertă: 🇷🇴 DNSC avertizează că gruparea APT29 a vizat România.",
    # combining acute accent (e + U+0301) before the mentions
    "Le ministre a de\u0301clare\u0301 que l'ANSSI attribue l'attaque à APT28 et à la Russie.",
    # Romanian in decomposed form (a + U+0302, s + U+0326)
    "Atacul grupa\u0306rii APT31 asupra Roma\u0302niei a fost condamnat de Frant\u0326a.",
    # ZWJ sequences, skin tones, CJK and RTL text before the mentions
    "👩‍💻👨‍👩‍👧👍🏽 网络攻击 هجوم The FBI and CISA said Volt Typhoon targeted the United States.",
    "\ufeffDas BSI warnt: Die Gruppe Turla 👾 griff Behörden in Österreich an.",  # BOM
    "Het CCB meldt dat APT41 ‘België’ heeft aangevallen — volgens België en de NAVO.",
    "Line one\r\nCERT Polska: grupa APT29 (Cozy Bear)\r\nzaatakowała ministerstwa; Rosja zaprzecza.",
    ES,
]
OFFSET_EXPECT = [{"apt29"}, {"apt28", "RU"}, {"apt31"}, {"volt-typhoon", "US"},
                 {"turla", "AT"}, {"apt41", "BE"}, {"apt29", "RU"}, {"lazarus-group", "KP"}]


def _check_offset_records(recs):
    assert len(recs) == len(OFFSET_TEXTS)
    for rec, text, want in zip(recs, OFFSET_TEXTS, OFFSET_EXPECT):
        assert not is_error(rec), rec
        assert want <= mention_ids(rec), (text, mention_ids(rec))
        check_offsets(rec, text.encode("utf-8"))
    assert_valid(recs)


def test_offsets_are_utf8_bytes_jsonl():
    p = extract(["-q"], input=jsonl(*({"text": t} for t in OFFSET_TEXTS)))
    assert p.returncode == 0
    _check_offset_records(records(p.stdout))


def test_offsets_are_utf8_bytes_txt(tmp_path):
    paths = []
    for i, text in enumerate(OFFSET_TEXTS):
        path = tmp_path / f"doc{i}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(str(path))
    p = extract(["-q", *paths])
    assert p.returncode == 0
    recs = records(p.stdout)
    assert ids(recs) == paths
    _check_offset_records(recs)


def test_entities_consistent_with_mentions():
    p = extract(["-q"], input=jsonl(*({"text": t} for t in TEXTS + OFFSET_TEXTS)))
    lists = {"STATE": "states", "AGENCY": "agencies", "THREAT_ACTOR": "actors"}
    for rec in records(p.stdout):
        for type_name, key in lists.items():
            counts = {}
            for m in rec["mentions"]:
                if m["type"] == type_name:
                    counts[m["id"]] = counts.get(m["id"], 0) + 1
            entities = {e["id"]: e for e in rec[key]}
            assert len(entities) == len(rec[key]), f"duplicate entities in {rec['id']}"
            assert set(entities) == set(counts), rec
            for eid, entity in entities.items():
                assert entity["mentions"] == counts[eid], entity
                surfaces = {m["text"] for m in rec["mentions"] if m["id"] == eid}
                assert set(entity["aliases"]) == surfaces, entity


# --------------------------------------------------------------------------- schema


def test_schema_file_is_draft_2020_12():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert len(schema["oneOf"]) == 2


def test_every_output_line_validates(tmp_path):
    (tmp_path / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"APT28 \xff in Germany")
    (tmp_path / "x.jsonl").write_text(jsonl({"text": NL, "m": {"k": [1, 2.5]}}) + "nope\n",
                                      encoding="utf-8")
    mixed, _ = _mixed_lines(60)
    (tmp_path / "mixed.jsonl").write_text(mixed, encoding="utf-8")
    (tmp_path / "pat.txt").write_text(
        "The group APT777 and UNC9999 hit the Ministry of Defence; Storm-9876 denied it.",
        encoding="utf-8")
    p = extract(["-q", str(tmp_path), str(tmp_path / "missing.txt")])
    recs = records(p.stdout)
    assert len(recs) > 60
    assert any(is_error(r) for r in recs) and any(r.get("diagnostics") for r in recs)
    assert any(a["known"] is False for r in recs for a in r.get("actors", []))
    assert_valid(recs)


@pytest.mark.parametrize("rec", [
    {"id": "x", "language": "en", "mentions": [], "states": [], "agencies": []},  # no actors
    {"id": "x", "language": "en", "mentions": [], "states": [], "agencies": [], "actors": [],
     "error": {"code": "internal", "message": "both"}},
    {"id": "x", "error": {"code": "nope", "message": "m"}},
    {"id": 5, "error": {"code": "internal", "message": "m"}},
    {"id": "x", "language": "en", "states": [], "agencies": [], "actors": [],
     "mentions": [{"type": "PERSON", "start": 0, "end": 1, "text": "a", "id": "a",
                   "name": "A", "confidence": 0.9, "evidence": "gazetteer"}]},
    {"id": "x", "language": "en", "states": [], "agencies": [], "actors": [],
     "mentions": [{"type": "STATE", "start": -1, "end": 1, "text": "a", "id": "AA",
                   "name": "A", "confidence": 0.9, "evidence": "gazetteer"}]},
    {"id": "x", "language": "en", "states": [], "agencies": [], "actors": [],
     "mentions": [{"type": "STATE", "start": 0, "end": 1, "text": "a", "id": "AA",
                   "name": "A", "confidence": 1.5, "evidence": "gazetteer"}]},
    {"id": "x", "language": "en", "mentions": [], "agencies": [], "actors": [],
     "states": [{"id": "BE", "name": "Belgium", "country": "BE", "kind": "",
                 "attributes": {"a": 1}, "aliases": [], "mentions": 1, "known": True,
                 "confidence": 0.9}]},
])
def test_schema_rejects_bad_records(rec):
    assert schema_errors(rec), rec


# ------------------------------------------------------------------------ stderr / quiet


def test_quiet_good_run_prints_nothing_on_stderr(tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    for args in (["-q", "a.txt"], ["--quiet", "a.txt", "-o", "out.jsonl"],
                 ["-q", "-f", "csv", "a.txt"]):
        p = extract(args, cwd=tmp_path)
        assert p.returncode == 0
        assert p.stderr == b"", (args, p.stderr)


def test_good_run_without_quiet_has_no_messages_when_stderr_is_not_a_tty():
    p = extract([], input=jsonl({"text": EN}))
    assert p.returncode == 0
    assert p.stderr == b""


def test_quiet_suppresses_error_messages_but_not_error_records():
    p = extract(["-q"], input=jsonl({"text": EN}) + "broken\n")
    assert p.returncode == 1
    assert p.stderr == b""
    assert [is_error(r) for r in records(p.stdout)] == [False, True]


# ------------------------------------------------------------------------ normalize


def test_normalize_text_prints_view():
    p = run(["normalize", "--no-map", "--text", "Ştiri: APT-28 în România"])
    assert p.returncode == 0
    out = p.stdout.decode("utf-8")
    assert out.splitlines()[0].startswith("== text (")
    assert "view: stiri: apt-28 in romania" in out.splitlines()
    assert "map" not in out


def test_normalize_text_map_and_repeat():
    p = run(["normalize", "-t", "Ţara", "-t", "ÎNCĂ"])
    assert p.returncode == 0
    out = p.stdout.decode("utf-8")
    assert out.count("== text (") == 2
    assert "view: tara" in out and "view: inca" in out
    assert "map (view bytes <- original bytes):" in out
    assert '"Ţ" -> "t"' in out


def test_normalize_files(tmp_path):
    (tmp_path / "n.txt").write_text("Gruparea APT31\n", encoding="utf-8")
    p = run(["normalize", "--no-map", "n.txt", "missing.txt"], cwd=tmp_path)
    assert p.returncode == 1
    assert "== n.txt (15 bytes, 0 invalid)" in p.stdout.decode()
    # the view folds the trailing newline to a space
    assert "view: gruparea apt31" in p.stdout.decode()
    assert b"missing.txt" in p.stderr
