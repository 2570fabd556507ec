#!/usr/bin/env bash
# Whole-process wall time and peak memory of khabar analyze:
#
#   bench/analyze.sh [RUNS]
#   BASE=REF bench/analyze.sh [RUNS]   (REF: a git commit to time beside this tree)
#
# measures, RUNS times each (default 3), with JSON Lines output written to a
# regular file ($tmp/out, never /dev/null; see lib.sh):
#   1. the seeds (the README's first command)
#   2. all 175,015 pages of news-2013, text = title + text (target < 30 s);
#      with BASE, the baseline binary in turn with this tree's
#   3. pages of identical lines, one run each: a page of one line "x" (the
#      process's floor: runtime and default model), 100,000 and 1,000,000
#      copies of "x", 1,000,000 lines alternating "x" and "y" (copies not
#      on consecutive lines) and 1,000,000 copies of a 59-byte Arabic line
#      (time and memory must grow linearly)
#   4. one-document pages of 100 MB and 200 MB: the first bytes of the
#      decompressed news-2013 file, as one text file (--format text: its
#      lines look like JSON Lines) (peak RSS < 8x input)
# Parts 3 and 4 are measured once each, with BASE the baseline too, and
# print the peak RSS over the input's size; PAGES=only runs only them.
source "$(dirname "$0")/lib.sh"
runs="${1:-3}"
corpus="$data/news-2013/articles.jsonl.gz"
need "$corpus"
machine
if [ "${PAGES:-}" != only ]; then
	# The seeds by their folder: given no PATH, analyze reads standard
	# input unless it is a terminal.
	measure "analyze, the seeds (seeds/)" "$runs" "$tmp/khabar" analyze --json seeds
	measure "analyze, news-2013 (175,015)" "$runs" "$tmp/khabar" analyze --json --text-field title,text "$corpus"
fi

# (yes and zcat end on SIGPIPE when head has enough.)
echo x >"$tmp/x1.txt"
yes x | head -n 100000 >"$tmp/x100k.txt" || true
yes "$(printf 'x\ny')" | head -n 1000000 >"$tmp/xy1m.txt" || true
yes x | head -n 1000000 >"$tmp/x1m.txt" || true
yes 'انفجار في مخزن للأسلحة والذخيرة' | head -n 1000000 >"$tmp/a1m.txt" || true
zcat "$corpus" | head -c 100000000 >"$tmp/p100m.txt" || true
zcat "$corpus" | head -c 200000000 >"$tmp/p200m.txt" || true
for f in x1 x100k x1m xy1m a1m p100m p200m; do
	size=$(stat -c %s "$tmp/$f.txt")
	echo "$f.txt: $size bytes"
	measure "analyze, $f.txt" 1 "$tmp/khabar" analyze --json --format text "$tmp/$f.txt" |
		awk -v size="$size" '{ print } / MB peak RSS/ { for (i = 1; i <= NF; i++) if ($(i+1) == "MB" && $(i+2) == "peak") printf "  peak / input size: %.1f\n", $i * 1048576 / size }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
