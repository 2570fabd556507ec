#!/usr/bin/env bash
# Whole-process wall time and peak memory of khabar analyze:
#
#   bench/analyze.sh [RUNS]
#
# measures, RUNS times each (default 3), with JSON Lines output to a file:
#   1. the embedded seeds (the README's first command)
#   2. all 175,015 pages of news-2013, text = title + text (target < 30 s)
source "$(dirname "$0")/lib.sh"
runs="${1:-3}"
corpus="$data/news-2013/articles.jsonl.gz"
need "$corpus"
machine
# The seeds by their folder: given no PATH, analyze reads standard input
# unless it is a terminal.
measure "analyze, the seeds (seeds/)" "$runs" "$tmp/khabar" analyze --json seeds
measure "analyze, news-2013 (175,015)" "$runs" "$tmp/khabar" analyze --json --text-field title,text "$corpus"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
