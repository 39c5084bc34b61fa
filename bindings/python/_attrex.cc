// attrex._attrex: the C++ extension behind the attrex Python package. It
// builds each document's Python objects (the package's dataclasses, with str
// offsets) directly from the C++ result: no JSON in between.
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

// The Python classes a document is built of (attrex.Mention, attrex.Entity,
// attrex.Attribution, attrex.Document), given once by the package.
struct Classes {
  py::object mention, entity, attribution, document;
};
Classes* g_classes = nullptr;

// One text's extraction, before any Python object exists (built without the
// GIL, possibly on another thread).
struct Extracted {
  attrex::Document doc;
  // Code point index of each mention's start and end, then of each
  // attribution sentence's.
  std::vector<size_t> code_point_offsets;
  attrex::Status status;
};

// One pass over the text, however many offsets.
std::vector<size_t> CodePointOffsets(std::string_view text,
                                     const attrex::Document& doc) {
  std::vector<std::pair<size_t, size_t>> wanted;  // byte offset, output slot
  wanted.reserve(2 * (doc.mentions.size() + doc.attributions.size()));
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    wanted.emplace_back(doc.mentions[i].start, 2 * i);
    wanted.emplace_back(doc.mentions[i].end, 2 * i + 1);
  }
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

Extracted Run(const attrex::Extractor& extractor, std::string_view text) {
  Extracted out;
  attrex::Result<attrex::Document> doc = extractor.Extract(text);
  if (!doc.ok()) {
    out.status = doc.status();
    return out;
  }
  out.doc = std::move(doc).value();
  out.code_point_offsets = CodePointOffsets(text, out.doc);
  return out;
}

// The UTF-8 of a Python str, without a copy (CPython caches it in the
// object, which the caller keeps alive).
std::string_view Utf8Of(const py::handle& text) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();
  return std::string_view(data, static_cast<size_t>(size));
}

// Builds the Python objects of documents, calling the package's classes with
// positional arguments (no JSON in between). Needs the GIL.
class ObjectBuilder {
 public:
  ObjectBuilder() {
    if (g_classes == nullptr) {
      throw std::runtime_error("attrex._attrex.set_classes was not called");
    }
    for (int t = 0; t < attrex::kEntityTypeCount; ++t) {
      type_names_[t] =
          py::str(attrex::EntityTypeName(static_cast<attrex::EntityType>(t)));
    }
  }

  py::object Document(Extracted& e, const py::handle& text,
                      const py::handle& id) {
    const attrex::Document& doc = e.doc;
    const std::vector<size_t>& offsets = e.code_point_offsets;
    py::list mentions(doc.mentions.size());
    for (size_t i = 0; i < doc.mentions.size(); ++i) {
      const attrex::Mention& m = doc.mentions[i];
      mentions[i] = Call(
          g_classes->mention,
          {TypeName(m.type), Int(offsets[2 * i]), Int(offsets[2 * i + 1]),
           Str(m.text), Str(m.id), Str(m.name), Float(m.confidence),
           Str(m.evidence), Int(m.start), Int(m.end), Tuple(m.candidates)});
    }
    const size_t base = 2 * doc.mentions.size();
    py::list attributions(doc.attributions.size());
    for (size_t i = 0; i < doc.attributions.size(); ++i) {
      const attrex::Attribution& a = doc.attributions[i];
      attributions[i] = Call(
          g_classes->attribution,
          {Tuple(a.attributing), Tuple(a.actors),
           a.sponsor.empty() ? py::none() : Str(a.sponsor), Tuple(a.targets),
           Int(offsets[base + 2 * i]), Int(offsets[base + 2 * i + 1]),
           Int(a.start), Int(a.end), Float(a.confidence), Str(a.cue)});
    }
    py::list diagnostics(doc.diagnostics.size());
    for (size_t i = 0; i < doc.diagnostics.size(); ++i) {
      py::dict d;
      d["code"] = Str(doc.diagnostics[i].code);
      d["message"] = Str(doc.diagnostics[i].message);
      diagnostics[i] = std::move(d);
    }
    return Call(
        g_classes->document,
        {py::reinterpret_borrow<py::object>(text), std::move(mentions),
         Entities(doc.states), Entities(doc.agencies), Entities(doc.actors),
         Str(doc.language), std::move(diagnostics), std::move(attributions),
         py::reinterpret_borrow<py::object>(id)});
  }

