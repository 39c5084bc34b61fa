"""Sanity checks for tools/convert_actors.py (run: /usr/bin/python3 -m pytest tests/tools -q).

The converter is run into temporary directories on the MISP galaxy snapshot in
../shared/data/misp-galaxy (relative to the repository root); the tests are skipped when
that snapshot is not there.
"""

import collections
import json
import os
import re
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "tools", "convert_actors.py")
MISP = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "misp-galaxy"))
OUT_FILES = ["actors.entities.tsv", "actors.names.tsv", "CONFLICTS.txt"]
CLUSTERS = ["mitre-intrusion-set.json", "mitre-ics-groups.json", "threat-actor.json",
            "microsoft-activity-group.json", "tidal-groups.json", "360net.json"]

pytestmark = pytest.mark.skipif(not os.path.isdir(MISP), reason="no MISP galaxy snapshot")


def run(out_dir):
    subprocess.run([sys.executable, TOOL, MISP, "--out", str(out_dir), "--quiet"],
                   check=True, cwd=REPO)
    return out_dir


def read_tsv(path):
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    assert lines[-1] == "", "file must end with a newline"
    header = lines[0].split("\t")
    rows = [l.split("\t") for l in lines[1:-1] if l.strip() and not l.startswith("#")]
    return header, rows


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return run(tmp_path_factory.mktemp("actors"))


@pytest.fixture(scope="module")
def data(out):
    eh, ents = read_tsv(out / "actors.entities.tsv")
    nh, names = read_tsv(out / "actors.names.tsv")
    entities = {r[1]: r for r in ents}
    ids_of = collections.defaultdict(set)
    for r in names:
        ids_of[r[2].casefold()].add(r[1])
    return {"eh": eh, "ents": ents, "entities": entities, "nh": nh, "names": names,
            "ids_of": ids_of}


def ids(data, name):
    return data["ids_of"].get(name.casefold(), set())


def one_id(data, name):
    found = ids(data, name)
    assert len(found) == 1, "%r -> %s" % (name, sorted(found))
    return next(iter(found))


def test_formats(data):
    assert data["eh"] == ["type", "id", "name", "country", "kind", "attrs"]
    assert data["nh"] == ["type", "id", "name", "lang", "case", "flags"]
    for r in data["ents"]:
        assert len(r) == 6, r
        assert r[0] == "THREAT_ACTOR"
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", r[1]), r
        assert r[2], r
        assert r[3] == "" or re.fullmatch(r"[A-Z]{2}", r[3]), r
        assert r[4] == "group"
        attrs = dict(kv.split("=") for kv in r[5].split(";"))
        assert "uuid" in attrs and "sources" in attrs, r
        if "mitre" in attrs:
            assert re.fullmatch(r"G\d{4}", attrs["mitre"]), r
    assert len(data["entities"]) == len(data["ents"]), "duplicate ids"
    seen = set()
    for r in data["names"]:
        assert len(r) == 6, r
        assert r[0] == "THREAT_ACTOR" and r[2] and r[3] == ""
        assert r[4] in ("any", "cap", "exact"), r
        assert set(filter(None, r[5].split(","))) <= {"cue", "malware", "common", "short"}
        # the engine keeps one alias per (record, folded name): one line each
        key = (r[1], r[2].casefold())
        assert key not in seen, "duplicate names line %r" % (r,)
        seen.add(key)


def test_names_refer_to_entities(data):
    missing = {r[1] for r in data["names"]} - set(data["entities"])
    assert not missing
    # every record can be found by its canonical name
    for rid, r in data["entities"].items():
        assert rid in ids(data, r[2])


def test_apt28_apt29_differ(data):
    assert one_id(data, "APT28") != one_id(data, "APT29")


def test_apt34_apt35_differ(data):
    assert one_id(data, "APT34") != one_id(data, "APT35")


def test_lazarus_apt38_differ(data):
    assert one_id(data, "Lazarus Group") != one_id(data, "APT38")


