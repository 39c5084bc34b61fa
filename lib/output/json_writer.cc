// The JSON writer: string escaping with a fast path for runs of plain bytes.
#include "output/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// Stores the 16 bytes at `in` at `out` and returns how many of them come
// before the first special one (16: none is). The output goes on from there,
// over what was stored after it: the room callers make (JsonStringBound, six
// bytes a byte) holds the 16 bytes whenever 16 bytes of input are left.
size_t StorePlainPrefix16(const char* in, char* out) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  // Signed: the bytes from 0x80 up compare below a space too.
  const __m128i special =
      _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), v);
  const auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
  return mask == 0 ? 16 : static_cast<size_t>(__builtin_ctz(mask));
#else
  std::memcpy(out, in, 16);
  size_t plain = 0;
  while (plain < 16 && !kSpecial.is[static_cast<unsigned char>(in[plain])])
    ++plain;
  return plain;
#endif
}

}  // namespace

char* PutJsonString(char* p, std::string_view s) {
  *p++ = '"';
  const char* in = s.data();
  const size_t n = s.size();
  size_t pos = 0;
  while (pos < n) {
    // Dense releases write four bytes of JSON per byte of text: sixteen bytes
    // a step where 16 are left.
    if (pos + 16 <= n) {
      const size_t plain = StorePlainPrefix16(in + pos, p);
      p += plain;
      pos += plain;
      if (plain == 16) continue;
    } else {
      // The last bytes (all of most ids, codes and names).
      if (pos + 8 <= n && !AnySpecialIn8(in + pos)) {
        std::memcpy(p, in + pos, 8);
        p += 8;
        pos += 8;
      }
      while (pos < n && !kSpecial.is[static_cast<unsigned char>(in[pos])])
        *p++ = in[pos++];
      if (pos == n) break;
    }
    // A special byte.
    const auto byte = static_cast<unsigned char>(in[pos]);
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
    // Rounded half up (no call to lround): where that differs from lround,
    // value is no hundredth and the test below sends it to to_chars.
    const auto hundredths = static_cast<int>(value * 100.0 + 0.5);
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
