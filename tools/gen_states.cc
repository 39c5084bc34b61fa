// gen_states: writes the STATE gazetteer from ICU's CLDR data, so that country
// names in every language CLDR has are generated, never typed.
//
//   gen_states OUT_DIR [WORDLIST...]
//
// Writes OUT_DIR/states.entities.tsv (one record per ISO 3166-1 country, English
// name) and OUT_DIR/cldr.names.tsv (every locale's display name, plus CLDR's
// "short" and "variant" forms). Rules for the case and flags columns:
//  - a name written entirely in capitals (UK, USA) must match exactly (`exact`),
//    and is kept only from the main languages and when it is no ISO code itself;
//  - a name starting with a capital letter must start with one in the text (`cap`),
//    so that English "turkey", "china" or "jersey" as common nouns do not match;
//  - a name that is also an ordinary word of one of the WORDLIST files (Debian's
//    /usr/share/dict lists), when its languages are not the list's and not one of
//    the main languages attrex serves, only counts in documents of its own
//    languages (`lang-only`, flag `common`). The lang column lists every CLDR
//    language that uses the name.
#include <unicode/locid.h>
#include <unicode/ures.h>
#include <unicode/unistr.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/putil.h>
#include <unicode/udata.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>


namespace {

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// "zh_Hant_TW" -> "zh-Hant"; region variants collapse into their language.
std::string LanguageTag(const icu::Locale& locale) {
  std::string tag = locale.getLanguage();
  if (*locale.getScript()) tag += std::string("-") + locale.getScript();
  return tag;
}

struct NameInfo {
  std::set<std::string> langs;
};

bool AllCaps(const icu::UnicodeString& s) {
  int letters = 0;
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    const UChar32 c = s.char32At(i);
    if (u_isalpha(c)) {
      ++letters;
      if (!u_isupper(c)) return false;
    }
  }
  return letters >= 2;
}

bool StartsUpper(const icu::UnicodeString& s) {
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    const UChar32 c = s.char32At(i);
    if (u_isalpha(c)) return u_isupper(c) || u_istitle(c);
  }
  return false;
}

// Short and variant forms from the region bundle ("Countries%short").
void AddAltForms(const char* locale, const char* table,
                 std::map<std::pair<std::string, std::string>, NameInfo>* names,
                 const std::set<std::string>& codes, const std::string& lang) {
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "region",
                                      locale, &status);
  if (U_FAILURE(status)) return;
  UResourceBundle* countries = ures_getByKey(bundle, table, nullptr, &status);
  if (U_SUCCESS(status)) {
    const int32_t size = ures_getSize(countries);
    for (int32_t i = 0; i < size; ++i) {
      UErrorCode item_status = U_ZERO_ERROR;
      UResourceBundle* item = ures_getByIndex(countries, i, nullptr, &item_status);
      if (U_FAILURE(item_status)) continue;
      const std::string code = ures_getKey(item);
      int32_t len = 0;
      const UChar* value = ures_getString(item, &len, &item_status);
      if (U_SUCCESS(item_status) && codes.count(code)) {
        (*names)[{code, ToUtf8(icu::UnicodeString(value, len))}].langs.insert(lang);
      }
      ures_close(item);
    }
  }
  ures_close(countries);
  ures_close(bundle);
}

std::set<std::string> LoadWords(const std::string& path) {
  std::set<std::string> words;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    // Only lower-case entries are ordinary words; capitalised ones are names.
    if (!line.empty() && !(line[0] >= 'A' && line[0] <= 'Z') && line.find('\'') == std::string::npos) {
      icu::UnicodeString word = icu::UnicodeString::fromUTF8(line);
      words.insert(ToUtf8(word.toLower(icu::Locale::getRoot())));
    }
  }
  return words;
}

