#!/usr/bin/python3
"""Convert the MISP galaxy "intelligence-agencies" cluster into attrex agency TSV files.

Input : misp-galaxy clusters/intelligence-agencies.json (CC0 / BSD-2, see data/SOURCES.md)
Output: <out>/intel_misp.entities.tsv and <out>/intel_misp.names.tsv (formats: data/FORMATS.md)

Only facts are carried over: names, synonyms, acronyms and country codes. Description prose is
never written; the description is only mined for name-shaped pieces (an acronym in brackets,
a title-case name before or after a dash / colon).

Where a MISP entry is the same agency as a curated one (same country and a shared name or
acronym, see data/agencies/agencies.*.tsv), its extra names are written under the curated id
instead of creating a duplicate record. Output is sorted and the run is deterministic.

Usage: tools/convert_intel_agencies.py [--misp FILE] [--curated DIR] [--out DIR]
"""
import argparse
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_MISP = os.path.join(os.path.dirname(ROOT), "shared", "data", "misp-galaxy",
                            "intelligence-agencies.json")
DEFAULT_CURATED = os.path.join(ROOT, "data", "agencies")

ENT_HEADER = "type\tid\tname\tcountry\tkind\tattrs"
NAME_HEADER = "type\tid\tname\tlang\tcase\tflags"

# Curated ids a MISP entry maps onto when automatic matching (shared name/acronym) cannot see
# it. Keyed by MISP uuid; value None keeps the entry separate even if a name is shared.
MANUAL_MAP = {
    "49eafcd6-332e-536d-866c-220a8b5a718a": "il-aman",   # Military Intelligence Directorate (Israel)
    "80768450-e199-5733-99ae-8df5f6b873ac": "mk-ia",     # Intelligence Agency of North Macedonia
    "8be0ea83-70fe-5c83-b9c9-99993c2d4b94": None,        # CF Military Police: a unit, not DND itself
}

# Acronyms that are also everyday tokens in security / IT text (flagged common,cue).
COMMON_ACRONYMS = {"AGO", "ANS", "BIT", "CGI", "CIO", "DBA", "DID", "DST", "GIS", "ISD", "ISOC",
                   "MIC", "NSS", "RATS", "SID", "SIGN", "SIN"}

# Surface forms from the wiki-derived data that are descriptions or debris, never names.
DROP_NAMES = {"Swiss intelligence agencies", "Intelligence Agency IA", "ex-DEMIAP"}

# A possessive is never part of an agency name ("China's Ministry of State Security" is a state
# and an agency; "Europol's European Cybercrime Centre" two agencies), except where the
# possessor belongs to the name itself: "People's Liberation Army", "His Majesty's Treasury",
# "Workers' Party", and an office named after its holder ("Attorney General's Office").
POSSESSIVE = re.compile(r"(\w+)(?:['\u2019]s|s['\u2019])\s+(\w+)")
NAME_INTERNAL_POSSESSORS = {"people", "majesty", "worker"}


def foreign_possessive(name):
    """True when `name` contains a possessive that is not part of the name itself."""
    for m in POSSESSIVE.finditer(name):
        possessor, possessed = m.group(1).casefold(), m.group(2).casefold()
        if possessor.rstrip("s") in NAME_INTERNAL_POSSESSORS or possessed == "office":
            continue
        return True
    return False


# Words that alone do not make a name specific (a name made only of these gets flag `cue`).
GENERIC = set("""
a al and de del der des di du for general la le of on the y
administration affairs agency air analysis army assessments authority branch bureau cell center
centre central command commission committee coordinating coordination council counter
counterintelligence counter-intelligence counter-terrorism crime crimes criminal defence defense
department detective directorate direction division financial force forces foreign general
information intelligence internal investigation investigations joint military ministry
monitoring national naval navy office operations organisation organization police political
reconnaissance research security service services special staff state strategic team terrorism
terrorist unit wing border guard coast group enforcement
""".split())

FUNCTION_WORDS = set("""
a al and de del der des di du e el en et for für i in la las le les los of on pour the und van
voor y za na do da dos das della delle dello degli dei ng sa
""".split())


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"[\u2010-\u2015\-]", "-", s)
    s = re.sub(r"[\u2018\u2019\u02bc`´]", "'", s)
    return re.sub(r"\s+", " ", s).strip().casefold()


