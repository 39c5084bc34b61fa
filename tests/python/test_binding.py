"""Tests of the attrex Python package (run by ctest with PYTHONPATH=build/python)."""

import concurrent.futures
import gc
import json
import pathlib
import subprocess
import sys
import threading

import pytest

import attrex

RO = "Guvernul belgian acuză grupările APT27/30/31 și Forţele Armate Belgiene confirmă."
EN = "The NCSC said APT28, also known as Fancy Bear, targeted Germany and NATO."


@pytest.fixture(scope="module")
def extractor():
    return attrex.Extractor()


def test_extract_returns_plain_objects(extractor):
    doc = extractor.extract(RO)
    assert [(m.type, m.text, m.id) for m in doc.mentions] == [
        ("STATE", "belgian", "BE"),
        ("THREAT_ACTOR", "APT27", "apt27"),
        ("THREAT_ACTOR", "30", "apt30"),
        ("THREAT_ACTOR", "31", "apt31"),
        ("AGENCY", "Forţele Armate Belgiene", "be-armed-forces"),
    ]
    # One function word is too little to tell the language by.
    assert doc.language == ""
    longer = extractor.extract(RO + " Ministerul a precizat că atacurile sunt în curs și că "
                               "instituțiile din România au fost vizate de grupare.")
    assert longer.language == "ro"
    assert {a.id for a in doc.actors} == {"apt27", "apt30", "apt31"}
    assert doc.states[0].name == "Belgium"


def test_offsets_are_str_indices_on_tricky_unicode(extractor):
    prefixes = ["", "🐼🐼 ", "e\u0301\u0301 ", "中文 ", "\u200b\u00ad", "ş\u0327 "]
    for prefix in prefixes:
        text = prefix + RO + " " + prefix + EN
        doc = extractor.extract(text)
        assert len(doc.mentions) >= 8
        encoded = text.encode("utf-8")
        for m in doc.mentions:
            assert text[m.start:m.end] == m.text
            assert encoded[m.byte_start:m.byte_end].decode("utf-8") == m.text


ATTRIBUTION_RO = (
    "Estonia consideră că atacurile au fost întreprinse de grupări din Rusia. "
    "🐼 Atacurile au vizat Ministerul Afacerilor Externe al Estoniei. "
    "Aceste activități pot fi legate de gruparea APT29.")


def test_to_dict_is_the_batch_tool_record(extractor, tmp_path):
    doc = extractor.extract(EN, id="doc-1")
    record = doc.to_dict()
    assert record["id"] == "doc-1"
    assert set(record) >= {"id", "language", "mentions", "states", "agencies", "actors"}
    # Every field, the attributions' and the entities' included, as the batch
    # tool writes it (the Python objects are built without its JSON).
    texts = [EN, RO, ATTRIBUTION_RO, "Nothing here.", "Der BND und die NSA: APT28 (Fancy Bear)."]
    docs = [extractor.extract(t, id=f"d{i}") for i, t in enumerate(texts)]
    assert any(d.attributions for d in docs) and any(d.agencies for d in docs)
    binary = pathlib.Path(attrex.__file__).resolve().parents[2] / "tools" / "attrex"
    if binary.exists():
        lines = "".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts))
        out = subprocess.run([str(binary), "extract", "-q"], input=lines.encode(),
                             capture_output=True, check=True).stdout
        assert [json.loads(line) for line in out.splitlines()] == [d.to_dict() for d in docs]


def test_bytes_follow_the_errors_policy(extractor):
    data = b"APT31 \xff atacuri in Rom\xc3\xa2nia"
    with pytest.raises(UnicodeDecodeError):
        extractor.extract(data)
    doc = extractor.extract(data, errors="replace")
    assert [m.text for m in doc.mentions] == ["APT31", "România"]
    assert doc.text[doc.mentions[1].start:doc.mentions[1].end] == "România"
    doc = extractor.extract(data, errors="ignore")
    assert [m.text for m in doc.mentions] == ["APT31", "România"]
    with pytest.raises(TypeError):
        extractor.extract(42)


