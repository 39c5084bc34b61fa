// The normaliser: builds the match view and its offset map in one pass.
#include "attrex/normalize.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "normalize/char_fold.h"

namespace attrex {
namespace {

// ASCII characters that fold on their own, without context: letters
// (lower-cased), digits and punctuation other than '-'. 0 marks those that need
// the slow path (space, controls, '-' which may be a line-end hyphen).
struct AsciiFoldTable {
  char fold[128];
  constexpr AsciiFoldTable() : fold() {
    for (int c = 0; c < 128; ++c) {
      if (c <= 0x20 || c == 0x7F || c == '-') {
        fold[c] = 0;
      } else if (c >= 'A' && c <= 'Z') {
        fold[c] = static_cast<char>(c | 0x20);
      } else {
        fold[c] = static_cast<char>(c);
      }
    }
  }
};
constexpr AsciiFoldTable kAscii;

// The fast path's view of every byte: what it copies (its fold, or the space)
// and whether it stops there (0: any byte the fast path cannot copy alone).
struct AsciiRunTable {
  char copy[256];
  constexpr AsciiRunTable() : copy() {
    for (int c = 0; c < 128; ++c) copy[c] = c == ' ' ? ' ' : kAscii.fold[c];
  }
};
constexpr AsciiRunTable kRun;

// Copies the ASCII run starting at s[pos] to dst, lower-casing its letters,
// and returns where it ends: at the first byte the fast path cannot copy
// alone, or at a second space in a row (a single space between words stays in
// the run; more are collapsed by the slow path). s[pos] is in the run. Sixteen
// bytes at a time where SSE2 is there (every x86-64): most of a press release
// is such runs. Each step is stored whole, before its end is known: up to
// n - pos bytes are written from dst (those past the run are overwritten
// later). Finding the end and copying in one pass: a second pass over a run
// (most are short, between two accented letters) cost as much as the first.
size_t CopyFoldedRun(const unsigned char* s, size_t pos, size_t n, char* dst) {
  size_t i = pos;
#if defined(__SSE2__)
  const __m128i control = _mm_set1_epi8(0x20);
  const __m128i del = _mm_set1_epi8(0x7F);
  const __m128i hyphen = _mm_set1_epi8('-');
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i before_a = _mm_set1_epi8('A' - 1);
  const __m128i after_z = _mm_set1_epi8('Z' + 1);
  const __m128i case_bit = _mm_set1_epi8(0x20);
  unsigned space_before = 0;  // the last byte of the previous step is a space
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i upper =
        _mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, after_z));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (i - pos)),
                     _mm_or_si128(v, _mm_and_si128(upper, case_bit)));
    // Signed: the bytes below 0x20 and those from 0x80 up compare less.
    __m128i stop = _mm_cmplt_epi8(v, control);
    stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, del));
    stop = _mm_or_si128(stop, _mm_cmpeq_epi8(v, hyphen));
    const auto spaces =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, space)));
    const unsigned stops = static_cast<unsigned>(_mm_movemask_epi8(stop)) |
                           (spaces & ((spaces << 1) | space_before));
    if (stops != 0) return i + static_cast<size_t>(__builtin_ctz(stops));
    space_before = spaces >> 15;
  }
#endif
  for (; i < n; ++i) {
    const char c = kRun.copy[s[i]];
    if (c == 0 || (c == ' ' && i > pos && s[i - 1] == ' ')) break;
    dst[i - pos] = c;
  }
  return i;
}

