# Type stubs of the C++ extension (private: use the attrex package).
from typing import Any, Dict, List, Optional

__version__: str

class AttrexError(ValueError): ...

class Options:
    states: bool
    agencies: bool
    threat_actors: bool
    data_dir: str
    gazetteer_files: List[str]
    language: str
    require_cues: bool
    cue_window: int
    min_confidence: float
    max_document_bytes: int
    max_mentions: int
    window_bytes: int
    build_threads: int
    attributions: bool
    def __init__(self) -> None: ...

def set_classes(mention: Any, entity: Any, attribution: Any, document: Any) -> None: ...

class NativeBatch:
    def documents(self) -> List[Any]: ...

class Extractor:
    def __init__(self, options: Options) -> None: ...
    def extract(self, text: str, id: Optional[str] = ...) -> Any: ...
    def extract_batch(self, texts: List[str], threads: int = ...) -> NativeBatch: ...
    def start_batch(self, texts: List[str], threads: int = ...) -> NativeBatch: ...
    def lookup(self, name: str) -> List[str]: ...
    def list(self, type: str) -> List[str]: ...
    def stats(self) -> Dict[str, int]: ...
