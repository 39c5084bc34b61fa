// The JSON writer: string escaping with a fast path for runs of plain bytes.
#include "output/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "normalize/char_fold.h"

namespace attrex::internal {
namespace {

// Bytes that the escaping loop must look at: quote, backslash, controls and
// every non-ASCII byte (to check its UTF-8).
struct SpecialBytes {
  std::array<bool, 256> is;
  constexpr SpecialBytes() : is() {
    for (int c = 0; c < 256; ++c)
      is[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  }
};
constexpr SpecialBytes kSpecial;

// Whether any of the 8 bytes at p is special: a non-ASCII byte, a control, a
// quote or a backslash. Most strings (ids, names, evidence) have none, and a
// word at a time is a quarter of the work of the table.
bool AnySpecialIn8(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101u;
  constexpr uint64_t kHigh = 0x8080808080808080u;
  uint64_t w;
  std::memcpy(&w, p, sizeof(w));
  // Some byte of v is zero iff (v - 1s) & ~v & high bits is not 0; the same
  // with 0x20 tells a byte below a space.
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const uint64_t below_space = (w - 0x20 * kOnes) & ~w & kHigh;
  return ((w & kHigh) | below_space | has_zero(w ^ ('"' * kOnes)) |
          has_zero(w ^ ('\\' * kOnes))) != 0;
}

}  // namespace

char* PutJsonString(char* p, std::string_view s) {
  *p++ = '"';
  const char* in = s.data();
  const size_t n = s.size();
  size_t pos = 0;
  while (pos < n) {
    if (pos + 8 <= n && !AnySpecialIn8(in + pos)) {
      std::memcpy(p, in + pos, 8);
      p += 8;
      pos += 8;
      continue;
    }
    const auto byte = static_cast<unsigned char>(in[pos]);
    if (!kSpecial.is[byte]) {
      *p++ = static_cast<char>(byte);
      ++pos;
      continue;
    }
    if (byte >= 0x80) {
      size_t next = pos;
      bool invalid;
      DecodeUtf8(s, &next, &invalid);
      if (invalid) {
        p = PutLiteral(p, "\xEF\xBF\xBD");  // U+FFFD
      } else {
        p = PutBytes(p, s.substr(pos, next - pos));  // well-formed: kept
      }
      pos = next;
      continue;
    }
    switch (byte) {
      case '"':
        p = PutLiteral(p, "\\\"");
        break;
      case '\\':
        p = PutLiteral(p, "\\\\");
        break;
      case '\b':
        p = PutLiteral(p, "\\b");
        break;
      case '\f':
        p = PutLiteral(p, "\\f");
        break;
      case '\n':
        p = PutLiteral(p, "\\n");
        break;
      case '\r':
        p = PutLiteral(p, "\\r");
        break;
      case '\t':
        p = PutLiteral(p, "\\t");
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char escape[] = {
            '\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
        std::memcpy(p, escape, sizeof(escape));
        p += sizeof(escape);
      }
    }
    ++pos;
  }
  *p++ = '"';
  return p;
}

void AppendJsonString(std::string* out, std::string_view s) {
  CommitJson(out, PutJsonString(ReserveJson(out, JsonStringBound(s)), s));
}

char* PutJsonNumber(char* p, double value) {
  if (!std::isfinite(value)) return PutLiteral(p, "null");
  // Confidences are hundredths (0.95, 0.5) in all but a few records: a value
  // that is the double nearest to k / 100 is written "0.kk" (its shortest
  // form, which to_chars gives too) without to_chars' general search.
  if (value >= 0.0 && value < 1.0 && !std::signbit(value)) {
    const auto hundredths = static_cast<int>(std::lround(value * 100.0));
    if (hundredths < 100 && hundredths / 100.0 == value) {
      const char digits[] = {'0', '.', static_cast<char>('0' + hundredths / 10),
                             static_cast<char>('0' + hundredths % 10)};
      std::memcpy(p, digits, sizeof(digits));
      // "0.50" is "0.5", "0.00" is "0.0".
      return p + (hundredths % 10 == 0 ? 3 : 4);
    }
  }
  // The shortest form of a double is at most 24 characters, and ".0".
  const auto result = std::to_chars(p, p + kJsonNumberBound - 2, value);
  const std::string_view digits(p, static_cast<size_t>(result.ptr - p));
  p = result.ptr;
  if (digits.find_first_of(".e") == std::string_view::npos)
    p = PutLiteral(p, ".0");
  return p;
}

char* PutJsonNumber(char* p, size_t value) {
  return std::to_chars(p, p + kJsonNumberBound, value).ptr;
}

void AppendJsonNumber(std::string* out, double value) {
  CommitJson(out, PutJsonNumber(ReserveJson(out, kJsonNumberBound), value));
}

void AppendJsonNumber(std::string* out, size_t value) {
  CommitJson(out, PutJsonNumber(ReserveJson(out, kJsonNumberBound), value));
}

void AppendJsonStringArray(std::string* out,
                           const std::vector<std::string>& values) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(out, values[i]);
  }
  out->push_back(']');
}

std::string* JsonObjectWriter::Key(std::string_view key) {
  // Keys are short words ("start", "confidence", attribute names): one
  // append of the separator, the quoted key and the colon. Keys that need
  // escaping (from user data) take the general path.
  char piece[32];
  size_t size = 0;
  if (!first_) piece[size++] = ',';
  first_ = false;
  if (key.size() + 4 <= sizeof(piece) &&
      std::none_of(key.begin(), key.end(), [](char c) {
        return kSpecial.is[static_cast<unsigned char>(c)];
      })) {
    piece[size++] = '"';
    std::memcpy(piece + size, key.data(), key.size());
    size += key.size();
    piece[size++] = '"';
    piece[size++] = ':';
    out_->append(piece, size);
    return out_;
  }
  out_->append(piece, size);
  AppendJsonString(out_, key);
  out_->push_back(':');
  return out_;
}

}  // namespace attrex::internal
