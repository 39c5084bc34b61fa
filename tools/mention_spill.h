// Mentions of a streamed document, kept in a temporary file until its record
// can be written: a record starts with the document's id and language, which
// a JSONL line may give after its text and which are known only at its end.
#ifndef ATTREX_TOOLS_MENTION_SPILL_H_
#define ATTREX_TOOLS_MENTION_SPILL_H_

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "attrex/document.h"

namespace attrex::tools {

// An unnamed temporary file in $TMPDIR (else /tmp); it disappears when closed,
// whatever ends the run.
class TemporaryFile {
 public:
  TemporaryFile();
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  // False once the file could not be created, written or read; error() says
  // why.
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 protected:
  // Records the first failure, with errno's reason when there is one.
  void Fail(const std::string& what);
  // Flushes what was written and goes back to the file's start.
  bool Rewind();

  std::FILE* file_ = nullptr;

 private:
  std::string error_;
};

class MentionSpill : public TemporaryFile {
 public:
  void Add(const Mention& mention);
  size_t size() const { return count_; }

  // Reads the mentions back, in the order they were added. False on a read
  // error.
  bool ForEach(const std::function<void(const Mention&)>& visit);

 private:
  size_t count_ = 0;
};

// Bytes kept until they can be written: the attribution records of a streamed
// document, as JSON, which its record gives after all its mentions.
class TextSpill : public TemporaryFile {
 public:
  void Append(std::string_view bytes);
  size_t size() const { return size_; }

  // Reads the bytes back in order, in pieces of at most 1 MiB. False on a
  // read error.
  bool ForEachPiece(const std::function<void(std::string_view)>& visit);

 private:
  size_t size_ = 0;
};

}  // namespace attrex::tools

#endif  // ATTREX_TOOLS_MENTION_SPILL_H_
