#!/usr/bin/env bash
# Issue 12d's gate: NBSVM and NB-LR (Wang & Manning 2012) in scikit-learn
# on khabar's own tokens and folds, beside the naive Bayes figures of
# issues 12 and 15 (bench/peer_nbsvm.py says what each row is):
#
#   bash bench/peer-nbsvm.sh                 # both settings (slow: inner CV)
#   bash bench/peer-nbsvm.sh --skip-ant      # models/labels.tsv only
#   bash bench/peer-nbsvm.sh --skip-labels   # issue 4's ANT split only
#
# The same learner in Go: khabar train --learner nbsvm, and
#   bash bench/eval-cross-source.sh -learner nbsvm -tf log -length-norm -alpha 0.1 -complement=false
source "$(dirname "$0")/lib.sh"
need "$data/news-2013/articles.jsonl.gz"
need "$data/ant-multisource/train.jsonl.gz"
need_sklearn
machine
labeled_tokens
src="$data/ant-multisource/train.jsonl.gz"
"$tmp/khabar" tokens --ids --text-field title,text "$src" >"$tmp/ant_tokens.tsv"
gzip -dc "$src" | "$py" -c 'import sys, json; [print(json.loads(l)["label"]) for l in sys.stdin]' >"$tmp/ant_labels.txt"
"$py" bench/peer_nbsvm.py "$tmp/labeled.jsonl" "$tmp/tokens.tsv" "$tmp/ant_tokens.tsv" "$tmp/ant_labels.txt" "$@"
