#!/usr/bin/python3
"""Build the gold files for data/examples/ from the hand annotations below.

The annotations are written by hand, in reading order, as `TYPE | surface | canonical`
(TYPE: S = STATE, A = AGENCY, T = THREAT_ACTOR). This script only turns them into
code-point offsets: each surface is looked up as a whole word (not preceded or followed by
a letter or digit), starting right after the end of the previous annotation, so an
occurrence that is not annotated can only be skipped by listing the annotations in order.

    /usr/bin/python3 tests/golden/annotate.py           # write tests/golden/*.gold.json
                                                        # and data/examples/examples.jsonl
    /usr/bin/python3 tests/golden/annotate.py --review  # print every span in context and
                                                        # every unannotated occurrence of
                                                        # an annotated surface, for checking

Stdlib only. Offsets are Unicode code points into the text of data/examples/<id>.txt,
read exactly as stored (UTF-8, final newline included).
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "data", "examples")
GOLDEN = os.path.join(ROOT, "tests", "golden")
TYPES = {"S": "STATE", "A": "AGENCY", "T": "THREAT_ACTOR"}

# id -> (lang, annotations in reading order)
ANNOTATIONS = {
    "ro-mae-apt29": ("ro", """
A | Ministerul Afacerilor Externe | ro-mae
A | MAE | ro-mae
S | România | RO
S | Federației Ruse | RU
A | Directoratul Național de Securitate Cibernetică | ro-dnsc
A | DNSC | ro-dnsc
A | Serviciul Român de Informații | ro-sri
A | SRI | ro-sri
T | APT29 | apt29
T | Cozy Bear | apt29
T | Midnight Blizzard | apt29
A | Serviciului de Informații Externe al Federației Ruse | ru-svr
A | SVR | ru-svr
T | NOBELIUM | apt29
A | UE | eu
A | NATO | nato
S | americane | US
S | ruși | RU
A | MAE | ro-mae
S | români | RO
A | DNSC | ro-dnsc
S | chinezi | CN
S | rusești | RU
S | României | RO
S | Rusiei | RU
A | Alianței | nato
S | Federația Rusă | RU
A | ONU | un
S | Rușii | RU
S | Ucraina | UA
A | DNSC | ro-dnsc
"""),
    "ro-dnsc-apt31-sedila": ("ro", """
A | Directoratul Naţional de Securitate Cibernetică | ro-dnsc
A | DNSC | ro-dnsc
S | România | RO
S | chinez | CN
A | Centrul Naţional Cyberint | ro-sri-cyberint
A | Serviciului Român de Informaţii | ro-sri
A | SRI | ro-sri
T | APT27 | threat-group-3390
T | 30 | apt30
T | 31 | apt31
T | Advanced Persistent Threat 31 | apt31
T | Zirconium | apt31
T | Violet Typhoon | apt31
A | Ministerul Securităţii Statului al Republicii Populare Chineze | cn-mss
A | MSS | cn-mss
S | chinezii | CN
A | DNSC | ro-dnsc
A | Uniunea Europeană | eu
A | Ministerul Afacerilor Externe | ro-mae
S | Chinei | CN
S | române | RO
A | UE | eu
A | NATO | nato
S | China | CN
A | DNSC | ro-dnsc
A | ONU | un
S | chineze | CN
A | DNSC | ro-dnsc
"""),
    "ro-sri-sandworm-fara-diacritice": ("ro", """
A | Serviciul Roman de Informatii | ro-sri
A | SRI | ro-sri
S | Romania | RO
T | Sandworm Team | sandworm-team
T | Seashell Blizzard | sandworm-team
T | Voodoo Bear | sandworm-team
A | Unitatii 74455 | ru-gru-74455
A | Directiei Principale de Informatii a Statului Major General al Fortelor Armate ale Federatiei Ruse | ru-gru
A | GRU | ru-gru
A | Centrului National Cyberint | ro-sri-cyberint
S | Ucrainei | UA
S | rusi | RU
A | SRI | ro-sri
S | rus | RU
T | APT 28 | apt28
T | Fancy Bear | apt28
A | Ministerului Energiei | ro-energy
A | GRU | ru-gru
A | Directoratului National de Securitate Cibernetica | ro-dnsc
A | DNSC | ro-dnsc
A | NATO | nato
A | Uniunea Europeana | eu
S | Romaniei | RO
A | Consiliului Suprem de Aparare a Tarii | ro-csat
S | rusi | RU
S | Romaniei | RO
S | Ucrainei | UA
S | Republicii Moldova | MD
A | SRI | ro-sri
"""),
    "en-ncsc-apt40": ("en", """
