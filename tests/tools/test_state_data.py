"""Checks of the hand-curated state data (stdlib + pytest only).

Files under test (formats: data/FORMATS.md):
  data/inflection/paradigms.tsv        lang  paradigm  suffixes
  data/states/states.stems.tsv         type  id  stem  lang  paradigm  case  flags
  data/states/states_extra.names.tsv   type  id  name  lang  case  flags
"""

import collections
import pathlib
import re
import unicodedata

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PARADIGMS = ROOT / "data" / "inflection" / "paradigms.tsv"
STEMS = ROOT / "data" / "states" / "states.stems.tsv"
NAMES = ROOT / "data" / "states" / "states_extra.names.tsv"
CLDR = ROOT / "data" / "states" / "cldr.names.tsv"  # generated nominatives (may be absent)

LANGS = ("ro", "en", "fr", "nl", "de", "es", "it", "pt", "pl", "cs")
CASES = {"any", "cap", "exact"}
FLAGS = {"cue", "malware", "common", "short", "lang-only"}

# The states this curated layer covers: EU, NATO non-EU, Five Eyes and the rest of the brief.
COVERED = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "US CA GB NO IS TR AL ME MK AU NZ "
    "CN RU IR KP KR BY UA IL IN PK VN SA AE JP TW CH MD RS GE SY IQ AF EG"
).split()

# Two-letter names allowed: standard abbreviations, not bare ISO codes (VS = Dutch
# "Verenigde Staten"; it is case exact, `lang-only` nl).
ALLOWED_CODES = {"US", "UK", "VS"}

# Function words that no generated form may equal (compared after folding). A form flagged
# `lang-only` is only checked against the stopwords of its own language.
STOPWORDS = {
    "en": "the a an and or of to in on at by for from with as is are was were be been not no "
          "but if it its this that these those he she we you they his her our their who what "
          "which when where how all any can may has have had will would one two via per new us",
    "ro": "și si sau de din la în in pe cu pentru prin care ce este sunt a al ale ai lui lor "
          "unei unui unor o un nu mai dar cum cine când cand după dupa între intre fără fara "
          "spre către catre are fost fi să sa se își isi ne vă va le ei ea el ele ei acest "
          "această aceasta aceste acesta",
    "fr": "le la les un une des du de et ou en au aux dans pour par sur avec sans est sont "
          "qui que quoi pas plus mais ses son sa leur leurs ce cette ces il elle nous vous ils "
          "elles",
    "nl": "de het een en of van voor met niet zijn die dat deze ook maar als bij door naar "
          "over uit aan dan wel nog geen heeft hebben wordt worden is was let op om te tot",
    "de": "der die das den dem des ein eine einen einem einer eines und oder mit von für fur "
          "auf ist sind nicht auch bei aus nach über uber wie wir sie er es ihr ihre zu im am "
          "um als an",
    "es": "el la los las un una unos unas del de y o en por para con sin que este esta estos "
          "estas como pero sus su más mas sobre entre es son fue ha",
    "it": "il lo la i gli le un una uno del della delle degli dei di da in con su per tra fra "
          "che e o non più piu come anche dal nel sul sono è ha",
    "pt": "o a os as um uma uns umas do da dos das de em no na nos nas por para com sem que "
          "não nao mais como pelo pela seu sua este esta é foi",
    "pl": "i w z na do nie się sie jest są sa oraz lub dla przez jak ale tak czy ich jego jej "
          "to ten ta te od po za pod nad przy",
    "cs": "a i v ve z ze na do se je jsou pro jak ale také take nebo jeho její jeji které "
          "ktere který ktery při pri pod nad od po za to ten ta",
}

