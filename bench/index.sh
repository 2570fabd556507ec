#!/usr/bin/env bash
# The persistent index on news-2013 (issue 17):
#
#   bench/index.sh [RUNS] [LEVEL]
#
# LEVEL is document (default) or passage. RUNS times (default 1), in turn,
# so that the machine's load weighs on both alike:
#   1. khabar dedup --level LEVEL on all 175,015 articles, in memory (the
#      baseline; the issue's target: index add in at most twice its time)
#   2. khabar index create + index add of the same file into a new index,
#      then the index's size on disk
# then once:
#   3. index query of 2,000 new articles (the first 2,000 of ant-multisource,
#      2018: other outlets and years) against the whole index (target < 1 s)
#   4. an index of the first 173,015 articles, queried with the last 2,000
#      (--pairs), against khabar dedup --pairs over all 175,015, whose pairs
#      that involve one of the last 2,000 must be the same (compared by
#      document id, passage, kind and similarity)
# Documents are title + text. Every command's standard output goes to a
# regular file; wall time, user time and peak RSS come from GNU time -v.
# With BASE=REF (a commit), step 2 is also run with REF's build, before
# this tree's, into an index of its own (its size printed too).
source "$(dirname "$0")/lib.sh"
runs="${1:-1}"
level="${2:-document}"
corpus="$data/news-2013/articles.jsonl.gz"
newcorpus="$data/ant-multisource/train.jsonl.gz"
need "$corpus"
need "$newcorpus"
fields=(--text-field title,text)
machine
for i in $(seq "$runs"); do
	timed "dedup --level $level, in memory, run $i" "$tmp/khabar" dedup --level "$level" "${fields[@]}" "$corpus"
	if [ -n "${BASE:-}" ]; then
		rm -rf "$tmp/base.idx"
		"$tmp/base/khabar" index create "$tmp/base.idx" --level "$level" -q
		timed "index add --level $level, all, base, run $i" "$tmp/base/khabar" index add "$tmp/base.idx" "${fields[@]}" "$corpus"
		echo "  base index size on disk: $(du -sh "$tmp/base.idx" | cut -f1)"
		rm -rf "$tmp/base.idx"
	fi
	rm -rf "$tmp/all.idx"
	"$tmp/khabar" index create "$tmp/all.idx" --level "$level" -q
	timed "index add --level $level, all, run $i" "$tmp/khabar" index add "$tmp/all.idx" "${fields[@]}" "$corpus"
done
echo "index size on disk: $(du -sh "$tmp/all.idx" | cut -f1) used ($(du -sb "$tmp/all.idx" | cut -f1) bytes apparent: the file grows 64 MiB at a time)"
"$tmp/khabar" index stats "$tmp/all.idx"
(set +o pipefail; gzip -dc "$newcorpus" | head -n 2000 >"$tmp/new2000.jsonl")
for i in 1 2 3; do
	timed "index query, 2,000 ant-multisource articles, run $i" "$tmp/khabar" index query "$tmp/all.idx" --pairs "${fields[@]}" "$tmp/new2000.jsonl"
done
echo "  pairs found: $(($(wc -l <"$tmp/out") - 1))"
timed "index verify, all" "$tmp/khabar" index verify "$tmp/all.idx"
rm -rf "$tmp/all.idx"

# Held out: the last 2,000 of news-2013 against the first 173,015.
(set +o pipefail; gzip -dc "$corpus" | head -n 173015 >"$tmp/old.jsonl")
gzip -dc "$corpus" | tail -n 2000 >"$tmp/last2000.jsonl"
"$tmp/khabar" index create "$tmp/old.idx" --level "$level" -q
timed "index add --level $level, first 173,015" "$tmp/khabar" index add "$tmp/old.idx" "${fields[@]}" "$tmp/old.jsonl"
for i in 1 2 3; do
	timed "index query, last 2,000 of news-2013, run $i" "$tmp/khabar" index query "$tmp/old.idx" --pairs "${fields[@]}" "$tmp/last2000.jsonl"
done
cut -f1,2,5,6,9,10 "$tmp/out" | tail -n +2 | sort >"$tmp/index-pairs"
timed "dedup --pairs, all 175,015, in memory" "$tmp/khabar" dedup --level "$level" --pairs "${fields[@]}" "$corpus"
# The ids of the last 2,000 (the id field: news-2013 ids have no tabs).
python3 - "$tmp/last2000.jsonl" >"$tmp/new-ids" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    print(json.loads(line)["id"])
PY
awk -F'\t' 'NR == FNR { new[$1] = 1; next } FNR > 1 && (($1 in new) || ($5 in new)) { print $1 "\t" $2 "\t" $5 "\t" $6 "\t" $9 "\t" $10 }' "$tmp/new-ids" "$tmp/out" | sort >"$tmp/memory-pairs"
if cmp -s "$tmp/index-pairs" "$tmp/memory-pairs"; then
	echo "same pairs as in memory: yes ($(wc -l <"$tmp/index-pairs") pairs)"
else
	echo "same pairs as in memory: NO ($(wc -l <"$tmp/index-pairs") from the index, $(wc -l <"$tmp/memory-pairs") in memory)"
	diff "$tmp/index-pairs" "$tmp/memory-pairs" | head -20
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
