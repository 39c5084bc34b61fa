#!/usr/bin/python3
"""Build the attrex threat-actor gazetteer (data/actors/) from MISP galaxy clusters.

Usage:
    tools/convert_actors.py [MISP_DIR] [--out DIR] [--overrides FILE] [--dict-dir DIR]

MISP_DIR defaults to ../shared/data/misp-galaxy relative to the repository root, --out to
data/actors, --overrides to data/actors/overrides.tsv (always the repository copy, so a
run into a temporary directory uses the reviewed overrides).  Standard library only.
Writes actors.entities.tsv, actors.names.tsv and CONFLICTS.txt (audit log); output is
deterministic (same input -> byte-identical files).

Only names, aliases, codes, countries, uuids and relations are carried over from MISP
(CC0 / BSD); descriptions, refs, techniques and other prose are never read into output.

MERGE RULES
  M1  Backbone: every non-revoked MITRE ATT&CK intrusion set is one record.  A revoked
      set is folded into the set named by its `revoked-by` relation (its names, id and
      uuid move to the successor; the id is kept as attrs `revoked=`).  MITRE ICS groups
      are attached to an enterprise set by rule M2 or else become backbone records too.
      Names: the MITRE value (minus " - Gnnnn"), meta.synonyms and the Gnnnn id; for ICS
      groups the value and the name part (before " - ") of "Associated Group Descriptions".
      A set named only by an operation (G0116 "Operation Wocao") keeps that name as its
      display name (entities `name` column) but gets no alias line for it (NAME CLEANING).
  M2  Every other cluster entry (threat-actor, microsoft-activity-group, 360net,
      tidal-groups) is compared with the backbone by match key (case, punctuation and
      spacing ignored, NFKC, a trailing "group"/"team"/"gang" and a leading "the" dropped:
      "Lazarus" = "Lazarus group", "APT 28" = "APT28").  A name of the entry that is the
      key of exactly one backbone record is evidence for that record; a name shared by
      several backbone records (MITRE's own ambiguities: Thrip, LuminousMoth, UAC-0056)
      is evidence only if there is no discriminating evidence at all.  A Tidal entry's
      MITRE group id is evidence too.  Relations (`related`/`similar`) are NEVER used to
      merge (they chain APT28 to APT29 and APT34 to APT35).
        * exactly one candidate          -> attached: its names, uuid, country, vendors
                                            join the record;
        * no candidate                   -> pending (rule M3);
        * two or more candidates          -> conflict: the entry is not merged anywhere.
          Its names that are backbone names stay with their own records (a spelling
          whose key names exactly one record is added to it: "Winnti" joins "Winnti
          Group", "APT 38" joins APT38).  If its primary
          name matches a candidate, its remaining (unmatched) aliases cannot be assigned
          to one actor and get a names line on EVERY candidate (ambiguity).  If its
          primary name matches none, it is a distinct actor the vendor links to several
          groups: it becomes its own record carrying its unmatched names.
      Names of an attached entry that match a *different* backbone record are never
      copied (MITRE stays authoritative for its aliases).
  M3  Pending entries are merged among themselves by the same rule, file by file in the
      order threat-actor, microsoft-activity-group, 360net, tidal-groups: an entry is
      compared with the records created by EARLIER files only, never with entries of its
      own file (two threat-actor entries sharing an alias stay two actors and the alias
      becomes ambiguous; two Microsoft entries, old and new name, may still both attach
      to the same threat-actor record).
  M4  overrides.tsv (hand-reviewed, one fact a line, see its header) is applied: alias /
      unalias names, force-attach an entry, set a country, and `separate A B` pairs that
      block any attachment which would put A and B on one record (checked again at the
      end: the run fails if a record holds both).
  M5  Canonical name: the MITRE name, except that a MITRE set with exactly one APTnn alias
      is named by it (ZIRCONIUM -> APT31, Threat Group-3390 -> APT27, OilRig -> APT34);
      other records use the first Latin-script name of their first entry (the 360net
      "奇幻熊 - APT-C-20" gives APT-C-20).  id = slug of the canonical
      name (lower case, runs of non [a-z0-9] -> '-'); a clash gets '-' + the MITRE id or
      the first 8 hex digits of the uuid.
  M6  country (sponsor, ISO alpha-2): votes of the attached entries (threat-actor
      cfr-suspected-state-sponsor and meta.country, Microsoft meta.country or
      origin-threat, Tidal country, 360net country), majority wins, ties by that order;
      disagreements are logged.  vendor: producers of threat-actor name-attribution,
      Microsoft / Qihoo 360 for their clusters, plus vendors implied by distinctive naming
      schemes of merged names (weather and element names -> Microsoft, Panda/Bear/Kitten/
      Chollima/Spider... -> CrowdStrike, APTnn/UNC/FIN/TEMP. -> Mandiant, TAnnn ->
      Proofpoint, Ursa/Taurus/Serpens... -> Palo Alto, IRON/BRONZE/COBALT/GOLD x ->
      Secureworks, Earth/Water x -> Trend Micro).

NAME CLEANING
  Whitespace trimmed and collapsed, Unicode hyphens -> '-', trailing ',' dropped;
  "Subgroup: X" and "[...]" placeholders dropped; a trailing " (annotation)" such as
  "(QiAnXin)", "(Deprecated)", "(Group)" dropped; full-width "A（B）" gives A and B;
  a comma list inside one synonym is split; 360net "中文 - APT-C-nn" gives both parts.
  Names of state bodies (PLA Unit 61398, PLA Navy, Unit 121, Bureau 121, CIA, GRU...) are
  dropped: GUIDELINES make named units and services AGENCY mentions.
  Operation names are dropped too (GUIDELINES: operations are not actors): a name
  starting with "Operation " / "Op " / "Op. " (any case) or "Operation" glued to a
  capitalised word ("OperationTroy").  Both are dropped BEFORE matching, so they are no
  merge evidence either ("OPERATION HANGOVER" no longer pulls VICEROY TIGER / Donot Team
  into Patchwork) and never spread as ambiguous aliases ("Operation Troy").  An entry
  left without names (threat-actor "Unit 8200", "Operation Sharpshooter", "Operation
  Soft Cell") is skipped; an `alias` override naming an operation is an error.
  One names line per (id, folded name) -- the engine keeps one alias per folded name:
  spellings differing only in case/accents are collapsed to the preferred one (canonical,
  then MITRE's, then the smallest); their case is `any` if one of them is `any` or their
  first letters differ, else `cap` (ZINC + Zinc -> ZINC cap).

CASE AND FLAGS (by rule, never by hand)
  Primary names of a record: its canonical name, its MITRE group names (enterprise value
  minus " - Gnnnn", values of revoked sets folded into it, ICS group values) and, for a
  record founded by another cluster entry, that entry's primary value.  Spellings that
  fold alike count too.  Other entries' values attached to a record are NOT primary
  (RedDelta on Mustang Panda, Callisto on Star Blizzard keep their cue).
  F1  naming-scheme codes (APTnn, UNCnn, TAnn, FINnn, Storm-nn, DEV-nn, TG-nn,
      TEMP.x, and the similar APT-C-nn, APT-Q-nn, T-APT-nn, UAC-nn, UATnn, ATKnn, ITGnn,
      TAG-nn, Threat Group-nn, Hivenn, CL-XXX-nn, ATGnn; optional space/hyphen before the
      number) -> case `any`, never `cue`.  DEVIATION (deliberate): they stay `any` even when 4
      characters or fewer (APT1, FIN7: flag `short` kept) -- a code cannot be a word and
      texts write "Apt3".  MITRE ids (Gnnnn, G0093) are the exception: case `exact`
      (always written "G0093"; "g0093" is no id), never `cue`.
  F2  `short`: 4 characters or fewer -> case `exact` (ZINC, LEAD, Tick, RTM).
  F3  `common`: a one-word alias (no space) whose lower-cased form as a whole is a word
      (any capitalisation, proper nouns included) in one of the Debian word lists
      american-english, french, ngerman, dutch (nederlands), italian, spanish, polish
      (those that exist; "-" parts are not split: Grey-Cloud is not common), or is a chemical
      element name (Microsoft's old scheme: GALLIUM, ZINC, MERCURY) -> flag `common`,
      case `cap` (first letter upper case, rest any: "GALLIUM" also matches "Gallium",
      never "gallium"; `exact` if the source form starts in lower case).  F2 wins for 4
      characters or fewer (ZINC, LEAD, DUNE: exact).
      `cue` is added to every `common` name EXCEPT a primary name (or an F7 short form)
      that is not an ordinary English word: element names always get `cue` (GALLIUM,
      HAFNIUM, ZINC); otherwise a primary / short form gets `cue` only when american-english
      lists it in lower case (Equation, Silence, Patchwork, Axiom keep `cue`), not when
      the only hits are foreign lists or an English proper noun (Turla: Polish "turla";
      Lazarus: English "Lazarus", Dutch "lazarus"; Tonto, Gorgon, Medusa, Careto): a
      group's own headline name is rarely written capitalised as an ordinary word in a
      press release, and `cap` already rejects the lower-case word.  Non-primary aliases
      keep `cue` for any hit (Snake, Mirage, NICKEL, DUNE, Tick).
      Multi-word aliases are never `common` (Fancy Bear, Granite Typhoon, Sea Turtle: the
      phrase is distinctive even when each word is a dictionary word).
  F4  `malware`: equal (case-insensitively) to a malpedia value or synonym.  It adds `cue`
      only to a one-word name that is not primary (Snake and WhiteBear on Turla, Donot on
      VICEROY TIGER): a record's own primary name (Kimsuky, OilRig, Carbanak, Darkhotel)
      and multi-word names (Roaming Mantis, El Machete) stay `malware` without `cue`.
      Whatever the flags, a multi-word name whose last word says it names software
      (Stealer, Loader, RAT, Ransomware, Trojan, Backdoor, Botnet, Wiper...: Lumma Stealer,
      Chrome Loader, Golden RAT) gets `cue`.
  F5  brand-like stylised spellings (a '$', '@', '#', '!' or a digit between letters:
      LAPSUS$, admin@338, H0lyGh0st) -> case `exact` (written one way).
  F6  everything else -> case `any` (APT31, Lazarus Group, Fancy Bear, Granite Typhoon).
  F7  short forms: the bare form of a MITRE group name "X Group" / "X Team" / "X Gang"
      (X one word of 3+ characters with a letter, not a code; the same drop as the match
      key of M2) is a name of that record with case `cap` (F2/F3/F5 still win): "Lazarus",
      "Sandworm", "Gamaredon", "Winnti" (cap even where a source lists it).  It is added
      when no source lists it, unless X is an element, an ordinary English word, a malware
      name (Cobalt, Poseidon: not added) or a name of another record (logged as SHORT).
      For F3 it counts as primary, for F4 not (a malware X keeps `cue`).
  A case-less script (CJK) follows the same rules (case is then moot).
"""

