"""Tests for tools/convert_intel_agencies.py and the curated agency gazetteer.

Run: /usr/bin/python3 -m pytest tests/tools/test_convert_intel_agencies.py
"""
import importlib.util
import json
import os
import re
import unicodedata

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "convert_intel_agencies.py")
CURATED = os.path.join(ROOT, "data", "agencies")
MISP = os.path.join(os.path.dirname(ROOT), "shared", "data", "misp-galaxy",
                    "intelligence-agencies.json")

KINDS = {"ministry", "armed-forces", "cyber-agency", "cert", "intelligence", "legislature",
         "regulator", "law-enforcement", "international-organisation", "military-unit"}
ENT_COLS = ["type", "id", "name", "country", "kind", "attrs"]
NAME_COLS = ["type", "id", "name", "lang", "case", "flags"]
FLAGS = {"cue", "malware", "common", "short", "lang-only"}


def load_tool():
    spec = importlib.util.spec_from_file_location("convert_intel_agencies", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read(path):
    """Rows of a gazetteer TSV: (line number, fields); checks the header line."""
    rows, header = [], None
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if header is None:
                header = line.split("\t")
                continue
            rows.append((ln, line.split("\t")))
    return header, rows


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


needs_misp = pytest.mark.skipif(not os.path.exists(MISP), reason="shared MISP data not present")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    if not os.path.exists(MISP):
        pytest.skip("shared MISP data not present")
    tool = load_tool()
    out = tmp_path_factory.mktemp("run1")
    tool.main(["--misp", MISP, "--curated", CURATED, "--out", str(out)])
    return out


# ---------------------------------------------------------------- curated files

def test_curated_column_counts_and_headers():
    for fname, cols in (("agencies.entities.tsv", ENT_COLS), ("agencies.names.tsv", NAME_COLS)):
        header, rows = read(os.path.join(CURATED, fname))
        assert header == cols, fname
        assert rows, fname
        for ln, r in rows:
            assert len(r) == len(cols), f"{fname}:{ln}: {len(r)} columns"
            assert all(x == x.strip() for x in r), f"{fname}:{ln}: stray blanks"
            assert r[0] == "AGENCY", f"{fname}:{ln}"


def test_curated_entities_unique_ids_kinds_countries():
    _, rows = read(os.path.join(CURATED, "agencies.entities.tsv"))
    ids = [r[1] for _, r in rows]
    dup = {i for i in ids if ids.count(i) > 1}
    assert not dup, f"duplicate ids: {sorted(dup)}"
    assert len(ids) >= 300
    for ln, r in rows:
        _, eid, name, cc, kind, attrs = r
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", eid), f"line {ln}: id {eid}"
        assert name, f"line {ln}: empty name"
        assert kind in KINDS, f"line {ln}: kind {kind}"
        if kind == "international-organisation":
            assert cc == "", f"line {ln}: international body with a country"
        else:
            assert re.fullmatch(r"[A-Z]{2}", cc), f"line {ln}: country {cc!r}"
        for a in filter(None, attrs.split(";")):
            k, eq, v = a.partition("=")
            assert k and eq and v and "=" not in v, f"line {ln}: attr {a}"


def test_curated_names_refer_to_entities_and_are_well_formed():
    _, ents = read(os.path.join(CURATED, "agencies.entities.tsv"))
    ids = {r[1] for _, r in ents}
    _, rows = read(os.path.join(CURATED, "agencies.names.tsv"))
    seen = set()
    for ln, r in rows:
        _, eid, name, lang, case, flags = r
        assert eid in ids, f"line {ln}: unknown id {eid}"
        assert name, f"line {ln}: empty name"
        assert case in ("", "any", "cap", "exact"), f"line {ln}: case {case}"
        assert set(filter(None, flags.split(","))) <= FLAGS, f"line {ln}: flags {flags}"
        assert lang != "ro" or not re.search(r"[\u015f\u0163\u015e\u0162]", name), \
            f"line {ln}: Romanian cedilla instead of comma below: {name}"
        key = (eid, name, case)
        assert key not in seen, f"line {ln}: duplicate name line {key}"
        seen.add(key)
    # every entity has at least one name
    assert ids == {r[1] for _, r in rows}


def test_curated_coverage_of_required_states():
    _, ents = read(os.path.join(CURATED, "agencies.entities.tsv"))
    by_cc = {}
    for _, r in ents:
        by_cc.setdefault(r[3], set()).add(r[4])
    required = ("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
                "AL CA IS ME MK NO TR GB US CN RU IR KP UA BY IL JP KR IN AU NZ CH").split()
    for cc in required:
        kinds = by_cc.get(cc, set())
        assert "ministry" in kinds and "legislature" in kinds, cc
    for key in ("un", "unsc", "eu", "eu-council", "eu-commission", "eu-parliament", "nato",
                "enisa", "europol", "ec3", "interpol", "osce", "cert-eu", "opcw", "eeas"):
        assert key in {r[1] for _, r in ents}, key


def test_curated_key_names():
    _, rows = read(os.path.join(CURATED, "agencies.names.tsv"))
    names = {}
    for _, r in rows:
        names.setdefault(fold(r[2]), set()).add(r[1])
    expect = {
        "FPS Interior": "be-fps-interior", "Federal Public Services Interior": "be-fps-interior",
        "Forțele Armate Belgiene": "be-armed-forces", "DNSC": "ro-dnsc",
        "Directoratul Național de Securitate Cibernetică": "ro-dnsc", "ONU": "un",
        "Uniunii Europene": "eu", "Alianței Nord-Atlantice": "nato", "OSN": "un",
        "Bundesamt für Sicherheit in der Informationstechnik": "de-bsi", "ANSSI": "fr-anssi",
        "Unit 74455": "ru-gru-74455", "Einheit 26165": "ru-gru-26165",
        "Serviciului Român de Informații": "ro-sri", "Departamentul Trezoreriei SUA": "us-treasury",
        "Chinese Ministry of State Security": "cn-mss", "Belgian Defence": "be-armed-forces",
    }
    for name, eid in expect.items():
        assert eid in names.get(fold(name), set()), name


# ---------------------------------------------------------------- converter

@needs_misp
def test_rerun_is_deterministic(converted, tmp_path):
    tool = load_tool()
    tool.main(["--misp", MISP, "--curated", CURATED, "--out", str(tmp_path)])
    for fname in ("intel_misp.entities.tsv", "intel_misp.names.tsv"):
        with open(converted / fname, encoding="utf-8") as a, \
                open(tmp_path / fname, encoding="utf-8") as b:
            assert a.read() == b.read(), fname


@needs_misp
def test_shipped_output_is_current(converted):
    for fname in ("intel_misp.entities.tsv", "intel_misp.names.tsv"):
        with open(converted / fname, encoding="utf-8") as a, \
                open(os.path.join(CURATED, fname), encoding="utf-8") as b:
            assert a.read() == b.read(), f"{fname}: rerun tools/convert_intel_agencies.py"


@needs_misp
def test_output_format(converted):
    _, cur = read(os.path.join(CURATED, "agencies.entities.tsv"))
    cur_ids = {r[1] for _, r in cur}
    header, ents = read(converted / "intel_misp.entities.tsv")
    assert header == ENT_COLS
    ids = [r[1] for _, r in ents]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)
    assert not set(ids) & cur_ids, "MISP ids collide with curated ids"
    for ln, r in ents:
        assert len(r) == 6, ln
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", r[1]), r[1]
        assert r[4] == "intelligence"
        assert r[3] == "" or re.fullmatch(r"[A-Z]{2}", r[3]), r[3]
    header, names = read(converted / "intel_misp.names.tsv")
    assert header == NAME_COLS
    all_ids = set(ids) | cur_ids
    for ln, r in names:
        assert len(r) == 6, ln
        assert r[1] in all_ids, f"line {ln}: unknown id {r[1]}"
        assert r[4] in ("any", "exact")
        assert set(filter(None, r[5].split(","))) <= FLAGS
        n = r[2]
        if re.fullmatch(r"[^\W\d_a-z]{1,6}", n) and any(c.isupper() for c in n):
            assert r[4] == "exact", n
        if len(n) <= 4:
            assert "short" in r[5].split(","), n