S | UK | GB
A | National Cyber Security Centre | gb-ncsc
A | NCSC | gb-ncsc
A | GCHQ | gb-gchq
A | Australian Signals Directorate | au-asd
A | US Cybersecurity and Infrastructure Security Agency | us-cisa
A | CISA | us-cisa
S | Chinese | CN
T | Advanced Persistent Threat 40 | leviathan
T | APT40 | leviathan
T | Leviathan | leviathan
T | Kryptonite Panda | leviathan
S | China | CN
A | Ministry of State Security | cn-mss
A | MSS | cn-mss
S | British | GB
T | Gingham Typhoon | leviathan
A | NCSC | gb-ncsc
S | UK | GB
T | Volt Typhoon | volt-typhoon
S | People’s Republic of China | CN
S | PRC | CN
S | United States | US
T | Volt Typhoon | volt-typhoon
T | APT40 | leviathan
A | Foreign, Commonwealth and Development Office | gb-fcdo
S | Chinese | CN
S | UK | GB
A | NATO | nato
A | EU | eu
"""),
    "fr-anssi-apt28": ("fr", """
A | ministère de l’Europe et des Affaires étrangères | fr-meae
S | français | FR
A | Agence nationale de la sécurité des systèmes d’information | fr-anssi
A | ANSSI | fr-anssi
T | APT28 | apt28
T | Fancy Bear | apt28
T | Forest Blizzard | apt28
S | France | FR
S | russe | RU
A | GRU | ru-gru
A | unité 26165 | ru-gru-26165
S | russes | RU
A | ANSSI | fr-anssi
A | Commandement de la cyberdéfense | fr-comcyber
A | COMCYBER | fr-comcyber
A | ministère des Armées | fr-minarm
T | APT 28 | apt28
S | chinoises | CN
S | français | FR
A | Union européenne | eu
A | OTAN | nato
S | Fédération de Russie | RU
A | ONU | un
A | UE | eu
"""),
    "nl-ccb-apt41": ("nl", """
A | Centre for Cybersecurity Belgium | be-ccb
A | CCB | be-ccb
A | Veiligheid van de Staat | be-vsse
A | VSSE | be-vsse
A | Algemene Dienst Inlichting en Veiligheid | be-adiv
A | ADIV | be-adiv
A | FOD Buitenlandse Zaken | be-fps-foreign-affairs
A | Defensie | be-defence
A | CCB | be-ccb
S | Chinese | CN
T | APT41 | apt41
T | Wicked Panda | apt41
T | Brass Typhoon | apt41
S | Chinezen | CN
S | Oekraïne | UA
S | Russische | RU
T | Gamaredon | gamaredon-group
T | Primitive Bear | gamaredon-group
A | ADIV | be-adiv
S | Russische | RU
A | FSB | ru-fsb
S | Belgische | BE
S | Chinese | CN
S | China | CN
S | Rusland | RU
A | Verenigde Naties | un
A | VN | un
S | België | BE
A | NAVO | nato
A | EU | eu
"""),
    "de-bsi-turla": ("de", """
A | Bundesamt für Sicherheit in der Informationstechnik | de-bsi
A | BSI | de-bsi
A | Bundesamt für Verfassungsschutz | de-bfv
A | BfV | de-bfv
S | Deutschland | DE
T | Turla | turla
T | Venomous Bear | turla
T | Secret Blizzard | turla
S | russischen | RU
A | FSB | ru-fsb
S | Russland | RU
S | deutsche | DE
A | BSI | de-bsi
A | Bundesnachrichtendienstes | de-bnd
A | BND | de-bnd
S | US-amerikanischen | US
A | BfV | de-bfv
T | APT27 | threat-group-3390
T | Emissary Panda | threat-group-3390
T | LuckyMouse | threat-group-3390
S | Chinas | CN
S | russischen | RU
A | Auswärtige Amt | de-foreign-office
S | russischen | RU
A | EU | eu
A | NATO | nato
"""),
    "es-ccn-lazarus": ("es", """
A | Centro Criptológico Nacional | es-ccn
A | CCN | es-ccn
A | Centro Nacional de Inteligencia | es-cni
A | CNI | es-cni
T | Lazarus Group | lazarus-group
S | españolas | ES
T | Hidden Cobra | lazarus-group
T | Diamond Sleet | lazarus-group
A | Oficina General de Reconocimiento | kp-rgb
A | RGB | kp-rgb
S | Corea del Norte | KP
S | norcoreanos | KP
A | CCN | es-ccn
A | Instituto Nacional de Ciberseguridad | es-incibe
A | INCIBE | es-incibe
T | Kimsuky | kimsuky
S | República Popular Democrática de Corea | KP
S | RPDC | KP
A | Ministerio de Asuntos Exteriores, Unión Europea y Cooperación | es-maec
A | UE | eu
A | OTAN | nato
S | España | ES
T | Lazarus | lazarus-group
A | ONU | un
A | FBI | us-fbi
S | estadounidense | US
S | Corea del Sur | KR
"""),
    "it-acn-muddywater": ("it", """
