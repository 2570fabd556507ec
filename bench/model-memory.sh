#!/usr/bin/env bash
# Peak RSS (and wall time) of loading a model: khabar version (no model),
# khabar classify of one line and khabar analyze of a one-line page (the
# embedded default topic model), and khabar classify of one ANT article
# with the default-recipe model trained on the ANT training split of
# issue 4 (~12 MB file).
#   bash bench/model-memory.sh [RUNS]
#   BASE=6fbdfb5 bash bench/model-memory.sh 3   # the same with a baseline
source "$(dirname "$0")/lib.sh"
runs="${1:-3}"
src="$data/ant-multisource/train.jsonl.gz"
need "$src"
gzip -dc "$src" | awk 'NR % 5 != 0' >"$tmp/train.jsonl"
gzip -dc "$src" | awk 'NR == 5' >"$tmp/one.jsonl"
echo 'انفجار في بغداد' >"$tmp/one.txt"
machine
"$tmp/khabar" train -o "$tmp/m.khm" --text-field title,text "$tmp/train.jsonl" >"$tmp/train.out" 2>&1
measure "version" "$runs" "$tmp/khabar" version
measure "classify one line, default model" "$runs" "$tmp/khabar" classify "$tmp/one.txt"
measure "analyze one-line page, default model" "$runs" "$tmp/khabar" analyze "$tmp/one.txt"
measure "classify one article, ANT model" "$runs" "$tmp/khabar" classify -m "$tmp/m.khm" --text-field title,text "$tmp/one.jsonl"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "model file: $(wc -c <"$tmp/m.khm") bytes"
