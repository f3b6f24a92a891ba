#!/usr/bin/env bash
# Throughput of chronicle against the spaCy baseline, measured in one run:
# the two alternate ROUNDS times on the same input and layers, and the
# ratio of their median words/s is reported (absolute times on shared
# machines drift; ratios taken in one run do not).
#
# Usage: bench/compare.sh [LAYERS] [LIMIT] [ROUNDS]
#   LAYERS: tag | ner | tag+ner (default tag+ner)
#   LIMIT:  documents of the White House corpus (default 2000)
# Needs ../shared and the spaCy baseline's virtualenv (see
# ../shared/bench/README.md): SPACY_PYTHON=path/to/python overrides it.
set -euo pipefail
cd "$(dirname "$0")/.."
layers=${1:-tag+ner}
limit=${2:-2000}
rounds=${3:-3}
shared=${SHARED:-../shared}
corpus="$shared/data/whitehouse/docs.jsonl"
py=${SPACY_PYTHON:-$HOME/.venvs/spacy/bin/python}
[ -f "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }
[ -x "$py" ] || { echo "no spaCy python at $py (see $shared/bench/README.md)" >&2; exit 1; }
cargo build --release -q -p chronicle
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in $(seq "$rounds"); do
  ./target/release/chronicle bench --input "$corpus" --limit "$limit" --layers "$layers" --repeat 1 >>"$out"
  "$py" "$shared/bench/spacy_baseline.py" speed --input "$corpus" --limit "$limit" --layers "$layers" --repeat 1 >>"$out"
done
python3 - "$out" "$layers" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
med = {t: statistics.median(r["words_per_s"] for r in rows if r["tool"] == t) for t in ("chronicle", "spacy")}
print(json.dumps({"layers": sys.argv[2], "rounds": len(rows) // 2,
                  "chronicle_words_per_s": round(med["chronicle"]), "spacy_words_per_s": round(med["spacy"]),
                  "ratio": round(med["chronicle"] / med["spacy"], 1)}))
PY