import argparse
import collections
import json
import os
import re
import sys
import unicodedata

ENTITY_TYPE = "THREAT_ACTOR"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_MISP = os.path.join(REPO, "..", "shared", "data", "misp-galaxy")
DEFAULT_OUT = os.path.join(REPO, "data", "actors")
DEFAULT_OVERRIDES = os.path.join(REPO, "data", "actors", "overrides.tsv")
ENGLISH_DICT = "american-english"
DICT_FILES = ["american-english", "french", "ngerman", "dutch", "nederlands",
              "italian", "spanish", "polish"]

MITRE_FILE = "mitre-intrusion-set.json"
ICS_FILE = "mitre-ics-groups.json"
# other clusters, in merge order (rule M3)
OTHER_FILES = ["threat-actor.json", "microsoft-activity-group.json", "360net.json",
               "tidal-groups.json"]
MALWARE_FILE = "malpedia.json"
PRODUCER_FILE = "producer.json"


def src_name(fname):
    return fname[:-5] if fname.endswith(".json") else fname


# ---------------------------------------------------------------------------- names

HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


def clean_names(raw):
    """Return the list of usable names contained in one raw MISP name string."""
    s = unicodedata.normalize("NFC", raw).translate(HYPHENS)
    s = re.sub(r"\s+", " ", s).strip().rstrip(",").strip()
    if not s or s.startswith("[") or re.match(r"(?i)subgroup\s*:", s):
        return []
    out = []
    m = re.match(r"^(.*?)\s*\uff08(.*?)\uff09\s*$", s)  # full-width parentheses
    if m:
        parts = [m.group(1), m.group(2)]
    elif ", " in s:
        parts = s.split(", ")
    else:
        parts = [s]
    for p in parts:
        p = re.sub(r"\s+\([^()]*\)$", "", p).strip().rstrip(",").strip()
        if p and p not in out:
            out.append(p)
    return out


