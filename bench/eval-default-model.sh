#!/usr/bin/env bash
# Accuracy of the default topic model's recipe by 5-fold cross-validation
# on its hand-labeled articles (models/labels.tsv), with khabar eval:
#
#   bench/eval-default-model.sh
#
# The labeled articles' texts are exported from $KHABAR_DATA to a temporary
# file (they are not kept in the project).
source "$(dirname "$0")/lib.sh"
need "$data/news-2013/articles.jsonl.gz"
need "$data/ant-multisource/train.jsonl.gz"
KHABAR_DATA="$data" go run ./models/gen -export "$tmp/labeled.jsonl"
# The flags are models.Recipe in full: khabar train's own default adds
# log tf, idf, length normalization, bigrams and a minimum count.
"$tmp/khabar" eval --folds 5 --complement --stopwords --alpha 0.5 --tf raw --idf=false --length-norm=false --ngrams 1 --min-count 0 "$tmp/labeled.jsonl"