def test_errors_are_python_exceptions(tmp_path):
    with pytest.raises(TypeError, match="unknown option"):
        attrex.Extractor(colour="blue")
    with pytest.raises(attrex.AttrexError, match="min_confidence"):
        attrex.Extractor(min_confidence=3.0)
    bad = tmp_path / "bad.tsv"
    bad.write_text("type\tid\tname\tlang\tcase\tflags\nSTATE\tBE\tBelgia\tro\tloud\t\n")
    with pytest.raises(ValueError, match="bad.tsv:2"):
        attrex.Extractor(gazetteer_files=[bad])
    small = attrex.Extractor(max_document_bytes=10)
    with pytest.raises(attrex.AttrexError, match="max_document_bytes"):
        small.extract("a document longer than ten bytes")


def test_user_gazetteer_and_options(tmp_path):
    names = tmp_path / "mine.names.tsv"
    names.write_text("type\tid\tname\tlang\tcase\tflags\n"
                     "THREAT_ACTOR\tpaper-lantern\tPaper Lantern\t\tcap\t\n")
    ex = attrex.Extractor(gazetteer_files=[names], states=False, agencies=False)
    doc = ex.extract("Belgium blames Paper Lantern and APT31.")
    assert [(m.type, m.id) for m in doc.mentions] == [
        ("THREAT_ACTOR", "paper-lantern"), ("THREAT_ACTOR", "apt31")]


def test_window_option_reads_long_documents_in_windows(extractor):
    text = "\n\n".join([EN] * 60)
    windowed = attrex.Extractor(window_bytes=1024).extract(text)
    assert [(m.start, m.id) for m in windowed.mentions] == \
        [(m.start, m.id) for m in extractor.extract(text).mentions]
    with pytest.raises(ValueError):
        attrex.Extractor(window_bytes=5)


def test_build_threads_make_the_same_extractor(extractor):
    two = attrex.Extractor(build_threads=2)
    assert two.options == {"build_threads": 2}
    for text in (RO, EN):
        assert two.extract(text) == extractor.extract(text)
    with pytest.raises(ValueError):
        attrex.Extractor(build_threads=-1)


def test_extract_many_keeps_order_and_matches_single_thread(extractor):
    texts = [RO, EN, "nothing here", "L'ANSSI attribue l'attaque à APT40."] * 25
    single = [extractor.extract(t).to_dict() for t in texts]
    many = extractor.extract_many(texts, threads=4)
    assert [d.to_dict() for d in many] == single
    many_small_batches = extractor.extract_many(iter(texts), threads=2, batch_size=7)
    assert [d.to_dict() for d in many_small_batches] == single
    with pytest.raises(ValueError):
        extractor.extract_many(texts, threads=0)


def test_extract_many_leaves_the_garbage_collector_as_it_found_it(extractor):
    # extract_many pauses the cyclic collector while it builds a batch's objects.
    texts = [RO, EN] * 10
    assert gc.isenabled()
    extractor.extract_many(texts, batch_size=3)
    assert gc.isenabled()
    gc.disable()
    try:
        extractor.extract_many(texts, batch_size=3)
        assert not gc.isenabled()
    finally:
        gc.enable()
    # An error raised while a batch's objects are built also restores it.
    with pytest.raises(attrex.AttrexError):
        attrex.Extractor(max_mentions=1, max_document_bytes=10).extract_many(
            [EN] * 5, batch_size=2)
    assert gc.isenabled()
    # So do threads that build batches at once (Dask's threaded scheduler).
    expected = [d.to_dict() for d in extractor.extract_many(texts)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        runs = list(pool.map(
            lambda _: extractor.extract_many(texts, threads=1, batch_size=1), range(60)))
    assert all([d.to_dict() for d in docs] == expected for docs in runs)
    assert gc.isenabled()


def test_collector_stays_paused_until_the_last_batch_is_built():
    # Batch A starts building, then B; A finishes first: the collector stays
    # paused until B is done too, and runs again after.
    a_started, b_started, a_done = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    class Fake:
        def __init__(self, name):
            self.name = name

        def documents(self):
            if self.name == "a":
                a_started.set()
                assert b_started.wait(10)
            else:
                b_started.set()
                assert a_done.wait(10)
                seen["b"] = gc.isenabled()
            return []

    def build_a():
        attrex._documents(Fake("a"))
        a_done.set()

    def build_b():
        assert a_started.wait(10)
        attrex._documents(Fake("b"))

    threads = [threading.Thread(target=build_a), threading.Thread(target=build_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"b": False}
    assert gc.isenabled()


def test_started_batches_outlive_their_extractor_and_may_go_unread():
    # A batch's C++ threads keep running after start_batch returns: the batch
    # keeps its extractor alive, and one dropped unread waits for its threads.
    texts = [RO, EN, "nothing here"] * 200
    expected = [d.to_dict() for d in attrex.Extractor().extract_many(texts[:3])]
    native = attrex.Extractor()._native  # the Python wrapper is gone at once
    batch = native.start_batch(texts, 2)
    del native
    gc.collect()
    docs = batch.documents()
    assert len(docs) == len(texts)
    assert [d.to_dict() for d in docs[:3]] == expected
    for _ in range(5):
        attrex.Extractor()._native.start_batch(texts, 2)  # dropped unread
    with pytest.raises(TypeError):
        attrex.Extractor()._native.start_batch([RO, 5], 1)


def test_python_threads_share_one_extractor(extractor):
    texts = [RO, EN] * 40
    expected = [extractor.extract(t).to_dict() for t in texts]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda t: extractor.extract(t).to_dict(), texts))
    assert got == expected