# Names of state bodies are AGENCY mentions (GUIDELINES: named military units, armed
# forces, intelligence services), never threat-actor aliases.
STATE_BODY_RE = re.compile(
    r"(PLA|People's Liberation Army)( .*)?|(Military )?Unit \d+|Bureau \d+|"
    r"CIA|NSA|GRU|FSB|SVR|MSS|RGB|IRGC|MOIS|KGB|Mossad", re.I)


def is_state_body(name):
    return bool(STATE_BODY_RE.fullmatch(name))


# Operations (campaigns) are not actors (GUIDELINES: "Operation Cloud Hopper"): a name
# starting with "Operation " / "Op " / "Op. " (any case) or "Operation" glued to a
# capitalised word ("OperationTroy") is never an alias.
OPERATION_RE = re.compile(r"(?i:operation|op\.?)\s+\S.*|Operation[A-Z].*")


def is_operation(name):
    return bool(OPERATION_RE.fullmatch(name))


def not_alias(name):
    """Why a cleaned name is never written as an alias (None if it may be)."""
    if is_state_body(name):
        return "state body (an AGENCY, not an actor alias)"
    if is_operation(name):
        return "operation (a campaign, not an actor alias)"
    return None


def match_key(name):
    """Case/punctuation-insensitive key used to compare names across clusters."""
    s = unicodedata.normalize("NFKC", name).casefold()
    s = re.sub(r"^the\s+", "", s)
    k = "".join(ch for ch in s if ch.isalnum())
    for suffix in ("group", "team", "gang"):
        if k.endswith(suffix) and len(k) - len(suffix) >= 3:
            k = k[: -len(suffix)]
            break
    return k


TRANSLIT = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE",
                          "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "œ": "oe", "Œ": "OE"})


def slugify(name):
    s = unicodedata.normalize("NFKD", name.translate(TRANSLIT))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


# ------------------------------------------------------------------ case and flags

SCHEME_RES = [re.compile(p, re.I) for p in (
    r"APT[ -]?\d+", r"UNC[ -]?\d+", r"TA[ -]?\d+", r"FIN[ -]?\d+", r"G\d{4}",
    r"Storm[ -]?\d+", r"DEV[ -]?\d+", r"TG[ -]?\d+", r"TEMP\.[A-Za-z][\w-]*",
    r"APT-[CQK]-\d+", r"T-APT-\d+", r"UAC[ -]?\d+", r"UAT[ -]?\d+", r"ATK[ -]?\d+",
    r"ITG[ -]?\d+", r"TAG[ -]?\d+", r"Threat Group[ -]?\d+", r"Hive\d+",
    r"CL-[A-Z]+-\d+", r"ATG[ -]?\d+")]

ELEMENTS = set("""hydrogen helium lithium beryllium boron carbon nitrogen oxygen fluorine neon
sodium magnesium aluminum aluminium silicon phosphorus sulfur sulphur chlorine argon potassium
calcium scandium titanium vanadium chromium manganese iron cobalt nickel copper zinc gallium
germanium arsenic selenium bromine krypton rubidium strontium yttrium zirconium niobium
molybdenum technetium ruthenium rhodium palladium silver cadmium indium tin antimony tellurium
iodine xenon cesium caesium barium lanthanum cerium praseodymium neodymium promethium samarium
europium gadolinium terbium dysprosium holmium erbium thulium ytterbium lutetium hafnium
tantalum tungsten rhenium osmium iridium platinum gold mercury thallium lead bismuth polonium
astatine radon francium radium actinium thorium protactinium uranium neptunium plutonium
americium curium berkelium californium einsteinium fermium mendelevium nobelium lawrencium
rutherfordium dubnium seaborgium bohrium hassium meitnerium darmstadtium roentgenium
copernicium nihonium flerovium moscovium livermorium tennessine oganesson""".split())

BRAND_RE = re.compile(r"[$@#!]|[A-Za-z][0-9]+[A-Za-z]")


class Words:
    """Word-list hits: `all` (any list, any capitalisation) and `english` (written in
    lower case in american-english: an ordinary English word, not only a proper noun)."""

    def __init__(self, all_words=(), english=()):
        self.all = set(all_words)
        self.english = set(english)


MITRE_ID_RE = re.compile(r"G\d{4}")
# last word of a multi-word name that says it names software, not a group (rule F4)
SOFTWARE_WORD_RE = re.compile(
    r"\s(stealer|infostealer|loader|downloader|dropper|rat|trojan|backdoor|botnet|"
    r"ransomware|wiper|miner|rootkit|spyware|malware)$", re.I)


def short_form_base(name):
    """"Lazarus" for "Lazarus Group" (rule F7): one word of 3+ characters with a letter,
    not a code; None otherwise."""
    m = re.fullmatch(r"(\S+)\s+(?:group|team|gang)", name, re.I)
    if not m:
        return None
    base = m.group(1)
    if (len(match_key(base)) < 3 or not re.search(r"[^\W\d_]", base) or is_scheme(base)
            or not_alias(base)):
        return None
    return base


def is_scheme(name):
    return any(r.fullmatch(name) for r in SCHEME_RES)


def needed_words(names):
    return {n.casefold() for n in names if " " not in n}


def load_words(dict_dir, wanted):
    """Lower-cased words of the Debian lists that occur in `wanted` (streamed), and the
    subset written in lower case in american-english (ordinary English words, rule F4)."""
    found, english, used, seen = set(), set(), [], set()
    for fname in DICT_FILES:
        path = os.path.join(dict_dir, fname)
        if not os.path.exists(path):
            continue
        real = os.path.realpath(path)
        if real in seen:
            continue
        seen.add(real)
        used.append(fname)
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                raw = line.strip()
                w = raw.casefold()
                if w in wanted:
                    found.add(w)
                    if fname == ENGLISH_DICT and raw == w:
                        english.add(w)
    return Words(found, english), used


