// What Extractor::Extract returns: mentions with byte spans, and one record per
// state, agency and threat actor the document names.
#ifndef ATTREX_DOCUMENT_H_
#define ATTREX_DOCUMENT_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "attrex/export.h"

namespace attrex {

enum class EntityType {
  kState = 0,        // id: ISO 3166-1 alpha-2, upper case ("BE")
  kAgency = 1,       // id: stable slug ("be-fps-interior", "nato")
  kThreatActor = 2,  // id: stable slug ("apt31", "gallium")
};
inline constexpr int kEntityTypeCount = 3;

// "STATE", "AGENCY", "THREAT_ACTOR".
ATTREX_API const char* EntityTypeName(EntityType type);
// Parses the names above (any case); false if unknown.
ATTREX_API bool ParseEntityType(const std::string& name, EntityType* type);

// A canonical record as the loaded data (or the document) defines it.
struct EntityRecord {
  EntityType type = EntityType::kState;
  std::string id;
  std::string name;     // canonical display name
  std::string country;  // ISO alpha-2 of the owning / sponsoring state, or ""
  std::string
      kind;  // agency kind ("cert", "ministry", ...), "group" for actors
  std::vector<std::pair<std::string, std::string>>
      attributes;                    // mitre, uuid, ...
  std::vector<std::string> aliases;  // known names (Lookup/List fill this)
};

// One place in the text that names an entity.
struct Mention {
  EntityType type = EntityType::kState;
  size_t start = 0;  // UTF-8 byte offsets into the text given to Extract
  size_t end = 0;
  std::string text;         // the text between start and end, as written
  std::string id;           // canonical id (see EntityType)
  std::string name;         // canonical name
  double confidence = 0.0;  // in [0, 1]
  // How it was found: "gazetteer", "pattern:<id>", "acronym", "alias-list",
  // "variant", "cue"; several joined with '+'.
  std::string evidence;
  // Other ids this surface could also denote (an ambiguous alias); empty when
  // the resolution is unambiguous.
  std::vector<std::string> candidates;
};

// Document-level view of one entity: all its mentions folded into one record.
struct DocumentEntity {
  EntityRecord record;  // aliases: the distinct surfaces seen here
  size_t mention_count = 0;
  bool known = true;        // false: not in the data, built from the text
  double confidence = 0.0;  // the best mention's confidence
};

struct Diagnostic {
  std::string code;  // "invalid_utf8", "mention_limit", ...
  std::string message;
};

// One attribution the text makes: who attributes which actors, sponsored by
// which state (when the text says so), against which targets.
struct Attribution {
  std::vector<std::string> attributing;  // state ISO codes and agency ids
  std::vector<std::string> actors;       // actor ids
  std::string sponsor;  // ISO code, "" when the text does not say
  // Agency ids, state ISO codes and sectors as "sector:<english name>".
  std::vector<std::string> targets;
  size_t start = 0;  // the sentence naming the actors (UTF-8 byte offsets)
  size_t end = 0;
  double confidence = 0.0;  // lower when parties come from earlier sentences
  std::string cue;          // the attribution phrase as written, "" if none
};

struct Document {
  std::vector<Mention> mentions;  // in text order, flat (no overlaps)
  std::vector<Attribution> attributions;
  std::vector<DocumentEntity> states;
  std::vector<DocumentEntity> agencies;
  std::vector<DocumentEntity> actors;
  std::vector<Diagnostic> diagnostics;
  std::string language;  // detected or given language code, "" if unknown
};

}  // namespace attrex

#endif  // ATTREX_DOCUMENT_H_