# Hand-checked forms that expanding the stems must produce: {id: {lang: {forms}}}.
EXPECTED = {
    "BE": {
        "ro": {"belgian", "belgiană", "belgieni", "belgiene", "belgianul", "belgiana",
               "belgienii", "belgienele", "belgianului", "belgienei", "belgienilor",
               "belgienelor", "Belgia", "Belgiei"},
        "fr": {"belge", "belges"},
        "nl": {"Belgisch", "Belgische", "Belg", "Belgen"},
        "de": {"belgisch", "belgische", "belgischen", "Belgier", "Belgiens"},
        "en": {"Belgian", "Belgians"},
        "pl": {"belgijski", "belgijskiej", "belgijscy", "Belgii", "Belgię", "Belgowie"},
        "cs": {"belgický", "belgičtí", "Belgie", "Belgii", "Belgičané"},
    },
    "CN": {
        "ro": {"chinez", "chineză", "chinezi", "chineze", "chinezul", "chineza", "chinezii",
               "chinezele", "chinezului", "chinezei", "chinezilor", "chinezelor",
               "chinezesc", "chinezească", "chinezești", "China", "Chinei"},
        "en": {"Chinese"},
        "fr": {"chinois", "chinoise", "chinoises"},
        "nl": {"Chinees", "Chinese", "Chinezen"},
        "de": {"chinesisch", "chinesische", "chinesischen", "chinesischer", "chinesisches",
               "chinesischem", "Chinese", "Chinesen", "Chinesin", "Chinas"},
        "es": {"chino", "china", "chinos", "chinas"},
        "it": {"cinese", "cinesi"},
        "pt": {"chinês", "chinesa", "chineses", "chinesas"},
        "pl": {"chiński", "chińska", "chińskie", "chińskiego", "chińskiej", "chińskim",
               "chińską", "chińscy", "chińskich", "chińskimi", "Chińczyk", "Chińczycy",
               "Chiny", "Chin", "Chinach", "Chinom"},
        "cs": {"čínský", "čínská", "čínské", "čínského", "čínském", "čínskému", "čínským",
               "čínskou", "čínští", "čínských", "čínskými", "Čína", "Číny", "Číně", "Čínu",
               "Čínou", "Číňané"},
    },
    "RU": {
        "ro": {"rus", "rusă", "ruși", "ruse", "rușii", "rușilor", "rusesc", "rusească",
               "Rusia", "Rusiei"},
        "en": {"Russian", "Russians"},
        "de": {"russisch", "russischen", "Russe", "Russen", "Russland", "Russlands"},
        "it": {"russo", "russa", "russi", "russe"},
        "pl": {"rosyjski", "rosyjskiej", "Rosjanie", "Rosja", "Rosji", "Rosję", "Rosją"},
        "cs": {"ruský", "ruští", "Rusko", "Ruska", "Rusku", "Ruskem"},
    },
    "US": {
        "ro": {"american", "americană", "americani", "americane", "americanii"},
        "fr": {"américain", "américaine", "américains", "américaines"},
        "de": {"amerikanisch", "US-amerikanische", "US-amerikanischen", "Amerikaner"},
        "nl": {"Amerikaans", "Amerikaanse", "Amerikaan", "Amerikanen"},
        "pl": {"amerykański", "Amerykanie", "Amerykanów"},
        "cs": {"americký", "američtí", "Američané"},
    },
    "DE": {
        "ro": {"german", "germană", "germani", "Germania", "Germaniei", "nemțesc"},
        "de": {"deutsch", "deutsche", "deutschen", "Deutschland", "Deutschlands"},
        "pl": {"niemiecki", "niemieccy", "Niemiec", "Niemcy", "Niemcom"},
        "cs": {"německý", "němečtí", "Německo", "Německa", "Němci"},
    },
    "PL": {
        "pl": {"polski", "polscy", "Polska", "Polski", "Polsce", "Polskę", "Polak", "Polacy"},
        "cs": {"polský", "Polsko", "Poláci"},
    },
    "IR": {
        "ro": {"iranian", "iraniană", "iranieni", "Iran", "Iranului"},
        "es": {"iraní", "iraníes"},
    },
    "GB": {"en": {"British", "Briton", "Britons"}, "nl": {"Brits", "Britse", "Britten"}},
    "AT": {"ro": {"austriac", "austriacă", "austrieci", "austriece"}},
    "HR": {"ro": {"croat", "croată", "croați", "croate"}},
    "GR": {"ro": {"grec", "greacă", "greci", "grecesc"}, "fr": {"grec", "grecque"}},
    "UA": {"ro": {"ucrainean", "ucraineană", "ucraineni", "ucrainene", "Ucrainei"}},
    "TR": {"fr": {"turc", "turque", "turcs", "turques"}, "pl": {"Turek", "Turcy"}},
    "EG": {"pl": {"Egipt", "Egiptu", "Egipcie"}, "cs": {"Egypt", "Egypta", "Egyptě"}},
}

