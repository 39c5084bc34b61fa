// Reads the TSV data files of data/FORMATS.md: header line, comments, one row a line.
#ifndef ATTREX_LIB_GAZETTEER_TSV_H_
#define ATTREX_LIB_GAZETTEER_TSV_H_

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "attrex/status.h"

namespace attrex::internal {

struct TsvRow {
  size_t line = 0;  // 1-based line number in the file
  // Exactly as many as the header has columns; in the table's cells.
  std::span<const std::string_view> fields;
};

// A parsed file. The rows' fields are runs of `cells`, one row after another
// (a vector of fields per row was an allocation per name of the data when an
// extractor is created). Move-only: a copy's rows would see the original's
// cells (a move keeps them where they are).
struct TsvTable {
  TsvTable() = default;
  TsvTable(TsvTable&&) = default;
  TsvTable& operator=(TsvTable&&) = default;
  std::vector<std::string_view> header;
  std::vector<std::string_view> cells;
  std::vector<TsvRow> rows;
};

// Splits `content` (the file named `source`, for messages) into its header columns
// and rows. Rows with another field count than the header are an error naming the
// file and line, and so are lines with a NUL byte or invalid UTF-8. A leading
// byte-order mark is skipped; trailing '\r' is removed; empty and '#' lines are
// skipped. The views point into `content`.
Status ParseTsv(std::string_view source, std::string_view content, TsvTable* table);

// "file:line: message" as a kDataError status.
Status DataError(std::string_view source, size_t line, std::string_view message);

}  // namespace attrex::internal

#endif  // ATTREX_LIB_GAZETTEER_TSV_H_
