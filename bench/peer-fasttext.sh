#!/usr/bin/env bash
# khabar classify against fastText predict on the ANT dev split of issue 4,
# model load included, on the same tokens (khabar tokens): wall time and
# peak RSS of each, three runs, in the same run of this script.
#   bash bench/peer-fasttext.sh [RUNS]
# Needs fastText (Debian: apt-get install fasttext).
source "$(dirname "$0")/lib.sh"
runs="${1:-3}"
src="$data/ant-multisource/train.jsonl.gz"
need "$src"
command -v fasttext >/dev/null || { echo "bench: needs fasttext: apt-get install fasttext" >&2; exit 1; }
gzip -dc "$src" | awk 'NR % 5 != 0' >"$tmp/train.jsonl"
gzip -dc "$src" | awk 'NR % 5 == 0' >"$tmp/dev.jsonl"
# fastText lines of khabar's tokens: __label__LABEL TOKENS.
ft() {
	paste -d' ' <(gzip -dc "$src" | awk "$1" | /usr/bin/python3 -c 'import sys, json; [print("__label__" + json.loads(l)["label"]) for l in sys.stdin]') \
		<("$tmp/khabar" tokens --text-field title,text "$2")
}
ft 'NR % 5 != 0' "$tmp/train.jsonl" >"$tmp/train.ft"
ft 'NR % 5 == 0' "$tmp/dev.jsonl" >"$tmp/dev.ft"
machine
"$tmp/khabar" train -o "$tmp/m.khm" --text-field title,text "$tmp/train.jsonl" >"$tmp/train.out" 2>&1
fasttext supervised -input "$tmp/train.ft" -output "$tmp/ft" -thread 2 -verbose 0
measure "khabar classify, 4,998 articles" "$runs" "$tmp/khabar" classify -m "$tmp/m.khm" --text-field title,text "$tmp/dev.jsonl"
measure "fasttext predict, 4,998 articles" "$runs" fasttext predict "$tmp/ft.bin" "$tmp/dev.ft"
echo "model files: khabar $(wc -c <"$tmp/m.khm") bytes, fastText $(wc -c <"$tmp/ft.bin") bytes"
echo "fastText dev accuracy: $(fasttext test "$tmp/ft.bin" "$tmp/dev.ft" | grep '^P@1' | cut -f2)"
