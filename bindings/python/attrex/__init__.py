"""attrex: states, agencies and threat actors named in cyber-attack releases.

    >>> import attrex
    >>> doc = attrex.extract("Belgia atribuie atacurile grupării APT31.")
    >>> [(m.type, m.text, m.id) for m in doc.mentions]
    [('STATE', 'Belgia', 'BE'), ('THREAT_ACTOR', 'APT31', 'apt31')]

Mention offsets (``start``/``end``) are ``str`` indices, so
``text[m.start:m.end] == m.text`` always holds; ``byte_start``/``byte_end`` are
UTF-8 byte offsets, as in the batch tool's JSONL. ``Document.to_dict()`` gives
exactly the batch tool's JSONL record.

An :class:`Extractor` is built once (it compiles all the data) and is safe to
share between threads; :meth:`Extractor.extract_many` runs C++ threads without
the GIL.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import json
import threading
from typing import Any, Dict, Iterable, List, Optional, Union

from . import _attrex

__all__ = [
    "AttrexError",
    "Attribution",
    "Document",
    "Entity",
    "Extractor",
    "Mention",
    "Record",
    "extract",
    "lookup",
    "to_frame",
    "to_records",
]

__version__ = _attrex.__version__

#: Raised for bad options, bad data files and documents over a limit.
AttrexError = _attrex.AttrexError

TextLike = Union[str, bytes, bytearray, memoryview]


@dataclasses.dataclass(slots=True)
class Mention:
    """One place in the text that names a state, agency or threat actor."""

    type: str  #: "STATE", "AGENCY" or "THREAT_ACTOR"
    start: int  #: str index of the first character
    end: int  #: str index after the last character
    text: str  #: the text as written
    id: str  #: canonical id: ISO code for states, a slug otherwise
    name: str  #: canonical name
    confidence: float
    evidence: str  #: how it was found ("gazetteer", "pattern:apt-number", ...)
    byte_start: int  #: UTF-8 byte offset of the first character
    byte_end: int
    candidates: tuple = ()  #: other ids an ambiguous name may denote

    def to_dict(self) -> Dict[str, Any]:
        """The mention as in the JSONL record (byte offsets)."""
        d = {
            "type": self.type,
            "start": self.byte_start,
            "end": self.byte_end,
            "text": self.text,
            "id": self.id,
            "name": self.name,
            "confidence": self.confidence,
            "evidence": self.evidence,
        }
        if self.candidates:
            d["candidates"] = list(self.candidates)
        return d


@dataclasses.dataclass(slots=True)
class Entity:
    """Everything a document says about one state, agency or actor."""

    type: str
    id: str
    name: str
    country: str  #: owning / sponsoring state (ISO alpha-2) or ""
    kind: str
    attributes: Dict[str, str]
    aliases: tuple  #: the distinct surfaces used in the document
    mentions: int
    known: bool  #: False when built from the text (no data knew it)
    confidence: float

    def to_dict(self) -> Dict[str, Any]:
        """The entity as in the JSONL record."""
        return {
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "kind": self.kind,
            "attributes": dict(self.attributes),
            "aliases": list(self.aliases),
            "mentions": self.mentions,
            "known": self.known,
            "confidence": self.confidence,
        }


@dataclasses.dataclass(frozen=True)
class Record:
    """A canonical record of the loaded data (see :func:`lookup`)."""

    type: str
    id: str
    name: str
    country: str
    kind: str
    attributes: Dict[str, str]
    aliases: tuple


@dataclasses.dataclass(slots=True)
class Attribution:
    """Who attributes which actors, sponsored by whom, against which targets."""

    attributing: tuple  #: state ISO codes and agency ids
    actors: tuple  #: actor ids
    sponsor: Optional[str]  #: ISO code, or None when the text does not say
    targets: tuple  #: agency ids, state codes, "sector:<name>"
    start: int  #: str index of the evidence sentence
    end: int
    byte_start: int
    byte_end: int
    confidence: float
    cue: str

    def to_dict(self) -> Dict[str, Any]:
        """The attribution as in the JSONL record (byte offsets)."""
        return {
            "attributing": list(self.attributing),
            "actors": list(self.actors),
            "sponsor": self.sponsor,
            "targets": list(self.targets),
            "start": self.byte_start,
            "end": self.byte_end,
            "confidence": self.confidence,
            "cue": self.cue,
        }


@dataclasses.dataclass(frozen=True)
class Document:
    """The result of one extraction."""

    text: str
    mentions: List[Mention]
    states: List[Entity]
    agencies: List[Entity]
    actors: List[Entity]
    language: str
    diagnostics: List[Dict[str, str]]
    attributions: List[Attribution] = dataclasses.field(default_factory=list)
    id: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        """The batch tool's JSONL record for this document (a fresh copy)."""
        record: Dict[str, Any] = {
            "id": self.id if self.id is not None else "",
            "language": self.language,
            "mentions": [m.to_dict() for m in self.mentions],
            "attributions": [a.to_dict() for a in self.attributions],
            "states": [e.to_dict() for e in self.states],
            "agencies": [e.to_dict() for e in self.agencies],
            "actors": [e.to_dict() for e in self.actors],
        }
        if self.diagnostics:
            record["diagnostics"] = [dict(d) for d in self.diagnostics]
        return record


