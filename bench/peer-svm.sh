#!/usr/bin/env bash
# scikit-learn's tf-idf LinearSVC with word bigrams on khabar's tokens of
# the ANT corpus: the peer of the Accuracy table (bench/peer_svm.py).
#   bash bench/peer-svm.sh
source "$(dirname "$0")/lib.sh"
src="$data/ant-multisource/train.jsonl.gz"
need "$src"
need_sklearn
"$tmp/khabar" tokens --ids --text-field title,text "$src" >"$tmp/tokens.tsv"
gzip -dc "$src" | "$py" -c 'import sys, json; [print(json.loads(l)["label"]) for l in sys.stdin]' >"$tmp/labels.txt"
"$py" bench/peer_svm.py "$tmp/tokens.tsv" "$tmp/labels.txt"
