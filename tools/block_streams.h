// Stream buffers that move the batch tool's input and output in large blocks.
//
// Why: std::cin, tied to C's stdio, hands getline one character per virtual
// call (reading JSON lines from standard input took 1.8 times as long as from
// a file), and std::ofstream sends anything over 1 KiB straight to the system
// (a call per record: 25,000 for 100 MB of input).
#ifndef ATTREX_TOOLS_BLOCK_STREAMS_H_
#define ATTREX_TOOLS_BLOCK_STREAMS_H_

#include <cstddef>
#include <memory>
#include <streambuf>

namespace attrex::tools {

// The block size of both buffers.
inline constexpr size_t kStreamBlockBytes = size_t{1} << 20;

// Reads a file descriptor (standard input) through a buffer of its own. A read
// returns what the descriptor has, up to the buffer's size: from a pipe,
// lines are available as soon as they are written. A read error ends the
// input (the stream sees an end of file) and sets failed(); an interrupted
// read is retried. in_avail() counts what the descriptor holds too (the rest
// of a file, what a pipe has), as a std::filebuf's does: zero when a read
// might wait.
class FdReadBuffer : public std::streambuf {
 public:
  explicit FdReadBuffer(int fd, size_t block_bytes = kStreamBlockBytes);

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
