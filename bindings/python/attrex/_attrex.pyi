# Type stubs of the C++ extension (private: use the attrex package).
from typing import Dict, List, Optional, Tuple, Union

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
    attributions: bool
    def __init__(self) -> None: ...

class Extractor:
    def __init__(self, options: Options) -> None: ...
    def extract(self, text: str) -> Tuple[bytes, List[int]]: ...
    def extract_batch(
        self, texts: List[str], threads: int = ...
    ) -> List[Union[Tuple[bytes, List[int]], Tuple[None, str]]]: ...
    def lookup(self, name: str) -> List[str]: ...
    def list(self, type: str) -> List[str]: ...
    def stats(self) -> Dict[str, int]: ...
