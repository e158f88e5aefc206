"""Execution engines for corpus runs beyond one process.

* :mod:`eventx.engines.workers` — a pool of CPU worker processes that :func:`eventx.pipeline.batch.run_batch` drives
  like an Extractor (``extract_many``), so the batch runner stays the one writer of output and status files;
* :mod:`eventx.engines.ray_engine` — the same job on Ray Data, for more than one machine (optional extra
  ``eventx[ray]``);
* :mod:`eventx.engines.precision` — reduced precision (bf16 / fp16) on CUDA without touching the model code.

Nothing here is imported by the default path: each engine imports its heavy dependencies when used.
"""
