// Mentions of a streamed document, kept in a temporary file until its record
// can be written: a record starts with the document's id and language, which
// a JSONL line may give after its text and which are known only at its end.
#ifndef ATTREX_TOOLS_MENTION_SPILL_H_
#define ATTREX_TOOLS_MENTION_SPILL_H_

#include <cstdio>
#include <functional>
#include <string>

#include "attrex/document.h"

namespace attrex::tools {

class MentionSpill {
 public:
  // Creates an unnamed temporary file in $TMPDIR (else /tmp); it disappears
  // when closed, whatever ends the run.
  MentionSpill();
  ~MentionSpill();
  MentionSpill(const MentionSpill&) = delete;
  MentionSpill& operator=(const MentionSpill&) = delete;

  // False once the file could not be created, written or read; error() says
  // why.
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  void Add(const Mention& mention);
  size_t size() const { return count_; }

  // Reads the mentions back, in the order they were added. False on a read
  // error.
  bool ForEach(const std::function<void(const Mention&)>& visit);

 private:
  void Fail(const std::string& what);

  std::FILE* file_ = nullptr;
  size_t count_ = 0;
  std::string error_;
};

}  // namespace attrex::tools

#endif  // ATTREX_TOOLS_MENTION_SPILL_H_
