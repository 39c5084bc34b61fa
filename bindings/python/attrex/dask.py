"""Running attrex on Dask: one extractor per worker process, reused for every
partition that process handles (never one per record, never pickled per task).

    import dask.bag as db
    from distributed import Client, LocalCluster
    import attrex.dask

    client = Client(LocalCluster(n_workers=4, processes=True))  # or Client("tcp://scheduler:8786")
    texts = db.read_text("releases/*.txt", files_per_partition=1).map_partitions(lambda p: ["".join(p)])
    records = attrex.dask.extract_bag(texts).compute()       # JSONL-schema dicts

    frame = attrex.dask.extract_dataframe(ddf, column="text", id_column="id").compute()
"""

from __future__ import annotations

import json
import threading
from typing import Any, Dict, Iterable, List, Optional

import attrex

_LOCK = threading.Lock()
_EXTRACTORS: Dict[str, "attrex.Extractor"] = {}


def worker_extractor(options: Optional[Dict[str, Any]] = None) -> "attrex.Extractor":
    """The extractor of this process for these options, built on first use."""
    key = json.dumps(options or {}, sort_keys=True, default=str)
    with _LOCK:
        extractor = _EXTRACTORS.get(key)
        if extractor is None:
            extractor = attrex.Extractor(**(options or {}))
            _EXTRACTORS[key] = extractor
        return extractor


def _extract_partition(items: Iterable[Any], text_key: Optional[str], id_key: Optional[str],
                       options: Optional[Dict[str, Any]]) -> List[Dict[str, Any]]:
    extractor = worker_extractor(options)
    items = list(items)
    texts = [item[text_key] if text_key is not None else item for item in items]
    out = attrex.to_records(extractor.extract_many(texts, threads=1))
    if id_key is not None:
        for item, record in zip(items, out):
            record["id"] = str(item[id_key])
    return out


def extract_bag(bag, text_key: Optional[str] = None, id_key: Optional[str] = None,
                **options: Any):
    """A dask.bag of JSONL-schema records, one per element of ``bag``. Elements are
    texts, or dicts whose ``text_key`` holds the text (and ``id_key`` the id)."""
    return bag.map_partitions(_extract_partition, text_key, id_key, options or None)


def _frame_partition(df, column: str, id_column: Optional[str],
                     options: Optional[Dict[str, Any]]):
    extractor = worker_extractor(options)
    docs = extractor.extract_many(list(df[column]), threads=1)
    frame = attrex.to_frame(docs)
    ids = list(df[id_column]) if id_column is not None else list(df.index)
    frame["doc"] = [ids[position] for position in frame["doc"]]
    return frame


def extract_dataframe(ddf, column: str = "text", id_column: Optional[str] = None,
                      **options: Any):
    """A dask.dataframe with one row per mention (the columns of
    :func:`attrex.to_frame`) of the text column ``column``; ``doc`` holds the
    ``id_column`` value (or the row's index)."""
    import pandas as pd

    meta = pd.DataFrame({
        "doc": pd.Series(dtype="object"),
        "type": pd.Series(dtype="object"),
        "start": pd.Series(dtype="int64"),
        "end": pd.Series(dtype="int64"),
        "byte_start": pd.Series(dtype="int64"),
        "byte_end": pd.Series(dtype="int64"),
        "text": pd.Series(dtype="object"),
        "id": pd.Series(dtype="object"),
        "name": pd.Series(dtype="object"),
        "confidence": pd.Series(dtype="float64"),
        "evidence": pd.Series(dtype="object"),
    })
    return ddf.map_partitions(_frame_partition, column, id_column, options or None, meta=meta)
