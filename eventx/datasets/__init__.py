"""Loaders for the third-party data eventx trains and evaluates on (``../shared/data`` or ``EVENTX_DATA``).

Each loader takes a path (a file or its folder; default: the shared data folder) and returns typed examples:

- :mod:`eventx.datasets.acled`: ACLED exports as :class:`~eventx.schema.EventRecord` (all three generations)
- :mod:`eventx.datasets.acled_notes`: labelled, deduplicated ACLED notes for training event typing
- :mod:`eventx.datasets.case2021`: CASE 2021 Task 2 dev sample (evaluation only, never train on it)
- :mod:`eventx.datasets.muc4`: MUC-4 role fillers in the GRIT format (train / dev)
- :mod:`eventx.datasets.plover`: PLOVER gold-standard records
- :mod:`eventx.datasets.ipe`: IndiaPoliceEvents documents and sentences
- :mod:`eventx.datasets.glocon`: GLOCON gold samples (documents, sentences, token-annotated articles)
- :mod:`eventx.datasets.conll`: CoNLL-2003 English NER

The data are third-party: code takes a path; nothing is copied into the package.
"""
