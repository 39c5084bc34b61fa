// Stream buffers that move the batch tool's input and output in large blocks.
//
// Why: std::cin, tied to C's stdio, hands getline one character per virtual
// call (reading JSON lines from standard input took 1.8 times as long as from
// a file), and std::ofstream sends anything over 1 KiB straight to the system
// (a call per record: 25,000 for 100 MB of input).
#ifndef ATTREX_TOOLS_BLOCK_STREAMS_H_
#define ATTREX_TOOLS_BLOCK_STREAMS_H_

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <streambuf>
#include <string>

namespace attrex::tools {

// The block size of both buffers.
inline constexpr size_t kStreamBlockBytes = size_t{1} << 20;

// How AppendLine stopped.
enum class LineEnd {
  kBreak,  // at a line break (consumed, not stored)
  kInput,  // at the end of the input (or a read error)
  kFull,   // after `max` bytes, with more of the line to come
};

// A stream buffer whose lines are read in place: AppendLine copies a line's
// bytes from the buffer to the caller's string once. (istream::getline needs
// a buffer of its own for a line of unknown length, and the bytes went
// through it: a copy of the whole input.)
template <typename Base>
class LineReadBuffer : public Base {
 public:
  using Base::Base;

  // Appends the bytes up to the next line break to *line, at most `max` of
  // them. A line of exactly `max` bytes ends with its break (or the input's
  // end) right after them.
  LineEnd AppendLine(std::string* line, size_t max) {
    using traits = typename Base::traits_type;
    for (size_t got = 0;;) {
      if (this->gptr() == this->egptr() &&
          traits::eq_int_type(this->underflow(), traits::eof())) {
        return LineEnd::kInput;
      }
      if (got == max) {
        if (*this->gptr() != '\n') return LineEnd::kFull;
        this->gbump(1);
        return LineEnd::kBreak;
      }
      const char* begin = this->gptr();
      const size_t count = std::min<size_t>(this->egptr() - begin, max - got);
      const auto* found =
          static_cast<const char*>(std::memchr(begin, '\n', count));
      if (found != nullptr) {
        const auto size = static_cast<size_t>(found - begin);
        line->append(begin, size);
        this->gbump(static_cast<int>(size + 1));  // a block at most
        return LineEnd::kBreak;
      }
      line->append(begin, count);
      this->gbump(static_cast<int>(count));
      got += count;
    }
  }
};

// Reads a file descriptor (standard input) through a buffer of its own. A read
// returns what the descriptor has, up to the buffer's size: from a pipe,
// lines are available as soon as they are written. A read error ends the
// input (the stream sees an end of file) and sets failed(); an interrupted
// read is retried. in_avail() counts what the descriptor holds too (the rest
// of a file, what a pipe has), as a std::filebuf's does: zero when a read
// might wait.
class FdReadBlocks : public std::streambuf {
 public:
  explicit FdReadBlocks(int fd, size_t block_bytes = kStreamBlockBytes);

  bool failed() const { return failed_; }

 protected:
  int_type underflow() override;
  std::streamsize showmanyc() override;

 private:
  int fd_;
  size_t block_bytes_;
  std::unique_ptr<char[]> block_;  // allocated at the first read
  bool failed_ = false;
};
using FdReadBuffer = LineReadBuffer<FdReadBlocks>;

// Collects what is written into blocks, and writes each block to `target`
// in one call. Pieces larger than a block go to `target` directly, after
// what was collected before them. pubsync() (an ostream's flush()) writes the
// collected bytes and syncs `target`. Once `target` takes fewer bytes than it
// was given, every later write fails: the ostream goes bad, and the caller
// reports it. Whatever is left is written when the buffer is destroyed.
class BlockWriteBuffer : public std::streambuf {
 public:
  explicit BlockWriteBuffer(std::streambuf* target,
                            size_t block_bytes = kStreamBlockBytes);
  ~BlockWriteBuffer() override;

  BlockWriteBuffer(const BlockWriteBuffer&) = delete;
  BlockWriteBuffer& operator=(const BlockWriteBuffer&) = delete;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  // Writes the collected bytes to the target; false once it fell short.
  bool WriteCollected();

  std::streambuf* target_;
  std::unique_ptr<char[]> block_;
  size_t block_bytes_;
  bool failed_ = false;
};

}  // namespace attrex::tools

#endif  // ATTREX_TOOLS_BLOCK_STREAMS_H_
