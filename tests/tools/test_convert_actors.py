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

needs_misp = pytest.mark.skipif(not os.path.isdir(MISP), reason="no MISP galaxy snapshot")

sys.path.insert(0, os.path.join(REPO, "tools"))
import convert_actors as ca  # noqa: E402

OPERATION_RE = re.compile(r"(?i:operation|op\.?)\s.*|Operation[A-Z].*")


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


@needs_misp
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


@needs_misp
def test_names_refer_to_entities(data):
    missing = {r[1] for r in data["names"]} - set(data["entities"])
    assert not missing
    # every record can be found by its canonical name, except a MITRE set named only by
    # an operation (G0116 "Operation Wocao"): found by its MITRE id instead
    for rid, r in data["entities"].items():
        if OPERATION_RE.fullmatch(r[2]):
            assert "mitre=G" in r[5], r
            continue
        assert rid in ids(data, r[2])


@needs_misp
def test_apt28_apt29_differ(data):
    assert one_id(data, "APT28") != one_id(data, "APT29")


@needs_misp
def test_apt34_apt35_differ(data):
    assert one_id(data, "APT34") != one_id(data, "APT35")


@needs_misp
def test_lazarus_apt38_differ(data):
    assert one_id(data, "Lazarus Group") != one_id(data, "APT38")


@needs_misp
def test_gallium_softcell_granite_typhoon(data):
    gid = one_id(data, "GALLIUM")
    for n in ("SOFTCELL", "Soft Cell", "Granite Typhoon"):
        assert one_id(data, n) == gid, n
    assert data["entities"][gid][3] == "CN"
    assert "mitre=G0093" in data["entities"][gid][5]


@needs_misp
def test_unc2814_not_gallium(data):
    assert one_id(data, "UNC2814") != one_id(data, "GALLIUM")


@needs_misp
def test_apt31_aliases(data):
    aid = one_id(data, "APT31")
    assert aid == "apt31"
    assert one_id(data, "ZIRCONIUM") == aid
    assert one_id(data, "Violet Typhoon") == aid


@needs_misp
def test_apt27_emissary_panda(data):
    assert one_id(data, "Emissary Panda") == one_id(data, "APT27")


@needs_misp
def test_apt28_aliases(data):
    aid = one_id(data, "APT28")
    for n in ("Fancy Bear", "Sofacy", "STRONTIUM", "Forest Blizzard"):
        assert one_id(data, n) == aid, n


@needs_misp
def test_shared_alias_kept_on_every_actor(data):
    # "Grizzly Steppe" is given to both APT28 and APT29 by threat-actor.json: both keep it
    assert ids(data, "Grizzly Steppe") >= {one_id(data, "APT28"), one_id(data, "APT29")}


@needs_misp
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
        if re.fullmatch(r"(APT|UNC|FIN|TA)\d+|Storm-\d+|DEV-\d+", r[2]):
            assert "cue" not in r[5] and r[4] == "any", r


def flags_of(row):
    return set(filter(None, row[5].split(",")))


def line_of(data, name, rid=None):
    rid = rid or one_id(data, name)
    rows = [r for r in data["names"] if r[1] == rid and r[2] == name]
    assert len(rows) == 1, (name, rid, rows)
    return rows[0]


# --- rule changes: operations, cue for primary names, short forms, MITRE ids

@needs_misp
def test_operations_are_not_aliases(data):
    for r in data["names"]:
        assert not OPERATION_RE.fullmatch(r[2]), r
    # entries that were only an operation give no record
    for rid in ("operation-bugdrop", "operation-sharpshooter", "operation-parliament",
                "operation-soft-cell"):
        assert rid not in data["entities"], rid
    # ... but a MITRE set named by one stays, reachable by its id
    wocao = one_id(data, "G0116")
    assert data["entities"][wocao][2] == "Operation Wocao"
    # the short "Soft Cell" (override) is still GALLIUM; "Operation Soft Cell" is gone
    assert one_id(data, "Soft Cell") == one_id(data, "GALLIUM")
    assert not ids(data, "Operation Soft Cell")
    assert not ids(data, "Operation Pawn Storm")
    assert not ids(data, "OperationTroy")
    # an operation is no merge evidence: VICEROY TIGER (OPERATION HANGOVER, Donot Team)
    # is not pulled into Patchwork
    assert one_id(data, "Donot Team") != one_id(data, "Patchwork")


@needs_misp
def test_headline_names_without_cue(data):
    for name in ("Turla", "Kimsuky", "OilRig", "Lazarus Group", "Gamaredon Group",
                 "Sandworm Team", "MuddyWater", "APT28", "Fancy Bear", "Carbanak",
                 "Darkhotel", "Lazarus", "Sandworm", "Gamaredon"):
        assert "cue" not in flags_of(line_of(data, name)), name
    # the malware flag stays, only the cue goes
    for name in ("Kimsuky", "OilRig", "Carbanak", "Darkhotel"):
        assert "malware" in flags_of(line_of(data, name)), name
    # Turla: only a Polish word-list hit -> `common`, case `cap`, no cue
    assert line_of(data, "Turla")[4:] == ["cap", "common"]


