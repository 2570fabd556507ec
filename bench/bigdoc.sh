#!/usr/bin/env bash
# Peak memory of one large document: a JSON Lines file holding one
# document of MB megabytes of text (default 200; news-2013 texts one after
# another, made by bench/bigdoc), read by tokens, classify, dedup, dedup
# --level document and analyze --json. Prints wall time, user time and
# peak RSS (GNU time -v) and the peak over the document's size (issue 13's
# target: under 4; issue 11's for analyze: under 8).
#
#   bash bench/bigdoc.sh [RUNS]
#   MB=50 BASE=main bash bench/bigdoc.sh 1
source "$(dirname "$0")/lib.sh"
runs="${1:-1}"
corpus="$data/news-2013/articles.jsonl.gz"
need "$corpus"
go run ./bench/bigdoc -mb "${MB:-200}" "$corpus" >"$tmp/big.jsonl"
size=$(stat -c %s "$tmp/big.jsonl")
machine
echo "document: $((size / 1000000)) MB of JSON Lines"
for cmd in "tokens" "classify" "dedup" "dedup --level document" "analyze --json"; do
	read -r -a args <<<"$cmd"
	measure "$cmd" "$runs" "$tmp/khabar" --quiet "${args[@]}" "$tmp/big.jsonl"
done 2>&1 | awk -v size="$size" '{ print } / MB peak RSS/ { for (i = 1; i <= NF; i++) if ($(i+1) == "MB" && $(i+2) == "peak") printf "  peak / document size: %.1f\n", $i * 1048576 / size }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