def classify(name, words, malware, primary=False, short_form=False):
    """Return (case, flags) for one name, by rules F1-F7.

    words: a Words; malware: casefolded malpedia names; primary: the name is (a spelling
    of) a primary name of its record (rules F3, F4); short_form: it is the bare form of
    the record's MITRE "X Group/Team/Gang" name (rules F3, F7)."""
    flags = set()
    low = name.casefold()
    one_word = " " not in name
    element = one_word and low in ELEMENTS
    if len(name) <= 4:
        flags.add("short")
    if one_word and (low in words.all or element):
        flags.add("common")
    if low in malware:
        flags.add("malware")
    if MITRE_ID_RE.fullmatch(name):              # F1 (MITRE id)
        return "exact", sorted(flags)
    if is_scheme(name):                          # F1
        return "any", sorted(flags)
    if element:                                  # F3 (elements)
        flags.add("cue")
    elif "common" in flags and (not (primary or short_form) or low in words.english):
        flags.add("cue")                         # F3 (words)
    elif "malware" in flags and one_word and not primary:
        flags.add("cue")                         # F4
    elif not one_word and SOFTWARE_WORD_RE.search(name):
        flags.add("cue")                         # F4 (names a piece of software)
    if "short" in flags:                         # F2
        case = "exact"
    elif one_word and "common" in flags:         # F3
        case = "cap" if name[:1].isupper() else "exact"
    elif BRAND_RE.search(name):                  # F5
        case = "exact"
    elif short_form:                             # F7
        case = "cap" if name[:1].isupper() else "exact"
    else:                                        # F6
        case = "any"
    return case, sorted(flags)


# ------------------------------------------------------------------ countries/vendors

CFR_ISO = {
    "China": "CN", "People's Republic of China": "CN", "Russian Federation": "RU",
    "Iran (Islamic Republic of)": "IR", "Korea (Democratic People's Republic of)": "KP",
    "Korea (Republic of)": "KR", "United States": "US", "US": "US", "Palestine": "PS",
    "Pakistan": "PK", "India": "IN", "Belarus": "BY", "France": "FR",
    "United Arab Emirates": "AE", "Vietnam": "VN", "Spain": "ES", "Israel": "IL",
    "Lebanon": "LB", "Unknown": None,
}
MS_ORIGIN_ISO = {
    "China": "CN", "Iran": "IR", "Russia": "RU", "North Korea": "KP", "Lebanon": "LB",
    "Israel": "IL", "Türkiye": "TR", "Vietnam": "VN", "United Arab Emirates": "AE",
    "Austria": "AT", "Singapore": "SG", "Ukraine": "UA", "Pakistan": "PK",
    "Belarus": "BY", "United States": "US", "India": "IN",
}
# 360net `country` is a region label of the actor's origin; regions and "namerica" give
# no country.  "korea" is North Korea (360 uses "southKorea" for the South).
NET360_ISO = {
    "russia": "RU", "india": "IN", "taiwan": "TW", "southkorea": "KR", "korea": "KP",
    "ukraine": "UA", "vietnam": "VN", "iran": "IR", "israel": "IL", "kaz": "KZ",
    "trq": "TR", "algeria": "DZ", "america": "US",
}
COUNTRY_PRIORITY = ["threat-actor:cfr", "threat-actor", "microsoft-activity-group",
                    "tidal-groups", "360net"]

VENDOR_ALIASES = {"Google Cloud Blog": "Mandiant", "Broadcom Blog": "Symantec",
                  "BlackBerry Blog": "BlackBerry", "McAfee Labs": "McAfee",
                  "Cisco Talos Intelligence Group": "Cisco Talos"}
NOT_VENDORS = {"MITRE"}

CROWDSTRIKE = ("Panda|Bear|Kitten|Chollima|Spider|Jackal|Buffalo|Tiger|Leopard|Ocelot|"
               "Crane|Lynx|Wolf|Hawk|Saiga")
MS_WEATHER = "Typhoon|Blizzard|Sandstorm|Sleet|Tempest|Cyclone|Flood|Rain|Hail|Dust"
SCHEME_VENDORS = [
    (re.compile(r"[A-Z][a-z]+ (%s)" % MS_WEATHER), "Microsoft"),
    (re.compile(r"(Storm|DEV)-\d+"), "Microsoft"),
    (re.compile(r"[A-Z][a-z]+ (%s)" % CROWDSTRIKE, re.I), "CrowdStrike"),
    (re.compile(r"(APT ?\d+|UNC\d+|FIN\d+|TEMP\.\w+)"), "Mandiant"),
    (re.compile(r"TA\d{3,4}"), "Proofpoint"),
    (re.compile(r"[A-Z][a-z]+ (Ursa|Taurus|Serpens|Libra|Pisces|Scorpius|Lepus)"),
     "Palo Alto"),
    (re.compile(r"(IRON|BRONZE|COBALT|GOLD|NICKEL|TUNGSTEN|ZINC|COPPER) [A-Z]+"),
     "Secureworks"),
    (re.compile(r"TG-\d+"), "Secureworks"),
    (re.compile(r"(Earth|Water) [A-Z][a-z]+"), "Trend Micro"),
    (re.compile(r"APT-C-\d+"), "Qihoo 360"),
]


def scheme_vendors(name):
    out = set()
    if name.isupper() and name.casefold() in ELEMENTS:
        out.add("Microsoft")
    for rx, vendor in SCHEME_VENDORS:
        if rx.fullmatch(name):
            out.add(vendor)
            break
    return out


def clean_vendor(v):
    v = VENDOR_ALIASES.get(v, v)
    return re.sub(r"[;=,\t\n]+", " ", v).strip()


# ------------------------------------------------------------------------ loading

class Entry:
    """One MISP cluster value reduced to what may be carried over."""

    def __init__(self, src, uuid, value, names):
        self.src = src            # cluster file stem
        self.uuid = uuid
        self.value = value        # raw value (for logs)
        self.names = names        # cleaned names, primary first
        self.countries = []       # (priority tag, ISO)
        self.vendors = set()
        self.gid = None           # MITRE group id (tidal)
        self.raw_country = []     # unmapped values, for the log

    @property
    def primary(self):
        return self.names[0]

    def label(self):
        return "%s:%s %r" % (self.src, self.uuid, self.value)


class Record:
    def __init__(self, canonical):
        self.canonical = canonical
        self.id = None
        self.mitre = ""
        self.revoked = set()
        self.uuids = set()
        self.sources = set()
        self.names = {}           # name -> set of origins ("mitre", "entry", "ambiguous", "override")
        self.countries = []
        self.vendors = set()
        self.entries = []
        self.primaries = set()    # MITRE value names, founding entry's primary (rule F4)
        self.mitre_values = set() # MITRE (enterprise, revoked, ICS) group names (rule F7)

    def add_name(self, name, origin):
        self.names.setdefault(name, set()).add(origin)

    def keys(self):
        return {match_key(n) for n in self.names}


