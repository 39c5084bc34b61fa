// Benchmark input: press text written for attrex, repeated to size. No files needed.
//
//   PressText(bytes)       dense: every sentence names states, agencies and actors
//                          (en, ro, fr, de, nl, pl) -- the worst case for the resolver.
//   ProsePressText(bytes)  realistic: the dense paragraphs (now also es, it) between
//                          entity-free release prose, about one mention per 50 words,
//                          as in tools/gen_corpus.py's corpus.
//   ProseText(bytes)       entity-free release prose only (the scanning floor).
#ifndef ATTREX_TESTS_BENCH_BENCH_TEXT_H_
#define ATTREX_TESTS_BENCH_BENCH_TEXT_H_

#include <cstddef>
#include <string>

namespace attrex::bench {

inline constexpr const char* kEntityParagraphs[] = {
    "The National Cyber Security Centre (NCSC) said on Tuesday that the "
    "Russian military intelligence service, also known as the GRU, ran the "
    "campaign through APT28 and Sandworm Team against ministries in Poland and "
    "the Baltic states. ",
    "Directoratul Naţional de Securitate Cibernetică (DNSC) informează că "
    "grupările APT 27/APT30 au vizat instituţii ale statului român şi ale "
    "Republicii Moldova, în colaborare cu autorităţile chineze. ",
    "L'Agence nationale de la sécurité des systèmes d'information (ANSSI) "
    "attribue ces intrusions au mode opératoire APT31, également connu sous le "
    "nom de ZIRCONIUM, lié aux services de renseignement chinois. ",
    "Das Bundesamt für Sicherheit in der Informationstechnik warnt vor "
    "Angriffen der Gruppe Volt Typhoon auf kritische Infrastrukturen in "
    "Deutschland und den Vereinigten Staaten. ",
    "Het Nationaal Cyber Security Centrum meldt dat Chinese hackers, ook "
    "bekend als APT40, Nederlandse en Belgische netwerken hebben aangevallen. ",
    "Ministerstwo Cyfryzacji poinformowało, że rosyjska grupa UNC2814 "
    "atakowała polskie instytucje publiczne w ostatnich tygodniach. ",
    "El Centro Criptológico Nacional (CCN-CERT) atribuye la campaña al grupo "
    "Lazarus, también conocido como Hidden Cobra, vinculado a Corea del Norte, "
    "y alerta a los operadores españoles. ",
    "L'Agenzia per la cybersicurezza nazionale segnala che il gruppo iraniano "
    "MuddyWater, noto anche come TEMP.Zagros, ha colpito enti italiani e "
    "israeliani nelle ultime settimane. ",
};

// Ordinary release prose without entity names (written for attrex).
inline constexpr const char* kProseParagraphs[] = {
    "The incident response team says that the attackers gained access through "
    "reused passwords and accounts without two-factor authentication. The affected "
    "services were restored in less than forty-eight hours, and backups made it "
    "possible to rebuild the servers quickly. Users are asked to report any "
    "suspicious message to the dedicated incident address while the analysis of "
    "the logs continues. ",
    "Echipa de răspuns la incidente arată că mesajele de tip phishing imitau "
    "invitații la conferințe internaționale. Atacatorii au rămas nedetectați în "
    "rețea aproximativ trei săptămâni înainte de prima alertă, iar mai multe "
    "conturi de administrator au fost blocate preventiv. Ancheta continuă, iar noi "
    "detalii vor fi făcute publice după finalizarea analizei. ",
    "L’analyse préliminaire indique que le trafic malveillant transitait par des "
    "serveurs virtuels payés en cryptomonnaie. Les sauvegardes ont permis de "
    "restaurer rapidement les systèmes touchés, et plusieurs comptes "
    "d’administrateur ont été bloqués par précaution. Les demandes des médias sont "
    "à adresser au service de presse. ",
    "Die vorläufige Analyse zeigt, dass der Vorfall nach einem Alarm des "
    "Überwachungssystems entdeckt wurde. Mehr als zweihundert Arbeitsplatzrechner "
    "mussten vorsorglich neu installiert werden; die Ermittlungen dauern an, und "
    "weitere Einzelheiten werden nach Abschluss der Auswertung veröffentlicht. ",
    "De beheerder van het getroffen netwerk bevestigt dat er geen gerubriceerde "
    "gegevens verloren lijken te zijn gegaan. Het interne netwerk werd "
    "gesegmenteerd om de verspreiding van de malware te beperken, en de leverancier "
    "van de apparatuur heeft inmiddels een beveiligingsupdate uitgebracht. ",
    "Wstępna analiza wskazuje, że incydent wykryto po alarmie systemu "
    "monitorowania. Kopie zapasowe pozwoliły szybko odtworzyć systemy, a kilka kont "
    "administracyjnych zablokowano zapobiegawczo. Pierwsze oznaki włamania sięgają "
    "początku roku. ",
    "El informe técnico publicado hoy precisa que los servicios afectados se "
    "restablecieron en menos de cuarenta y ocho horas. Los atacantes intentaron "
    "borrar las huellas de su actividad en los registros de los servidores, pero "
    "las copias de seguridad permitieron restaurar los sistemas con rapidez. ",
    "Il rapporto tecnico pubblicato oggi sottolinea che le e-mail di phishing "
    "imitavano inviti a conferenze internazionali. I servizi colpiti sono stati "
    "ripristinati in meno di quarantotto ore e l’indagine prosegue; ulteriori "
    "dettagli saranno resi noti al termine dell’analisi. ",
};

inline constexpr size_t kEntityParagraphCount =
    sizeof(kEntityParagraphs) / sizeof(kEntityParagraphs[0]);
inline constexpr size_t kProseParagraphCount =
    sizeof(kProseParagraphs) / sizeof(kProseParagraphs[0]);

// About `bytes` bytes of dense multilingual release text (en, ro, fr, de, nl, pl):
// the first six entity paragraphs in turn (unchanged, so older figures compare).
inline std::string PressText(size_t bytes) {
  std::string out;
  out.reserve(bytes + 512);
  size_t i = 0;
  while (out.size() < bytes) {
    out += kEntityParagraphs[i % 6];
    ++i;
  }
  return out;
}

// About `bytes` bytes of realistic release text: one entity paragraph (about 4
// mentions in 30 words), then three prose paragraphs (about 170 words), all eight
// languages in turn.
inline std::string ProsePressText(size_t bytes) {
  std::string out;
  out.reserve(bytes + 1024);
  size_t e = 0;
  size_t p = 0;
  while (out.size() < bytes) {
    out += kEntityParagraphs[e++ % kEntityParagraphCount];
    for (int k = 0; k < 3 && out.size() < bytes; ++k) {
      out += kProseParagraphs[p++ % kProseParagraphCount];
    }
  }
  return out;
}

// About `bytes` bytes of entity-free release prose.
inline std::string ProseText(size_t bytes) {
  std::string out;
  out.reserve(bytes + 512);
  size_t i = 0;
  while (out.size() < bytes) {
    out += kProseParagraphs[i % kProseParagraphCount];
    ++i;
  }
  return out;
}

// The text kinds benchmarks take as their second argument.
enum TextKind : int { kDense = 0, kProse = 1, kProseOnly = 2 };

inline std::string MakeText(int kind, size_t bytes) {
  switch (kind) {
    case kDense: return PressText(bytes);
    case kProse: return ProsePressText(bytes);
    default: return ProseText(bytes);
  }
}

inline const char* TextKindName(int kind) {
  switch (kind) {
    case kDense: return "dense";
    case kProse: return "prose";
    default: return "prose-only";
  }
}

}  // namespace attrex::bench

#endif  // ATTREX_TESTS_BENCH_BENCH_TEXT_H_