@needs_misp
def test_no_description_prose(converted):
    with open(MISP, encoding="utf-8") as f:
        data = json.load(f)
    descs = [v["description"] for v in data["values"] if len(v.get("description", "")) > 0]
    text = ""
    for fname in ("intel_misp.entities.tsv", "intel_misp.names.tsv"):
        text += "".join(line for line in
                        (converted / fname).read_text(encoding="utf-8").splitlines(True)
                        if not line.startswith("#"))
    fields = {x for line in text.splitlines() for x in line.split("\t")}
    for d in descs:
        # a description is prose when it says more than a name; none may appear whole
        if re.search(r"[.;\[]| – .* ", d) or len(d.split()) > 8:
            assert d.strip() not in fields, d
    for x in fields:
        assert "[" not in x and "page does not exist" not in x, x
        assert not re.search(r"\.\s", x), x
    for bad in ("counter espionage", "intelligence gathering", "Responds directly", "overseas",
                "supervision", "Foreign intelligence relating"):
        assert bad.lower() not in text.lower(), bad


@needs_misp
def test_no_duplicates_of_curated_agencies(converted):
    _, ents = read(converted / "intel_misp.entities.tsv")
    _, names = read(converted / "intel_misp.names.tsv")
    misp_ids = {r[1] for _, r in ents}
    for acr in ("SVR", "GRU", "GU", "FSB", "MSS", "MOIS", "VAJA", "SRI", "SIE", "BND", "DGSE",
                "AIVD", "ABW", "BIS", "SBU", "NSA", "CIA", "GCHQ", "ASIO", "CSIS"):
        owners = {r[1] for _, r in names if r[2] == acr}
        assert not owners & misp_ids, f"{acr} owned by a MISP duplicate: {owners & misp_ids}"
    # the MISP records for these services are mapped onto the curated ids
    by_uuid_value = {}
    with open(MISP, encoding="utf-8") as f:
        for v in json.load(f)["values"]:
            by_uuid_value[v["value"]] = v["uuid"]
    misp_uuids = {a.split("=", 1)[1] for _, r in ents for a in r[5].split(";")
                  if a.startswith("uuid=")}
    for value in ("Foreign Intelligence Service (Russia)", "GRU (Russian Federation)",
                  "Ministry of State Security (China)", "Ministry of Intelligence (Iran)",
                  "Federal Security Service (Russia)", "Romanian Intelligence Service",
                  "Security Information Service", "Bundesnachrichtendienst"):
        assert by_uuid_value[value] not in misp_uuids, value