def load(misp_dir, fname):
    with open(os.path.join(misp_dir, fname), encoding="utf-8") as fh:
        return json.load(fh)["values"]


def entry_names(src, v):
    meta = v.get("meta", {})
    value = v["value"]
    raw = []
    if src == "360net" and " - " in value:
        raw += [p for p in value.split(" - ")]
    elif src == "mitre-intrusion-set":
        raw.append(re.sub(r"\s+-\s+G\d{4}$", "", value))
    else:
        raw.append(value)
    if src == "mitre-ics-groups":
        raw += [a.split(" - ")[0] for a in meta.get("Associated Group Descriptions", [])]
    raw += meta.get("synonyms", [])
    names = []
    for r in raw:
        for n in clean_names(r):
            if n not in names:
                names.append(n)
    return names


def drop_non_aliases(e, log):
    kept = []
    for n in e.names:
        why = not_alias(n)
        if why:
            log.append("DROP   %r from %s: %s" % (n, e.label(), why))
        else:
            kept.append(n)
    e.names = kept


def make_entry(src, v, producers, log):
    names = entry_names(src, v)
    e = Entry(src, v["uuid"], v["value"], names)
    drop_non_aliases(e, log)
    names = e.names
    meta = v.get("meta", {})
    if src == "threat-actor":
        sponsor = meta.get("cfr-suspected-state-sponsor")
        if sponsor:
            if sponsor in CFR_ISO:
                if CFR_ISO[sponsor]:
                    e.countries.append(("threat-actor:cfr", CFR_ISO[sponsor]))
            else:
                e.raw_country.append(sponsor)
        c = meta.get("country")
        if c and re.fullmatch(r"[A-Z]{2}", c):
            e.countries.append(("threat-actor", c))
        elif c:
            e.raw_country.append(c)
        for na in meta.get("name-attribution", []):
            _, _, pu = na.rpartition(":")
            if pu in producers:
                e.vendors.add(producers[pu])
    elif src == "microsoft-activity-group":
        e.vendors.add("Microsoft")
        c = meta.get("country")
        origin = (meta.get("microsoft-origin-threat") or "").split(",")[0].strip()
        if c and re.fullmatch(r"[A-Z]{2}", c):
            e.countries.append((src, c))
        elif origin in MS_ORIGIN_ISO:
            e.countries.append((src, MS_ORIGIN_ISO[origin]))
    elif src == "tidal-groups":
        c = meta.get("country")
        if c and re.fullmatch(r"[A-Z]{2}", c):
            e.countries.append((src, c))
        gid = meta.get("group_attack_id", "")
        if re.fullmatch(r"G\d{4}", gid) and meta.get("source") == "MITRE":
            e.gid = gid
    elif src == "360net":
        e.vendors.add("Qihoo 360")
        c = (meta.get("country") or "").casefold()
        if c in NET360_ISO:
            e.countries.append((src, NET360_ISO[c]))
    for c in e.raw_country:
        log.append("COUNTRY? %s: unmapped country value %r ignored" % (e.label(), c))
    if not names:
        log.append("SKIP   %s: no usable name" % e.label())
    return e


# ---------------------------------------------------------------------- overrides

def read_overrides(path):
    rows = []
    if not path or not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as fh:
        header = None
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                if cols[:4] != ["action", "subject", "object", "comment"]:
                    raise SystemExit("%s:%d: bad header" % (path, lineno))
                continue
            if len(cols) != 4 or not cols[3].strip():
                raise SystemExit("%s:%d: need 4 columns incl. a comment" % (path, lineno))
            rows.append((lineno, cols[0], cols[1], cols[2], cols[3]))
    return rows


# -------------------------------------------------------------------------- build

