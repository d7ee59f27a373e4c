"""The result store: chunk tallies too large for the ledger, and report folders, via fsspec.

A chunk's partial result (its tally, as JSON) larger than the store's
threshold is not put in the ledger's ``chunks.partial`` column: it is written
as a *blob* to the store, and the ledger keeps the blob's key (its full URL,
in ``chunks.blob_key``) and the SHA-256 of its bytes (``chunks.blob_sha256``).
Smaller tallies stay inline, as before.

Settings (each read when a ledger first needs its store; the environment wins):

- the store: ``$JOST_STORE``, else the Dask setting ``jost.store.url``
  (``DASK_JOST__STORE__URL`` or a Dask YAML file), else the folder ``blobs``
  of the workspace. A local folder or any fsspec URL: ``s3://bucket/prefix``
  (needs the ``s3fs`` package), ``gs://`` (``gcsfs``), ``abfs://`` (``adlfs``),
  ``memory://`` (this process only: tests).
- the threshold: ``$JOST_STORE_THRESHOLD``, else ``jost.store.threshold``,
  else 100 kB (:data:`DEFAULT_THRESHOLD`); a byte count (``100000``) or a
  size such as ``"100 kB"`` or ``"1 MiB"``.

Layout of the store::

    <store>/jobs/<job id>/chunk-<index>-<first 16 hex of sha256>.json
    <store>/reports/<report folder name>/...   (jost report --store)

A blob is written whole under a temporary key next to its final one and then
moved there; the ledger records the key only after that, in the same
transaction that counts the chunk. Reading verifies the checksum: a blob that
is missing, unreadable or whose bytes do not match raises
:class:`BlobDamagedError` (exit 3), naming the job and the key, and spoils
only that job. A local store's folders are made ``0700`` and its blobs ``0600``
(:mod:`jost_engine.private`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..errors import JobError, JostEnvironmentError, LedgerDamagedError
from ..private import private_dir, private_opener

ENV_STORE = "JOST_STORE"
ENV_THRESHOLD = "JOST_STORE_THRESHOLD"
DEFAULT_THRESHOLD = 100_000
"""Tallies larger than this many bytes of JSON go to the store [bytes]."""
FOLDER = "blobs"
"""The default store: this folder of the workspace."""
PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "abfs": "adlfs",
            "az": "adlfs", "abfss": "adlfs"}


class BlobDamagedError(LedgerDamagedError):
    """A blob of one job's results that is missing, unreadable or fails its checksum (exit 3).

    Attributes
    ----------
    job_id : str
    key : str
        The blob's URL.
    """

    def __init__(self, job_id: str, key: str, what: str):
        super().__init__(
            f"job {job_id}: its result blob {key} is {what}; the other jobs are fine. "
            f"'jost resume {job_id}' cannot mend it: restore the blob, or 'jost delete "
            f"{job_id}' and run it again", key)
        self.job_id = job_id
        self.key = key


def _setting(env: str, dask_key: str):
    value = os.environ.get(env)
    if value not in (None, ""):
        return value, env
    import dask.config

    value = dask.config.get(dask_key, default=None)
    return value, f"the Dask setting {dask_key}"


def parse_threshold(value, where: str = ENV_THRESHOLD) -> int:
    """A threshold setting as a byte count.

    Raises
    ------
    JobError
        For a value that is not a size of 0 bytes or more (names ``where``).
    """
    from dask.utils import parse_bytes

    try:
        size = value if isinstance(value, int) else parse_bytes(str(value).strip())
    except (TypeError, ValueError):
        size = -1
    if isinstance(size, bool) or size < 0:
        raise JobError(f"{where}: must be a size in bytes such as 100000 or '100 kB', "
                       f"got {value!r}")
    return int(size)


def filesystem(url: str, setting: str = ENV_STORE):
    """The fsspec file system of ``url`` and the path in it: ``(fs, path)``.

    Raises
    ------
    JobError
        For a URL whose protocol fsspec does not know (names ``setting``).
    JostEnvironmentError
        When the protocol's fsspec package is not installed (says which).
    """
    import fsspec
    from fsspec.core import split_protocol

    protocol = split_protocol(url)[0] or "file"
    try:
        fsspec.get_filesystem_class(protocol)
    except ValueError:
        raise JobError(f"{setting}: {url!r} is neither a folder nor a URL fsspec knows "
                       "(file, s3://, gs://, abfs://, memory://)") from None
    except ImportError:
        package = PACKAGES.get(protocol, f"the fsspec package for {protocol}://")
        raise JostEnvironmentError(f"{setting}: {url} needs the {package} package, which is "
                                   f"not installed (pip install {package})") from None
    return fsspec.core.url_to_fs(url)


def _is_local(fs) -> bool:
    from fsspec.implementations.local import LocalFileSystem

    return isinstance(fs, LocalFileSystem)


def sha256(data: bytes) -> str:
    """The SHA-256 of ``data``, in hex."""
    return hashlib.sha256(data).hexdigest()


def _write_whole(url: str, data: bytes) -> None:
    """Write ``data`` at ``url`` whole: under a temporary name next to it, then moved there.

    In a local folder the file is ``0600`` from its creation, its folders ``0700``.
    """
    fs, path = filesystem(url)
    temporary = f"{path}.tmp-{uuid.uuid4().hex[:12]}"
    if _is_local(fs):
        private_dir(os.path.dirname(path))
        with open(temporary, "wb", opener=private_opener) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    else:
        fs.pipe_file(temporary, data)
        fs.mv(temporary, path)


@dataclass(frozen=True)
class BlobStore:
    """Where large tallies and report folders go, and from what size.

    Parameters
    ----------
    url : str
        A folder or an fsspec URL (see the module's docstring).
    threshold : int
        Tallies of more bytes of JSON than this go to the store [bytes]; 0
        sends every tally there.
    """

    url: str
    threshold: int = DEFAULT_THRESHOLD

    @classmethod
    def from_settings(cls, default_folder: str | Path) -> BlobStore:
        """The store the settings name (see the module's docstring).

        Parameters
        ----------
        default_folder : path
            The store when none is set: the ``blobs`` folder of the workspace.
        """
        url, where = _setting(ENV_STORE, "jost.store.url")
        threshold, limit_where = _setting(ENV_THRESHOLD, "jost.store.threshold")
        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        store = cls(str(url or default_folder), parse_threshold(threshold, limit_where))
        filesystem(store.url, where)  # a bad URL or a missing package: said at once
        return store

    def inline(self, data: bytes | str) -> bool:
        """Whether a tally of these bytes (or this ASCII JSON text) stays in the ledger."""
        return len(data) <= self.threshold

    def _root(self) -> str:
        return self.url.rstrip("/")

    def put(self, job_id: str, index: int, data: bytes) -> tuple[str, str]:
        """Write one chunk's tally; its key (URL) and SHA-256, once the blob is complete.

        The bytes go to a temporary key first and are then moved to the final
        one, so no reader ever sees half a blob under a recorded key.
        """
        digest = sha256(data)
        key = f"{self._root()}/jobs/{job_id}/chunk-{index:06d}-{digest[:16]}.json"
        _write_whole(key, data)
        return key, digest

    @staticmethod
    def get(job_id: str, key: str, digest: str) -> bytes:
        """The bytes of a blob, checked against its SHA-256.

        Raises
        ------
        BlobDamagedError
            When the blob is missing, unreadable or its bytes do not match.
        """
        try:
            fs, path = filesystem(key, f"job {job_id}: its result blob")
            data = fs.cat_file(path)
        except FileNotFoundError:
            raise BlobDamagedError(job_id, key, "missing") from None
        except (JobError, OSError) as exc:
            raise BlobDamagedError(job_id, key, f"unreadable ({exc})") from None
        found = sha256(data)
        if found != digest:
            raise BlobDamagedError(job_id, key, f"damaged (its sha256 is {found[:16]}..., "
                                                f"the ledger recorded {digest[:16]}...)")
        return data

    @staticmethod
    def remove(keys) -> None:
        """Delete blobs (those already gone are skipped), and a local folder they leave empty."""
        folders = set()
        for key in keys:
            try:
                fs, path = filesystem(key)
                if _is_local(fs):
                    folders.add(os.path.dirname(path))
                fs.rm_file(path)
            except (FileNotFoundError, JobError, JostEnvironmentError):
                continue
        for folder in folders:
            with contextlib.suppress(OSError):  # not empty: another writer's blobs
                os.rmdir(folder)

    def put_folder(self, folder: str | Path) -> str:
        """Copy a folder (a report's) to ``<store>/reports/<its name>/``; where it went.

        Files are copied whole, each under a temporary name first, then moved.
        """
        folder = Path(folder)
        target = f"{self._root()}/reports/{folder.name}"
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            _write_whole(f"{target}/{file.relative_to(folder).as_posix()}",
                         file.read_bytes())
        return target
