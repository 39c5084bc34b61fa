// TSV parsing for the gazetteer files.
#include "gazetteer/tsv.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "normalize/char_fold.h"

namespace attrex::internal {

Status DataError(std::string_view source, size_t line, std::string_view message) {
  std::string text(source);
  if (line > 0) {
    // Appended in two steps: GCC 12 warns (-Wrestrict, a false positive) on
    // ":" + std::to_string(line).
    text += ':';
    text += std::to_string(line);
  }
  text += ": ";
  text += message;
  return Status(StatusCode::kDataError, std::move(text));
}

namespace {

// The tabs of a line found sixteen bytes a step where SSE2 is there (every
// x86-64): a search per field was a call for a few bytes each time.
void SplitTabs(std::string_view line, std::vector<std::string_view>* out) {
  out->clear();
  size_t start = 0;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i tab = _mm_set1_epi8('\t');
  for (; i + 16 <= line.size(); i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data() + i));
    for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, tab)));
         mask != 0; mask &= mask - 1) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      out->push_back(line.substr(start, at - start));
      start = at + 1;
    }
  }
#endif
  for (; i < line.size(); ++i) {
    if (line[i] != '\t') continue;
    out->push_back(line.substr(start, i - start));
    start = i + 1;
  }
  out->push_back(line.substr(start));
}

// Offset of the first byte of `line` that is not valid UTF-8, or npos.
size_t FirstInvalidUtf8(std::string_view line) {
  size_t pos = 0;
  while (pos < line.size()) {
    // ASCII (most bytes of the data) eight bytes a step.
    if (line.size() - pos >= 8) {
      uint64_t chunk;
      std::memcpy(&chunk, line.data() + pos, 8);
      if ((chunk & 0x8080808080808080u) == 0) {
        pos += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(line[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const size_t at = pos;
    bool invalid = false;
    DecodeUtf8(line, &pos, &invalid);
    if (invalid) return at;
  }
  return std::string_view::npos;
}

}  // namespace

Status ParseTsv(std::string_view source, std::string_view content, TsvTable* table) {
  std::vector<std::string_view>* header = &table->header;
  std::vector<std::string_view>& cells = table->cells;
  std::vector<TsvRow>* rows = &table->rows;
  header->clear();
  cells.clear();
  rows->clear();
  // Room for a row a line, so that neither vector grows a step at a time.
  const size_t lines = static_cast<size_t>(
                           std::count(content.begin(), content.end(), '\n')) +
                       1;
  rows->reserve(lines);
  size_t line_number = 0;
  size_t pos = 0;
  // A byte-order mark, as Windows editors write at the start of a file.
  if (content.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  std::vector<std::string_view> fields;
  // Most files are valid UTF-8 without a NUL byte, which two passes over the
  // whole file tell: then no line is checked on its own. (A line-by-line
  // check finds the line to name, and skips comment lines.)
  const bool clean = content.find('\0') == std::string_view::npos &&
                     FirstInvalidUtf8(content) == std::string_view::npos;
  while (pos < content.size()) {
    size_t newline = content.find('\n', pos);
    if (newline == std::string_view::npos) newline = content.size();
    std::string_view line = content.substr(pos, newline - pos);
    pos = newline + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!clean) {
      if (line.find('\0') != std::string_view::npos) {
        return DataError(source, line_number, "NUL byte in line");
      }
      // Names that are not UTF-8 (a Latin-1 file, say) would never match: refused.
      if (const size_t bad = FirstInvalidUtf8(line); bad != std::string_view::npos) {
        char byte[8];
        std::snprintf(byte, sizeof(byte), "0x%02X", static_cast<unsigned char>(line[bad]));
        return DataError(source, line_number,
                         std::string("invalid UTF-8 (byte ") + byte + " at column " +
                             std::to_string(bad + 1) + "); data files must be UTF-8");
      }
    }
    SplitTabs(line, &fields);
    if (header->empty()) {
      *header = fields;
      cells.reserve(lines * header->size());
      continue;
    }
    // Trailing empty columns may be left out.
    if (fields.size() < header->size()) fields.resize(header->size());
    if (fields.size() != header->size()) {
      return DataError(source, line_number,
                       "expected " + std::to_string(header->size()) +
                           " tab-separated columns, got " + std::to_string(fields.size()));
    }
    cells.insert(cells.end(), fields.begin(), fields.end());
    rows->push_back({line_number, {}});
  }
  if (header->empty()) return DataError(source, 0, "no header line");
  // The rows' spans, once the cells no longer move.
  const size_t columns = header->size();
  for (size_t r = 0; r < rows->size(); ++r)
    (*rows)[r].fields = std::span<const std::string_view>(cells.data() + r * columns, columns);
  return Status::Ok();
}

}  // namespace attrex::internal