# Names that must be in states_extra.names.tsv: (id, name, lang, case).
EXPECTED_NAMES = {
    ("RU", "ruse", "ro", "any"),
    ("CN", "Chin", "pl", "cap"),
    ("CN", "People's Republic of China", "en", "cap"),
    ("CN", "PRC", "en", "exact"),
    ("CN", "Republica Populară Chineză", "ro", "cap"),
    ("CN", "Republicii Populare Chineze", "ro", "cap"),
    ("CN", "Volksrepublik China", "de", "cap"),
    ("RU", "Russian Federation", "en", "cap"),
    ("RU", "Federația Rusă", "ro", "cap"),
    ("RU", "Federației Ruse", "ro", "cap"),
    ("RU", "Federacji Rosyjskiej", "pl", "cap"),
    ("KP", "DPRK", "en", "exact"),
    ("KR", "ROK", "en", "exact"),
    ("US", "US", "*", "exact"),
    ("US", "USA", "*", "exact"),
    ("US", "SUA", "ro", "exact"),
    ("US", "Statelor Unite ale Americii", "ro", "cap"),
    ("US", "Vereinigten Staaten", "de", "cap"),
    ("US", "Stanów Zjednoczonych", "pl", "cap"),
    ("US", "Spojených států", "cs", "cap"),
    ("GB", "UK", "*", "exact"),
    ("GB", "Regatului Unit", "ro", "cap"),
    ("GB", "Marea Britanie", "ro", "cap"),
    ("IR", "Islamic Republic of Iran", "en", "cap"),
    ("CZ", "Republicii Cehe", "ro", "cap"),
    ("TR", "Türkiye", "*", "cap"),
    ("AE", "UAE", "*", "exact"),
}


