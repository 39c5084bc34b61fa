// Benchmark input: mostly-Latin press text written for attrex, repeated to size.
#ifndef ATTREX_TESTS_BENCH_BENCH_TEXT_H_
#define ATTREX_TESTS_BENCH_BENCH_TEXT_H_

#include <string>

namespace attrex::bench {

// About `bytes` bytes of multilingual release text (en, ro, fr, de, nl, pl).
inline std::string PressText(size_t bytes) {
  static const char* kParagraphs[] = {
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
  };
  std::string out;
  out.reserve(bytes + 512);
  size_t i = 0;
  while (out.size() < bytes) {
    out += kParagraphs[i % (sizeof(kParagraphs) / sizeof(kParagraphs[0]))];
    ++i;
  }
  return out;
}

}  // namespace attrex::bench

#endif  // ATTREX_TESTS_BENCH_BENCH_TEXT_H_
