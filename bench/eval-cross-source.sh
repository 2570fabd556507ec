#!/usr/bin/env bash
# How the default topic model's recipe generalizes to outlets and corpora
# it was not trained on (issue 12), from the hand-labeled articles of
# models/labels.tsv and their texts in $KHABAR_DATA:
#
#   bash bench/eval-cross-source.sh
#
# Prints the leave-one-outlet-out table (train on every other outlet of
# both corpora, test on the held-out one, macro-F1 over the topics it has;
# the summary line weights the outlets by their articles), then
# ANT → news-2013 over every label and news-2013 → ANT over the three
# topics news-2013 holds, each with its confusion matrix. Extra arguments
# go to models/gen (-alpha, -stem, -complement=false, ...).
source "$(dirname "$0")/lib.sh"
need "$data/news-2013/articles.jsonl.gz"
need "$data/ant-multisource/train.jsonl.gz"
machine
KHABAR_DATA="$data" go run ./models/gen -cross "$@"
