// Options for building an Extractor.
#ifndef ATTREX_OPTIONS_H_
#define ATTREX_OPTIONS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace attrex {

struct Options {
  // Entity types to extract. Default: all three.
  bool states = true;
  bool agencies = true;
  bool threat_actors = true;

  // Directory holding the data (the layout of the repository's data/ folder).
  // Default "": the data bundle compiled into the library.
  std::string data_dir;

  // Extra gazetteer files in the formats of data/FORMATS.md (entities, names,
  // stems), loaded after the built-in data. Default: none.
  std::vector<std::string> gazetteer_files;

  // Language of the documents (BCP-47 code such as "ro"), used for forms that
  // only count in their own language. Default "": detected per document.
  std::string language;

  // Extract attribution records (Document::attributions). Default: true.
  bool attributions = true;

  // Aliases flagged as hazards (element names, ordinary words, malware names)
  // count only with a naming cue nearby ("group", "APT", "grupare", "Gruppe",
  // an alias list, another actor). Default: true.
  bool require_cues = true;

  // How far (in bytes of text) a cue may be from such an alias. Default: 80.
  size_t cue_window = 80;

  // Mentions whose confidence is below this are dropped. Default: 0.5.
  double min_confidence = 0.5;

  // Limits: documents larger than this are refused with kResourceExhausted
  // (default 256 MiB); extraction stops after this many mentions and says so in
  // a diagnostic (default 1,000,000).
  size_t max_document_bytes = size_t{256} << 20;
  size_t max_mentions = 1000000;
  // Documents longer than this many bytes are read in windows of about this
  // size, cut after a paragraph break (else a line break, a full stop, a space)
  // in the window's second half, and the results joined (offsets stay those of
  // the whole text). This bounds the memory and keeps the cost linear in the
  // document's size. Acronym definitions, the language and the context that
  // settles ambiguous names do not reach across windows; no real release is
  // near the default size (512 KiB), only concatenated dumps. 0: never split.
  size_t window_bytes = size_t{512} << 10;

  // Threads Extractor::Create may use to load the data and build its
  // indexes; parts of that work run side by side, so more than 2 gain
  // nothing. The extractor is the same whatever the number. Default 1: no
  // thread is started.
  unsigned build_threads = 1;
};

}  // namespace attrex

#endif  // ATTREX_OPTIONS_H_