A | Agenzia per la Cybersicurezza Nazionale | it-acn
A | ACN | it-acn
S | italiani | IT
T | MuddyWater | muddywater
T | Static Kitten | muddywater
T | Seedworm | muddywater
T | TEMP.Zagros | muddywater
A | CSIRT Italia | it-csirt
A | ACN | it-acn
A | Ministero dell’Intelligence e della Sicurezza della Repubblica islamica dell’Iran | ir-mois
A | MOIS | ir-mois
S | iraniani | IR
S | israeliane | IL
A | ACN | it-acn
T | Mango Sandstorm | muddywater
T | OilRig | oilrig
T | APT34 | oilrig
A | Ministero degli Affari Esteri e della Cooperazione Internazionale | it-maeci
S | iraniano | IR
S | italiano | IT
A | NATO | nato
A | Unione | eu
S | Iran | IR
A | ONU | un
S | Italia | IT
A | UE | eu
"""),
    "pl-cert-apt29": ("pl", """
A | CERT Polska | pl-cert-polska
A | Agencją Bezpieczeństwa Wewnętrznego | pl-abw
A | ABW | pl-abw
A | Służbą Kontrwywiadu Wojskowego | pl-skw
A | SKW | pl-skw
S | polskie | PL
A | Ministerstwo Cyfryzacji | pl-digital-affairs
T | Apt-29 | apt29
T | Cozy Bear | apt29
S | rosyjskim | RU
A | Unii Europejskiej | eu
S | Rosji | RU
A | Służby Wywiadu Zagranicznego Federacji Rosyjskiej | ru-svr
A | SWR | ru-svr
A | ABW | pl-abw
S | polskich | PL
A | CERT Polska | pl-cert-polska
S | chińskiej | CN
T | Mustang Panda | mustang-panda
A | Ministerstwo Spraw Zagranicznych | pl-msz
A | MSZ | pl-msz
A | NATO | nato
A | UE | eu
S | Polski | PL
S | Federację Rosyjską | RU
A | ONZ | un
A | SKW | pl-skw
S | Ukrainie | UA
S | rosyjskich | RU
S | Polskę | PL
"""),
}


def word_re(surface):
    return re.compile(r"(?<![\w])" + re.escape(surface) + r"(?![\w])")


def parse(block):
    out = []
    for line in block.strip().splitlines():
        t, surface, canonical = (x.strip() for x in line.split("|"))
        out.append((TYPES[t], surface, canonical))
    return out


def build(doc_id, lang, block):
    with open(os.path.join(EXAMPLES, doc_id + ".txt"), encoding="utf-8", newline="") as f:
        text = f.read()
    entities, pos = [], 0
    for etype, surface, canonical in parse(block):
        m = word_re(surface).search(text, pos)
        if not m:
            sys.exit(f"{doc_id}: {etype} {surface!r} not found after offset {pos}")
        entities.append({"type": etype, "text": surface, "start": m.start(),
                         "end": m.end(), "canonical": canonical})
        pos = m.end()
    for e in entities:
        assert text[e["start"]:e["end"]] == e["text"]
    return text, {"id": doc_id, "lang": lang, "entities": entities}


def review(text, gold):
    ents = gold["entities"]
    print(f"===== {gold['id']} ({gold['lang']}): {len(ents)} mentions")
    for i, e in enumerate(ents, 1):
        s, t = e["start"], e["end"]
        left = text[max(0, s - 30):s].replace("\n", " ")
        right = text[t:t + 25].replace("\n", " ")
        print(f"{i:3} {e['type'][:5]:5} {s:5}-{t:<5} …{left}[{text[s:t]}]{right}…  -> {e['canonical']}")
    covered = [(e["start"], e["end"]) for e in ents]
    missed = set()
    for surface in {e["text"] for e in ents}:
        for m in word_re(surface).finditer(text):
            if not any(a <= m.start() and m.end() <= b for a, b in covered):
                missed.add((m.start(), surface))
    for s, surface in sorted(missed):
        print(f"    unannotated occurrence of {surface!r} at {s}: …{text[max(0, s - 30):s + 40]}…"
              .replace("\n", " "))
    # the whole text with gold spans bracketed, for reading against the guidelines
    out, last = [], 0
    for e in ents:
        out.append(text[last:e["start"]])
        out.append(f"[{text[e['start']:e['end']]}]{e['type'][0]}")
        last = e["end"]
    out.append(text[last:])
    print("".join(out))


def main():
    rows = []
    for doc_id, (lang, block) in ANNOTATIONS.items():
        text, gold = build(doc_id, lang, block)
        spans = sorted((e["start"], e["end"]) for e in gold["entities"])
        for (a, b), (c, d) in zip(spans, spans[1:]):
            assert b <= c, f"{doc_id}: overlapping spans {a}-{b} and {c}-{d}"
        if "--review" in sys.argv:
            review(text, gold)
            continue
        with open(os.path.join(GOLDEN, doc_id + ".gold.json"), "w", encoding="utf-8") as f:
            json.dump(gold, f, ensure_ascii=False, indent=1)
            f.write("\n")
        rows.append({"id": doc_id, "lang": lang, "text": text})
    if rows:
        with open(os.path.join(EXAMPLES, "examples.jsonl"), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"wrote {len(rows)} gold files and examples.jsonl")


if __name__ == "__main__":
    main()
