// `attrex normalize`: shows the match view and offset map, for debugging rules.
#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "attrex/normalize.h"
#include "io_util.h"
#include "extractor_flags.h"
#include "subcommands.h"

namespace po = boost::program_options;

namespace attrex::tools {
namespace {

// Prints bytes for a terminal: control characters escaped, the rest as is.
std::string Printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      static const char* kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void PrintNormalized(const std::string& name, std::string_view text, bool show_map,
                     std::ostream& out) {
  const NormalizedText normalized = Normalize(text);
  out << "== " << name << " (" << text.size() << " bytes, "
      << normalized.invalid_bytes() << " invalid)\n";
  out << "view: " << Printable(normalized.view()) << "\n";
  if (!show_map) return;
  out << "map (view bytes <- original bytes):\n";
  const auto& segments = normalized.segments();
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    const OffsetSegment& s = segments[i];
    const OffsetSegment& next = segments[i + 1];
    const std::string_view view_part = std::string_view(normalized.view())
                                           .substr(s.view_begin, next.view_begin - s.view_begin);
    const std::string_view orig_part =
        text.substr(s.orig_begin, next.orig_begin - s.orig_begin);
    out << "  [" << s.view_begin << "," << next.view_begin << ") <- [" << s.orig_begin
        << "," << next.orig_begin << ") "
        << (s.aligned ? "aligned" : view_part.empty() ? "dropped" : "char") << " \""
        << Printable(orig_part) << "\" -> \"" << Printable(view_part) << "\"\n";
  }
}

}  // namespace

int RunNormalize(int argc, char** argv) {
  po::options_description visible(
      "usage: attrex normalize [options] [FILE...]\n\n"
      "Prints the match view (case, accent and punctuation folded) of each FILE\n"
      "(none or '-': standard input) and its offset map back to original bytes.\n\n"
      "options");
  visible.add_options()
      ("help,h", "show this help")
      ("text,t", po::value<std::vector<std::string>>()->composing(),
       "normalise this text instead of reading files (repeatable)")
      ("no-map", "print only the view, not the offset map");
  po::variables_map vm;
  int exit_code = kExitOk;
  if (!ParseCommandLine(argc, argv, "normalize", visible, &vm, &exit_code)) return exit_code;
  const bool show_map = !vm.count("no-map");
  if (vm.count("text")) {
    for (const auto& text : vm["text"].as<std::vector<std::string>>()) {
      PrintNormalized("text", text, show_map, std::cout);
    }
    return kExitOk;
  }
  std::vector<std::string> inputs = {"-"};
  if (vm.count("args")) inputs = vm["args"].as<std::vector<std::string>>();
  exit_code = kExitOk;
  for (const auto& path : inputs) {
    std::string content;
    Status status = ReadWholeFile(path, &content);
    if (!status.ok()) {
      std::cerr << "attrex normalize: " << status.message() << "\n";
      exit_code = kExitSomeFailed;
      continue;
    }
    PrintNormalized(path == "-" ? "stdin" : path, content, show_map, std::cout);
  }
  return exit_code;
}

}  // namespace attrex::tools
