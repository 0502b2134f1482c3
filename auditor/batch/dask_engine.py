"""The Dask engine: the same chunk audit, on a Dask cluster (the only module that imports dask).

A dask.bag over the chunks (byte ranges, file lists), not over page texts:
the client sends only chunk descriptions, each worker reads and audits its
chunks, and results come back chunk by chunk as they finish.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial

from auditor.batch.chunks import Chunk
from auditor.batch.engines import audit_chunk
from auditor.batch.page import PageResult
from auditor.pipeline import Settings
from auditor.batch.tasks import ChunkDone
from auditor.errors import UserError


def _client(scheduler: str | None, jobs: int, processes: bool):
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise UserError("--engine dask needs Dask: pip install 'auditor[dask]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as error:
            raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    # non-daemonic workers may start the killable process that enforces --page-timeout
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=processes,
                               dashboard_address=None)
    return Client(cluster), cluster


def run_dask(chunks: list[Chunk], skip: Mapping[str, set[str]], settings: Settings, jobs: int,
             namespaces: tuple[int, ...], scheduler: str | None, keep_records: int,
             processes: bool = True) -> Iterator[PageResult | ChunkDone]:
    """Audit every chunk on a Dask cluster (a LocalCluster of ``jobs`` workers without an address)."""
    if not chunks:
        return
    if any(chunk.kind == "titles" for chunk in chunks):
        raise UserError("titles and categories are fetched one request at a time: use the local engine")
    import dask.bag
    from distributed import as_completed

    client, cluster = _client(scheduler, jobs, processes)
    try:
        work = partial(_audit, skip=dict(skip), settings=settings, namespaces=namespaces, keep=keep_records)
        bag = dask.bag.from_sequence(chunks, npartitions=len(chunks)).map_partitions(work)
        futures = client.compute(bag.to_delayed())
        for future in as_completed(futures):
            ((chunk_id, results),) = future.result()
            future.release()
            yield from results
            yield ChunkDone(chunk_id)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _audit(part: list[Chunk], skip: dict[str, set[str]], settings: Settings, namespaces: tuple[int, ...],
           keep: int) -> list[tuple[str, list[PageResult]]]:
    (chunk,) = part
    return [(chunk.id, audit_chunk(chunk, skip.get(chunk.id, set()), settings, namespaces, keep))]
