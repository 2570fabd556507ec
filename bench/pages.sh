#!/usr/bin/env bash
# The page benchmark (package internal/analyze/pagegen): pages generated from
# the labeled articles of models/labels.tsv (whatever it holds), read from
# $KHABAR_DATA, split and labeled by khabar analyze, by 5-fold
# cross-validation over the label file (no topic model or boundary weight
# sees the articles of the pages it is measured on):
#
#   bench/pages.sh            # the README's figures: 5 folds, 2,000 pages asked per fold to fit, 1,000 to measure
#   bench/pages.sh fit        # print the weights fitted on all labeled articles
#                             # (paste them into analyze.DefaultWeights) and
#                             # write their trees to internal/analyze/tree.go
#   bench/pages.sh -fold 0 -errors 20   # show wrongly split pages of fold 0
#   bench/pages.sh -plain     # the pages of before December 2026 (no structured
#                             # articles, related headlines inside articles or
#                             # broken paragraphs), to compare with older figures
#
# Other arguments go to the pagebench command (-folds, -fit-pages,
# -test-pages, -seed, -min-tokens). Prints the figures, wall time and peak RSS.
source "$(dirname "$0")/lib.sh"
need "$data/news-2013/articles.jsonl.gz"
need "$data/ant-multisource/train.jsonl.gz"
machine
go build -o "$tmp/pagebench" ./internal/analyze/pagegen/pagebench
if [ "${1:-}" = fit ]; then
	shift
	set -- -fit -trees "$PWD/internal/analyze/tree.go" "$@"
fi
KHABAR_DATA="$data" /usr/bin/time -v -o "$tmp/time" "$tmp/pagebench" "$@" | tee "$tmp/out"
echo "wall $(grep 'Elapsed (wall clock)' "$tmp/time" | awk '{print $NF}'), peak RSS $(($(grep 'Maximum resident' "$tmp/time" | awk '{print $NF}') / 1024)) MB"