bool IsAsciiLetter(unsigned char c) {
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

// The fold of a two-byte character that takes no more than Emit: text of one
// or two bytes that is no hyphen (size 0 for the others).
struct TwoByteFold {
  uint8_t size = 0;
  char bytes[2] = {0, 0};
  bool aligned = false;  // one code point of two bytes, as its source
  bool letter = false;
};
struct TwoByteFoldTable {
  TwoByteFold of[0x800];  // by code point
};

// Built at the first use, from the fold table.
const TwoByteFoldTable& TwoByteFolds() {
  static const TwoByteFoldTable* table = [] {
    auto* t = new TwoByteFoldTable();
    for (char32_t cp = 0x80; cp < 0x800; ++cp) {
      const internal::CharFold fold = internal::FoldCodePoint(cp);
      if (fold.kind != internal::FoldKind::kText || fold.folded.empty() ||
          fold.folded.size() > 2 || fold.folded == "-") {
        continue;
      }
      TwoByteFold& f = t->of[cp];
      f.size = static_cast<uint8_t>(fold.folded.size());
      std::memcpy(f.bytes, fold.folded.data(), fold.folded.size());
      f.aligned = fold.folded.size() == 2 && fold.single;
      f.letter = fold.letter;
    }
    return t;
  }();
  return *table;
}

// The fold of the two-byte character starting at s[pos] (of n bytes), or null
// when none starts there. (A fold of size 0: the general path's.)
const TwoByteFold* TwoByteFoldAt(const TwoByteFoldTable& table,
                                 const unsigned char* s, size_t pos, size_t n) {
  if (pos + 1 >= n || s[pos] < 0xC2 || s[pos] > 0xDF ||
      (s[pos + 1] & 0xC0) != 0x80) {
    return nullptr;
  }
  return &table.of[((s[pos] & 0x1F) << 6) | (s[pos + 1] & 0x3F)];
}

}  // namespace

using internal::CharFold;
using internal::FoldKind;

// Builds one NormalizedText. Segments are opened lazily: consecutive characters
// whose fold has the same byte length as their source (ASCII, most Cyrillic)
// share one aligned segment, which keeps the offset map small for ordinary
// text.
//
// The view is written through a cursor (size_) into a string sized up front
// to the text plus room (kRoom) and cut to size_ at the end: characters are
// stored without a capacity check each, and a short run in one 16-byte store.
class NormalizerImpl {
 public:
  NormalizerImpl(std::string_view text, NormalizedText* out)
      : text_(text), out_(out) {
    out_->view_.resize(text.size() + kRoom);
  }

  // Empties *out, keeping its storage unless a large document grew it.
  static void Clear(NormalizedText* out) {
    constexpr size_t kKeepBytes = size_t{1} << 23;
    if (out->view_.capacity() > kKeepBytes) {
      *out = NormalizedText();
      return;
    }
    out->view_.clear();
    out->segments_.clear();
    out->block_segment_.clear();
    out->invalid_bytes_ = 0;
  }

  void Run() {
    const auto* s = reinterpret_cast<const unsigned char*>(text_.data());
    const TwoByteFoldTable& two_byte = TwoByteFolds();
    size_t pos = 0;
    const size_t n = text_.size();
    while (pos < n) {
      const unsigned char byte = s[pos];
      if (byte < 0x80 && kAscii.fold[byte] != 0) {
        pos = CopyAsciiRun(pos);
        continue;
      }
      if (byte < 0x80) {
        pos = HandleAscii(pos, byte);
        continue;
      }
      // Two-byte characters (accented Latin letters, Cyrillic, Greek) by
      // their own table: the commonest characters outside ASCII took a
      // decoding, a lookup and the checks of every other fold.
      if (const TwoByteFold* fold = TwoByteFoldAt(two_byte, s, pos, n)) {
        if (fold->size == 1) {
          EmitShortened(pos, fold->bytes[0], fold->letter);
          pos += 2;
          continue;
        }
        if (fold->size != 0) {
          Emit(pos, std::string_view(fold->bytes, fold->size), fold->aligned,
               fold->letter);
          pos += 2;
          continue;
        }
      }
      const size_t begin = pos;
      bool invalid = false;
      const char32_t cp = internal::DecodeUtf8(text_, &pos, &invalid);
      if (invalid) ++out_->invalid_bytes_;
      pos = HandleCodePoint(begin, pos, cp);
    }
    out_->segments_.push_back(
        {static_cast<uint32_t>(size_), static_cast<uint32_t>(n), false});
    out_->view_.resize(size_);
    IndexBlocks();
  }

