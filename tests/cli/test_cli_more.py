"""CLI tests of `extract --format stix`, `lookup` and `list`."""

import json
import os
import pathlib
import re
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
BIN = os.environ.get("ATTREX_BIN", str(HERE.parents[1] / "build" / "tools" / "attrex"))
ID = re.compile(r"^[a-z][a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

DOCS = [
    {"id": "a", "text": "Belgia atribuie atacurile grupării APT31; DNSC a informat NATO."},
    {"id": "b", "text": "The NCSC said APT28, also known as Fancy Bear, targeted Germany."},
    {"id": "c", "text": "nothing to see"},
    {"id": "d"},
]


def run(*args, stdin=""):
    return subprocess.run([BIN, *args], input=stdin.encode(), capture_output=True)


def test_stix_bundle_rules_and_determinism():
    lines = "".join(json.dumps(d) + "\n" for d in DOCS)
    first = run("extract", "-q", "--format", "stix", "--stix-time", "2026-02-03T04:05:06.000Z",
                stdin=lines)
    again = run("extract", "-q", "--format", "stix", "--stix-time", "2026-02-03T04:05:06.000Z",
                "--threads", "2", stdin=lines)
    assert first.returncode == 1  # document "d" has no text
    assert first.stdout == again.stdout
    bundle = json.loads(first.stdout)
    assert bundle["type"] == "bundle" and ID.match(bundle["id"])
    ids = {o["id"] for o in bundle["objects"]}
    assert len(ids) == len(bundle["objects"])
    types = {}
    for o in bundle["objects"]:
        assert ID.match(o["id"]) and o["id"].startswith(o["type"] + "--")
        assert o["spec_version"] == "2.1"
        assert o["created"] == o["modified"] == "2026-02-03T04:05:06.000Z"
        types.setdefault(o["type"], []).append(o)
        for ref in o.get("object_refs", []):
            assert ref in ids
        if o["type"] == "relationship":
            assert o["source_ref"] in ids and o["target_ref"] in ids
    assert [r["name"] for r in types["report"]] == ["a", "b"]
    assert {i["name"] for i in types["intrusion-set"]} == {"APT31", "APT28"}
    assert all("identity_class" in i for i in types["identity"])
    assert {loc["country"] for loc in types["location"]} >= {"BE", "DE", "CN", "RU"}


def test_lookup_prints_records_and_candidates():
    out = run("lookup", "Fancy Bear", "Ministry of Defence", "Nobody At All")
    assert out.returncode == 1  # the last name is unknown
    lines = [json.loads(l) for l in out.stdout.decode().splitlines()]
    assert [l["query"] for l in lines] == ["Fancy Bear", "Ministry of Defence", "Nobody At All"]
    assert [r["id"] for r in lines[0]["records"]] == ["apt28"]
    assert len(lines[1]["records"]) > 5
    assert lines[2]["records"] == []
    assert run("lookup").returncode == 2
    assert run("lookup", "--help").returncode == 0


def test_list_types():
    out = run("list", "actors")
    assert out.returncode == 0
    actors = [json.loads(l) for l in out.stdout.decode().splitlines()]
    assert len(actors) > 1000
    assert [a["id"] for a in actors] == sorted(a["id"] for a in actors)
    assert any(a["id"] == "gallium" and "Granite Typhoon" in a["aliases"] for a in actors)
    assert run("list", "planets").returncode == 2
    assert run("list", "--help").returncode == 0


def test_output_to_a_device_is_written_in_place(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    out = run("extract", "-q", "--output", str(fifo),
              stdin=json.dumps({"id": "x", "text": "APT31"}) + "\n")
    data = reader.communicate(timeout=30)[0]
    assert out.returncode == 0
    assert json.loads(data)["mentions"][0]["id"] == "apt31"
    assert fifo.is_fifo()  # still a FIFO: nothing was renamed over it
    assert run("extract", "-q", "--output", "/dev/null", stdin="").returncode == 0
    assert pathlib.Path("/dev/null").is_char_device()
