#!/usr/bin/env bash
# Whole-process wall time and peak memory of "khabar train" and "khabar
# classify" on the ANT corpus split of issue 4: the documents on lines
# divisible by 5 of ant-multisource/train.jsonl.gz are the dev set (4,998
# articles, 15 MB), the others the training set (19,995 articles, 62 MB);
# text = title + text. Then the accuracy of the model on the dev set.
#
#   bash bench/classify.sh [RUNS]               # default model
#   TRAIN_FLAGS="--complement --uniform-priors" bash bench/classify.sh
#   TRAIN_FLAGS="--complement --uniform-priors --group-field source" bash bench/classify.sh
#
# With BASE=REF (bench/lib.sh) the classify runs use REF's model.
# KHABAR_DATA defaults to ../shared/data. The split files and the binary go
# to a temporary folder that is removed at the end.
source "$(dirname "$0")/lib.sh"
runs="${1:-3}"
src="$data/ant-multisource/train.jsonl.gz"
need "$src"
read -r -a train_flags <<<"${TRAIN_FLAGS:-}"
gzip -dc "$src" | awk 'NR % 5 != 0' >"$tmp/train.jsonl"
gzip -dc "$src" | awk 'NR % 5 == 0' >"$tmp/dev.jsonl"
machine
measure "train, 19,995 articles" "$runs" "$tmp/khabar" train -o "$tmp/m.model" --text-field title,text "${train_flags[@]}" "$tmp/train.jsonl"
# With BASE, both binaries classify the baseline's model: an older
# binary may not read the format a newer one writes.
if [ -n "${BASE:-}" ]; then
	"$tmp/base/khabar" train -o "$tmp/m.model" --text-field title,text "${train_flags[@]}" "$tmp/train.jsonl" >"$tmp/base-train.out" 2>&1
fi
measure "classify, 4,998 articles" "$runs" "$tmp/khabar" classify -m "$tmp/m.model" --text-field title,text "$tmp/dev.jsonl"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "model file: $(wc -c <"$tmp/m.model") bytes"
echo "khabar eval -m MODEL --test dev.jsonl:"
"$tmp/khabar" eval -m "$tmp/m.model" --text-field title,text --test "$tmp/dev.jsonl" | head -3
