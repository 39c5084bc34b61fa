// attrex._attrex: the C++ extension behind the attrex Python package. It
// returns each document as its JSONL record (the batch tool's schema) plus the
// code point offsets of the mentions; the pure-Python layer turns that into
// objects.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "attrex/attrex.h"

namespace py = pybind11;

namespace {

// Raised for bad options, bad data files and documents over a limit.
PyObject* g_error = nullptr;

[[noreturn]] void Raise(const attrex::Status& status) {
  PyErr_SetString(g_error, status.ToString().c_str());
  throw py::error_already_set();
}

// (record JSON, [start, end] in code points per mention) for one text.
struct Extracted {
  std::string json;
  std::vector<size_t> code_point_offsets;
  attrex::Status status;
};

// Code point index of each mention's start and end, then of each attribution
// sentence's, within valid UTF-8 `text`: one pass over the text, however many
// offsets.
std::vector<size_t> CodePointOffsets(const std::string& text,
                                     const attrex::Document& doc) {
  std::vector<size_t>
      prefix;  // code point count before byte i, for needed i only
  std::vector<std::pair<size_t, size_t>> wanted;  // byte offset, output slot
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    wanted.emplace_back(doc.mentions[i].start, 2 * i);
    wanted.emplace_back(doc.mentions[i].end, 2 * i + 1);
  }
  // Then the attribution sentences, after all mentions.
  const size_t base = 2 * doc.mentions.size();
  for (size_t i = 0; i < doc.attributions.size(); ++i) {
    wanted.emplace_back(doc.attributions[i].start, base + 2 * i);
    wanted.emplace_back(doc.attributions[i].end, base + 2 * i + 1);
  }
  std::sort(wanted.begin(), wanted.end());
  std::vector<size_t> out(wanted.size());
  size_t byte = 0;
  size_t code_points = 0;
  for (const auto& [offset, slot] : wanted) {
    while (byte < offset && byte < text.size()) {
      if ((static_cast<unsigned char>(text[byte]) & 0xC0) != 0x80)
        ++code_points;
      ++byte;
    }
    out[slot] = code_points;
  }
  return out;
}

Extracted Run(const attrex::Extractor& extractor, const std::string& text) {
  Extracted out;
  attrex::Result<attrex::Document> doc = extractor.Extract(text);
  if (!doc.ok()) {
    out.status = doc.status();
    return out;
  }
  out.json = attrex::ToJsonRecord(*doc, "");
  out.code_point_offsets = CodePointOffsets(text, *doc);
  return out;
}

py::tuple ToPython(Extracted&& e) {
  return py::make_tuple(py::bytes(e.json), std::move(e.code_point_offsets));
}

class PyExtractor {
 public:
  explicit PyExtractor(const attrex::Options& options) {
    auto result = attrex::Extractor::Create(options);
    if (!result.ok()) Raise(result.status());
    extractor_ = std::move(result).value();
  }

  py::tuple Extract(const std::string& text) const {
    Extracted e;
    {
      py::gil_scoped_release release;
      e = Run(*extractor_, text);
    }
    if (!e.status.ok()) Raise(e.status);
    return ToPython(std::move(e));
  }

  // Extracts every text on `threads` C++ threads (0: all cores), without the
  // GIL, in input order. A failed document gives (None, status string).
  py::list ExtractBatch(const std::vector<std::string>& texts,
                        unsigned threads) const {
    std::vector<Extracted> results(texts.size());
    {
      py::gil_scoped_release release;
      if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
      std::atomic<size_t> next{0};
      auto work = [&] {
        for (size_t i = next++; i < texts.size(); i = next++) {
          results[i] = Run(*extractor_, texts[i]);
        }
      };
      std::vector<std::thread> pool;
      const size_t workers = std::min<size_t>(threads, texts.size());
      for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
      work();
      for (auto& t : pool) t.join();
    }
    py::list out;
    for (Extracted& e : results) {
      if (!e.status.ok()) {
        out.append(py::make_tuple(py::none(), e.status.ToString()));
      } else {
        out.append(ToPython(std::move(e)));
      }
    }
    return out;
  }

  std::vector<std::string> Lookup(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& record : extractor_->Lookup(name)) {
      out.push_back(attrex::EntityRecordToJson(record));
    }
    return out;
  }

  std::vector<std::string> List(const std::string& type_name) const {
    attrex::EntityType type;
    if (!attrex::ParseEntityType(type_name, &type)) {
      Raise(attrex::Status(attrex::StatusCode::kInvalidArgument,
                           "unknown type '" + type_name + "'"));
    }
    std::vector<std::string> out;
    for (const auto& record : extractor_->List(type)) {
      out.push_back(attrex::EntityRecordToJson(record));
    }
    return out;
  }

  py::dict Stats() const {
    const attrex::DataStats& s = extractor_->stats();
    py::dict d;
    d["states"] = s.entities[0];
    d["agencies"] = s.entities[1];
    d["actors"] = s.entities[2];
    d["names"] = s.names;
    d["patterns"] = s.patterns;
    d["matcher_nodes"] = s.matcher_nodes;
    d["matcher_bytes"] = s.matcher_bytes;
    return d;
  }

 private:
  std::unique_ptr<attrex::Extractor> extractor_;
};

}  // namespace

PYBIND11_MODULE(_attrex, m) {
  m.doc() = "C++ core of the attrex package; use the attrex module instead.";
  g_error = PyErr_NewException("attrex.AttrexError", PyExc_ValueError, nullptr);
  m.attr("AttrexError") = py::handle(g_error);
  m.attr("__version__") = attrex::Version();

  py::class_<attrex::Options>(m, "Options")
      .def(py::init<>())
      .def_readwrite("states", &attrex::Options::states)
      .def_readwrite("agencies", &attrex::Options::agencies)
      .def_readwrite("threat_actors", &attrex::Options::threat_actors)
      .def_readwrite("data_dir", &attrex::Options::data_dir)
      .def_readwrite("gazetteer_files", &attrex::Options::gazetteer_files)
      .def_readwrite("language", &attrex::Options::language)
      .def_readwrite("require_cues", &attrex::Options::require_cues)
      .def_readwrite("cue_window", &attrex::Options::cue_window)
      .def_readwrite("min_confidence", &attrex::Options::min_confidence)
      .def_readwrite("max_document_bytes", &attrex::Options::max_document_bytes)
      .def_readwrite("max_mentions", &attrex::Options::max_mentions)
      .def_readwrite("window_bytes", &attrex::Options::window_bytes)
      .def_readwrite("attributions", &attrex::Options::attributions);

  py::class_<PyExtractor>(m, "Extractor")
      .def(py::init<const attrex::Options&>())
      .def("extract", &PyExtractor::Extract, py::arg("text"))
      .def("extract_batch", &PyExtractor::ExtractBatch, py::arg("texts"),
           py::arg("threads") = 0)
      .def("lookup", &PyExtractor::Lookup, py::arg("name"))
      .def("list", &PyExtractor::List, py::arg("type"))
      .def("stats", &PyExtractor::Stats);
}