# The C++ extension builds documents from these classes directly (positional
# arguments, in field order).
_attrex.set_classes(Mention, Entity, Attribution, Document)


def _as_text(text: TextLike, errors: str) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text).decode("utf-8", errors)
    raise TypeError(f"text must be str or bytes, not {type(text).__name__}")


def _record(raw: str) -> Record:
    r = json.loads(raw)
    return Record(
        type=r["type"],
        id=r["id"],
        name=r["name"],
        country=r["country"],
        kind=r["kind"],
        attributes=dict(r["attributes"]),
        aliases=tuple(r["aliases"]),
    )


class Extractor:
    """Extracts mentions; build one and reuse it (it compiles all the data).

    Keyword options (defaults in brackets): ``states``, ``agencies``,
    ``threat_actors`` [True]: the types to extract; ``data_dir`` [built-in data];
    ``gazetteer_files`` [()]: extra data files in the formats of data/FORMATS.md;
    ``language`` [detected]; ``require_cues`` [True]; ``cue_window`` [80];
    ``min_confidence`` [0.5]; ``max_document_bytes`` [256 MiB];
    ``max_mentions`` [1,000,000]; ``attributions`` [True]; ``window_bytes``
    [512 KiB]: longer documents are read in windows cut at paragraph breaks
    (0: never); ``build_threads`` [1]: threads that build the extractor (2
    takes about a quarter off its creation; more gain nothing).

    Raises :class:`AttrexError` (a ``ValueError``) for bad options or data files
    and ``TypeError`` for an unknown option.
    """

    _FIELDS = (
        "states",
        "agencies",
        "threat_actors",
        "data_dir",
        "gazetteer_files",
        "language",
        "require_cues",
        "cue_window",
        "min_confidence",
        "max_document_bytes",
        "max_mentions",
        "attributions",
        "window_bytes",
        "build_threads",
    )

    def __init__(self, **options: Any) -> None:
        native = _attrex.Options()
        for key, value in options.items():
            if key not in self._FIELDS:
                raise TypeError(f"unknown option {key!r}; options: {', '.join(self._FIELDS)}")
            if key == "gazetteer_files":
                value = [str(v) for v in value]
            elif key == "data_dir":
                value = str(value)
            try:
                setattr(native, key, value)
            except TypeError as e:
                raise AttrexError(f"invalid_argument: bad value for {key}: {e}") from None
        self._options = dict(options)
        self._native = _attrex.Extractor(native)

    @property
    def options(self) -> Dict[str, Any]:
        return dict(self._options)

    def extract(self, text: TextLike, *, id: Optional[str] = None, errors: str = "strict") -> Document:
        """Extracts one document. ``bytes`` are decoded as UTF-8 with ``errors``
        as in ``bytes.decode`` ("strict" raises UnicodeDecodeError, "replace"
        puts U+FFFD); offsets then refer to the decoded text."""
        return self._native.extract(_as_text(text, errors), id)

    def extract_many(
        self,
        texts: Iterable[TextLike],
        threads: Optional[int] = None,
        *,
        errors: str = "strict",
        batch_size: int = 512,
    ) -> List[Document]:
        """Extracts every text, in input order, on ``threads`` C++ threads
        (default: all cores) with the GIL released; the calling thread builds
        the Python objects of one batch while the next is extracted (with the
        cyclic garbage collector paused during each batch's objects). Raises
        AttrexError if a document fails (over a limit)."""
        if threads is not None and threads < 1:
            raise ValueError("threads must be at least 1")
        out: List[Document] = []

        def batches():
            batch: List[str] = []
            for text in texts:
                batch.append(_as_text(text, errors))
                if len(batch) >= batch_size:
                    yield batch
                    batch = []
            if batch:
                yield batch

        # A batch is extracted on C++ threads, without the GIL, while this
        # thread turns the previous batch into Python objects (which needs the
        # GIL): the two overlap instead of taking turns.
        previous = None
        for batch in batches():
            started = self._native.start_batch(batch, threads or 0)
            if previous is not None:
                out.extend(_documents(previous))
            previous = started
        if previous is not None:
            out.extend(_documents(previous))
        return out

    def lookup(self, name: str) -> List[Record]:
        """The records a name may denote (several for an ambiguous alias), or a
        record by id ("apt31", "BE")."""
        return [_record(r) for r in self._native.lookup(name)]

    def list(self, type: str) -> List[Record]:
        """Every loaded record of a type ("STATE", "AGENCY", "THREAT_ACTOR")."""
        return [_record(r) for r in self._native.list(type)]

    def stats(self) -> Dict[str, int]:
        return dict(self._native.stats())