 private:
  static py::object Call(const py::object& cls,
                         std::initializer_list<py::object> args) {
    PyObject* argv[12];
    size_t n = 0;
    for (const py::object& a : args) argv[n++] = a.ptr();
    PyObject* result = PyObject_Vectorcall(cls.ptr(), argv, n, nullptr);
    if (result == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(result);
  }
  // Invalid UTF-8 cannot come from a str, but data files could hold it: as
  // in the JSON records, it reads as U+FFFD.
  static py::object Str(const std::string& s) {
    PyObject* o = PyUnicode_DecodeUTF8(
        s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
    if (o == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(o);
  }
  static py::object Int(size_t v) { return py::int_(v); }
  static py::object Float(double v) { return py::float_(v); }
  static py::object Tuple(const std::vector<std::string>& items) {
    py::tuple t(items.size());
    for (size_t i = 0; i < items.size(); ++i) t[i] = Str(items[i]);
    return std::move(t);
  }
  py::object TypeName(attrex::EntityType type) const {
    return type_names_[static_cast<int>(type)];
  }
  py::object Entities(const std::vector<attrex::DocumentEntity>& items) const {
    py::list out(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      const attrex::DocumentEntity& e = items[i];
      const attrex::EntityRecord& r = e.record;
      py::dict attributes;
      for (const auto& [key, value] : r.attributes) {
        attributes[Str(key)] = Str(value);  // a repeated key keeps its last
      }
      out[i] =
          Call(g_classes->entity,
               {TypeName(r.type), Str(r.id), Str(r.name), Str(r.country),
                Str(r.kind), std::move(attributes), Tuple(r.aliases),
                Int(e.mention_count), py::bool_(e.known), Float(e.confidence)});
    }
    return std::move(out);
  }

  py::object type_names_[attrex::kEntityTypeCount];
};

// A batch of texts extracted on C++ threads of its own, which need no GIL:
// they run while the caller goes on, and Documents() waits for them, then
// turns the results into Python objects (under the GIL). So extract_many
// builds one batch's objects while the next batch is extracted. (The batch
// used to run in a call on a Python helper thread: that call needed the GIL
// to start, which the objects being built held, so the two took turns.)
class NativeBatch {
 public:
  // Starts extracting `texts` (str objects) on `threads` threads (0: all
  // cores). Needs the GIL.
  static std::unique_ptr<NativeBatch> Start(const attrex::Extractor& extractor,
                                            const py::list& list,
                                            unsigned threads) {
    // A tuple of its own: the str objects stay alive (and their UTF-8 valid)
    // whatever happens to the caller's list while the threads read them.
    std::unique_ptr<NativeBatch> batch(new NativeBatch(py::tuple(list)));
    batch->views_.reserve(batch->texts_.size());
    for (const py::handle& text : batch->texts_) {
      if (!PyUnicode_Check(text.ptr())) {
        throw py::type_error("texts must be str");
      }
      batch->views_.push_back(Utf8Of(text));
    }
    batch->results_.resize(batch->views_.size());
    if (threads == 0)
      threads = std::max(1u, std::thread::hardware_concurrency());
    const size_t workers = std::min<size_t>(threads, batch->views_.size());
    NativeBatch* self = batch.get();
    for (size_t t = 0; t < workers; ++t) {
      batch->pool_.emplace_back([self, &extractor] { self->Work(extractor); });
    }
    return batch;
  }

  // Waits for the threads (a batch dropped unread still holds the texts
  // they read).
  ~NativeBatch() { Join(); }

  // Waits for the threads without holding the GIL.
  void Wait() {
    py::gil_scoped_release release;
    Join();
  }

  // The documents, in input order; raises AttrexError for the first text
  // that failed (a limit).
  py::list Documents() {
    Wait();
    ObjectBuilder builder;
    py::list out(results_.size());
    for (size_t i = 0; i < results_.size(); ++i) {
      if (!results_[i].status.ok()) Raise(results_[i].status);
      out[i] = builder.Document(results_[i], texts_[i], py::none());
      results_[i] = Extracted();  // release as we go
    }
    return out;
  }

 private:
  explicit NativeBatch(py::tuple texts) : texts_(std::move(texts)) {}

  void Work(const attrex::Extractor& extractor) {
    for (size_t i = next_++; i < views_.size(); i = next_++) {
      results_[i] = Run(extractor, views_[i]);
    }
  }

  void Join() {
    for (std::thread& t : pool_) {
      if (t.joinable()) t.join();
    }
  }

  py::tuple texts_;  // holds the str objects whose UTF-8 is read
  std::vector<std::string_view> views_;
  std::vector<Extracted> results_;
  std::atomic<size_t> next_{0};
  std::vector<std::thread> pool_;
};

class PyExtractor {
 public:
  explicit PyExtractor(const attrex::Options& options) {
    auto result = attrex::Extractor::Create(options);
    if (!result.ok()) Raise(result.status());
    extractor_ = std::move(result).value();
  }

  py::object Extract(const py::str& text, const py::object& id) const {
    const std::string_view utf8 = Utf8Of(text);
    Extracted e;
    {
      py::gil_scoped_release release;
      e = Run(*extractor_, utf8);
    }
    if (!e.status.ok()) Raise(e.status);
    return ObjectBuilder().Document(e, text, id);
  }

  // Starts extracting every text on `threads` C++ threads (0: all cores),
  // which run without the GIL; NativeBatch.documents() waits for them and
  // builds the objects, in input order.
  std::unique_ptr<NativeBatch> StartBatch(const py::list& list,
                                          unsigned threads) const {
    return NativeBatch::Start(*extractor_, list, threads);
  }

  // The same, returning once the extraction is done.
  std::unique_ptr<NativeBatch> ExtractBatch(const py::list& list,
                                            unsigned threads) const {
    std::unique_ptr<NativeBatch> batch = StartBatch(list, threads);
    batch->Wait();
    return batch;
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
      .def_readwrite("build_threads", &attrex::Options::build_threads)
      .def_readwrite("attributions", &attrex::Options::attributions);

  m.def(
      "set_classes",
      [](py::object mention, py::object entity, py::object attribution,
         py::object document) {
        if (g_classes == nullptr) g_classes = new Classes();  // never freed:
        // the module's objects live as long as the interpreter
        *g_classes = {std::move(mention), std::move(entity),
                      std::move(attribution), std::move(document)};
      },
      py::arg("mention"), py::arg("entity"), py::arg("attribution"),
      py::arg("document"));

  py::class_<NativeBatch, std::unique_ptr<NativeBatch>>(m, "NativeBatch")
      .def("documents", &NativeBatch::Documents);

  py::class_<PyExtractor>(m, "Extractor")
      .def(py::init<const attrex::Options&>())
      .def("extract", &PyExtractor::Extract, py::arg("text"),
           py::arg("id") = py::none())
      // keep_alive: a batch's threads use the extractor, which lives at
      // least as long as the batch.
      .def("extract_batch", &PyExtractor::ExtractBatch, py::arg("texts"),
           py::arg("threads") = 0, py::keep_alive<0, 1>())
      .def("start_batch", &PyExtractor::StartBatch, py::arg("texts"),
           py::arg("threads") = 0, py::keep_alive<0, 1>())
      .def("lookup", &PyExtractor::Lookup, py::arg("name"))
      .def("list", &PyExtractor::List, py::arg("type"))
      .def("stats", &PyExtractor::Stats);
}