 private:
  // block_segment_[i]: the last segment starting at or before view byte
  // i * kBlockBytes (the sentinel, past the view's end).
  void IndexBlocks() {
    const auto& segments = out_->segments_;
    constexpr size_t kBlock = NormalizedText::kBlockBytes;
    const size_t blocks = out_->view_.size() / kBlock + 2;
    auto& index = out_->block_segment_;
    index.resize(blocks);
    size_t segment = 0;
    for (size_t b = 0; b < blocks; ++b) {
      const size_t v = b * kBlock;
      while (segment + 1 < segments.size() &&
             segments[segment + 1].view_begin <= v) {
        ++segment;
      }
      index[b] = static_cast<uint32_t>(segment);
    }
  }

  // Room kept past the cursor: the last 16-byte store of an ASCII run may
  // reach past the run's end.
  static constexpr size_t kRoom = 32;

  // Makes room for `bytes` more past the cursor, and kRoom after them. Folds
  // longer than their source (rare) grow the view past the text's size.
  char* Reserve(size_t bytes) {
    std::string& view = out_->view_;
    if (size_ + bytes + kRoom > view.size())
      view.resize(std::max(2 * view.size(), size_ + bytes + kRoom));
    return view.data() + size_;
  }

  // The fast path: a run of ASCII characters that fold one to one, copied into
  // one aligned segment. A two-byte character that folds to one byte ("ă",
  // "é", "ł") and is followed by another run ends the segment as its last
  // byte (see OffsetSegment), and the run after it opens the next: accented
  // letters come every few words in most languages, and leaving the fast
  // path for each cost three times what it costs here.
  size_t CopyAsciiRun(size_t pos) {
    const auto* s = reinterpret_cast<const unsigned char*>(text_.data());
    const size_t n = text_.size();
    const TwoByteFoldTable& two_byte = TwoByteFolds();
    if (!open_aligned_) {
      out_->segments_.push_back(
          {static_cast<uint32_t>(size_), static_cast<uint32_t>(pos), true});
      open_aligned_ = true;
    }
    for (;;) {
      char* dst = Reserve(n - pos);  // what CopyFoldedRun may write
      const size_t end = CopyFoldedRun(s, pos, n, dst);
      const size_t size = end - pos;
      size_ += size;
      const TwoByteFold* fold = TwoByteFoldAt(two_byte, s, end, n);
      if (fold != nullptr && end + 2 < n) {
        const unsigned char after = s[end + 2];
        if (fold->size == 1 && kRun.copy[after] != 0) {
          dst[size] = fold->bytes[0];
          ++size_;
          pos = end + 2;
          out_->segments_.push_back(
              {static_cast<uint32_t>(size_), static_cast<uint32_t>(pos), true});
          continue;
        }
      }
      has_last_char_ = true;
      last_char_view_ = static_cast<uint32_t>(size_ - 1);
      last_char_orig_ = static_cast<uint32_t>(end - 1);
      last_was_letter_ = IsAsciiLetter(s[end - 1]);
      last_was_space_ = s[end - 1] == ' ';
      return end;
    }
  }

  size_t HandleAscii(size_t pos, unsigned char byte) {
    if (byte >= 'A' && byte <= 'Z') {
      EmitAligned(pos, static_cast<char>(byte | 0x20), /*letter=*/true);
      return pos + 1;
    }
    if ((byte >= 'a' && byte <= 'z')) {
      EmitAligned(pos, static_cast<char>(byte), /*letter=*/true);
      return pos + 1;
    }
    if (byte == ' ' || byte < 0x20 || byte == 0x7F) {
      HandleSpace(pos, pos + 1);
      return pos + 1;
    }
    if (byte == '-' && last_was_letter_) {
      if (size_t resume = LineEndHyphenResume(pos + 1)) {
        Drop(pos);
        return resume;
      }
    }
    EmitAligned(pos, static_cast<char>(byte), /*letter=*/false);
    return pos + 1;
  }