def test_gallium_softcell_granite_typhoon(data):
    gid = one_id(data, "GALLIUM")
    for n in ("SOFTCELL", "Soft Cell", "Granite Typhoon"):
        assert one_id(data, n) == gid, n
    assert data["entities"][gid][3] == "CN"
    assert "mitre=G0093" in data["entities"][gid][5]


def test_unc2814_not_gallium(data):
    assert one_id(data, "UNC2814") != one_id(data, "GALLIUM")


def test_apt31_aliases(data):
    aid = one_id(data, "APT31")
    assert aid == "apt31"
    assert one_id(data, "ZIRCONIUM") == aid
    assert one_id(data, "Violet Typhoon") == aid


def test_apt27_emissary_panda(data):
    assert one_id(data, "Emissary Panda") == one_id(data, "APT27")


def test_apt28_aliases(data):
    aid = one_id(data, "APT28")
    for n in ("Fancy Bear", "Sofacy", "STRONTIUM", "Forest Blizzard"):
        assert one_id(data, n) == aid, n


def test_shared_alias_kept_on_every_actor(data):
    # "Grizzly Steppe" is given to both APT28 and APT29 by threat-actor.json: both keep it
    assert ids(data, "Grizzly Steppe") >= {one_id(data, "APT28"), one_id(data, "APT29")}


def test_case_and_flag_rules(data):
    line = {(r[1], r[2]): r for r in data["names"]}
    gal = one_id(data, "GALLIUM")
    assert line[(gal, "GALLIUM")][4:] == ["cap", "common,cue"]
    apt28 = one_id(data, "APT28")
    assert line[(apt28, "APT28")][4:] == ["any", ""]
    assert line[(apt28, "Fancy Bear")][4] == "any"
    laz = one_id(data, "Lazarus Group")
    # short -> exact; the sources also write "Zinc", so the two spellings fold to `cap`
    assert line[(laz, "ZINC")][4] in ("exact", "cap")
    tick = one_id(data, "BRONZE BUTLER")
    assert line[(tick, "Tick")][4:] == ["exact", "common,cue,short"]
    assert set(line[(laz, "ZINC")][5].split(",")) >= {"short", "common", "cue"}
    turla = one_id(data, "Turla")
    assert line[(turla, "Snake")][4] == "cap"
    assert set(line[(turla, "Snake")][5].split(",")) >= {"malware", "cue"}
    for r in data["names"]:
        if re.fullmatch(r"(APT|UNC|FIN|TA)\d+|G\d{4}|Storm-\d+|DEV-\d+", r[2]):
            assert "cue" not in r[5] and r[4] == "any", r


def test_rerun_byte_identical(out, tmp_path):
    again = run(tmp_path / "again")
    for f in OUT_FILES:
        assert (out / f).read_bytes() == (again / f).read_bytes(), f


def test_no_description_text(out):
    text = "".join((out / f).read_text(encoding="utf-8") for f in OUT_FILES[:2])
    prose = []
    for fname in CLUSTERS:
        with open(os.path.join(MISP, fname), encoding="utf-8") as fh:
            for v in json.load(fh)["values"]:
                prose.append(v.get("description", ""))
                meta = v.get("meta", {})
                for key in ("Associated Group Descriptions", "Techniques Used"):
                    for item in meta.get(key, []):
                        prose.append(item.partition(" - ")[2])
    prose = [p.strip() for p in prose if len(p.strip()) >= 30]
    assert prose
    for p in prose:
        assert p[:30] not in text, p[:60]
    for line in text.split("\n"):
        for field in line.split("\t"):
            if "uuid=" not in field and not field.startswith("#"):
                assert len(field) <= 80, field


def test_overrides_file_well_formed():
    path = os.path.join(REPO, "data", "actors", "overrides.tsv")
    with open(path, encoding="utf-8") as fh:
        lines = [l.rstrip("\n") for l in fh if l.strip() and not l.startswith("#")]
    assert lines[0].split("\t") == ["action", "subject", "object", "comment"]
    for l in lines[1:]:
        cols = l.split("\t")
        assert len(cols) == 4 and cols[3].strip(), l
        assert cols[0] in ("alias", "unalias", "attach", "country", "separate"), l