@needs_misp
def test_acronym_case_and_short_flag(converted):
    tool = load_tool()
    assert tool.all_caps_acronym("SVR") and tool.all_caps_acronym("ÚZSI")
    assert not tool.all_caps_acronym("Mossad") and not tool.all_caps_acronym("SEFECONAR")
    _, names = read(converted / "intel_misp.names.tsv")
    for _, r in names:
        if tool.all_caps_acronym(r[2]):
            assert r[4] == "exact", r


def test_helpers_clean_and_split():
    tool = load_tool()
    assert tool.clean("National Intelligence Service[20]") == "National Intelligence Service"
    assert tool.clean("Defence Intelligence Command (page does not exist)") == \
        "Defence Intelligence Command"
    names, acrs, _ = tool.names_from_text(
        "Special Telecommunication Service (STS) – Serviciul de Telecomunicații Speciale")
    assert "STS" in acrs
    assert "Special Telecommunication Service" in names
    assert "Serviciul de Telecomunicații Speciale" in names
    names, acrs, _ = tool.names_from_text(
        "Security Service/MI5[33] – Domestic counter terrorism and counter espionage "
        "intelligence gathering and analysis.")
    assert not any("espionage" in n for n in names)


# ---------------------------------------------------------------- name rules (all four files)

AGENCY_FILES = ("agencies.names.tsv", "intel_misp.names.tsv")
DICT_DIR = "/usr/share/dict"
DICTS = ("american-english", "french", "ngerman", "dutch")


def all_name_rows():
    for fname in AGENCY_FILES:
        _, rows = read(os.path.join(CURATED, fname))
        for ln, r in rows:
            yield fname, ln, r


def entity_countries():
    out = {}
    for fname in ("agencies.entities.tsv", "intel_misp.entities.tsv"):
        _, rows = read(os.path.join(CURATED, fname))
        for _, r in rows:
            out[r[1]] = r[3]
    return out


def test_possessive_helper():
    tool = load_tool()
    for name in ("UK's National Cyber Security Centre", "Russia’s GRU", "Netherlands' AIVD",
                 "Europol's European Cybercrime Centre", "ASD's ACSC",
                 "Icelandic Defense Agency's Analysis Unit"):
        assert tool.foreign_possessive(name), name
    for name in ("People's Liberation Army", "His Majesty's Treasury", "Workers' Party of Korea",
                 "Attorney General's Office of Indonesia", "Belgian Federal Prosecutor's Office",
                 "Sûreté de l'État", "Ministero dell'Interno"):
        assert not tool.foreign_possessive(name), name


def test_no_possessive_in_names():
    """GUIDELINES: "China's Ministry of State Security" is STATE + AGENCY; a possessor is never
    part of an agency name."""
    tool = load_tool()
    bad = [(f, ln, r[2]) for f, ln, r in all_name_rows() if tool.foreign_possessive(r[2])]
    assert not bad, bad


# Single words found in the word lists that are the proper name of one body (German and
# Dutch dictionaries list institutions), not ordinary words.
PROPER_NAME_WORDS = {
    "bundeskriminalamt", "bundeskriminalamts", "bundeskriminalamtes", "bundestag", "bundestages",
    "bundestags", "bundeswehr", "bundesverteidigungsministerium",
    "bundesverteidigungsministeriums", "generalbundesanwalt", "europarat", "weltsicherheitsrat",
    "weltsicherheitsrats", "weltsicherheitsrates", "nato", "staatsduma", "interpol", "knesset", "storting", "staten-generaal",
}