  // Returns where processing continues.
  size_t HandleCodePoint(size_t begin, size_t end, char32_t cp) {
    const CharFold fold = internal::FoldCodePoint(cp);
    switch (fold.kind) {
      case FoldKind::kSpace:
        HandleSpace(begin, end);
        return end;
      case FoldKind::kMark:
        Attach(begin);
        return end;
      case FoldKind::kIgnore:
        Drop(begin);
        return end;
      case FoldKind::kText:
        break;
    }
    if (fold.folded == "-" && last_was_letter_) {
      if (size_t resume = LineEndHyphenResume(end)) {
        Drop(begin);
        return resume;
      }
    }
    if (fold.folded.size() == 1) {  // its source is longer
      EmitShortened(begin, fold.folded[0], fold.letter);
      return end;
    }
    const bool aligned = fold.folded.size() == end - begin && fold.single;
    Emit(begin, fold.folded, aligned, fold.letter);
    return end;
  }

  void HandleSpace(size_t begin, size_t end) {
    (void)end;
    if (has_last_char_ && last_was_space_) {
      Attach(begin);
      return;
    }
    Emit(begin, " ", /*aligned=*/end - begin == 1, /*letter=*/false);
    last_was_space_ = true;
  }

  // A hyphen at a line end followed by a lower-case letter joins a word that
  // was broken for layout ("ciber-\nnetică"). Returns where the continuation
  // starts, or 0 when the hyphen is a real one.
  size_t LineEndHyphenResume(size_t after_hyphen) const {
    size_t pos = after_hyphen;
    const size_t n = text_.size();
    while (pos < n &&
           (text_[pos] == ' ' || text_[pos] == '\t' || text_[pos] == '\r'))
      ++pos;
    if (pos >= n || text_[pos] != '\n') return 0;
    ++pos;
    while (pos < n &&
           (text_[pos] == ' ' || text_[pos] == '\t' || text_[pos] == '\r'))
      ++pos;
    if (pos >= n) return 0;
    size_t probe = pos;
    bool invalid;
    const char32_t next = internal::DecodeUtf8(text_, &probe, &invalid);
    return !invalid && internal::IsLowerCodePoint(next) ? pos : 0;
  }

  // A character of more than one byte folded to the one byte c: the last
  // byte of an aligned segment (see OffsetSegment), whatever comes next
  // opens another.
  void EmitShortened(size_t begin, char c, bool letter) {
    EmitAligned(begin, c, letter);
    open_aligned_ = false;
  }

  void EmitAligned(size_t begin, char c, bool letter) {
    auto& segments = out_->segments_;
    if (!open_aligned_) {
      segments.push_back(
          {static_cast<uint32_t>(size_), static_cast<uint32_t>(begin), true});
      open_aligned_ = true;
    }
    MarkLastChar(begin, letter);
    *Reserve(1) = c;
    ++size_;
  }

  void Emit(size_t begin, std::string_view folded, bool aligned, bool letter) {
    if (aligned) {
      auto& segments = out_->segments_;
      if (!open_aligned_) {
        segments.push_back(
            {static_cast<uint32_t>(size_), static_cast<uint32_t>(begin), true});
        open_aligned_ = true;
      }
    } else {
      out_->segments_.push_back(
          {static_cast<uint32_t>(size_), static_cast<uint32_t>(begin), false});
      open_aligned_ = false;
    }
    MarkLastChar(begin, letter);
    char* dst = Reserve(folded.size());
    if (folded.size() <= 4) {  // most folds: copied without a call
      for (size_t i = 0; i < folded.size(); ++i) dst[i] = folded[i];
    } else {
      std::memcpy(dst, folded.data(), folded.size());
    }
    size_ += folded.size();
  }

  void MarkLastChar(size_t orig_begin, bool letter) {
    has_last_char_ = true;
    last_char_view_ = static_cast<uint32_t>(size_);
    last_char_orig_ = static_cast<uint32_t>(orig_begin);
    last_was_letter_ = letter;
    last_was_space_ = false;
  }

  // Makes source bytes starting at `begin` part of the previous character (a
  // combining mark, or a space collapsed into a run).
  void Attach(size_t begin) {
    if (!has_last_char_) {
      Drop(begin);
      return;
    }
    auto& segments = out_->segments_;
    if (open_aligned_) {
      if (segments.back().view_begin == last_char_view_) {
        segments.back().aligned = false;
      } else {
        segments.push_back({last_char_view_, last_char_orig_, false});
      }
      open_aligned_ = false;
    }
  }

