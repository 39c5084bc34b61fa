// Block-sized stream buffers for the batch tool's input and output.
#include "block_streams.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace attrex::tools {

FdReadBlocks::FdReadBlocks(int fd, size_t block_bytes)
    : fd_(fd), block_bytes_(block_bytes > 0 ? block_bytes : 1) {}

FdReadBlocks::int_type FdReadBlocks::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (failed_) return traits_type::eof();
  // Not zeroed: reads fill what is used (zeroing touched a megabyte of pages
  // a run, however short the input).
  if (block_ == nullptr) block_ = std::make_unique_for_overwrite<char[]>(block_bytes_);
  for (;;) {
    const ssize_t got = ::read(fd_, block_.get(), block_bytes_);
    if (got > 0) {
      setg(block_.get(), block_.get(), block_.get() + got);
      return traits_type::to_int_type(*gptr());
    }
    if (got == 0) return traits_type::eof();
    if (errno == EINTR) continue;
    failed_ = true;
    return traits_type::eof();
  }
}

std::streamsize FdReadBlocks::showmanyc() {
  if (failed_) return -1;
  int available = 0;
  if (::ioctl(fd_, FIONREAD, &available) != 0 || available < 0) return 0;
  return available;
}

BlockWriteBuffer::BlockWriteBuffer(std::streambuf* target, size_t block_bytes)
    : target_(target),
      // Not zeroed: only what is written is read.
      block_(std::make_unique_for_overwrite<char[]>(block_bytes > 0 ? block_bytes : 1)),
      block_bytes_(block_bytes > 0 ? block_bytes : 1) {
  setp(block_.get(), block_.get() + block_bytes_);
}

BlockWriteBuffer::~BlockWriteBuffer() { WriteCollected(); }

bool BlockWriteBuffer::WriteCollected() {
  const std::streamsize collected = pptr() - pbase();
  setp(block_.get(), block_.get() + block_bytes_);
  if (failed_) return false;
  if (collected > 0 && target_->sputn(block_.get(), collected) != collected)
    failed_ = true;
  return !failed_;
}

BlockWriteBuffer::int_type BlockWriteBuffer::overflow(int_type c) {
  if (!WriteCollected()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof()))
    return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

std::streamsize BlockWriteBuffer::xsputn(const char* s, std::streamsize n) {
  if (failed_ || n <= 0) return failed_ ? 0 : n;
  if (n <= epptr() - pptr()) {
    std::memcpy(pptr(), s, static_cast<size_t>(n));
    pbump(static_cast<int>(n));  // n is at most a block
    return n;
  }
  if (!WriteCollected()) return 0;
  if (static_cast<size_t>(n) >= block_bytes_) {
    const std::streamsize written = target_->sputn(s, n);
    if (written != n) failed_ = true;
    return written;
  }
  std::memcpy(pptr(), s, static_cast<size_t>(n));
  pbump(static_cast<int>(n));
  return n;
}

int BlockWriteBuffer::sync() {
  if (!WriteCollected()) return -1;
  return target_->pubsync() == 0 ? 0 : -1;
}

}  // namespace attrex::tools
