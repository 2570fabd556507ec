#!/usr/bin/env bash
# Whole-process wall time and peak memory of khabar dedup on news-2013:
#
#   bench/dedup.sh [RUNS]
#
# measures, RUNS times each (default 3), with the report written to
# a file (tab-separated members, as for any non-terminal):
#   1. document level on the first 20,000 documents (target < 1 s)
#   2. document level on all 175,015 documents (target < 10 s, < 1 GB)
#   3. passage level on all documents
#   4. document level with SimHash on all documents
# Documents are title + text. The corpus comes from $KHABAR_DATA (default
# ../shared/data).
source "$(dirname "$0")/lib.sh"
runs="${1:-3}"
corpus="$data/news-2013/articles.jsonl.gz"
need "$corpus"
# head closes the pipe early: gzip's SIGPIPE is expected.
(set +o pipefail; gzip -dc "$corpus" | head -n 20000 >"$tmp/news20k.jsonl")
machine
fields=(--text-field title,text)
measure "document level, first 20,000" "$runs" "$tmp/khabar" dedup --level document "${fields[@]}" "$tmp/news20k.jsonl"
measure "document level, all 175,015" "$runs" "$tmp/khabar" dedup --level document "${fields[@]}" "$corpus"
measure "passage level, all 175,015" "$runs" "$tmp/khabar" dedup "${fields[@]}" "$corpus"
measure "document level simhash, all" "$runs" "$tmp/khabar" dedup --level document --method simhash "${fields[@]}" "$corpus"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
