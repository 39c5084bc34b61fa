#include "mention_spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace attrex::tools {
namespace {

// A mention's fixed-size part; its strings follow it, in the order of
// `lengths`, then its candidates, each a length and its bytes.
struct SpilledMention {
  uint64_t start;
  uint64_t end;
  double confidence;
  uint32_t lengths[4];  // text, id, name, evidence
  uint32_t candidates;
  uint8_t type;
};

}  // namespace

TemporaryFile::TemporaryFile() {
  errno = 0;
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr && *dir ? dir : "/tmp") +
                     "/attrex-mentions-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    Fail("cannot create a temporary file in " +
         path.substr(0, path.rfind('/')));
    return;
  }
  ::unlink(path.c_str());
  file_ = ::fdopen(fd, "w+b");
  if (file_ == nullptr) {
    ::close(fd);
    Fail("cannot open a temporary file");
    return;
  }
  std::setvbuf(file_, nullptr, _IOFBF, size_t{1} << 20);
}

TemporaryFile::~TemporaryFile() {
  if (file_ != nullptr) std::fclose(file_);
}

void TemporaryFile::Fail(const std::string& what) {
  if (!error_.empty()) return;
  error_ = what;
  if (errno != 0) error_ += std::string(": ") + std::strerror(errno);
}

bool TemporaryFile::Rewind() {
  if (!ok()) return false;
  errno = 0;
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) {
    Fail("cannot write a temporary file");
    return false;
  }
  return true;
}

void MentionSpill::Add(const Mention& m) {
  if (!ok()) return;
  errno = 0;
  SpilledMention fixed;
  std::memset(&fixed, 0, sizeof(fixed));
  fixed.start = m.start;
  fixed.end = m.end;
  fixed.confidence = m.confidence;
  const std::string* strings[4] = {&m.text, &m.id, &m.name, &m.evidence};
  for (int i = 0; i < 4; ++i) {
    fixed.lengths[i] = static_cast<uint32_t>(strings[i]->size());
  }
  fixed.candidates = static_cast<uint32_t>(m.candidates.size());
  fixed.type = static_cast<uint8_t>(m.type);
  bool written = std::fwrite(&fixed, sizeof(fixed), 1, file_) == 1;
  for (const std::string* s : strings) {
    written =
        written && std::fwrite(s->data(), 1, s->size(), file_) == s->size();
  }
  for (const std::string& c : m.candidates) {
    const auto length = static_cast<uint32_t>(c.size());
    written = written && std::fwrite(&length, sizeof(length), 1, file_) == 1 &&
              std::fwrite(c.data(), 1, c.size(), file_) == c.size();
  }
  if (!written) {
    Fail("cannot write the temporary file of mentions");
    return;
  }
  ++count_;
}

bool MentionSpill::ForEach(const std::function<void(const Mention&)>& visit) {
  if (!Rewind()) return false;
  auto read_string = [this](std::string* s, size_t length) {
    s->resize(length);
    return std::fread(s->data(), 1, length, file_) == length;
  };
  Mention m;
  for (size_t i = 0; i < count_; ++i) {
    SpilledMention fixed;
    bool read = std::fread(&fixed, sizeof(fixed), 1, file_) == 1;
    std::string* strings[4] = {&m.text, &m.id, &m.name, &m.evidence};
    for (int k = 0; k < 4 && read; ++k)
      read = read_string(strings[k], fixed.lengths[k]);
    m.candidates.resize(read ? fixed.candidates : 0);
    for (std::string& c : m.candidates) {
      uint32_t length = 0;
      read = read && std::fread(&length, sizeof(length), 1, file_) == 1 &&
             read_string(&c, length);
    }
    if (!read) {
      Fail("cannot read the temporary file of mentions");
      return false;
    }
    m.type = static_cast<EntityType>(fixed.type);
    m.start = fixed.start;
    m.end = fixed.end;
    m.confidence = fixed.confidence;
    visit(m);
  }
  return true;
}

void TextSpill::Append(std::string_view bytes) {
  if (!ok()) return;
  errno = 0;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    Fail("cannot write a temporary file");
    return;
  }
  size_ += bytes.size();
}

bool TextSpill::ForEachPiece(
    const std::function<void(std::string_view)>& visit) {
  if (!Rewind()) return false;
  std::vector<char> piece(size_t{1} << 20);
  for (size_t left = size_; left > 0;) {
    const size_t want = std::min(left, piece.size());
    if (std::fread(piece.data(), 1, want, file_) != want) {
      Fail("cannot read a temporary file");
      return false;
    }
    visit(std::string_view(piece.data(), want));
    left -= want;
  }
  return true;
}

}  // namespace attrex::tools
