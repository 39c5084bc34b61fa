"""attrex on Dask: a LocalCluster with two worker processes gives the same results
as a local loop."""

import pytest

import attrex

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402

import attrex.dask  # noqa: E402

TEXTS = [
    "Belgia atribuie atacurile grupării APT31 (cunoscută și ca ZIRCONIUM).",
    "The NCSC said APT28 targeted Germany.",
    "Das BSI warnt vor der Gruppe Turla.",
    "L'ANSSI attribue l'attaque au groupe APT40, lié à la Chine.",
    "Het NCSC zegt dat Chinese hackers Nederlandse netwerken aanvielen.",
    "Polska wskazuje na rosyjską grupę APT29.",
] * 3


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_bag_matches_local_loop(client):
    expected = [attrex.extract(t).to_dict() for t in TEXTS]
    got = attrex.dask.extract_bag(db.from_sequence(TEXTS, npartitions=4)).compute()
    assert got == expected


def test_bag_of_records_with_ids(client):
    records = [{"id": f"r{i}", "body": t} for i, t in enumerate(TEXTS)]
    got = attrex.dask.extract_bag(db.from_sequence(records, npartitions=3),
                                  text_key="body", id_key="id").compute()
    assert [r["id"] for r in got] == [f"r{i}" for i in range(len(TEXTS))]
    assert got[0]["actors"][0]["id"] == "apt31"


def test_dataframe_matches_to_frame(client):
    pdf = pd.DataFrame({"id": [f"d{i}" for i in range(len(TEXTS))], "text": TEXTS})
    ddf = dd.from_pandas(pdf, npartitions=3)
    got = attrex.dask.extract_dataframe(ddf, column="text", id_column="id").compute()
    docs = [attrex.extract(t, id=i) for i, t in zip(pdf["id"], pdf["text"])]
    expected = attrex.to_frame(docs)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)


def test_one_extractor_per_worker_process(client):
    def count(_):
        import attrex.dask as ad
        ad.worker_extractor()
        ad.worker_extractor()
        return len(ad._EXTRACTORS)

    counts = client.run(count, None) if False else None
    attrex.dask.extract_bag(db.from_sequence(TEXTS, npartitions=6)).compute()
    sizes = client.run(lambda: len(__import__("attrex.dask").dask._EXTRACTORS))
    assert set(sizes.values()) <= {0, 1}
    assert any(v == 1 for v in sizes.values())