  // Source bytes from `begin` that contribute nothing to the view.
  void Drop(size_t begin) {
    out_->segments_.push_back(
        {static_cast<uint32_t>(size_), static_cast<uint32_t>(begin), false});
    open_aligned_ = false;
    has_last_char_ = false;
    last_was_letter_ = false;
    last_was_space_ = false;
  }

  std::string_view text_;
  NormalizedText* out_;
  size_t size_ = 0;  // the view's bytes so far (out_->view_ is larger)
  bool open_aligned_ = false;
  bool has_last_char_ = false;
  bool last_was_letter_ = false;
  bool last_was_space_ = false;
  uint32_t last_char_view_ = 0;
  uint32_t last_char_orig_ = 0;
};

NormalizedText Normalize(std::string_view text) {
  NormalizedText out;
  NormalizerImpl impl(text, &out);
  impl.Run();
  return out;
}

namespace internal {

void NormalizeInto(std::string_view text, NormalizedText* out) {
  NormalizerImpl::Clear(out);
  NormalizerImpl impl(text, out);
  impl.Run();
}

bool NormalizeShortView(std::string_view text, std::string* view) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  // No fold it takes is longer than its source: written through a pointer
  // into the string sized to the text, then cut.
  view->resize(n);
  char* out = view->data();
  const TwoByteFoldTable& two_byte = TwoByteFolds();
  bool last_was_space = false;  // as NormalizerImpl's last_was_space_
  for (size_t pos = 0; pos < n;) {
    const unsigned char byte = s[pos];
    if (byte == ' ') {
      if (!last_was_space) *out++ = ' ';
      last_was_space = true;
      ++pos;
      continue;
    }
    // A hyphen folds to itself but for one at a line end, which needs a line
    // break after it: no control byte gets here.
    if (byte > 0x20 && byte < 0x7F) {
      *out++ =
          static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte | 0x20 : byte);
      last_was_space = false;
      ++pos;
      continue;
    }
    const TwoByteFold* fold = TwoByteFoldAt(two_byte, s, pos, n);
    if (fold == nullptr || fold->size == 0) return false;
    out[0] = fold->bytes[0];
    if (fold->size == 2) out[1] = fold->bytes[1];
    out += fold->size;
    last_was_space = false;
    pos += 2;
  }
  view->resize(static_cast<size_t>(out - view->data()));
  return true;
}

}  // namespace internal

ByteSpan NormalizedText::ToOriginal(size_t view_begin, size_t view_end) const {
  // The last segment starting at or before `v` is the one holding view byte v
  // (empty segments at the same position were pushed before the one holding
  // it).
  // The segments holding the first bytes of v's block and of the next one
  // bound the search.
  auto holding = [this](size_t v) {
    const size_t block = v / kBlockBytes;
    const auto lo = segments_.begin() + block_segment_[block];
    const auto hi = segments_.begin() + block_segment_[block + 1] + 1;
    auto it =
        std::upper_bound(lo, hi, v, [](size_t value, const OffsetSegment& s) {
          return value < s.view_begin;
        });
    return static_cast<size_t>(it - segments_.begin()) - 1;
  };
  const size_t first = holding(view_begin);
  const OffsetSegment& s = segments_[first];
  const size_t begin =
      s.aligned ? s.orig_begin + (view_begin - s.view_begin) : s.orig_begin;
  // Most spans lie in one segment (a run of ASCII): then the second search is
  // not needed.
  const size_t last = first + 1 < segments_.size() &&
                              segments_[first + 1].view_begin > view_end - 1
                          ? first
                          : holding(view_end - 1);
  const OffsetSegment& t = segments_[last];
  // An aligned segment's last byte may stand for a longer character: a span
  // ending there ends where the next segment starts.
  const OffsetSegment& after = segments_[last + 1];
  const size_t end = t.aligned && after.view_begin != view_end
                         ? t.orig_begin + (view_end - t.view_begin)
                         : after.orig_begin;
  return {begin, end};
}

}  // namespace attrex
