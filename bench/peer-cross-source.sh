#!/usr/bin/env bash
# The cross-source figures of issue 12 for the default topic model's recipe
# re-implemented in Python and for scikit-learn's linear models on the same
# tokens and folds (bench/peer_cross_source.py):
#
#   bash bench/peer-cross-source.sh              # the recipe and the linear peers
#   bash bench/peer-cross-source.sh --variants   # the recipe and the naive Bayes variants tried
#
# Exports the labeled articles of models/labels.tsv with their texts
# (models/gen -export), tokenizes them as the recipe does (stop words
# dropped), and prints one table row per model; the per-outlet figures go
# to standard error.
source "$(dirname "$0")/lib.sh"
need "$data/news-2013/articles.jsonl.gz"
need "$data/ant-multisource/train.jsonl.gz"
need_sklearn
machine
labeled_tokens
"$py" bench/peer_cross_source.py "$tmp/labeled.jsonl" "$tmp/tokens.tsv" "$@"