@pytest.mark.skipif(not all(os.path.exists(os.path.join(DICT_DIR, d)) for d in DICTS),
                    reason="word lists not installed (tools/setup-debian.sh)")
def test_single_common_words_are_not_plain_aliases():
    """A one-word name that is an ordinary English/French/German/Dutch word needs `cue` (its
    country must be named); a bare common noun for an international body is `lang-only`."""
    words = set()
    for d in DICTS:
        with open(os.path.join(DICT_DIR, d), encoding="utf-8", errors="replace") as f:
            for w in f:
                w = w.strip()
                # ordinary words: written lower case (German nouns: capitalised, not all caps)
                if w and (w.islower() or (d == "ngerman" and w[:1].isupper() and w[1:].islower())):
                    words.add(fold(w))
    countries = entity_countries()
    bad = []
    for fname, ln, r in all_name_rows():
        name, case, flags = r[2], r[4], set(filter(None, r[5].split(",")))
        if " " in name or case == "exact" or fold(name) not in words:
            continue
        if fold(name) in PROPER_NAME_WORDS or "cue" in flags:
            continue
        if countries.get(r[1]) == "" and "lang-only" in flags and case == "cap":
            continue
        bad.append((fname, ln, r[1], name))
    assert not bad, bad


def test_international_bare_nouns_are_lang_only():
    """`cue` needs the agency's country named: a body without a country could never be found,
    so bare nouns for NATO/EU ("Alianței", "Unione", "l'Alliance") are `cap` + `lang-only`."""
    _, rows = read(os.path.join(CURATED, "agencies.names.tsv"))
    got = {(r[1], r[2]): r for _, r in rows}
    for eid, name, lang in (("nato", "Alianța", "ro"), ("nato", "Alianței", "ro"),
                            ("nato", "Alliance", "fr"), ("eu", "Unione", "it")):
        r = got[(eid, name)]
        assert r[3] == lang and r[4] == "cap", r
        assert set(r[5].split(",")) == {"lang-only"}, r
    for key in (("nato", "Alianța Nord-Atlantică"), ("nato", "Alianței Nord-Atlantice"),
                ("nato", "Alliance atlantique")):
        assert key in got, key


def test_inflected_forms_of_main_agencies():
    _, rows = read(os.path.join(CURATED, "agencies.names.tsv"))
    names = {}
    for _, r in rows:
        names.setdefault(fold(r[2]), set()).add(r[1])
    expect = {
        "Auswärtige Amt": "de-aa", "Auswärtigen Amt": "de-aa", "Auswärtigen Amtes": "de-aa",
        "Bundesamtes für Verfassungsschutz": "de-bfv", "Bundesnachrichtendienstes": "de-bnd",
        "Militärische Abschirmdienst": "de-mad", "Militärischen Abschirmdienstes": "de-mad",
        "Consiliului Suprem de Apărare a Țării": "ro-csat",
        "Direcției Generale de Informații a Apărării": "ro-dgia",
        "Centrului Național Cyberint": "ro-cyberint",
        "Ministerstwa Spraw Zagranicznych": "pl-msz",
        "Agencji Bezpieczeństwa Wewnętrznego": "pl-abw",
        "Národního úřadu pro kybernetickou a informační bezpečnost": "cz-nukib",
    }
    for name, eid in expect.items():
        assert eid in names.get(fold(name), set()), name


def test_romanian_names_have_genitive():
    """Every Romanian name headed by an articled noun (Ministerul, Direcția, Forțele...) has its
    genitive/dative form (Ministerului, Direcției, Forțelor...) on the same record."""
    heads = {"Ministerul": "Ministerului", "Serviciul": "Serviciului", "Consiliul": "Consiliului",
             "Centrul": "Centrului", "Departamentul": "Departamentului", "Parlamentul":
             "Parlamentului", "Direcția": "Direcției", "Agenția": "Agenției", "Forțele": "Forțelor",
             "Unitatea": "Unității", "Organizația": "Organizației", "Armata": "Armatei",
             "Comandamentul": "Comandamentului", "Directoratul": "Directoratului"}
    _, rows = read(os.path.join(CURATED, "agencies.names.tsv"))
    by_id = {}
    for _, r in rows:
        by_id.setdefault(r[1], set()).add(fold(r[2]).split(" ")[0])
    missing = []
    for _, r in rows:
        if "ro" not in r[3].split(","):
            continue
        head = r[2].split(" ")[0]
        if head in heads and fold(heads[head]) not in by_id[r[1]]:
            missing.append((r[1], r[2]))
    assert not missing, missing