def slugify(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def clean(s):
    """Strip wiki debris: footnote marks, 'page does not exist', language prefixes."""
    s = s.replace("\u00a0", " ")
    s = re.sub(r"\[[^\]]*\]", "", s)
    s = re.sub(r"\(page does not exist\)", "", s)
    s = re.sub(r"^[a-z]{2}:", "", s.strip())
    s = re.sub(r"\s+", " ", s).strip(" ,;")
    # unbalanced brackets
    if s.count("(") != s.count(")"):
        s = s.replace("(", "").replace(")", "").strip()
    return s


def is_acronym(s):
    letters = [c for c in s if c.isalpha()]
    if not letters or " " in s or len(s) > 12:
        return False
    up = sum(1 for c in letters if c.isupper())
    return up >= 2 and up >= len(letters) - 2


def all_caps_acronym(s):
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and " " not in s and len(s) <= 6 and all(c.isupper() for c in letters)


def is_name(s):
    """A name-shaped string: short, no sentence punctuation, content words capitalised."""
    if not s or len(s) < 2 or len(s) > 100:
        return False
    if re.search(r"[.;:\[\]()\"!?]|\d", s):
        return False
    words = s.split()
    if len(words) > 10:
        return False
    latin = [w for w in words if re.search(r"[A-Za-zÀ-ÿ]", w)]
    if not latin:          # other scripts: accept as written
        return True
    for w in latin:
        core = w.strip(",'’&-")
        if not core or core.lower() in FUNCTION_WORDS:
            continue
        if len(core) > 3 and not core[0].isupper():
            return False
    return True


def strip_qualifier(s):
    """'National Security Agency (Bahrain)' -> name, qualifiers (all bracketed parts)."""
    quals = re.findall(r"\(([^()]*)\)", s)
    base = re.sub(r"\s*\([^()]*\)", " ", s)
    base = re.sub(r"\s+", " ", base).strip(" ,-\u2013\u2212")
    return base, [q.strip() for q in quals]


SEP = r"\s[\u2013\u2212\u2014-]\s|:\s|\s/\s?|\s?/\s"


def names_from_text(s):
    """Names in a value/synonym/description: (names, acronyms, lead)."""
    s = clean(s)
    names, acrs = [], []
    # acronyms in brackets
    for inner in re.findall(r"\(([^()]*)\)", s):
        for tok in re.split(r"[,;/]| or ", inner):
            tok = tok.strip()
            if is_acronym(tok):
                acrs.append(tok)
            elif is_name(tok) and not re.search(r"[A-Za-z]", tok):
                names.append(tok)          # native-script name in brackets
    base = re.sub(r"\([^()]*\)", " ", s)
    base = re.sub(r"\s+", " ", base).strip()
    parts = [p.strip(" ,-\u2013\u2212") for p in re.split(SEP, base)]
    lead = parts[0] if parts else ""
    for p in parts:
        if is_acronym(p):
            acrs.append(p)
        elif is_name(p):
            names.append(p)
    return names, acrs, lead


def significant(s):
    return {w for w in re.findall(r"\w+", fold(s)) if len(w) > 3 and w not in FUNCTION_WORDS}


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if header is None:
                header = line
                continue
            rows.append(line.split("\t"))
    return rows


def load_curated(curated_dir):
    ents = {r[1]: r for r in read_tsv(os.path.join(curated_dir, "agencies.entities.tsv"))}
    names = read_tsv(os.path.join(curated_dir, "agencies.names.tsv"))
    by_country = {}     # country -> folded name -> set(ids)
    exact_names = {}    # surface name -> set(ids)
    for r in names:
        eid, name = r[1], r[2]
        cc = ents[eid][3] if eid in ents else ""
        by_country.setdefault(cc, {}).setdefault(fold(name), set()).add(eid)
        exact_names.setdefault(name, set()).add(eid)
    for eid, r in ents.items():
        cc = r[3]
        base, _ = strip_qualifier(r[2])
        by_country.setdefault(cc, {}).setdefault(fold(base), set()).add(eid)
        for a in r[5].split(";"):
            k, _, v = a.partition("=")
            if k == "acronym" and v:
                by_country[cc].setdefault(fold(v), set()).add(eid)
    return ents, by_country, exact_names


def convert(misp_path, curated_dir):
    with open(misp_path, encoding="utf-8") as f:
        data = json.load(f)
    ents, by_country, curated_exact = load_curated(curated_dir)
    curated_folded, curated_names_of = {}, {}
    for name, ids in curated_exact.items():
        curated_folded.setdefault(fold(name), set()).update(ids)
        for i in ids:
            curated_names_of.setdefault(i, set()).add(name)

    records = []
    for v in data["values"]:
        meta = v.get("meta", {})
        cc = (meta.get("country") or "").upper()
        value = clean(v.get("value", ""))
        vfull, vquals = strip_qualifier(value)
        acrs = [q for q in vquals if is_acronym(q)]
        vparts = [p.strip(" ,-\u2013\u2212") for p in re.split(SEP, vfull)]
        vbase = vparts[0]
        vnames, vacrs, _ = names_from_text(vfull)
        acrs += vacrs
        syn_names = []
        for syn in meta.get("synonyms", []) or []:
            n, a, _ = names_from_text(syn)
            syn_names += n
            acrs += a
        description = v.get("description", "")
        dnames, dacrs, _ = names_from_text(description)
        acrs += dacrs
        # Is the value (a wiki page title) the parent organisation of the unit described?
        other_words = set()
        for n in syn_names + dnames:
            other_words |= significant(n)
        parent_value = (bool(dnames) and not (significant(vfull) & other_words) and not vacrs
                        and fold(vbase) not in fold(clean(description)))
        if parent_value:
            canonical = dnames[0]
            cand = dnames + syn_names
        else:
            canonical = vbase
            cand = [vbase] + vnames + syn_names + dnames
        # de-duplicate, keep order
        seen, names = set(), []
        for n in cand:
            n = re.sub(r"^The\s+", "", n.strip(" ,-\u2013\u2212"))
            if (n and n not in DROP_NAMES and fold(n) not in seen and not is_acronym(n)
                    and not foreign_possessive(n)):
                seen.add(fold(n))
                names.append(n)
        for a in acrs:
            a = a.strip(" ,")
            if a and a not in DROP_NAMES and fold(a) not in seen:
                seen.add(fold(a))
                names.append(a)
        if not names:
            continue
        canonical = re.sub(r"^The\s+", "", canonical or names[0])
        records.append(dict(uuid=v.get("uuid", ""), cc=cc, canonical=canonical,
                            names=names))

    records.sort(key=lambda r: (r["cc"], fold(r["canonical"]), r["uuid"]))

    out_ents, out_names = [], []
    used_ids = set(ents)
    for r in records:
        target = None
        if r["uuid"] in MANUAL_MAP:
            target = MANUAL_MAP[r["uuid"]]
        else:
            hits = set()
            table = by_country.get(r["cc"], {}) if r["cc"] else by_country.get("", {})
            for n in r["names"]:
                hits |= table.get(fold(n), set())
            if len(hits) == 1:
                target = next(iter(hits))
            elif len(hits) > 1:
                # prefer the curated record that shares the most names
                score = {}
                for n in r["names"]:
                    for h in table.get(fold(n), ()):
                        score[h] = score.get(h, 0) + 1
                best = sorted(score.items(), key=lambda x: (-x[1], x[0]))
                target = best[0][0]
        if target:
            eid, own = target, False
        else:
            prefix = r["cc"].lower() if r["cc"] else "intl"
            slug = slugify(r["canonical"]) or next(
                (slugify(n) for n in r["names"] if slugify(n)), r["uuid"][:8])
            base = f"{prefix}-{slug}"[:60].rstrip("-")
            eid, i = base, 2
            while eid in used_ids:
                eid = f"{base}-{i}"
                i += 1
            used_ids.add(eid)
            own = True
            ent = ["AGENCY", eid, r["canonical"], r["cc"], "intelligence",
                   f"source=misp-galaxy;uuid={r['uuid']}"]
            out_ents.append(ent)
        own_names = {fold(x) for x in curated_names_of.get(eid, ())}
        for n in r["names"]:
            if "\t" in n or "\n" in n:
                continue
            fn = fold(n)
            if not own and fn in own_names:
                continue          # the curated file already has it
            if curated_folded.get(fn, set()) - {eid}:
                continue          # a curated agency elsewhere has this name: keep it unambiguous
            if is_acronym(n) and curated_exact.get(n, set()) - {eid}:
                continue
            case = "exact" if all_caps_acronym(n) else "any"
            flags = []
            if len(n) <= 4:
                flags.append("short")
            words = set(re.findall(r"\w+", fn))
            if n in COMMON_ACRONYMS:
                flags += ["common", "cue"]
            elif is_acronym(n) and len(n) <= 2:
                flags.append("cue")
            elif not is_acronym(n) and words and all(w in GENERIC for w in words):
                flags.append("cue")
            lang = "*" if is_acronym(n) else ""
            out_names.append(["AGENCY", eid, n, lang, case, ",".join(flags)])
            if own and case == "exact" and not ent[5].startswith("acronym="):
                ent[5] = f"acronym={n};" + ent[5]

    out_ents.sort(key=lambda x: x[1])
    # names: sorted by id, stable order of appearance within an id, no duplicate lines
    seen, uniq = set(), []
    for row in out_names:
        k = (row[1], fold(row[2]), row[4])
        if k not in seen:
            seen.add(k)
            uniq.append(row)
    uniq.sort(key=lambda x: (x[1], fold(x[2]), x[2]))
    return out_ents, uniq


def write(out_dir, ents, names):
    os.makedirs(out_dir, exist_ok=True)
    note = ("# Generated by tools/convert_intel_agencies.py from misp-galaxy "
            "intelligence-agencies.json (CC0). Do not edit; rerun the converter.")
    with open(os.path.join(out_dir, "intel_misp.entities.tsv"), "w", encoding="utf-8") as f:
        f.write(ENT_HEADER + "\n" + note + "\n")
        for r in ents:
            f.write("\t".join(r) + "\n")
    with open(os.path.join(out_dir, "intel_misp.names.tsv"), "w", encoding="utf-8") as f:
        f.write(NAME_HEADER + "\n" + note + "\n")
        for r in names:
            f.write("\t".join(r) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misp", default=DEFAULT_MISP)
    ap.add_argument("--curated", default=DEFAULT_CURATED,
                    help="directory with agencies.entities.tsv and agencies.names.tsv")
    ap.add_argument("--out", default=DEFAULT_CURATED)
    a = ap.parse_args(argv)
    ents, names = convert(a.misp, a.curated)
    write(a.out, ents, names)
    print(f"intel_misp: {len(ents)} entities, {len(names)} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
