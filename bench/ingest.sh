#!/usr/bin/env bash
# The tracker's throughput against the spaCy baseline, in one run: the
# White House corpus (or its first LIMIT documents) ingested by chronicle
# into a fresh store (extraction on every core, store and search index
# written), then the same texts through spaCy en_core_web_sm with all its
# layers on as many processes; documents/s of each and their ratio.
#
# Usage: bench/ingest.sh [LIMIT] (default 0: the whole corpus)
# Needs ../shared and the spaCy baseline's virtualenv (see
# ../shared/bench/README.md): SPACY_PYTHON=path/to/python overrides it.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-0}
shared=${SHARED:-../shared}
corpus="$shared/data/whitehouse/docs.jsonl"
py=${SPACY_PYTHON:-$HOME/.venvs/spacy/bin/python}
cores=$(nproc)
[ -f "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }
[ -x "$py" ] || { echo "no spaCy python at $py (see $shared/bench/README.md)" >&2; exit 1; }
cargo build --release -q -p chronicle
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input="$corpus"
if [ "$limit" != 0 ]; then
  head -n "$limit" "$corpus" >"$work/docs.jsonl"
  input="$work/docs.jsonl"
fi
./target/release/chronicle ingest "$input" --db "$work/bench.db" --quiet 2>/dev/null | tail -n 1 >"$work/chronicle.json"
"$py" "$shared/bench/spacy_baseline.py" speed --input "$input" --layers all --repeat 1 \
  --processes "$cores" >"$work/spacy.json"
python3 - "$work/chronicle.json" "$work/spacy.json" "$cores" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
s = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
read = c["read"]
print(json.dumps({
    "documents": read, "cores": int(sys.argv[3]),
    "chronicle_seconds": c["elapsed_s"], "chronicle_docs_per_s": round(read / c["elapsed_s"], 1),
    "chronicle_store_seconds": c.get("store_s"),
    "spacy_seconds": s["seconds"], "spacy_docs_per_s": s["docs_per_s"],
    "ratio": round((read / c["elapsed_s"]) / s["docs_per_s"], 1),
}))
PY
