# Type stubs of the attrex package.
from typing import Any, Dict, Iterable, List, Optional, Union

import pandas

__version__: str

class AttrexError(ValueError): ...

TextLike = Union[str, bytes, bytearray, memoryview]

class Mention:
    type: str
    start: int
    end: int
    text: str
    id: str
    name: str
    confidence: float
    evidence: str
    byte_start: int
    byte_end: int
    candidates: tuple
    def to_dict(self) -> Dict[str, Any]: ...

class Entity:
    type: str
    id: str
    name: str
    country: str
    kind: str
    attributes: Dict[str, str]
    aliases: tuple
    mentions: int
    known: bool
    confidence: float

class Record:
    type: str
    id: str
    name: str
    country: str
    kind: str
    attributes: Dict[str, str]
    aliases: tuple

class Attribution:
    attributing: tuple
    actors: tuple
    sponsor: Optional[str]
    targets: tuple
    start: int
    end: int
    byte_start: int
    byte_end: int
    confidence: float
    cue: str

class Document:
    text: str
    mentions: List[Mention]
    states: List[Entity]
    agencies: List[Entity]
    actors: List[Entity]
    language: str
    diagnostics: List[Dict[str, str]]
    attributions: List[Attribution]
    id: Optional[str]
    def to_dict(self) -> Dict[str, Any]: ...

class Extractor:
    def __init__(self, **options: Any) -> None: ...
    @property
    def options(self) -> Dict[str, Any]: ...
    def extract(
        self, text: TextLike, *, id: Optional[str] = ..., errors: str = ...
    ) -> Document: ...
    def extract_many(
        self,
        texts: Iterable[TextLike],
        threads: Optional[int] = ...,
        *,
        errors: str = ...,
        batch_size: int = ...,
    ) -> List[Document]: ...
    def lookup(self, name: str) -> List[Record]: ...
    def list(self, type: str) -> List[Record]: ...
    def stats(self) -> Dict[str, int]: ...

def default_extractor() -> Extractor: ...
def extract(text: TextLike, *, id: Optional[str] = ..., errors: str = ...) -> Document: ...
def lookup(name: str) -> List[Record]: ...
def to_frame(docs: Union[Document, Iterable[Document]]) -> pandas.DataFrame: ...
def to_records(docs: Union[Document, Iterable[Document]]) -> List[Dict[str, Any]]: ...