class Builder:
    def __init__(self, misp_dir, overrides, log):
        self.log = log
        self.misp_dir = misp_dir
        self.records = []
        self.by_gid = {}
        self.overrides = overrides
        self.separate = []        # (key a, key b, text a, text b)
        self.forced = {}          # (src, uuid) -> subject
        self.conflicts = 0
        self.forced_used = set()
        for lineno, action, subj, obj, _ in overrides:
            if action == "separate":
                self.separate.append((match_key(subj), match_key(obj), subj, obj))
            elif action == "attach":
                src, _, uuid = subj.partition(":")
                self.forced[(src, uuid)] = (obj, lineno)
            elif action not in ("alias", "unalias", "country"):
                raise SystemExit("overrides line %d: unknown action %r" % (lineno, action))

    # -- helpers
    def index(self, records):
        idx = collections.defaultdict(set)
        for i, r in enumerate(records):
            for n in r.names:
                idx[match_key(n)].add(i)
        return idx

    def separated(self, keys_a, keys_b):
        for a, b, ta, tb in self.separate:
            if (a in keys_a and b in keys_b) or (b in keys_a and a in keys_b):
                return "%s / %s" % (ta, tb)
        return None

    def candidates(self, e, idx, use_gid=True):
        disc, amb = collections.defaultdict(list), collections.defaultdict(list)
        for n in e.names:
            hits = idx.get(match_key(n), set())
            target = disc if len(hits) == 1 else amb
            for i in hits:
                target[i].append(n)
        if use_gid and e.gid and e.gid in self.by_gid:
            disc[self.by_gid[e.gid]].append(e.gid)
        return disc if disc else amb

    def attach(self, e, rec, idx, own_index):
        """Merge entry e into rec; names owned by another indexed record stay there."""
        for n in e.names:
            hits = idx.get(match_key(n), set())
            if hits and own_index not in hits:
                self.log.append("KEEP   %r stays with %s (not copied from %s)"
                                % (n, "/".join(sorted(self.records_label(h) for h in hits)),
                                   e.label()))
                self.add_keyed(n, hits, self._labels)
                continue
            rec.add_name(n, "entry")
        rec.uuids.add(e.uuid)
        rec.sources.add(e.src)
        rec.countries += e.countries
        rec.vendors |= e.vendors
        rec.entries.append(e)

    @staticmethod
    def add_keyed(name, hits, records):
        """A spelling whose match key names exactly one record is that record's name
        ("Winnti" for "Winnti Group", "APT 38" for "APT38"), whoever lists it."""
        if len(hits) == 1:
            records[next(iter(hits))].add_name(name, "keyed")

    def records_label(self, i):
        r = self._labels[i]
        return r.mitre or r.canonical

    def new_record(self, e, names=None):
        latin = [n for n in e.names if slugify(n)]
        r = Record(latin[0] if latin else e.primary)
        for n in (names if names is not None else e.names):
            r.add_name(n, "entry")
        r.add_name(e.primary, "entry")
        r.primaries |= {e.primary, r.canonical}
        r.uuids.add(e.uuid)
        r.sources.add(e.src)
        r.countries += e.countries
        r.vendors |= e.vendors
        r.entries.append(e)
        return r

    def mitre_names(self, v):
        """(value name, names that may be aliases) of a MITRE intrusion set."""
        names = entry_names("mitre-intrusion-set", v)
        kept = []
        for n in names:
            why = not_alias(n)
            if why:
                self.log.append("DROP   %r from mitre-intrusion-set:%s %r: %s"
                                % (n, v["uuid"], v["value"], why))
            else:
                kept.append(n)
        return names[0], kept

    # -- rule M1
    def backbone(self):
        values = load(self.misp_dir, MITRE_FILE)
        by_uuid = {v["uuid"]: v for v in values}
        for v in sorted(values, key=lambda v: v["meta"]["external_id"]):
            if v.get("revoked"):
                continue
            gid = v["meta"]["external_id"]
            value, names = self.mitre_names(v)
            aptn = [n for n in names if re.fullmatch(r"APT\d+", n)]
            # a set named only by an operation (G0116 "Operation Wocao") keeps it as
            # display name, but it is no alias (finish() does not add it)
            r = Record(aptn[0] if len(aptn) == 1 else value)
            r.mitre = gid
            r.primaries.add(value)
            r.mitre_values.add(value)
            for n in names + [gid]:
                r.add_name(n, "mitre")
            r.uuids.add(v["uuid"])
            r.sources.add("mitre-intrusion-set")
            self.by_gid[gid] = len(self.records)
            self.records.append(r)
        for v in sorted(values, key=lambda v: v["meta"]["external_id"]):
            if not v.get("revoked"):
                continue
            gid = v["meta"]["external_id"]
            succ = [by_uuid.get(x["dest-uuid"]) for x in v.get("related", [])
                    if x.get("type") == "revoked-by"]
            succ = [s for s in succ if s and not s.get("revoked")]
            if not succ:
                self.log.append("REVOKED %s %r has no live successor: dropped"
                                % (gid, v["value"]))
                continue
            r = self.records[self.by_gid[succ[0]["meta"]["external_id"]]]
            value, names = self.mitre_names(v)
            r.primaries.add(value)
            r.mitre_values.add(value)
            for n in names + [gid]:
                r.add_name(n, "mitre")
            r.revoked.add(gid)
            self.by_gid.setdefault(gid, self.by_gid[r.mitre])
            r.uuids.add(v["uuid"])
            self.log.append("REVOKED %s %r -> %s" % (gid, v["value"], r.mitre))
        # ICS groups: attach by rule M2 against the enterprise sets, else own record
        self._labels = self.records
        idx = self.index(self.records)
        for v in sorted(load(self.misp_dir, ICS_FILE), key=lambda v: v["uuid"]):
            e = make_entry("mitre-ics-groups", v, {}, self.log)
            if not e.names:
                continue
            cand = self.candidates(e, idx)
            if len(cand) == 1:
                i = next(iter(cand))
                r = self.records[i]
                for n in e.names:
                    hits = idx.get(match_key(n), set())
                    if not hits or i in hits:
                        r.add_name(n, "mitre")
                if e.primary in r.names:
                    r.primaries.add(e.primary)
                    r.mitre_values.add(e.primary)
                r.uuids.add(e.uuid)
                r.sources.add("mitre-ics-groups")
                self.log.append("ICS    %s -> %s" % (e.label(), r.mitre))
            else:
                if cand:
                    self.log.append("ICS    %s conflicts (%s): own record"
                                    % (e.label(), ", ".join(sorted(
                                        self.records[i].mitre for i in cand))))
                r = self.new_record(e)
                r.mitre_values.add(e.primary)
                for n in r.names:
                    r.names[n] = {"mitre"}
                self.records.append(r)
        self.n_backbone = len(self.records)

    # -- rules M2/M3
    def resolve_subject(self, subj, records):
        if re.fullmatch(r"G\d{4}", subj) and subj in self.by_gid:
            return self.by_gid[subj]
        for i, r in enumerate(records):
            if slugify(r.canonical) == subj or r.canonical == subj:
                return i
        return None

    def place(self, e, records, idx, pending, stage):
        """Decide one entry against `records` (indexed by idx)."""
        self._labels = records
        keys_e = {match_key(n) for n in e.names}
        forced = self.forced.get((e.src, e.uuid))
        if forced:
            self.forced_used.add((e.src, e.uuid))
            i = self.resolve_subject(forced[0], records)
            if i is None:
                if stage == "backbone":
                    pending.append(e)
                    return
                raise SystemExit("overrides line %d: unknown record %r"
                                 % (forced[1], forced[0]))
            self.attach(e, records[i], idx, i)
            self.log.append("FORCED %s -> %s (overrides line %d)"
                            % (e.label(), records[i].mitre or records[i].canonical,
                               forced[1]))
            return
        cand = self.candidates(e, idx, stage == "backbone")
        if len(cand) == 1:
            i = next(iter(cand))
            why = self.separated(keys_e, records[i].keys() | keys_e)
            if why is None:
                self.attach(e, records[i], idx, i)
                return
            self.log.append("BLOCK  %s not attached to %s: separate %s"
                            % (e.label(), self.records_label(i), why))
        if not cand:
            if pending is not None:
                pending.append(e)
            else:
                records.append(self.new_record(e))
            return
        # conflict (or blocked)
        self.conflicts += 1
        labels = ", ".join("%s[%s]" % (self.records_label(i), "|".join(ns))
                           for i, ns in sorted(cand.items()))
        unmatched = [n for n in e.names if not idx.get(match_key(n))]
        for n in e.names:
            self.add_keyed(n, idx.get(match_key(n), set()), records)
        primary_hit = idx.get(match_key(e.primary), set()) & set(cand)
        if primary_hit:
            for i in sorted(cand):
                for n in unmatched:
                    if self.separated({match_key(n)}, records[i].keys()):
                        continue
                    records[i].add_name(n, "ambiguous")
            self.log.append("CONFLICT %s matches %s: not merged; unmatched aliases "
                            "ambiguous on every candidate: %s"
                            % (e.label(), labels, ", ".join(unmatched) or "-"))
        else:
            own = [n for n in unmatched
                   if not self.separated({match_key(n)}, {match_key(e.primary)})]
            r = self.new_record(e, own)
            records.append(r)
            self.log.append("CONFLICT %s matches %s: not merged; own record with %s"
                            % (e.label(), labels, ", ".join(own)))

    def build(self, producers):
        self.backbone()
        idx = self.index(self.records)
        pending = collections.OrderedDict((src_name(f), []) for f in OTHER_FILES)
        entries = {}
        for f in OTHER_FILES:
            src = src_name(f)
            entries[src] = [make_entry(src, v, producers, self.log)
                            for v in sorted(load(self.misp_dir, f), key=lambda v: v["uuid"])]
            entries[src] = [e for e in entries[src] if e.names]
            for e in entries[src]:
                self.place(e, self.records, idx, pending[src], "backbone")
        # rule M3: pending entries, file by file, against earlier files' records
        secondary = []
        for src, plist in pending.items():
            idx2 = self.index(secondary)
            for e in sorted(plist, key=lambda e: (e.primary.casefold(), e.uuid)):
                self.place(e, secondary, idx2, None, "secondary")
        self.records += secondary
        self._labels = self.records
        for key in sorted(set(self.forced) - self.forced_used):
            raise SystemExit("overrides line %d: no cluster entry %s:%s"
                             % (self.forced[key][1], key[0], key[1]))

    # -- rule M4
    def apply_overrides(self):
        for lineno, action, subj, obj, _ in self.overrides:
            if action in ("alias", "unalias", "country"):
                i = self.resolve_subject(subj, self.records)
                if i is None:
                    raise SystemExit("overrides line %d: unknown record %r" % (lineno, subj))
                r = self.records[i]
                if action == "alias":
                    if not_alias(obj):
                        raise SystemExit("overrides line %d: %r is no alias: %s"
                                         % (lineno, obj, not_alias(obj)))
                    r.add_name(obj, "override")
                elif action == "unalias":
                    if obj not in r.names:
                        raise SystemExit("overrides line %d: %r not a name of %s"
                                         % (lineno, obj, subj))
                    del r.names[obj]
                else:
                    if not re.fullmatch(r"[A-Z]{2}", obj):
                        raise SystemExit("overrides line %d: bad country %r" % (lineno, obj))
                    r.countries = [("override", obj)]
                self.log.append("OVERRIDE line %d: %s %s %s" % (lineno, action, subj, obj))

    # -- rules M5/M6 and output rows
    def finish(self):
        used = {}
        for r in sorted(self.records, key=lambda r: (r.mitre == "", r.mitre,
                                                     r.canonical.casefold(),
                                                     sorted(r.uuids))):
            base = slugify(r.canonical) or "actor"
            rid = base
            if rid in used:
                rid = "%s-%s" % (base, (r.mitre or sorted(r.uuids)[0][:8]).lower())
            assert rid not in used, rid
            used[rid] = r
            r.id = rid
            r.primaries.add(r.canonical)
            if not_alias(r.canonical) is None:
                r.add_name(r.canonical, "canonical")
        for r in self.records:
            votes = collections.Counter(c for _, c in r.countries)
            if not votes:
                r.country = ""
                continue
            best = max(votes.values())
            tops = [c for c, n in votes.items() if n == best]
            if len(tops) > 1:
                order = {p: k for k, p in enumerate(COUNTRY_PRIORITY + ["override"])}
                tops.sort(key=lambda c: min(order.get(t, 99) for t, cc in r.countries
                                            if cc == c))
            r.country = tops[0]
            if len(votes) > 1:
                self.log.append("COUNTRY %s: votes %s -> %s" % (
                    r.id, ", ".join("%s=%d" % kv for kv in sorted(votes.items())),
                    r.country))
        for a, b, ta, tb in self.separate:
            for r in self.records:
                ks = r.keys()
                if a in ks and b in ks:
                    raise SystemExit("separate %r / %r violated by record %s"
                                     % (ta, tb, r.id))

    # -- rule F7
    def add_short_forms(self, words, malware):
        """The bare form of a MITRE "X Group/Team/Gang" name ("Lazarus", "Sandworm")."""
        self.n_short = 0
        for r in self.records:
            r.short_keys = set()
            r.primary_keys = {fold_key(p) for p in r.primaries if p in r.names}
            for p in sorted(r.mitre_values & set(r.names)):
                base = short_form_base(p)
                if not base:
                    continue
                key = fold_key(base)
                if any(fold_key(n) == key for n in r.names):
                    r.short_keys.add(key)
                    continue
                low = base.casefold()
                others = sorted(o.id for o in self.records if o is not r
                                and any(fold_key(n) == key for n in o.names))
                why = ("an element name" if low in ELEMENTS else
                       "an English word" if low in words.english else
                       "a malware name" if low in malware else
                       "a name of " + ", ".join(others) if others else None)
                if why:
                    self.log.append("SHORT  %r not added to %s (short form of %r): %s"
                                    % (base, r.id, p, why))
                    continue
                r.add_name(base, "short")
                r.short_keys.add(key)
                self.n_short += 1
                self.log.append("SHORT  %r added to %s (short form of %r)" % (base, r.id, p))

    def vendors(self, r):
        out = {clean_vendor(v) for v in r.vendors}
        for n, origins in r.names.items():
            if origins - {"ambiguous"}:
                out |= scheme_vendors(n)
        return sorted(v for v in out if v and v not in NOT_VENDORS)


