#!/usr/bin/env bash
# Whole-process wall time and peak memory of khabar analyze:
#
#   bench/analyze.sh [RUNS]
#   BASE=/path/to/other/khabar bench/analyze.sh [RUNS]
#
# measures, RUNS times each (default 3), with JSON Lines output written to a
# regular file ($tmp/out, never /dev/null):
#   1. the embedded seeds (the README's first command)
#   2. all 175,015 pages of news-2013, text = title + text (target < 30 s);
#      with BASE, the same with that binary (a baseline in the same run)
#   3. pages of identical lines, one run each: 100,000 and 1,000,000 copies
#      of "x" and 1,000,000 copies of a 59-byte Arabic line (time and memory
#      must grow linearly)
#   4. one-document pages of 100 MB and 200 MB: the first bytes of the
#      decompressed news-2013 file, as one text file (peak RSS < 8x input)
source "$(dirname "$0")/lib.sh"
runs="${1:-3}"
corpus="$data/news-2013/articles.jsonl.gz"
need "$corpus"
machine

# tofile NAME RUNS CMD... measures CMD with its output in $tmp/out.
tofile() {
	local name="$1" runs="$2"
	shift 2
	measure "$name" "$runs" sh -c 'out=$1; shift; exec "$@" >"$out"' sh "$tmp/out" "$@"
}

tofile "analyze, embedded seeds" "$runs" "$tmp/khabar" analyze --json
tofile "analyze, news-2013 (175,015)" "$runs" "$tmp/khabar" analyze --json --text-field title,text "$corpus"
if [ -n "${BASE:-}" ]; then
	tofile "BASE analyze, news-2013" "$runs" "$BASE" analyze --json --text-field title,text "$corpus"
fi

# (yes and zcat end on SIGPIPE when head has enough.)
yes x | head -n 100000 >"$tmp/x100k.txt" || true
yes x | head -n 1000000 >"$tmp/x1m.txt" || true
yes 'انفجار في مخزن للأسلحة والذخيرة' | head -n 1000000 >"$tmp/a1m.txt" || true
zcat "$corpus" | head -c 100000000 >"$tmp/p100m.txt" || true
zcat "$corpus" | head -c 200000000 >"$tmp/p200m.txt" || true
for f in x100k x1m a1m p100m p200m; do
	echo "$f.txt: $(wc -c <"$tmp/$f.txt") bytes"
	tofile "analyze, $f.txt" 1 "$tmp/khabar" analyze --json "$tmp/$f.txt"
done