@needs_misp
def test_cue_kept_for_words_elements_and_malware_aliases(data):
    turla = one_id(data, "Turla")
    assert {"cue", "common", "malware"} <= flags_of(line_of(data, "Snake", turla))
    assert {"cue", "malware"} <= flags_of(line_of(data, "WhiteBear", turla))
    assert line_of(data, "Snake", turla)[4] == "cap"
    for name in ("Equation", "GALLIUM", "HAFNIUM", "Silence", "Mirage", "NICKEL"):
        row = line_of(data, name)
        assert {"cue", "common"} <= flags_of(row), row
        assert row[4] == "cap", row
    zinc = line_of(data, "ZINC", one_id(data, "Lazarus Group"))
    assert {"cue", "common", "short"} <= flags_of(zinc)
    assert line_of(data, "DUNE")[4:] == ["exact", "common,cue,short"]


@needs_misp
def test_multi_word_names_never_cue_unless_software(data):
    for r in data["names"]:
        if " " in r[2] and "cue" in flags_of(r):
            assert ca.SOFTWARE_WORD_RE.search(r[2]), r
    assert "cue" in flags_of(line_of(data, "Lumma Stealer"))


@needs_misp
def test_short_forms(data):
    for short, full in (("Lazarus", "Lazarus Group"), ("Sandworm", "Sandworm Team"),
                        ("Gamaredon", "Gamaredon Group"), ("Winnti", "Winnti Group")):
        rid = one_id(data, full)
        assert one_id(data, short) == rid, short
        assert line_of(data, short, rid)[4] == "cap", short
    # not added when the bare word is an element or a malware name
    assert not ids(data, "Poseidon")
    assert line_of(data, "Cobalt")[4:] == ["cap", "common,cue,malware"]   # listed by a source


@needs_misp
def test_mitre_ids_exact(data):
    seen = 0
    for r in data["names"]:
        if re.fullmatch(r"G\d{4}", r[2]):
            assert r[4] == "exact" and "cue" not in flags_of(r), r
            seen += 1
    for rid, e in data["entities"].items():
        attrs = dict(kv.split("=") for kv in e[5].split(";"))
        for gid in [attrs.get("mitre")] + attrs.get("revoked", "").split(","):
            if gid:
                assert line_of(data, gid, rid)[4] == "exact", (rid, gid)
    assert seen >= 186
    assert line_of(data, "G0093") == ["THREAT_ACTOR", "gallium", "G0093", "", "exact", ""]


# --- the rules themselves, on synthetic input

def test_classify_rules():
    words = ca.Words({"turla", "equation", "snake", "lazarus", "gallium", "tonto"},
                     {"equation", "snake"})
    mal = {"kimsuky", "snake", "roaming mantis", "carbanak"}
    c = ca.classify
    assert c("Turla", words, mal, primary=True) == ("cap", ["common"])
    assert c("Turla", words, mal) == ("cap", ["common", "cue"])
    assert c("Equation", words, mal, primary=True) == ("cap", ["common", "cue"])
    assert c("GALLIUM", words, mal, primary=True) == ("cap", ["common", "cue"])
    assert c("ZINC", words, mal, primary=True) == ("exact", ["common", "cue", "short"])
    assert c("Kimsuky", words, mal, primary=True) == ("any", ["malware"])
    assert c("Carbanak", words, mal) == ("any", ["cue", "malware"])
    assert c("Snake", words, mal) == ("cap", ["common", "cue", "malware"])
    assert c("Roaming Mantis", words, mal) == ("any", ["malware"])
    assert c("Lumma Stealer", words, mal) == ("any", ["cue"])
    assert c("G0093", words, mal) == ("exact", [])
    assert c("APT28", words, mal) == ("any", [])
    assert c("Lazarus", words, mal, short_form=True) == ("cap", ["common"])
    assert c("Sandworm", words, mal, short_form=True) == ("cap", [])
    assert c("Sandworm", words, mal) == ("any", [])
    assert c("Snake", words, mal, short_form=True) == ("cap", ["common", "cue", "malware"])


def test_operation_and_short_form_helpers():
    for n in ("Operation Soft Cell", "Op Cleaver", "OPERATION HANGOVER", "OperationTroy",
              "Op. Aurora"):
        assert ca.is_operation(n) and ca.not_alias(n), n
    for n in ("Operational Group", "Opera", "Soft Cell", "Operator Panda"):
        assert not ca.is_operation(n), n
    assert ca.short_form_base("Lazarus Group") == "Lazarus"
    assert ca.short_form_base("Sandworm Team") == "Sandworm"
    assert ca.short_form_base("Lazarus group") == "Lazarus"
    for n in ("313 Team", "Ajax Security Team", "APT31 Group", "Threat Group-3390",
              "Lazarus", "Op Group"):
        assert ca.short_form_base(n) is None, n


@needs_misp
def test_rerun_byte_identical(out, tmp_path):
    again = run(tmp_path / "again")
    for f in OUT_FILES:
        assert (out / f).read_bytes() == (again / f).read_bytes(), f


@needs_misp
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
