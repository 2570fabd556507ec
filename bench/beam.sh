#!/usr/bin/env bash
# khabar-beam under Prism (one machine) against khabar dedup, on news-2013:
#
#   bench/beam.sh [LEVEL] [DOCS]
#
# LEVEL is document (default) or passage; DOCS the number of documents
# from the start of the corpus (default all 175,015). For each it runs,
# once each:
#   1. khabar dedup --json and khabar dedup --pairs (the two outputs
#      khabar-beam writes in one run), and
#   2. khabar-beam --runner prism, writing both,
# printing wall time, user time and peak RSS (GNU time -v), and checks
# that the shards of khabar-beam, concatenated, are byte for byte the
# outputs of khabar dedup. Documents are title + text. Outputs go to
# regular files in a temporary folder. Prism keeps every collection in
# memory: mind the peak RSS of the passage level before running it on the
# whole corpus (see the README). On a shared machine, MEM_MB=N kills
# khabar-beam as soon as it holds more than N MB (bench/memcap.sh), and
# GOMEMLIMIT (for example GOMEMLIMIT=8GiB) is passed on to it, as to
# every Go program, which then collects garbage harder near that size
# instead of letting its heap grow to twice what it holds.
source "$(dirname "$0")/lib.sh"
level="${1:-document}"
docs="${2:-all}"
corpus="$data/news-2013/articles.jsonl.gz"
need "$corpus"
(cd cmd/khabar-beam && go build -o "$tmp/khabar-beam" .)
input="$corpus"
if [ "$docs" != all ]; then
	# head closes the pipe early: gzip's SIGPIPE is expected.
	(set +o pipefail; gzip -dc "$corpus" | head -n "$docs" >"$tmp/slice.jsonl")
	input="$tmp/slice.jsonl"
fi
machine
echo "level $level, documents: $docs"
fields=(--level "$level" --text-field title,text)
timed "khabar dedup --json" "$tmp/khabar" dedup --json "${fields[@]}" "$input"
mv "$tmp/out" "$tmp/want.jsonl"
timed "khabar dedup --pairs" "$tmp/khabar" dedup --pairs "${fields[@]}" "$input"
mv "$tmp/out" "$tmp/want.tsv"
cap=()
if [ -n "${MEM_MB:-}" ]; then
	cap=(bench/memcap.sh "$MEM_MB")
	echo "khabar-beam capped at $MEM_MB MB, GOMEMLIMIT=${GOMEMLIMIT:-off}"
fi
timed "khabar-beam --runner prism" "${cap[@]}" "$tmp/khabar-beam" --runner prism --input "$input" --output "$tmp/beam" "${fields[@]}"
cat "$tmp"/beam/clusters-*.jsonl >"$tmp/got.jsonl"
first=1
for f in "$tmp"/beam/pairs-*.tsv; do
	if [ $first = 1 ]; then cat "$f"; first=0; else tail -n +2 "$f"; fi
done >"$tmp/got.tsv"
for kind in jsonl tsv; do
	if cmp -s "$tmp/got.$kind" "$tmp/want.$kind"; then
		echo "same $kind output: $(wc -l <"$tmp/want.$kind") lines"
	else
		echo "bench: khabar-beam's $kind output differs from khabar dedup's" >&2
		exit 1
	fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