// The language a Debian word list is in, from its file name.
std::string WordListLanguage(const std::string& path) {
  static const std::pair<const char*, const char*> kLists[] = {
      {"american-english", "en"}, {"british-english", "en"}, {"french", "fr"},
      {"ngerman", "de"}, {"dutch", "nl"}, {"nederlands", "nl"}, {"italian", "it"},
      {"spanish", "es"}, {"polish", "pl"}, {"portuguese", "pt"}};
  for (const auto& [name, lang] : kLists) {
    if (path.find(name) != std::string::npos) return lang;
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: gen_states OUT_DIR [WORDLIST...]\n";
    return 2;
  }
  const std::string out_dir = argv[1];
  std::vector<std::pair<std::string, std::set<std::string>>> wordlists;
  for (int i = 2; i < argc; ++i) {
    wordlists.emplace_back(WordListLanguage(argv[i]), LoadWords(argv[i]));
  }

  std::set<std::string> codes;
  for (const char* const* c = icu::Locale::getISOCountries(); *c; ++c) codes.insert(*c);
  codes.insert("XK");  // Kosovo: a user-assigned code that CLDR and attribution use

  std::map<std::pair<std::string, std::string>, NameInfo> names;
  int32_t count = 0;
  const icu::Locale* locales = icu::Locale::getAvailableLocales(count);
  for (int32_t i = 0; i < count; ++i) {
    const icu::Locale& locale = locales[i];
    const std::string lang = LanguageTag(locale);
    for (const std::string& code : codes) {
      icu::UnicodeString display;
      icu::Locale("", code.c_str()).getDisplayCountry(locale, display);
      const std::string name = ToUtf8(display);
      // ICU falls back to the code itself when a locale has no name for it.
      if (name.empty() || name == code) continue;
      names[{code, name}].langs.insert(lang);
    }
    AddAltForms(locale.getName(), "Countries%short", &names, codes, lang);
    AddAltForms(locale.getName(), "Countries%variant", &names, codes, lang);
  }

  std::ofstream entities(out_dir + "/states.entities.tsv");
  entities << "# Generated by tools/gen_states from ICU " U_ICU_VERSION
              " (CLDR): one record per ISO 3166-1 country. Do not edit.\n"
              "type\tid\tname\tcountry\tkind\tattrs\n";
  for (const std::string& code : codes) {
    icu::UnicodeString display;
    icu::Locale("", code.c_str()).getDisplayCountry(icu::Locale::getEnglish(), display);
    entities << "STATE\t" << code << "\t" << ToUtf8(display) << "\t" << code << "\t\t\n";
  }

  std::ofstream out(out_dir + "/cldr.names.tsv");
  out << "# Generated by tools/gen_states from ICU " U_ICU_VERSION
         " (CLDR): country names in every CLDR locale. Do not edit; rerun the tool.\n"
         "type\tid\tname\tlang\tcase\tflags\n";
  size_t written = 0;
  for (const auto& [key, info] : names) {
    const auto& [code, name] = key;
    const icu::UnicodeString uname = icu::UnicodeString::fromUTF8(name);
    static const std::set<std::string> kMajor = {"en", "fr", "de", "nl", "it", "es",
                                                 "pl", "ro", "cs", "pt"};
    const bool major = std::any_of(info.langs.begin(), info.langs.end(),
                                   [](const std::string& l) { return kMajor.count(l) > 0; });
    std::string case_rule = "any";
    if (AllCaps(uname)) {
      // Abbreviations collide with other abbreviations (GB gigabyte, KM, MB) and
      // with ISO codes of other countries (Spanish "RU" for the UK): keep only those
      // of the main languages, and never one that is itself a country code.
      if (!major || codes.count(name)) continue;
      case_rule = "exact";
    } else if (StartsUpper(uname)) {
      case_rule = "cap";
    }
    // A name that is an ordinary word in a language it is not a name in.
    // Compared with accents: Spanish "cañada" is no reason to doubt "Canada".
    icu::UnicodeString lower = uname;
    const std::string folded = ToUtf8(lower.toLower(icu::Locale::getRoot()));
    std::string flags;
    for (const auto& [list_lang, words] : wordlists) {
      if (major) break;  // a name in a main language: its case rule guards it
      if (!info.langs.count(list_lang) && words.count(folded)) {
        flags = "common,lang-only";
        break;
      }
    }
    std::string langs;
    for (const std::string& lang : info.langs) langs += (langs.empty() ? "" : ",") + lang;
    out << "STATE\t" << code << "\t" << name << "\t" << langs << "\t" << case_rule << "\t"
        << flags << "\n";
    ++written;
  }
  std::cerr << "gen_states: " << codes.size() << " countries, " << names.size()
            << " distinct names, " << written << " lines\n";
  return 0;
}