def test_lookup_and_convenience_functions():
    records = attrex.lookup("Granite Typhoon")
    assert [r.id for r in records] == ["gallium"]
    assert records[0].country == "CN"
    assert "SOFTCELL" in records[0].aliases
    assert len(attrex.lookup("Ministry of Defence")) > 5
    assert attrex.default_extractor() is attrex.default_extractor()
    assert attrex.extract(EN).mentions[0].text == "NCSC"
    states = attrex.default_extractor().list("STATE")
    assert len(states) >= 249


def test_to_frame(extractor):
    pandas = pytest.importorskip("pandas")
    docs = [extractor.extract(RO, id="ro"), extractor.extract(EN)]
    frame = attrex.to_frame(docs)
    assert isinstance(frame, pandas.DataFrame)
    assert len(frame) == len(docs[0].mentions) + len(docs[1].mentions)
    assert list(frame.columns[:4]) == ["doc", "type", "start", "end"]
    assert set(frame["doc"]) == {"ro", 1}
    row = frame.iloc[0]
    assert RO[row["start"]:row["end"]] == row["text"]


def test_to_records_are_the_documents_records(extractor):
    docs = extractor.extract_many([RO, EN, "nothing here"], threads=1)
    records = attrex.to_records(docs)
    assert records == [d.to_dict() for d in docs]
    assert records[0]["actors"][0]["id"] == "apt27"
    assert attrex.to_records(docs[1]) == [docs[1].to_dict()]
    assert attrex.to_records(iter(docs)) == records
    assert attrex.to_records([]) == []


def test_records_and_frames_leave_the_garbage_collector_as_they_found_it(extractor):
    # to_records and to_frame pause the cyclic collector while they build.
    docs = extractor.extract_many([RO, EN] * 5, threads=1)
    builders = [attrex.to_records]
    try:
        import pandas  # noqa: F401
        builders.append(attrex.to_frame)
    except ImportError:
        pass
    for build in builders:
        assert gc.isenabled()
        build(docs)
        assert gc.isenabled()
        gc.disable()
        try:
            build(docs)
            assert not gc.isenabled()
        finally:
            gc.enable()

    # It is paused while they build, and only then.
    seen = []

    class Probe:
        id = "probe"

        def to_dict(self):
            seen.append(gc.isenabled())
            return {}

        @property
        def mentions(self):
            seen.append(gc.isenabled())
            return []

    for build in builders:
        seen.clear()
        build([Probe(), Probe()])
        assert seen == [False, False] and gc.isenabled()

    # An error while building (a document that is not one) restores it too.
    class NotADocument:
        def to_dict(self):
            raise RuntimeError("not a document")

    with pytest.raises(RuntimeError):
        attrex.to_records([docs[0], NotADocument()])
    assert gc.isenabled()


def test_to_frame_without_pandas_says_what_to_install():
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import attrex\n"
            "try:\n    attrex.to_frame([])\nexcept ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "python3-pandas" in out


def test_attributions(extractor):
    text = ATTRIBUTION_RO
    doc = extractor.extract(text)
    assert len(doc.attributions) == 1
    a = doc.attributions[0]
    assert (a.attributing, a.actors, a.sponsor, a.targets) == (("EE",), ("apt29",), "RU", ("ee-mfa",))
    assert text[a.start:a.end] == "Aceste activități pot fi legate de gruparea APT29."
    assert (a.byte_start, a.byte_end) == (len(text[:a.start].encode()), len(text.encode()))
    assert doc.to_dict()["attributions"][0]["sponsor"] == "RU"
    assert attrex.Extractor(attributions=False).extract(text).attributions == []
