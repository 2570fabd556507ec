#!/usr/bin/env bash
# What dedup's report for a person costs beside the machine outputs, on
# news-2013 at passage level (issue 14: the terminal report, with its
# excerpts, at most 10% more than --pairs):
#
#   bench/dedup-report.sh [RUNS]
#   BASE=REF bench/dedup-report.sh [RUNS]   (REF: a git commit to time beside this tree)
#
# measures, RUNS times each (default 2): tab-separated members (no
# excerpts), --pairs, --pretty (the report, to a regular file) and the
# report on a terminal (under script(1), which gives khabar a TTY and
# writes what it shows to a file). Documents are the text field.
source "$(dirname "$0")/lib.sh"
runs="${1:-2}"
corpus="$data/news-2013/articles.jsonl.gz"
need "$corpus"
machine
measure "passage level, members (TSV)" "$runs" "$tmp/khabar" dedup "$corpus"
measure "passage level, --pairs" "$runs" "$tmp/khabar" dedup --pairs "$corpus"
measure "passage level, --pretty" "$runs" "$tmp/khabar" dedup --pretty "$corpus"
for i in $(seq "$runs"); do
	if [ -n "${BASE:-}" ]; then
		timed "passage level, terminal, base, run $i" script -qec "$tmp/base/khabar dedup $corpus" "$tmp/typescript"
	fi
	timed "passage level, terminal, run $i" script -qec "$tmp/khabar dedup $corpus" "$tmp/typescript"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