FOLD_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae",
                              "œ": "oe", "þ": "th"})


def fold_key(name):
    """Approximation of the engine's FoldKey (attrex::Normalize): the engine keeps ONE
    alias per (record, folded name), so case variants must be decided here."""
    s = unicodedata.normalize("NFKC", name).casefold().translate(FOLD_LETTERS)
    s = "".join(ch for ch in unicodedata.normalize("NFD", s)
                if not unicodedata.combining(ch))
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    return re.sub(r"\s+", " ", s).strip()


def pick_forms(names_with_case, preferred):
    """One line per folded name and record (see NAME CLEANING): the preferred spelling,
    case `any` if any variant is `any`; several spellings that share their first letter
    give `cap` (the source writes the name in varying case), otherwise `any`."""
    groups = collections.defaultdict(list)
    for name, case, flags in names_with_case:
        groups[fold_key(name)].append((name, case, flags))
    out = []
    for items in groups.values():
        items.sort(key=lambda t: (t[0] not in preferred, t[0]))
        name, case, flags = items[0]
        cases = {t[1] for t in items}
        if len(items) > 1:
            flags = sorted(set.intersection(*(set(t[2]) for t in items)))
            if "any" in cases or len({t[0][:1] for t in items}) > 1:
                case = "any"
            else:
                case = "cap"
        out.append((name, case, flags))
    return out