_FOLD_EXTRA = {"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "æ": "ae", "œ": "oe"}


def fold(s):
    """Case- and accent-fold like the matcher (ş = ș = s, ł = l, ß = ss)."""
    s = "".join(_FOLD_EXTRA.get(c, c) for c in s)
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def read_tsv(path, ncols):
    """Rows as (line number, fields); checks the header and column count of every row."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    assert lines[0] and not lines[0].startswith("#"), f"{path}: first line must be the header"
    header = lines[0].split("\t")
    assert len(header) == ncols, f"{path}: header has {len(header)} columns, want {ncols}"
    for no, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert len(fields) == ncols, f"{path}:{no}: {len(fields)} columns, want {ncols}: {line!r}"
        assert all(f == f.strip() for f in fields), f"{path}:{no}: stray whitespace: {line!r}"
        rows.append((no, fields))
    return header, rows


@pytest.fixture(scope="module")
def paradigms():
    header, rows = read_tsv(PARADIGMS, 3)
    assert header == ["lang", "paradigm", "suffixes"]
    par = {}
    for no, (lang, name, suffixes) in rows:
        assert (lang, name) not in par, f"{PARADIGMS}:{no}: duplicate paradigm {lang} {name}"
        toks = suffixes.split(" ")
        assert all(toks), f"{PARADIGMS}:{no}: empty suffix (double space?)"
        assert len(set(toks)) == len(toks), f"{PARADIGMS}:{no}: repeated suffix"
        par[(lang, name)] = ["" if t == "0" else t for t in toks]
    return par


@pytest.fixture(scope="module")
def stem_rows():
    header, rows = read_tsv(STEMS, 7)
    assert header == ["type", "id", "stem", "lang", "paradigm", "case", "flags"]
    return rows


@pytest.fixture(scope="module")
def name_rows():
    header, rows = read_tsv(NAMES, 6)
    assert header == ["type", "id", "name", "lang", "case", "flags"]
    return rows


@pytest.fixture(scope="module")
def forms(paradigms, stem_rows):
    """Every generated alias: (id, lang, form, case, flags, line number)."""
    out = []
    for no, (typ, id_, stem, lang, par, case, flags) in stem_rows:
        for suffix in paradigms[(lang, par)]:
            out.append((id_, lang, stem + suffix, case, flags, no))
    return out


def check_common_fields(path, no, typ, id_, lang, case, flags, langs):
    assert typ == "STATE", f"{path}:{no}: type {typ!r}"
    assert re.fullmatch(r"[A-Z]{2}", id_), f"{path}:{no}: bad id {id_!r}"
    assert lang in langs, f"{path}:{no}: language {lang!r}"
    assert case in CASES, f"{path}:{no}: case {case!r}"
    got = set(flags.split(",")) if flags else set()
    assert got <= FLAGS, f"{path}:{no}: unknown flags {got - FLAGS}"


def test_paradigm_languages(paradigms):
    langs = {lang for lang, _ in paradigms}
    assert langs == set(LANGS)
    for (lang, name) in paradigms:
        assert name.startswith(lang + "-"), f"paradigm {name} should start with {lang}-"


def test_stem_rows(stem_rows, paradigms):
    for no, (typ, id_, stem, lang, par, case, flags) in stem_rows:
        check_common_fields(STEMS, no, typ, id_, lang, case, flags, LANGS)
        assert stem, f"{STEMS}:{no}: empty stem"
        assert (lang, par) in paradigms, f"{STEMS}:{no}: no paradigm {par!r} for {lang}"
        assert case != "exact", f"{STEMS}:{no}: stems are never case exact"


def test_every_paradigm_is_used(paradigms, stem_rows):
    used = {(lang, par) for _, (_, _, _, lang, par, _, _) in stem_rows}
    assert set(paradigms) - used == set()


def test_no_duplicate_stem_lines(stem_rows):
    seen = collections.Counter((id_, stem, lang, par) for _, (_, id_, stem, lang, par, _, _) in stem_rows)
    assert [k for k, v in seen.items() if v > 1] == []


def test_coverage(forms):
    have = collections.defaultdict(set)
    for id_, lang, *_ in forms:
        have[id_].add(lang)
    missing = {i: sorted(set(LANGS) - have[i]) for i in COVERED if set(LANGS) - have[i]}
    assert missing == {}


@pytest.mark.parametrize("id_", sorted(EXPECTED))
def test_expected_forms(forms, name_rows, id_):
    # Forms come from the stems; a few single forms that are words in another language are
    # split off into lang-only name lines (ro "ruse", pl "Chin").
    got = collections.defaultdict(set)
    for fid, lang, form, *_ in forms:
        if fid == id_:
            got[lang].add(form)
    for _, (_, fid, name, lang, _, _) in name_rows:
        if fid == id_:
            got[lang].add(name)
    for lang, want in EXPECTED[id_].items():
        assert want - got[lang] == set(), f"{id_} {lang}: missing {sorted(want - got[lang])}"


def test_min_length(forms):
    short = [(i, l, f) for i, l, f, *_ in forms if len(f.replace("-", "")) < 3]
    assert short == []


def test_no_stopwords(forms, name_rows):
    stop = {lang: {fold(w) for w in words.split()} for lang, words in STOPWORDS.items()}
    every = set().union(*stop.values())
    entries = [(i, l, f, c, fl) for i, l, f, c, fl, _ in forms]
    entries += [(i, l, n, c, fl) for _, (_, i, n, l, c, fl) in name_rows]
    bad = []
    for id_, lang, form, case, flags in entries:
        if case == "exact":  # "US" never matches "us"
            continue
        key = fold(form)
        pool = stop.get(lang, set()) if "lang-only" in flags.split(",") else every
        if key in pool:
            bad.append((id_, lang, form))
    assert bad == []


def test_forms_are_words(forms):
    for id_, lang, form, case, flags, no in forms:
        assert re.fullmatch(r"[^\W\d_]+(?:[- ][^\W\d_]+)*", form), f"{STEMS}:{no}: odd form {form!r}"
        if case == "cap":
            assert form[0].isupper(), f"{STEMS}:{no}: cap form {form!r} not capitalised"


def test_lower_case_languages_use_any(stem_rows):
    # Romance, Romanian, Polish and Czech adjectives are written lower case: their stems
    # must be lower case and `any`; capitalised stems (demonyms, country names) are `cap`.
    for no, (_, id_, stem, lang, par, case, flags) in stem_rows:
        if stem[0].islower() or re.match(r"[A-Z]{2,}-[a-zäöü]", stem):  # US-amerikanisch
            assert case == "any", f"{STEMS}:{no}: lower-case stem {stem!r} must be `any`"
        else:
            assert case == "cap", f"{STEMS}:{no}: capitalised stem {stem!r} must be `cap`"


def test_name_rows(name_rows):
    seen = set()
    for no, (typ, id_, name, lang, case, flags) in name_rows:
        check_common_fields(NAMES, no, typ, id_, lang, case, flags, LANGS + ("*", ""))
        key = (id_, name, lang)
        assert key not in seen, f"{NAMES}:{no}: duplicate {key}"
        seen.add(key)
        letters = re.sub(r"[^\w]", "", name)
        if letters.isupper() and len(letters) <= 5:
            # codes and acronyms: exact case
            assert case == "exact", f"{NAMES}:{no}: acronym {name!r} must be case exact"
        if len(name) <= 4:
            assert "short" in flags.split(","), f"{NAMES}:{no}: {name!r} needs `short`"
        if re.fullmatch(r"[A-Z]{2}", name):
            assert name in ALLOWED_CODES, f"{NAMES}:{no}: bare 2-letter code {name!r}"


def test_expected_names(name_rows):
    got = {(i, n, l, c) for _, (_, i, n, l, c, _) in name_rows}
    assert EXPECTED_NAMES - got == set()


def test_names_do_not_repeat_stem_forms(forms, name_rows):
    generated = {(i, f, l) for i, l, f, *_ in forms}
    dup = [(i, n, l) for _, (_, i, n, l, _, _) in name_rows if (i, n, l) in generated]
    assert dup == []


def test_ambiguous_forms_are_known(forms, name_rows):
    # A folded form given to two different states must be one of the reviewed cases.
    owners = collections.defaultdict(set)
    for i, l, f, *_ in forms:
        owners[fold(f)].add(i)
    for _, (_, i, n, l, _, _) in name_rows:
        owners[fold(n)].add(i)
    ambiguous = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert ambiguous == {}


def test_names_do_not_repeat_cldr(name_rows):
    # states_extra only adds what the generated CLDR names lack.
    if not CLDR.exists():
        pytest.skip("no generated CLDR names")
    cldr = set()
    with open(CLDR, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("STATE\t"):
                continue
            _, id_, name, langs, _, _ = line.rstrip("\n").split("\t")
            cldr.update((id_, name, lang) for lang in langs.split(","))
    dup = [(i, n, l) for _, (_, i, n, l, _, _) in name_rows if (i, n, l) in cldr]
    assert dup == []


def test_ids_are_known_states():
    entities = ROOT / "data" / "states" / "states.entities.tsv"
    if not entities.exists():
        pytest.skip("no generated state records")
    with open(entities, encoding="utf-8") as fh:
        known = {line.split("\t")[1] for line in fh if line.startswith("STATE\t")}
    assert set(COVERED) - known == set()
    for path in (STEMS, NAMES):
        with open(path, encoding="utf-8") as fh:
            ids = {line.split("\t")[1] for line in fh if line.startswith("STATE\t")}
        assert ids - known == set(), path


# Forms that are ordinary words in another language and must only match in their own.
LANG_ONLY_REQUIRED = {
    ("ro", "ruse"),      # English "ruse"
    ("ro", "română"),    # folds to "romana" (it/es/pt), "roman" (novel in fr/de/nl/pl/cs)
    ("es", "china"),     # English "china" (porcelain)
    ("pl", "Chin"),      # English "chin"
    ("cs", "Číně"),      # folds to Romanian "cine" (who)
    ("cs", "čínští"),    # folds to Romanian "cinsti"
    ("de", "Pole"),      # English "Pole"
    ("de", "Island"),    # English "Island"
}


def test_lang_only_required(forms, name_rows):
    entries = [(l, f, fl) for _, l, f, _, fl, _ in forms]
    entries += [(l, n, fl) for _, (_, _, n, l, _, fl) in name_rows]
    seen = set()
    for lang, form, flags in entries:
        if (lang, form) in LANG_ONLY_REQUIRED:
            seen.add((lang, form))
            assert "lang-only" in flags.split(","), f"{lang} {form!r} must be lang-only"
    assert LANG_ONLY_REQUIRED - seen == set()