# The cyclic garbage collector is paused while many objects are built at once
# (a batch's documents, its records, a frame's rows): they hold no cycles, and
# the collections that hundreds of thousands of new objects set off took two
# thirds of the time. Pauses are counted, so that threads building at once
# (Dask's threaded scheduler) resume it only when the last one is done, and
# only if it ran before the first.
_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def _gc_paused():
    """Pauses the cyclic collector for the block (counted across threads)."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _documents(native_batch) -> List[Document]:
    """The Python objects of a native batch, built with the collector paused."""
    with _gc_paused():
        return native_batch.documents()


@functools.lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The shared extractor with default options, built on first use."""
    return Extractor()


def extract(text: TextLike, *, id: Optional[str] = None, errors: str = "strict") -> Document:
    """Extracts with the default extractor (see :func:`default_extractor`)."""
    return default_extractor().extract(text, id=id, errors=errors)


def lookup(name: str) -> List[Record]:
    """Looks a name up in the default extractor's data."""
    return default_extractor().lookup(name)


_FRAME_COLUMNS = [
    "doc",
    "type",
    "start",
    "end",
    "byte_start",
    "byte_end",
    "text",
    "id",
    "name",
    "confidence",
    "evidence",
]


def to_frame(docs: Union[Document, Iterable[Document]]):
    """A pandas DataFrame with one row per mention; ``doc`` is the document's id,
    or its position in ``docs`` when it has none."""
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            "attrex.to_frame needs pandas: install Debian's python3-pandas "
            "(apt-get install python3-pandas)"
        ) from e
    if isinstance(docs, Document):
        docs = [docs]
    with _gc_paused():
        rows = []
        for position, doc in enumerate(docs):
            key = doc.id if doc.id is not None else position
            for m in doc.mentions:
                rows.append(
                    (key, m.type, m.start, m.end, m.byte_start, m.byte_end, m.text, m.id,
                     m.name, m.confidence, m.evidence)
                )
        return pd.DataFrame.from_records(rows, columns=_FRAME_COLUMNS)


def to_records(docs: Union[Document, Iterable[Document]]) -> List[Dict[str, Any]]:
    """The batch tool's JSONL record of each document (``Document.to_dict()``),
    in order. Two to four times as fast as ``to_dict()`` in a loop: the
    cyclic garbage collector is paused while the records are built (its
    collections took half the time or more)."""
    if isinstance(docs, Document):
        docs = [docs]
    with _gc_paused():
        return [doc.to_dict() for doc in docs]