def write_tsv(path, header, comments, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(header) + "\n")
        for c in comments:
            fh.write("# " + c + "\n")
        for row in rows:
            for field in row:
                assert "\t" not in field and "\n" not in field, row
            fh.write("\t".join(row) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("misp_dir", nargs="?", default=DEFAULT_MISP)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--overrides", default=DEFAULT_OVERRIDES)
    ap.add_argument("--dict-dir", default="/usr/share/dict")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    log = []
    producers = {}
    ppath = os.path.join(args.misp_dir, PRODUCER_FILE)
    if os.path.exists(ppath):
        producers = {v["uuid"]: v["value"] for v in load(args.misp_dir, PRODUCER_FILE)}
    malware = set()
    for v in load(args.misp_dir, MALWARE_FILE):
        for n in [v["value"]] + v.get("meta", {}).get("synonyms", []):
            malware.add(re.sub(r"\s+", " ", n).strip().casefold())

    b = Builder(args.misp_dir, read_overrides(args.overrides), log)
    b.build(producers)
    b.apply_overrides()
    b.finish()

    all_names = {n for r in b.records for n in r.names}
    all_names |= {short_form_base(p) or "" for r in b.records for p in r.mitre_values}
    words, dicts_used = load_words(args.dict_dir, needed_words(all_names))
    b.add_short_forms(words, malware)

    provenance = ""
    spath = os.path.join(args.misp_dir, "SOURCE.txt")
    if os.path.exists(spath):
        with open(spath, encoding="utf-8") as fh:
            m = re.search(r"commit ([0-9a-f]{40})", fh.read())
            if m:
                provenance = " commit " + m.group(1)
    comments = ["generated by tools/convert_actors.py from MISP galaxy%s; do not edit, "
                "fix data/actors/overrides.tsv and rerun" % provenance,
                "word lists: " + ",".join(dicts_used)]

    ent_rows, name_rows = [], []
    for r in sorted(b.records, key=lambda r: r.id):
        attrs = []
        if r.mitre:
            attrs.append("mitre=" + r.mitre)
        if r.revoked:
            attrs.append("revoked=" + ",".join(sorted(r.revoked)))
        attrs.append("uuid=" + ",".join(sorted(r.uuids)))
        vend = b.vendors(r)
        if vend:
            attrs.append("vendor=" + ",".join(vend))
        attrs.append("sources=" + ",".join(sorted(r.sources)))
        for a in attrs:
            assert a.count("=") == 1 and ";" not in a, a
        ent_rows.append((ENTITY_TYPE, r.id, r.canonical, r.country, "group", ";".join(attrs)))
        preferred = {r.canonical} | {n for n, o in r.names.items() if "mitre" in o}
        forms = pick_forms([(n,) + classify(n, words, malware,
                                             fold_key(n) in r.primary_keys,
                                             fold_key(n) in r.short_keys)
                            for n in r.names], preferred)
        for name, case, flags in sorted(forms, key=lambda t: (t[0].casefold(), t[0])):
            name_rows.append((ENTITY_TYPE, r.id, name, "", case, ",".join(flags)))

    os.makedirs(args.out, exist_ok=True)
    write_tsv(os.path.join(args.out, "actors.entities.tsv"),
              ["type", "id", "name", "country", "kind", "attrs"], comments, ent_rows)
    write_tsv(os.path.join(args.out, "actors.names.tsv"),
              ["type", "id", "name", "lang", "case", "flags"], comments, name_rows)

    # statistics
    ids_by_name = collections.defaultdict(set)
    for row in name_rows:
        ids_by_name[fold_key(row[2])].add(row[1])
    ambiguous = sorted(n for n, ids in ids_by_name.items() if len(ids) > 1)
    flag_counts = collections.Counter(f for row in name_rows for f in row[5].split(",") if f)
    case_counts = collections.Counter(row[4] for row in name_rows)
    stats = [
        "records %d (backbone %d, with country %d)" % (
            len(ent_rows), b.n_backbone, sum(1 for r in ent_rows if r[3])),
        "names %d" % len(name_rows),
        "ambiguous names (one form, >1 id) %d" % len(ambiguous),
        "conflicting entries %d" % b.conflicts,
        "operation names dropped %d, short forms added %d" % (
            sum(1 for l in log if l.startswith("DROP") and "operation (" in l), b.n_short),
        "case " + " ".join("%s=%d" % kv for kv in sorted(case_counts.items())),
        "flags " + " ".join("%s=%d" % kv for kv in sorted(flag_counts.items())),
    ]
    with open(os.path.join(args.out, "CONFLICTS.txt"), "w", encoding="utf-8",
              newline="\n") as fh:
        fh.write("# Audit log of tools/convert_actors.py (regenerated on every run).\n")
        fh.write("# REVOKED/ICS: backbone folding; CONFLICT: entry matching several backbone\n"
                 "# records (not merged); KEEP: alias left on the record MITRE gives it;\n"
                 "# BLOCK: attachment refused by a `separate` override; COUNTRY: sources\n"
                 "# disagree; AMBIGUOUS: names carried by several ids.\n\n")
        for s in stats:
            fh.write("# " + s + "\n")
        fh.write("\n")
        for line in log:
            fh.write(line + "\n")
        fh.write("\n")
        for n in ambiguous:
            fh.write("AMBIGUOUS %s: %s\n" % (n, ", ".join(sorted(ids_by_name[n]))))
    if not args.quiet:
        for s in stats:
            print(s, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
