#!/usr/bin/env bash
# Throughput of chronicle against the spaCy baseline, measured in one run:
# the two alternate ROUNDS times on the same input and layers, and the
# ratio of their median words/s is reported (absolute times on shared
# machines drift; ratios taken in one run do not). Both run over the same
# texts, so the ratio of sentences/s equals the ratio of words/s;
# chronicle's own sentences/s (its splitter's count) is printed too.
#
# Usage: bench/compare.sh [LAYERS] [LIMIT] [ROUNDS]
#   LAYERS: tag | ner | tag+ner | parse (default tag+ner; parse = tagger +
#           dependency parser on both sides)
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
out = {"layers": sys.argv[2], "rounds": len(rows) // 2,
       "chronicle_words_per_s": round(med["chronicle"]), "spacy_words_per_s": round(med["spacy"]),
       "ratio": round(med["chronicle"] / med["spacy"], 1)}
sents = [r["sentences_per_s"] for r in rows if r["tool"] == "chronicle" and "sentences_per_s" in r]
if sents:
    # Same texts on both sides: the sentences/s ratio is the words/s ratio.
    out["chronicle_sentences_per_s"] = round(statistics.median(sents))
    out["sentences_ratio"] = out["ratio"]
print(json.dumps(out))
PY
