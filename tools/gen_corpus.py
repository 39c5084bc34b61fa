#!/usr/bin/python3
"""Generates a synthetic multilingual press-release corpus for benchmarking attrex.

The documents are built from sentence templates written for attrex (in this file) in
ro, en, fr, nl, de, es, it and pl, in the register of government / CERT releases about
cyber attacks. Entity slots are filled from the project's own data files:

  {G}   an agency name         data/agencies/agencies.names.tsv
  {S}   a state name           data/states/cldr.names.tsv, states_extra.names.tsv,
                               case forms from data/states/states.stems.tsv
  {A}   a state adjective      data/states/states.stems.tsv x data/inflection/paradigms.tsv
  {T}   a threat-actor name    data/actors/actors.names.tsv
  {TA}  another alias of the actor of the {T} before it (alias lists)
  {TP}  a naming-scheme name   (APT28, UNC3886, Storm-0558 ... as data/patterns/actors.tsv reads)

Between entity sentences there is ordinary prose (entity-free sentences assembled
from fragments), so that there is roughly one entity mention per 40-80 words, the
target being drawn per document. Document sizes run from 200 bytes to 1 MB: most are
1-5 KB (log-normal), a few per cent are long reports up to 1 MB (log-uniform tail).

Everything is deterministic for a given --seed (and --size-mb, --langs). Only the
Python standard library is used. No text is taken from outside this repository.

Output: JSONL, one {"id", "lang", "text"} object a line.

  /usr/bin/python3 tools/gen_corpus.py --size-mb 100 -o /tmp/corpus.jsonl
  /usr/bin/python3 tools/gen_corpus.py --size-mb 100 --single-document -o /tmp/one.jsonl
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import random
import sys
import time
import unicodedata
from typing import Dict, List, Optional, Sequence, Tuple

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGS = ("ro", "en", "fr", "nl", "de", "es", "it", "pl")
# Share of documents per language: more English and Romanian, as in the releases the
# project is made for.
LANG_WEIGHTS = {"ro": 18, "en": 22, "fr": 10, "nl": 10, "de": 10, "es": 10, "it": 10, "pl": 10}

# The states, actors and agency countries that releases name most often: half of
# the slot fills come from these, the rest uniformly from all names of the language.
HOT_STATES = ("RU", "CN", "KP", "IR", "US", "UA", "GB", "FR", "DE", "RO", "PL", "NL",
              "BE", "IT", "ES", "MD", "IL", "BY", "CZ", "EE", "LT", "LV", "JP", "KR")
HOT_ACTORS = ("apt28", "apt29", "apt31", "apt27", "apt40", "apt41", "apt10", "apt3",
              "apt15", "apt33", "apt34", "apt35", "apt37", "apt38", "apt43", "apt44",
              "lazarus-group", "turla", "muddywater", "volt-typhoon", "salt-typhoon",
              "gamaredon-group", "ghostwriter", "fin7", "scattered-spider")
HOME_COUNTRIES = {"ro": ("RO", "MD"), "en": ("GB", "US", "IE", "AU", "CA", "NZ"),
                  "fr": ("FR", "BE", "CH", "LU"), "nl": ("NL", "BE"),
                  "de": ("DE", "AT", "CH"), "es": ("ES",), "it": ("IT",), "pl": ("PL",)}

# ---------------------------------------------------------------------------------
# Templates. Per language:
#   cities, months (as a date writes them), weekdays (as "said on <weekday>" needs),
#   dateline ("{CITY}", "{DAY}", "{MONTH}", "{YEAR}"),
#   entity: sentences with entity slots,
#   subj / verb / clause / compl: fragments of entity-free sentences
#     (subj + " " + verb + " " + clause + compl + "."),
#   plain: entity-free sentences with {CVE} {IP} {DOM} {NUM} {MONTH} slots.
# ---------------------------------------------------------------------------------
T: Dict[str, Dict[str, Sequence[str]]] = {}

T["ro"] = dict(
    cities=("București", "Cluj-Napoca", "Iași", "Timișoara", "Constanța"),
    months=("ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie",
            "august", "septembrie", "octombrie", "noiembrie", "decembrie"),
    weekdays=("luni", "marți", "miercuri", "joi", "vineri"),
    dateline=("{CITY}, {DAY} {MONTH} {YEAR} — ",),
    entity=(
        "{G} informează că mai multe instituții publice au fost ținta unei campanii de spionaj cibernetic atribuite grupării {T}.",
        "Potrivit analizei tehnice, atacatorii au folosit servere închiriate în {S} pentru a ascunde originea traficului.",
        "Gruparea {T}, cunoscută și sub numele de {TA}, este asociată de mai mulți ani cu serviciile de informații {A}.",
        "Reprezentanții {G} au transmis indicatorii de compromitere partenerilor din {S} imediat după confirmarea intruziunii.",
        "Autoritățile {A} au respins acuzațiile și au cerut dovezi concrete privind implicarea lor.",
        "Într-un comunicat publicat {WD}, {G} subliniază că nu există indicii privind furtul datelor personale ale cetățenilor.",
        "Analiștii au observat suprapuneri între uneltele folosite în această campanie și cele atribuite anterior actorului {T}.",
        "Ministerul l-a convocat pe ambasadorul {A} pentru a-i prezenta concluziile anchetei conduse de {G}.",
        "Campania a vizat în special operatori din energie și transporturi din {S} și din alte țări europene.",
        "Experții {G} recomandă actualizarea imediată a echipamentelor VPN și verificarea jurnalelor de acces din ultimele luni.",
        "Hackeri {A} au exploatat o vulnerabilitate a serverelor de e-mail, potrivit unei alerte comune semnate de {G} și {G}.",
        "Atacul seamănă cu operațiunile anterioare ale grupării {T}, care a mai vizat ministere din {S}.",
        "Ancheta este coordonată de {G}, cu sprijinul unor experți din {S}.",
        "Nu este exclus ca {T} să fi colaborat cu alte grupări susținute de statul {A}.",
        "Cercetătorii urmăresc activitatea sub numele {TP}, un grup care nu a fost încă legat de o grupare cunoscută.",
        "{S} a negat orice implicare în operațiune.",
    ),
    subj=("Echipa de răspuns la incidente", "Un purtător de cuvânt", "Analiza preliminară",
          "Raportul tehnic publicat astăzi", "Administratorul rețelei afectate",
          "Comunicatul oficial", "Un cercetător în securitate consultat de redacție",
          "Grupul de lucru interinstituțional"),
    verb=("arată că", "precizează că", "subliniază că", "confirmă că", "estimează că",
          "amintește că"),
    clause=("atacatorii au obținut acces prin parole reutilizate și conturi fără autentificare în doi pași",
            "serviciile afectate au fost restabilite în mai puțin de patruzeci și opt de ore",
            "nu par să fi fost pierdute date clasificate",
            "mesajele de tip phishing imitau invitații la conferințe internaționale",
            "traficul malițios trecea prin servere virtuale plătite în criptomonede",
            "incidentul a fost detectat în urma unei alerte a sistemului de monitorizare",
            "mai multe conturi de administrator au fost blocate preventiv",
            "copiile de siguranță au permis restaurarea rapidă a sistemelor",
            "atacatorii au încercat să șteargă urmele activității lor din jurnalele serverelor",
            "rețeaua internă a fost segmentată pentru a limita răspândirea programului malițios",
            "primele semne ale compromiterii datează de la începutul anului",
            "furnizorul echipamentelor a publicat între timp o actualizare de securitate"),
    compl=("", "", " în cursul lunii trecute", ", potrivit informațiilor disponibile până acum",
           " în ciuda măsurilor de protecție existente", ", conform procedurilor obișnuite de raportare"),
    plain=(
        "Vulnerabilitatea, înregistrată ca {CVE}, afectează versiunile anterioare actualizării din {MONTH}.",
        "Indicatorii de compromitere includ adresa IP {IP} și domeniul {DOM}.",
        "Utilizatorii sunt rugați să raporteze orice mesaj suspect la adresa dedicată incidentelor.",
        "Ancheta continuă, iar noi detalii vor fi făcute publice după finalizarea analizei.",
        "Solicitările presei pot fi transmise biroului de comunicare.",
        "Atacatorii au rămas nedetectați în rețea aproximativ {NUM} de zile înainte de prima alertă.",
        "Peste {NUM} de stații de lucru au fost reinstalate preventiv.",
    ),
)

T["en"] = dict(
    cities=("LONDON", "WASHINGTON", "DUBLIN", "CANBERRA", "OTTAWA"),
    months=("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    dateline=("{CITY}, {DAY} {MONTH} {YEAR} — ", "{CITY} — "),
    entity=(
        "{G} said on {WD} that several public bodies had been targeted by a cyber-espionage campaign it attributes to the {T} group.",
        "According to the technical analysis, the attackers used servers rented in {S} to hide the origin of their traffic.",
        "The group {T}, also known as {TA}, has been linked for several years to {A} intelligence services.",
        "Officials at {G} shared the indicators of compromise with partners in {S} as soon as the intrusion was confirmed.",
        "{A} authorities rejected the accusations and asked for concrete evidence of their involvement.",
        "In a statement published on {WD}, {G} stressed that there is no sign that citizens' personal data was stolen.",
        "Analysts found overlaps between the tools used in this campaign and those previously attributed to the threat actor {T}.",
        "The foreign ministry summoned the {A} ambassador to present the findings of the investigation led by {G}.",
        "The campaign mainly targeted energy and transport operators in {S} and in several other European countries.",
        "Experts at {G} recommend patching VPN appliances immediately and reviewing access logs from recent months.",
        "{A} hackers exploited a flaw in mail servers, according to a joint advisory signed by {G} and {G}.",
        "The attack resembles earlier operations of the {T} group, which has targeted ministries in {S} before.",
        "The investigation is coordinated by {G}, with support from experts in {S}.",
        "It cannot be ruled out that {T} worked together with other groups backed by the {A} state.",
        "Researchers track the activity under the name {TP}, a cluster that has not yet been linked to a known group.",
        "{S} has denied any role in the operation.",
    ),
    subj=("The incident response team", "A spokesperson", "The preliminary analysis",
          "The technical report published today", "The administrator of the affected network",
          "The official statement", "A security researcher consulted for this article",
          "The inter-agency working group"),
    verb=("says that", "notes that", "stresses that", "confirms that", "estimates that",
          "points out that"),
    clause=("the attackers gained access through reused passwords and accounts without two-factor authentication",
            "the affected services were restored in less than forty-eight hours",
            "no classified data appears to have been lost",
            "the phishing e-mails imitated invitations to international conferences",
            "the malicious traffic was routed through virtual servers paid for in cryptocurrency",
            "the incident was detected after an alert raised by the monitoring system",
            "several administrator accounts were locked as a precaution",
            "backups made it possible to restore the systems quickly",
            "the attackers tried to erase traces of their activity from the server logs",
            "the internal network was segmented to limit the spread of the malicious software",
            "the first signs of the compromise date back to the beginning of the year",
            "the equipment vendor has since released a security update"),
    compl=("", "", " over the past month", ", based on the information available so far",
           " despite the protective measures in place", ", in line with the standard reporting procedures"),
    plain=(
        "The vulnerability, tracked as {CVE}, affects versions released before the {MONTH} update.",
        "Indicators of compromise include the IP address {IP} and the domain {DOM}.",
        "Users are asked to report any suspicious message to the dedicated incident address.",
        "The investigation is ongoing and further details will be published once the analysis is complete.",
        "Media enquiries should be addressed to the press office.",
        "The attackers remained undetected on the network for about {NUM} days before the first alert.",
        "More than {NUM} workstations had to be reinstalled as a precaution.",
    ),
)

T["fr"] = dict(
    cities=("Paris", "Lyon", "Strasbourg", "Bruxelles", "Genève"),
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
            "septembre", "octobre", "novembre", "décembre"),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi"),
    dateline=("{CITY}, le {DAY} {MONTH} {YEAR} — ",),
    entity=(
        "{G} a indiqué {WD} que plusieurs organismes publics avaient été visés par une campagne d’espionnage attribuée au groupe {T}.",
        "Selon l’analyse technique, les attaquants ont utilisé des serveurs loués en {S} pour masquer l’origine de leur trafic.",
        "Le groupe {T}, également connu sous le nom de {TA}, est associé depuis plusieurs années aux services de renseignement {A}.",
        "Les responsables de {G} ont transmis les indicateurs de compromission aux partenaires de {S} dès la confirmation de l’intrusion.",
        "Les autorités {A} ont rejeté ces accusations et réclamé des preuves concrètes de leur implication.",
        "Dans un communiqué publié {WD}, {G} souligne qu’aucun indice ne laisse penser que des données personnelles ont été dérobées.",
        "Les analystes ont relevé des recoupements entre les outils de cette campagne et ceux attribués auparavant au mode opératoire {T}.",
        "Le ministère a convoqué l’ambassadeur {A} pour lui présenter les conclusions de l’enquête menée par {G}.",
        "La campagne visait surtout des opérateurs d’énergie et de transport en {S} et dans d’autres pays européens.",
        "Les experts de {G} recommandent de mettre à jour sans délai les équipements VPN et d’examiner les journaux d’accès des derniers mois.",
        "Des pirates {A} ont exploité une faille des serveurs de messagerie, selon un avis conjoint signé par {G} et {G}.",
        "L’attaque rappelle les opérations précédentes du groupe {T}, qui a déjà ciblé des ministères en {S}.",
        "L’enquête est coordonnée par {G}, avec l’appui d’experts de {S}.",
        "Il n’est pas exclu que {T} ait collaboré avec d’autres groupes soutenus par l’État {A}.",
        "Les chercheurs suivent cette activité sous le nom de {TP}, un ensemble qui n’a pas encore été relié à un groupe connu.",
        "{S} a démenti toute implication dans cette opération.",
    ),
    subj=("L’équipe de réponse aux incidents", "Un porte-parole", "L’analyse préliminaire",
          "Le rapport technique publié aujourd’hui", "L’administrateur du réseau touché",
          "Le communiqué officiel", "Un chercheur en sécurité interrogé par la rédaction",
          "Le groupe de travail interministériel"),
    verb=("indique que", "précise que", "souligne que", "confirme que", "estime que",
          "rappelle que"),
    clause=("les attaquants ont obtenu un accès grâce à des mots de passe réutilisés et à des comptes sans double authentification",
            "les services touchés ont été rétablis en moins de quarante-huit heures",
            "rien n’indique que des données classifiées aient été perdues",
            "les courriels d’hameçonnage imitaient des invitations à des conférences internationales",
            "le trafic malveillant transitait par des serveurs virtuels payés en cryptomonnaie",
            "l’incident a été détecté à la suite d’une alerte du système de supervision",
            "plusieurs comptes d’administrateur ont été bloqués par précaution",
            "les sauvegardes ont permis de restaurer rapidement les systèmes",
            "les attaquants ont tenté d’effacer les traces de leur activité dans les journaux des serveurs",
            "le réseau interne a été segmenté pour limiter la propagation du logiciel malveillant",
            "les premiers signes de la compromission remontent au début de l’année",
            "le fournisseur des équipements a depuis publié une mise à jour de sécurité"),
    compl=("", "", " au cours du mois dernier", ", d’après les informations disponibles à ce stade",
           " malgré les mesures de protection en place", ", conformément aux procédures de signalement habituelles"),
    plain=(
        "La vulnérabilité, référencée {CVE}, touche les versions antérieures à la mise à jour de {MONTH}.",
        "Les indicateurs de compromission comprennent l’adresse IP {IP} et le domaine {DOM}.",
        "Les utilisateurs sont invités à signaler tout message suspect à l’adresse dédiée aux incidents.",
        "L’enquête se poursuit et de nouveaux éléments seront publiés à l’issue de l’analyse.",
        "Les demandes des médias sont à adresser au service de presse.",
        "Les attaquants sont restés indétectés sur le réseau pendant environ {NUM} jours avant la première alerte.",
        "Plus de {NUM} postes de travail ont dû être réinstallés par précaution.",
    ),
)

T["nl"] = dict(
    cities=("Den Haag", "Brussel", "Amsterdam", "Utrecht", "Antwerpen"),
    months=("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
            "september", "oktober", "november", "december"),
    weekdays=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"),
    dateline=("{CITY}, {DAY} {MONTH} {YEAR} — ",),
    entity=(
        "{G} meldde {WD} dat meerdere overheidsinstellingen doelwit waren van een spionagecampagne die wordt toegeschreven aan de groep {T}.",
        "Volgens de technische analyse gebruikten de aanvallers gehuurde servers in {S} om de herkomst van hun verkeer te verbergen.",
        "De groep {T}, ook bekend als {TA}, wordt al jaren in verband gebracht met {A} inlichtingendiensten.",
        "Medewerkers van {G} deelden de indicatoren van compromittering met partners in {S} zodra de inbraak was bevestigd.",
        "De {A} autoriteiten wezen de beschuldigingen van de hand en vroegen om concreet bewijs.",
        "In een verklaring van {WD} benadrukt {G} dat er geen aanwijzingen zijn dat persoonsgegevens van burgers zijn gestolen.",
        "Analisten zagen overeenkomsten tussen de gereedschappen van deze campagne en die eerder werden toegeschreven aan de actor {T}.",
        "Het ministerie ontbood de {A} ambassadeur om hem de bevindingen van het onderzoek van {G} voor te leggen.",
        "De campagne was vooral gericht op energie- en vervoersbedrijven in {S} en in andere Europese landen.",
        "Deskundigen van {G} raden aan VPN-apparatuur onmiddellijk bij te werken en de toegangslogboeken van de afgelopen maanden na te lopen.",
        "{A} hackers misbruikten een lek in mailservers, zo blijkt uit een gezamenlijk advies van {G} en {G}.",
        "De aanval lijkt op eerdere operaties van de groep {T}, die al eerder ministeries in {S} aanviel.",
        "Het onderzoek wordt gecoördineerd door {G}, met steun van deskundigen uit {S}.",
        "Het valt niet uit te sluiten dat {T} samenwerkte met andere groepen die door de {A} staat worden gesteund.",
        "Onderzoekers volgen de activiteit onder de naam {TP}, een cluster dat nog niet aan een bekende groep is gekoppeld.",
        "{S} ontkent elke betrokkenheid bij de operatie.",
    ),
    subj=("Het incidentresponsteam", "Een woordvoerder", "De voorlopige analyse",
          "Het vandaag gepubliceerde technische rapport", "De beheerder van het getroffen netwerk",
          "De officiële verklaring", "Een door de redactie geraadpleegde beveiligingsonderzoeker",
          "De interdepartementale werkgroep"),
    verb=("stelt dat", "merkt op dat", "benadrukt dat", "bevestigt dat", "schat dat",
          "wijst erop dat"),
    clause=("de aanvallers toegang kregen via hergebruikte wachtwoorden en accounts zonder tweestapsverificatie",
            "de getroffen diensten binnen achtenveertig uur werden hersteld",
            "er geen gerubriceerde gegevens verloren lijken te zijn gegaan",
            "de phishingmails uitnodigingen voor internationale conferenties nabootsten",
            "het kwaadaardige verkeer via virtuele servers liep die met cryptovaluta waren betaald",
            "het incident werd ontdekt na een waarschuwing van het monitoringsysteem",
            "meerdere beheerdersaccounts uit voorzorg werden geblokkeerd",
            "de systemen dankzij back-ups snel konden worden hersteld",
            "de aanvallers hun sporen uit de serverlogboeken probeerden te wissen",
            "het interne netwerk werd gesegmenteerd om de verspreiding van de malware te beperken",
            "de eerste tekenen van de compromittering teruggaan tot het begin van het jaar",
            "de leverancier van de apparatuur inmiddels een beveiligingsupdate heeft uitgebracht"),
    compl=("", "", ", op basis van de informatie die nu beschikbaar is",
           ", ondanks de bestaande beschermingsmaatregelen", ", volgens de gebruikelijke meldingsprocedures"),
    plain=(
        "De kwetsbaarheid, bekend als {CVE}, treft versies van vóór de update van {MONTH}.",
        "Indicatoren van compromittering zijn onder meer het IP-adres {IP} en het domein {DOM}.",
        "Gebruikers wordt gevraagd verdachte berichten te melden bij het speciale meldpunt voor incidenten.",
        "Het onderzoek loopt nog en verdere details volgen zodra de analyse is afgerond.",
        "Vragen van de pers kunnen worden gericht aan de persdienst.",
        "De aanvallers bleven ongeveer {NUM} dagen onopgemerkt in het netwerk voor de eerste waarschuwing.",
        "Meer dan {NUM} werkstations moesten uit voorzorg opnieuw worden geïnstalleerd.",
    ),
)

T["de"] = dict(
    cities=("Berlin", "Bonn", "Wien", "München", "Zürich"),
    months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
            "September", "Oktober", "November", "Dezember"),
    weekdays=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"),
    dateline=("{CITY}, {DAY}. {MONTH} {YEAR} — ",),
    entity=(
        "{G} teilte am {WD} mit, dass mehrere Behörden Ziel einer Spionagekampagne der Gruppe {T} geworden seien.",
        "Nach der technischen Analyse nutzten die Angreifer angemietete Server in {S}, um die Herkunft ihres Datenverkehrs zu verschleiern.",
        "Die Gruppe {T}, auch bekannt als {TA}, wird seit Jahren mit {A} Nachrichtendiensten in Verbindung gebracht.",
        "Mitarbeiter von {G} teilten die Kompromittierungsindikatoren mit Partnern in {S}, sobald der Einbruch bestätigt war.",
        "Die {A} Behörden wiesen die Vorwürfe zurück und forderten konkrete Beweise.",
        "In einer am {WD} veröffentlichten Erklärung betont {G}, dass es keine Hinweise auf den Diebstahl personenbezogener Daten gebe.",
        "Analysten fanden Überschneidungen zwischen den Werkzeugen dieser Kampagne und jenen, die zuvor dem Akteur {T} zugeschrieben wurden.",
        "Das Ministerium bestellte den {A} Botschafter ein, um ihm die Ergebnisse der Ermittlungen von {G} vorzulegen.",
        "Die Kampagne richtete sich vor allem gegen Energie- und Verkehrsunternehmen in {S} und weiteren europäischen Ländern.",
        "Fachleute von {G} empfehlen, VPN-Geräte umgehend zu aktualisieren und die Zugriffsprotokolle der letzten Monate zu prüfen.",
        "{A} Hacker nutzten laut einer gemeinsamen Warnung von {G} und {G} eine Schwachstelle in Mailservern aus.",
        "Der Angriff ähnelt früheren Operationen der Gruppe {T}, die bereits Ministerien in {S} angegriffen hat.",
        "Die Ermittlungen werden von {G} koordiniert, unterstützt von Fachleuten aus {S}.",
        "Es ist nicht auszuschließen, dass {T} mit anderen vom {A} Staat unterstützten Gruppen zusammengearbeitet hat.",
        "Forscher verfolgen die Aktivität unter dem Namen {TP}, einem Cluster, der noch keiner bekannten Gruppe zugeordnet wurde.",
        "{S} bestreitet jede Beteiligung an der Operation.",
    ),
    subj=("Das Team für Vorfallsbehandlung", "Ein Sprecher", "Die vorläufige Analyse",
          "Der heute veröffentlichte technische Bericht", "Der Administrator des betroffenen Netzes",
          "Die offizielle Mitteilung", "Ein von der Redaktion befragter Sicherheitsforscher",
          "Die ressortübergreifende Arbeitsgruppe"),
    verb=("erklärt, dass", "stellt fest, dass", "betont, dass", "bestätigt, dass", "schätzt, dass",
          "weist darauf hin, dass"),
    clause=("die Angreifer über wiederverwendete Passwörter und Konten ohne Zwei-Faktor-Authentisierung Zugang erhielten",
            "die betroffenen Dienste in weniger als achtundvierzig Stunden wiederhergestellt wurden",
            "offenbar keine Verschlusssachen abgeflossen sind",
            "die Phishing-Mails Einladungen zu internationalen Konferenzen nachahmten",
            "der schädliche Datenverkehr über virtuelle Server lief, die mit Kryptowährung bezahlt wurden",
            "der Vorfall nach einem Alarm des Überwachungssystems entdeckt wurde",
            "mehrere Administratorkonten vorsorglich gesperrt wurden",
            "die Systeme dank Sicherungskopien schnell wiederhergestellt werden konnten",
            "die Angreifer ihre Spuren aus den Serverprotokollen zu löschen versuchten",
            "das interne Netz segmentiert wurde, um die Ausbreitung der Schadsoftware zu begrenzen",
            "die ersten Anzeichen der Kompromittierung auf den Jahresbeginn zurückgehen",
            "der Hersteller der Geräte inzwischen ein Sicherheitsupdate veröffentlicht hat"),
    compl=("", "", "", " – so der bisherige Stand der Ermittlungen",
           " – trotz der vorhandenen Schutzmaßnahmen"),
    plain=(
        "Die Schwachstelle mit der Kennung {CVE} betrifft Versionen vor dem Update vom {MONTH}.",
        "Zu den Kompromittierungsindikatoren gehören die IP-Adresse {IP} und die Domain {DOM}.",
        "Nutzer werden gebeten, verdächtige Nachrichten an die eigens eingerichtete Meldestelle zu senden.",
        "Die Ermittlungen dauern an; weitere Einzelheiten werden nach Abschluss der Analyse veröffentlicht.",
        "Presseanfragen richten Sie bitte an die Pressestelle.",
        "Die Angreifer blieben etwa {NUM} Tage unentdeckt im Netz, bevor der erste Alarm ausgelöst wurde.",
        "Mehr als {NUM} Arbeitsplatzrechner mussten vorsorglich neu installiert werden.",
    ),
)

T["es"] = dict(
    cities=("Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao"),
    months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
            "septiembre", "octubre", "noviembre", "diciembre"),
    weekdays=("lunes", "martes", "miércoles", "jueves", "viernes"),
    dateline=("{CITY}, {DAY} de {MONTH} de {YEAR} — ",),
    entity=(
        "{G} informó el {WD} de que varios organismos públicos fueron objetivo de una campaña de ciberespionaje atribuida al grupo {T}.",
        "Según el análisis técnico, los atacantes utilizaron servidores alquilados en {S} para ocultar el origen de su tráfico.",
        "El grupo {T}, también conocido como {TA}, está vinculado desde hace años a los servicios de inteligencia {A}.",
        "Responsables de {G} compartieron los indicadores de compromiso con socios de {S} en cuanto se confirmó la intrusión.",
        "Las autoridades {A} rechazaron las acusaciones y pidieron pruebas concretas de su implicación.",
        "En un comunicado publicado el {WD}, {G} subraya que no hay indicios de que se hayan robado datos personales de los ciudadanos.",
        "Los analistas encontraron coincidencias entre las herramientas de esta campaña y las atribuidas anteriormente al actor {T}.",
        "El ministerio convocó al embajador {A} para presentarle las conclusiones de la investigación dirigida por {G}.",
        "La campaña se dirigió sobre todo contra operadores de energía y transporte en {S} y en otros países europeos.",
        "Los expertos de {G} recomiendan actualizar de inmediato los equipos VPN y revisar los registros de acceso de los últimos meses.",
        "Piratas {A} aprovecharon una vulnerabilidad de los servidores de correo, según un aviso conjunto firmado por {G} y {G}.",
        "El ataque se parece a operaciones anteriores del grupo {T}, que ya atacó ministerios en {S}.",
        "La investigación está coordinada por {G}, con el apoyo de expertos de {S}.",
        "No se descarta que {T} haya colaborado con otros grupos respaldados por el Estado {A}.",
        "Los investigadores siguen la actividad con el nombre {TP}, un conjunto que aún no se ha vinculado a ningún grupo conocido.",
        "{S} ha negado cualquier participación en la operación.",
    ),
    subj=("El equipo de respuesta a incidentes", "Un portavoz", "El análisis preliminar",
          "El informe técnico publicado hoy", "El administrador de la red afectada",
          "El comunicado oficial", "Un investigador de seguridad consultado por la redacción",
          "La comisión de trabajo interministerial"),
    verb=("indica que", "precisa que", "subraya que", "confirma que", "calcula que",
          "recuerda que"),
    clause=("los atacantes obtuvieron acceso mediante contraseñas reutilizadas y cuentas sin doble factor de autenticación",
            "los servicios afectados se restablecieron en menos de cuarenta y ocho horas",
            "no parece haberse perdido información clasificada",
            "los correos de phishing imitaban invitaciones a conferencias internacionales",
            "el tráfico malicioso pasaba por servidores virtuales pagados con criptomonedas",
            "el incidente se detectó tras una alerta del sistema de monitorización",
            "varias cuentas de administrador se bloquearon como medida de precaución",
            "las copias de seguridad permitieron restaurar los sistemas con rapidez",
            "los atacantes intentaron borrar las huellas de su actividad en los registros de los servidores",
            "la red interna se segmentó para limitar la propagación del programa malicioso",
            "los primeros indicios del compromiso se remontan a principios de año",
            "el fabricante de los equipos ha publicado desde entonces una actualización de seguridad"),
    compl=("", "", " durante el último mes", ", según la información disponible hasta ahora",
           " pese a las medidas de protección existentes", ", conforme a los procedimientos habituales de notificación"),
    plain=(
        "La vulnerabilidad, registrada como {CVE}, afecta a las versiones anteriores a la actualización de {MONTH}.",
        "Los indicadores de compromiso incluyen la dirección IP {IP} y el dominio {DOM}.",
        "Se ruega a los usuarios que notifiquen cualquier mensaje sospechoso a la dirección habilitada para incidentes.",
        "La investigación continúa y se publicarán más detalles cuando concluya el análisis.",
        "Las consultas de los medios deben dirigirse a la oficina de prensa.",
        "Los atacantes permanecieron sin ser detectados en la red durante unos {NUM} días antes de la primera alerta.",
        "Más de {NUM} equipos de trabajo tuvieron que reinstalarse por precaución.",
    ),
)

T["it"] = dict(
    cities=("Roma", "Milano", "Torino", "Napoli", "Bologna"),
    months=("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
            "agosto", "settembre", "ottobre", "novembre", "dicembre"),
    weekdays=("lunedì", "martedì", "mercoledì", "giovedì", "venerdì"),
    dateline=("{CITY}, {DAY} {MONTH} {YEAR} — ",),
    entity=(
        "{G} ha comunicato {WD} che diversi enti pubblici sono stati colpiti da una campagna di spionaggio attribuita al gruppo {T}.",
        "Secondo l’analisi tecnica, gli aggressori hanno utilizzato server affittati in {S} per nascondere l’origine del traffico.",
        "Il gruppo {T}, conosciuto anche come {TA}, è legato da anni ai servizi di intelligence {A}.",
        "I responsabili di {G} hanno condiviso gli indicatori di compromissione con i partner di {S} non appena l’intrusione è stata confermata.",
        "Le autorità {A} hanno respinto le accuse e chiesto prove concrete del loro coinvolgimento.",
        "In una nota diffusa {WD}, {G} sottolinea che non vi sono indizi di furto di dati personali dei cittadini.",
        "Gli analisti hanno individuato sovrapposizioni tra gli strumenti di questa campagna e quelli attribuiti in passato all’attore {T}.",
        "Il ministero ha convocato l’ambasciatore {A} per illustrargli le conclusioni dell’indagine condotta da {G}.",
        "La campagna ha preso di mira soprattutto operatori energetici e dei trasporti in {S} e in altri paesi europei.",
        "Gli esperti di {G} raccomandano di aggiornare subito gli apparati VPN e di esaminare i registri di accesso degli ultimi mesi.",
        "Hacker {A} hanno sfruttato una falla dei server di posta, secondo un avviso congiunto firmato da {G} e {G}.",
        "L’attacco ricorda operazioni precedenti del gruppo {T}, che ha già colpito ministeri in {S}.",
        "L’indagine è coordinata da {G}, con il supporto di esperti di {S}.",
        "Non si esclude che {T} abbia collaborato con altri gruppi sostenuti dallo Stato {A}.",
        "I ricercatori seguono l’attività con il nome {TP}, un insieme non ancora collegato a un gruppo noto.",
        "{S} ha negato qualsiasi coinvolgimento nell’operazione.",
    ),
    subj=("La squadra di risposta agli incidenti", "Un portavoce", "L’analisi preliminare",
          "Il rapporto tecnico pubblicato oggi", "L’amministratore della rete colpita",
          "Il comunicato ufficiale", "Un ricercatore di sicurezza sentito dalla redazione",
          "Il tavolo tecnico interministeriale"),
    verb=("afferma che", "precisa che", "sottolinea che", "conferma che", "stima che",
          "ricorda che"),
    clause=("gli aggressori hanno ottenuto l’accesso tramite password riutilizzate e account privi di autenticazione a due fattori",
            "i servizi colpiti sono stati ripristinati in meno di quarantotto ore",
            "non risultano perdite di dati classificati",
            "le e-mail di phishing imitavano inviti a conferenze internazionali",
            "il traffico malevolo transitava su server virtuali pagati in criptovaluta",
            "l’incidente è stato rilevato dopo un allarme del sistema di monitoraggio",
            "diversi account amministrativi sono stati bloccati in via precauzionale",
            "le copie di backup hanno consentito di ripristinare rapidamente i sistemi",
            "gli aggressori hanno tentato di cancellare le tracce della loro attività dai registri dei server",
            "la rete interna è stata segmentata per limitare la diffusione del software malevolo",
            "i primi segni della compromissione risalgono all’inizio dell’anno",
            "il produttore degli apparati ha nel frattempo rilasciato un aggiornamento di sicurezza"),
    compl=("", "", " nel corso dell’ultimo mese", ", sulla base delle informazioni disponibili finora",
           " nonostante le misure di protezione esistenti", ", secondo le consuete procedure di segnalazione"),
    plain=(
        "La vulnerabilità, identificata come {CVE}, riguarda le versioni precedenti all’aggiornamento di {MONTH}.",
        "Gli indicatori di compromissione comprendono l’indirizzo IP {IP} e il dominio {DOM}.",
        "Gli utenti sono invitati a segnalare qualsiasi messaggio sospetto all’indirizzo dedicato agli incidenti.",
        "L’indagine prosegue e ulteriori dettagli saranno resi noti al termine dell’analisi.",
        "Le richieste dei giornalisti vanno indirizzate all’ufficio stampa.",
        "Gli aggressori sono rimasti nella rete senza essere scoperti per circa {NUM} giorni prima del primo allarme.",
        "Oltre {NUM} postazioni di lavoro sono state reinstallate in via precauzionale.",
    ),
)

T["pl"] = dict(
    cities=("Warszawa", "Kraków", "Gdańsk", "Wrocław", "Poznań"),
    months=("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
            "sierpnia", "września", "października", "listopada", "grudnia"),
    weekdays=("w poniedziałek", "we wtorek", "w środę", "w czwartek", "w piątek"),
    dateline=("{CITY}, {DAY} {MONTH} {YEAR} r. — ",),
    entity=(
        "W komunikacie opublikowanym {WD} {G} informuje, że kilka instytucji publicznych stało się celem kampanii szpiegowskiej przypisywanej grupie {T}.",
        "Według analizy technicznej napastnicy korzystali z serwerów wynajętych w {S}, aby ukryć pochodzenie ruchu.",
        "Grupa {T}, znana również jako {TA}, od lat jest łączona z {A} służbami wywiadowczymi.",
        "Przedstawiciele {G} przekazali wskaźniki kompromitacji partnerom z {S} zaraz po potwierdzeniu włamania.",
        "{A} władze odrzuciły oskarżenia i zażądały konkretnych dowodów.",
        "{G} podkreśla, że nic nie wskazuje na kradzież danych osobowych obywateli.",
        "Analitycy dostrzegli podobieństwa między narzędziami użytymi w tej kampanii a tymi, które wcześniej przypisywano aktorowi {T}.",
        "Ministerstwo wezwało {A} ambasadora, aby przedstawić mu ustalenia śledztwa prowadzonego przez {G}.",
        "Kampania była wymierzona głównie w operatorów energetycznych i transportowych w {S} oraz w innych krajach europejskich.",
        "Eksperci {G} zalecają natychmiastową aktualizację urządzeń VPN i przejrzenie dzienników dostępu z ostatnich miesięcy.",
        "{A} hakerzy wykorzystali lukę w serwerach pocztowych – wynika ze wspólnego komunikatu {G} i {G}.",
        "Atak przypomina wcześniejsze operacje grupy {T}, która już wcześniej atakowała ministerstwa w {S}.",
        "Śledztwo koordynuje {G} przy wsparciu ekspertów z {S}.",
        "Nie można wykluczyć, że {T} współpracowała z innymi grupami wspieranymi przez {A} państwo.",
        "Badacze śledzą tę aktywność pod nazwą {TP}; klastra nie powiązano jeszcze z żadną znaną grupą.",
        "{S} zaprzecza jakiemukolwiek udziałowi w operacji.",
    ),
    subj=("Zespół reagowania na incydenty", "Rzecznik", "Wstępna analiza",
          "Opublikowany dziś raport techniczny", "Administrator zaatakowanej sieci",
          "Oficjalny komunikat", "Ekspert ds. bezpieczeństwa cytowany przez redakcję",
          "Międzyresortowy zespół roboczy"),
    verb=("wskazuje, że", "precyzuje, że", "podkreśla, że", "potwierdza, że", "szacuje, że",
          "przypomina, że"),
    clause=("napastnicy uzyskali dostęp dzięki ponownie używanym hasłom i kontom bez uwierzytelniania dwuskładnikowego",
            "usługi, których dotyczył atak, przywrócono w niespełna czterdzieści osiem godzin",
            "nic nie wskazuje na utratę danych niejawnych",
            "wiadomości phishingowe podszywały się pod zaproszenia na międzynarodowe konferencje",
            "złośliwy ruch przechodził przez serwery wirtualne opłacane kryptowalutą",
            "incydent wykryto po alarmie systemu monitorowania",
            "kilka kont administracyjnych zablokowano zapobiegawczo",
            "kopie zapasowe pozwoliły szybko odtworzyć systemy",
            "napastnicy próbowali usunąć ślady swojej działalności z dzienników serwerów",
            "sieć wewnętrzną podzielono na segmenty, aby ograniczyć rozprzestrzenianie się złośliwego oprogramowania",
            "pierwsze oznaki włamania sięgają początku roku",
            "producent urządzeń opublikował już aktualizację zabezpieczeń"),
    compl=("", "", " w ostatnim miesiącu", ", według dostępnych obecnie informacji",
           " mimo istniejących zabezpieczeń", ", zgodnie ze standardową procedurą zgłaszania"),
    plain=(
        "Podatność oznaczona jako {CVE} dotyczy wersji sprzed aktualizacji z {MONTH}.",
        "Wśród wskaźników kompromitacji są adres IP {IP} i domena {DOM}.",
        "Użytkowników prosi się o zgłaszanie podejrzanych wiadomości na specjalny adres do zgłaszania incydentów.",
        "Postępowanie trwa, a kolejne szczegóły zostaną opublikowane po zakończeniu analizy.",
        "Pytania od mediów prosimy kierować do biura prasowego.",
        "Napastnicy pozostawali niewykryci w sieci przez około {NUM} dni przed pierwszym alarmem.",
        "Ponad {NUM} stanowisk roboczych trzeba było zapobiegawczo przeinstalować.",
    ),
)

# Words for made-up domains in indicators of compromise (RFC 2606 style).
DOMAIN_WORDS = ("update", "cdn", "mail", "portal", "secure", "cloud", "sync", "login",
                "docs", "files", "office", "news", "static", "api")


# ---------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------
def read_tsv(path: str) -> List[List[str]]:
    """Rows of a data/FORMATS.md TSV file (header and comments dropped)."""
    rows = []
    header_seen = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if not line or line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            rows.append(line.split("\t"))
    return rows


def lang_list(field: str) -> List[str]:
    return [x.strip() for x in field.split(",") if x.strip()]


class Pool:
    """A list of strings with a hot subset: half of the draws come from the hot subset."""

    def __init__(self, items: List[str], hot: List[str]):
        self.items = items or hot
        self.hot = hot or self.items

    def draw(self, rng: random.Random) -> str:
        src = self.hot if rng.random() < 0.5 else self.items
        return src[int(rng.random() * len(src))]


class MixPool:
    """Draws from one of several pools, chosen by weight."""

    def __init__(self, pools: List[Tuple[float, Pool]]):
        pools = [(w, p) for w, p in pools if p.items]
        total = sum(w for w, _ in pools)
        acc = 0.0
        self.cdf: List[float] = []
        self.pools = [p for _, p in pools]
        for w, _ in pools:
            acc += w / total
            self.cdf.append(acc)

    def draw(self, rng: random.Random) -> str:
        i = bisect.bisect_left(self.cdf, rng.random())
        return self.pools[min(i, len(self.pools) - 1)].draw(rng)


class Data:
    def __init__(self, data_dir: str):
        d = data_dir
        # Paradigms: (lang, paradigm) -> suffixes.
        self.paradigms: Dict[Tuple[str, str], List[str]] = {}
        for row in read_tsv(os.path.join(d, "inflection", "paradigms.tsv")):
            lang, name, suffixes = row[0], row[1], row[2]
            self.paradigms[(lang, name)] = ["" if s == "0" else s for s in suffixes.split()]

        # States.
        names: Dict[str, List[Tuple[str, str]]] = {l: [] for l in LANGS}    # nominative
        forms: Dict[str, List[Tuple[str, str]]] = {l: [] for l in LANGS}    # case forms
        adjs: Dict[str, List[Tuple[str, str]]] = {l: [] for l in LANGS}     # adjectives
        for fname in ("cldr.names.tsv", "states_extra.names.tsv"):
            for row in read_tsv(os.path.join(d, "states", fname)):
                _, sid, name, langs = row[0], row[1], row[2], row[3]
                flags = row[5] if len(row) > 5 else ""
                for l in lang_list(langs):
                    if l in names:
                        (forms if "lang-only" in flags or fname != "cldr.names.tsv" else names)[l].append((sid, name))
        for row in read_tsv(os.path.join(d, "states", "states.stems.tsv")):
            _, sid, stem, lang, paradigm = row[0], row[1], row[2], row[3], row[4]
            if lang not in names:
                continue
            suffixes = self.paradigms.get((lang, paradigm))
            if suffixes is None:
                continue
            target = adjs if "-adj" in paradigm else forms
            for s in suffixes:
                target[lang].append((sid, stem + s))
        self.state_names = {l: self._pool(names[l], HOT_STATES) for l in LANGS}
        self.state_forms = {l: self._pool(forms[l] or names[l], HOT_STATES) for l in LANGS}
        self.state_adjs = {l: self._pool(adjs[l] or forms[l], HOT_STATES) for l in LANGS}

        # Agencies: names usable in a language: its own, language-independent
        # (acronyms), and English forms. Home-country agencies are the hot subset.
        country: Dict[str, str] = {}
        for row in read_tsv(os.path.join(d, "agencies", "agencies.entities.tsv")):
            country[row[1]] = row[3]
        own: Dict[str, List[Tuple[str, str]]] = {l: [] for l in LANGS}
        neutral: List[Tuple[str, str]] = []
        english: List[Tuple[str, str]] = []
        for row in read_tsv(os.path.join(d, "agencies", "agencies.names.tsv")):
            aid, name, langs = row[1], row[2], row[3]
            ls = lang_list(langs)
            if not ls or ls == ["*"]:
                neutral.append((aid, name))
                continue
            for l in ls:
                if l in own:
                    own[l].append((aid, name))
            if "en" in ls:
                english.append((aid, name))
        def agency_pool(pairs: List[Tuple[str, str]], lang: str) -> Pool:
            home = [name for aid, name in pairs
                    if country.get(aid, "") in HOME_COUNTRIES[lang] or country.get(aid, "") == ""]
            return Pool([name for _, name in pairs], home)

        # Own-language names 55%, language-independent names (acronyms) 30%, English names 15% (in other languages).
        self.agencies = {}
        for l in LANGS:
            parts = [(0.55, agency_pool(own[l], l)), (0.30, agency_pool(neutral, l))]
            if l != "en":
                parts.append((0.15, agency_pool(english, l)))
            self.agencies[l] = MixPool(parts)

        # Actors: names by id. Names flagged as hazards (common words, malware) are
        # drawn less often, as releases use them less often.
        by_id: Dict[str, List[str]] = {}
        plain: List[str] = []
        hazard: List[str] = []
        for row in read_tsv(os.path.join(d, "actors", "actors.names.tsv")):
            aid, name = row[1], row[2]
            flags = row[5] if len(row) > 5 else ""
            by_id.setdefault(aid, []).append(name)
            (hazard if ("cue" in flags or "common" in flags) else plain).append(name)
        self.actor_ids = [a for a in by_id]
        self.actor_names = by_id
        self.actor_plain = plain
        self.actor_hazard = hazard
        self.hot_actor_ids = [a for a in HOT_ACTORS if a in by_id]
        self.multi_alias_ids = [a for a in self.actor_ids if len(by_id[a]) >= 2]

    @staticmethod
    def _pool(pairs: List[Tuple[str, str]], hot_ids: Sequence[str]) -> Pool:
        hot = set(hot_ids)
        return Pool([n for _, n in pairs], [n for i, n in pairs if i in hot])


# ---------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------
def parse_template(t: str) -> List[Tuple[bool, str]]:
    """'a {G} b' -> [(False, 'a '), (True, 'G'), (False, ' b')]."""
    out: List[Tuple[bool, str]] = []
    i = 0
    while i < len(t):
        j = t.find("{", i)
        if j < 0:
            out.append((False, t[i:]))
            break
        if j > i:
            out.append((False, t[i:j]))
        k = t.index("}", j)
        out.append((True, t[j + 1:k]))
        i = k + 1
    return out


ENTITY_SLOTS = {"G", "S", "A", "T", "TA", "TP"}

ROMANIAN_CEDILLA = str.maketrans({"ș": "ş", "Ș": "Ş", "ț": "ţ", "Ț": "Ţ"})


def strip_diacritics(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if not unicodedata.combining(c))


class Generator:
    def __init__(self, data: Data, rng: random.Random, langs: Sequence[str],
                 words_per_mention: Tuple[float, float] = (40.0, 80.0)):
        self.data = data
        self.rng = rng
        self.langs = list(langs)
        self.words_per_mention = words_per_mention
        weights = [LANG_WEIGHTS[l] for l in self.langs]
        total = float(sum(weights))
        acc, self.lang_cdf = 0.0, []
        for w in weights:
            acc += w / total
            self.lang_cdf.append(acc)
        self.parsed = {l: {k: [parse_template(t) for t in T[l][k]]
                           for k in ("entity", "plain", "dateline")} for l in LANGS}
        # Statistics.
        self.words = 0
        self.mentions = 0

    def pick_lang(self) -> str:
        i = bisect.bisect_left(self.lang_cdf, self.rng.random())
        return self.langs[min(i, len(self.langs) - 1)]

    # -- slots --------------------------------------------------------------------
    def actor(self) -> Tuple[str, str]:
        """(actor id or '', name)."""
        r = self.rng
        x = r.random()
        if x < 0.45 and self.data.hot_actor_ids:
            aid = r.choice(self.data.hot_actor_ids)
            return aid, r.choice(self.data.actor_names[aid])
        if x < 0.9:
            return "", r.choice(self.data.actor_plain)
        return "", r.choice(self.data.actor_hazard)

    def scheme_name(self) -> str:
        r = self.rng
        k = r.random()
        if k < 0.35:
            return "APT%d" % r.randint(1, 45)
        if k < 0.45:
            return "APT %d" % r.randint(1, 45)
        if k < 0.6:
            return "UNC%d" % r.randint(100, 5999)
        if k < 0.75:
            return "Storm-%04d" % r.randint(1, 2100)
        if k < 0.85:
            return "TA%d" % r.randint(400, 599)
        if k < 0.92:
            return "FIN%d" % r.randint(1, 13)
        return "DEV-%04d" % r.randint(1, 1500)

    def fill(self, lang: str, parts: List[Tuple[bool, str]], month: str) -> str:
        r = self.rng
        d = self.data
        out = []
        last_actor = ""
        for is_slot, s in parts:
            if not is_slot:
                out.append(s)
                continue
            if s in ENTITY_SLOTS:
                self.mentions += 1
            if s == "G":
                out.append(d.agencies[lang].draw(r))
            elif s == "S":
                pool = d.state_names[lang] if r.random() < 0.65 else d.state_forms[lang]
                out.append(pool.draw(r))
            elif s == "A":
                out.append(d.state_adjs[lang].draw(r))
            elif s == "T":
                if r.random() < 0.15:
                    last_actor = ""
                    out.append(self.scheme_name())
                else:
                    last_actor, name = self.actor()
                    out.append(name)
            elif s == "TA":
                # Another alias of the actor just named (or of a random actor with
                # several names when the {T} was a scheme name or an untracked id).
                aid = last_actor or r.choice(d.multi_alias_ids)
                out.append(r.choice(d.actor_names[aid]))
            elif s == "TP":
                out.append(self.scheme_name())
            elif s == "WD":
                out.append(r.choice(T[lang]["weekdays"]))
            elif s == "MONTH":
                out.append(month)
            elif s == "CITY":
                out.append(r.choice(T[lang]["cities"]))
            elif s == "DAY":
                out.append(str(r.randint(1, 28)))
            elif s == "YEAR":
                out.append(str(r.randint(2019, 2025)))
            elif s == "CVE":
                out.append("CVE-%d-%d" % (r.randint(2019, 2025), r.randint(1000, 49999)))
            elif s == "IP":
                out.append("%s.%d" % (r.choice(("192.0.2", "198.51.100", "203.0.113")),
                                      r.randint(1, 254)))
            elif s == "DOM":
                out.append("%s-%s%d.example.%s" % (r.choice(DOMAIN_WORDS), r.choice(DOMAIN_WORDS),
                                                   r.randint(1, 99), r.choice(("com", "net", "org"))))
            elif s == "NUM":
                out.append(str(r.randint(3, 400)))
            else:
                raise KeyError(s)
        text = "".join(out)
        return text[:1].upper() + text[1:]

    def prose(self, lang: str) -> str:
        r = self.rng
        t = T[lang]
        return "%s %s %s%s." % (r.choice(t["subj"]), r.choice(t["verb"]),
                                r.choice(t["clause"]), r.choice(t["compl"]))

    # -- documents ----------------------------------------------------------------
    def document(self, lang: str, target_bytes: int) -> str:
        """A release of about target_bytes UTF-8 bytes (at least that many, and at
        least 200)."""
        while True:
            text = self._document(lang, target_bytes)
            if len(text.encode("utf-8")) >= 200:
                return text
            target_bytes += 100

    def _document(self, lang: str, target_bytes: int) -> str:
        r = self.rng
        t = T[lang]
        p = self.parsed[lang]
        month = r.choice(t["months"])
        dateline = self.fill(lang, r.choice(p["dateline"]), month)
        words_per_mention = r.uniform(*self.words_per_mention)
        doc_words = 0
        doc_mentions = 0
        size = len(dateline.encode("utf-8"))
        paragraphs: List[str] = []
        sentences: List[str] = []
        para_len = r.randint(2, 6)
        first = True
        while size < target_bytes:
            # Entity sentence when the document is behind its mention density.
            behind = doc_words >= doc_mentions * words_per_mention
            # Documents denser than one name per 20 words leave prose out more
            # often (the draw is the same, so the default corpus does not change).
            if r.random() < ((0.75 if words_per_mention >= 20.0 else 0.97)
                             if behind else 0.04):
                before = self.mentions
                s = self.fill(lang, r.choice(p["entity"]), month)
                doc_mentions += self.mentions - before
            elif r.random() < 0.8:
                s = self.prose(lang)
            else:
                s = self.fill(lang, r.choice(p["plain"]), month)
            doc_words += s.count(" ") + 1
            if first:
                s = dateline + s
                first = False
            sentences.append(s)
            size += len(s.encode("utf-8")) + 1
            if len(sentences) >= para_len:
                paragraphs.append(" ".join(sentences))
                sentences = []
                para_len = r.randint(2, 6)
                size += 1
        if sentences:
            paragraphs.append(" ".join(sentences))
        self.words += doc_words
        text = "\n\n".join(paragraphs) + "\n"
        if lang == "ro":
            # Romanian is written three ways: comma-below letters, legacy cedillas,
            # and no diacritics at all.
            k = r.random()
            if k < 0.15:
                text = text.translate(ROMANIAN_CEDILLA)
            elif k < 0.3:
                text = strip_diacritics(text)
        return text

    def document_size(self) -> int:
        """Bytes: 200 B .. 1 MB; mostly 1-5 KB (log-normal around 2.4 KB), a few
        per cent of long reports (log-uniform 5-64 KB and 64 KB-1 MB)."""
        r = self.rng
        k = r.random()
        if k < 0.97:
            v = r.lognormvariate(math.log(2400), 0.55)
        elif k < 0.9985:
            v = math.exp(r.uniform(math.log(5000), math.log(65536)))
        else:
            v = math.exp(r.uniform(math.log(65536), math.log(1 << 20)))
        return int(min(max(v, 200), 1 << 20))


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=100.0,
                    help="total text size in MB (10^6 bytes of UTF-8 text; default 100)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--single-document", action="store_true",
                    help="write one document of --size-mb (releases of all languages "
                         "concatenated, as an archive dump would be; lang \"mul\")")
    ap.add_argument("--langs", default=",".join(LANGS),
                    help="comma-separated languages (default: %(default)s)")
    ap.add_argument("--words-per-mention", default="40-80", metavar="MIN-MAX",
                    help="entity density: each document aims at one entity slot per "
                         "this many words, drawn per document (default %(default)s; "
                         "real attribution releases are denser, about 8-14)")
    ap.add_argument("--data-dir", default=os.path.join(REPO, "data"),
                    help="the project's data folder (default: the repository's)")
    ap.add_argument("-o", "--output", required=True, help="output JSONL file ('-' for stdout)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no statistics on stderr")
    args = ap.parse_args(argv)

    langs = [l for l in args.langs.split(",") if l]
    for l in langs:
        if l not in T:
            ap.error("unknown language %r (have: %s)" % (l, ", ".join(LANGS)))
    if args.size_mb <= 0:
        ap.error("--size-mb must be positive")
    try:
        low, high = (float(x) for x in args.words_per_mention.split("-"))
    except ValueError:
        ap.error("--words-per-mention must be MIN-MAX, e.g. 40-80")
    if not 1.0 <= low <= high:
        ap.error("--words-per-mention needs 1 <= MIN <= MAX")

    t0 = time.time()
    rng = random.Random(args.seed)
    gen = Generator(Data(args.data_dir), rng, langs, (low, high))
    target = int(args.size_mb * 1e6)

    if args.output == "-":
        out = sys.stdout
        tmp = None
    else:
        tmp = args.output + ".tmp"
        out = open(tmp, "w", encoding="utf-8", newline="\n")

    total = 0
    docs = 0
    sizes: List[int] = []
    per_lang: Dict[str, int] = {}
    if args.single_document:
        parts: List[str] = []
        while total < target:
            lang = gen.pick_lang()
            want = min(gen.document_size(), max(200, target - total))
            text = gen.document(lang, want)
            parts.append(text)
            total += len(text.encode("utf-8")) + 1
            per_lang[lang] = per_lang.get(lang, 0) + 1
        text = "\n".join(parts)
        total = len(text.encode("utf-8"))
        out.write(json.dumps({"id": "single-%gmb-seed%d" % (args.size_mb, args.seed),
                              "lang": "mul", "text": text}, ensure_ascii=False))
        out.write("\n")
        docs = 1
        sizes.append(total)
    else:
        while total < target:
            lang = gen.pick_lang()
            want = min(gen.document_size(), max(200, target - total))
            text = gen.document(lang, want)
            n = len(text.encode("utf-8"))
            docs += 1
            total += n
            sizes.append(n)
            per_lang[lang] = per_lang.get(lang, 0) + 1
            out.write(json.dumps({"id": "%s-%07d" % (lang, docs), "lang": lang, "text": text},
                                 ensure_ascii=False))
            out.write("\n")
    if tmp is not None:
        out.close()
        os.replace(tmp, args.output)

    if not args.quiet:
        sizes.sort()

        def pct(p: float) -> int:
            return sizes[min(len(sizes) - 1, int(p * len(sizes)))]

        big = sum(s for s in sizes if s > 65536)
        sys.stderr.write(
            "gen_corpus: %d documents, %.1f MB of text, seed %d, %.1f s\n"
            "  document bytes: min %d, p10 %d, median %d, p90 %d, p99 %d, max %d; "
            "%.1f%% of the bytes in documents > 64 KB\n"
            "  languages (documents): %s\n"
            "  entity slots: %d in %d words (one per %.1f words)\n"
            % (docs, total / 1e6, args.seed, time.time() - t0,
               sizes[0], pct(0.1), pct(0.5), pct(0.9), pct(0.99), sizes[-1],
               100.0 * big / max(1, total),
               ", ".join("%s %d" % (l, per_lang[l]) for l in langs if l in per_lang),
               gen.mentions, gen.words, gen.words / max(1, gen.mentions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
