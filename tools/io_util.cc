// File-reading helpers for the subcommands.
#include "io_util.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace attrex::tools {

Status ReadWholeFile(const std::string& path, std::string* out) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    *out = std::move(buffer).str();
    // std::cin (synchronised with stdio) reports a read error as an end of file;
    // the C stream keeps the error.
    if (std::ferror(stdin)) return Status(StatusCode::kInvalidInput, "cannot read stdin");
    return Status::Ok();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kNotFound,
                  "cannot open " + path + ": " + std::strerror(errno));
  }
  // libstdc++'s filebuf throws on a read error (a folder, EIO) even when the
  // stream's exception mask is clear: caught here, so the file gets its error.
  try {
    out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure& e) {
    out->clear();
    return Status(StatusCode::kInvalidInput, "cannot read " + path + ": " + e.what());
  }
  if (in.bad()) {
    return Status(StatusCode::kInvalidInput, "cannot read " + path);
  }
  return Status::Ok();
}

}  // namespace attrex::tools
