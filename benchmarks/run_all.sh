#!/usr/bin/env bash
# Re-run every eventx benchmark and write benchmarks/results/<name>/ (metrics.json, report.md, PNG plots).
#
# Usage: benchmarks/run_all.sh [DATA_DIR]    (default: ../shared/data, or $EVENTX_DATA)
# Sizes are modest so that each benchmark finishes in a few minutes on 2 CPU cores; raise them (or drop --limit)
# for the full sets. Samples are deterministic (smallest SHA-1 of each item's id), so a rerun reads the same items.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA="${1:-${EVENTX_DATA:-../shared/data}}"
OUT="benchmarks/results"
EVENTX="${EVENTX:-.venv/bin/eventx}"
NICE="${NICE:-nice -n 10}"

run() {
  local name="$1"; shift
  echo "== $name: $*" >&2
  $NICE "$EVENTX" bench "$name" --out "$OUT/$name" --batch-size 16 "$@"
}

# ACLED notes of countries held out of the typing model (configs/splits/acled_typing_dev_countries.yaml).
run acled --data "$DATA" --split dev --limit "${ACLED_N:-600}"
# CASE 2021 Task 2 dev sample (120 rows: all of them). Evaluation only.
run case2021 --data "$DATA/case2021_task2/dev_sample.tsv"
# MUC-4 dev split (GRIT format), all 200 documents. With a MUC-4 tagger trained by
# `eventx train configs/train/muc4_tagger.yaml` (the role tagger's upper layers fine-tuned on the MUC-4 training
# documents; research-use data, written to .cache/muc4_tagger, never shipped; about 10 minutes on 2 cores) the
# tagger is scored too. MUC4_HEAD=.cache/muc4_head scores the linear head of configs/train/muc4_head.yaml instead.
MUC4_HEAD="${MUC4_HEAD:-.cache/muc4_tagger}"
run muc4 --data "$DATA/conflibert_eval/muc4" --limit "${MUC4_N:-200}" ${MUC4_HEAD:+$([ -d "$MUC4_HEAD" ] && echo --muc4-head "$MUC4_HEAD")}
# IndiaPoliceEvents documents (and their sentences).
run ipe --data "$DATA/india_police_events" --limit "${IPE_N:-150}"
# PLOVER gold standard, all 322 records.
run plover --data "$DATA/plover_gsr_cameo" ${PLOVER_N:+--limit "$PLOVER_N"}
# Speed: run_batch over ~600-word IndiaPoliceEvents documents (450-800 words).
run speed --data "$DATA/india_police_events" --corpus ipe --limit "${SPEED_N:-30}"
# Speed again on MUC-4 documents (450-800 words; capitals, lines joined): the IPE texts are all lower-case, which
# the sentence splitter does not split, so both are reported.
$NICE "$EVENTX" bench speed --out "$OUT/speed_muc4" --batch-size 16 --data "$DATA/conflibert_eval/muc4" --corpus muc4 --limit "${SPEED_N:-30}"
