"""Path resolution shared by the dataset loaders: a caller's path, or the default under ``../shared/data``."""

from __future__ import annotations

from pathlib import Path

from eventx.paths import shared_data_dir


def resolve(path: str | Path | None, default_rel: str, file_name: str | None = None) -> Path:
    """The dataset path to read.

    ``path`` may be the file itself or its folder (then ``file_name`` is looked up inside it); None means the
    default ``<shared data>/<default_rel>``. FileNotFoundError says what was looked for and how to point at it.
    """
    if path is None:
        root = shared_data_dir()
        if root is None:
            raise FileNotFoundError(
                f"no data folder: pass a path, or set EVENTX_DATA to the folder that holds {default_rel}/"
            )
        p = root / default_rel
    else:
        p = Path(path)
    if p.is_dir() and file_name is not None:
        p = p / file_name
    if not p.exists():
        raise FileNotFoundError(f"{p} not found")
    return p
