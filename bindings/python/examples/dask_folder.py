"""Runs a folder of releases (.txt, one release per file) through attrex on Dask.

    PYTHONPATH=build/python python3 bindings/python/examples/dask_folder.py data/examples
    PYTHONPATH=build/python python3 bindings/python/examples/dask_folder.py DIR tcp://host:8786

Without a scheduler address it starts a distributed.LocalCluster with two worker
processes; with one it connects to that (multi-machine) cluster, whose workers need
attrex importable too. Prints one JSONL record per release, in file order.
"""

import json
import pathlib
import sys

import dask.bag as db
from distributed import Client, LocalCluster

import attrex.dask


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    folder = pathlib.Path(sys.argv[1])
    files = sorted(folder.rglob("*.txt"))
    records = [{"id": str(p), "text": p.read_text(encoding="utf-8", errors="replace")}
               for p in files]
    if len(sys.argv) == 3:
        client = Client(sys.argv[2])
        cluster = None
    else:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        bag = db.from_sequence(records, npartitions=max(1, min(len(records), 8)))
        for record in attrex.dask.extract_bag(bag, text_key="text", id_key="id").compute():
            print(json.dumps(record, ensure_ascii=False))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
