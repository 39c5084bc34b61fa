// The resolve stage: turns name and pattern hits into typed mentions, each
// resolved to one canonical record, with acronyms, alias lists and context
// cues.
#ifndef ATTREX_LIB_RESOLVE_RESOLVER_H_
#define ATTREX_LIB_RESOLVE_RESOLVER_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attrex/document.h"
#include "attrex/normalize.h"
#include "resolve/attribution.h"
#include "resolve/knowledge.h"

namespace attrex::internal {

// A document as the resolver leaves it: what Document holds, with views where
// Document has copies. Extract turns it into a Document (ToDocument); the
// batch tool writes its JSON record straight from it (ResolvedJsonRecord),
// which spares it a Document's strings and records, built and freed per
// mention and per entity (a fifth of the batch tool's time on text as dense
// as real releases). Views point into the text, the Knowledge and `owned`:
// valid while those are.
// Strings a resolved document owns (the ids, names and countries of records
// new to the data, the mentions' evidence), copied into blocks that never
// move, so that views of them stay valid as more are added, and that are
// kept from document to document: a thread writes them with no allocation
// once its blocks suffice.
class StringArena {
 public:
  // A copy of `s`, valid until Clear.
  std::string_view Copy(std::string_view s);
  // Forgets every copy; keeps the storage of up to `keep_blocks` blocks.
  void Clear(size_t keep_blocks);

 private:
  static constexpr size_t kBlockBytes = 4096;
  struct Block {
    std::unique_ptr<char[]> bytes;  // kBlockBytes
    size_t used = 0;
  };
  std::vector<Block> blocks_;
  size_t current_ = 0;  // the block copies go to; earlier ones are full
  // Strings longer than a block, each in its own allocation.
  std::vector<std::unique_ptr<char[]>> long_strings_;
};

struct ResolvedEntity {
  EntityType type = EntityType::kState;
  std::string_view id;
  std::string_view name;
  std::string_view country;
  std::string_view kind;
  std::span<const std::pair<std::string, std::string>> attributes;
  // The distinct surfaces, as written (views of ResolvedDocument::alias_pool).
  std::span<const std::string_view> aliases;
  size_t mention_count = 0;
  bool known = true;
  double confidence = 0.0;
  // The gazetteer entity whose id, name, country, kind and attributes these
  // are, or -1 (a record built from the text): the JSON writer has that
  // entity's fields written already.
  int32_t gazetteer_entity = -1;
};

struct ResolvedMention {
  EntityType type = EntityType::kState;
  size_t start = 0;
  size_t end = 0;
  std::string_view text;
  std::string_view id;
  std::string_view name;
  uint32_t entity = 0;            // index in ResolvedDocument::entities[type]
  int32_t gazetteer_entity = -1;  // whose id and name these are, or -1
  double confidence = 0.0;
  std::string_view evidence;
  std::vector<std::string> candidates;
};

struct ResolvedDocument {
  std::vector<ResolvedMention> mentions;
  std::vector<ResolvedEntity> entities[kEntityTypeCount];
  std::vector<ResolvedAttribution> attributions;
  std::vector<std::string_view> attribution_ids;  // the records' id lists
  std::vector<Diagnostic> diagnostics;
  std::string language;
  // Ids, names and countries of records new to the data, and the mentions'
  // evidence.
  StringArena strings;
  std::vector<std::string_view> alias_pool;  // the entities' aliases

  // Empties it; the storage of up to `keep_mentions` mentions (and as many
  // entities) is kept for the next document.
  void Clear(size_t keep_mentions = 4096);
};

// Extracts the document of `text` whose match view is `normalized` into
// *doc, whose earlier content is dropped and whose storage is reused: a
// thread extracting document after document keeps one.
void Resolve(const Knowledge& knowledge, std::string_view text,
             const NormalizedText& normalized, ResolvedDocument* doc);
// The same, into a new ResolvedDocument.
ResolvedDocument Resolve(const Knowledge& knowledge, std::string_view text,
                         const NormalizedText& normalized);

// The public Document of a resolved one.
Document ToDocument(ResolvedDocument&& resolved);
// Its parts, as ToDocument makes them, filled into new (default) objects
// (also for the windows of a long document, merged without a Document each).
void FillMention(ResolvedMention&& mention, Mention* out);
void FillDocumentEntity(const ResolvedEntity& entity, DocumentEntity* out);
void FillAttribution(const ResolvedDocument& resolved,
                     const ResolvedAttribution& attribution, Attribution* out);

// The message of the "invalid_utf8" diagnostic.
std::string InvalidUtf8Message(size_t invalid_bytes);

// Does the letter case of `surface` satisfy `rule` for a name written `name`?
bool CaseAllows(CaseRule rule, std::string_view surface, std::string_view name);

// A stable id for a record the data does not have: lower-case, words joined by
// '-'.
std::string SlugOf(std::string_view name);
// The same, appended to *out.
void AppendSlug(std::string_view name, std::string* out);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_RESOLVE_RESOLVER_H_
