#!/usr/bin/env bash
# Over-splitting on real pages held out of every fit: the articles of
# news-2013 and ant-multisource that are NOT in models/labels.tsv (which the
# default model, the boundary weights and the page generator are fitted
# on), one in MOD of them chosen by a seeded hash of their ids (bench/
# oversplit; default seed 11, MOD 8: 24,497 pages), each a page of one
# article, analyzed by "khabar analyze --json --text-field title,text".
# Prints per corpus the share of pages cut into two or more articles (a
# page should be cut only when it really holds several stories: digests,
# press reviews, related stories appended to a page); with SHOW=N, N of the
# split pages, chosen by another seeded hash before anyone reads them,
# with the cut lines marked, to read.
#
#   bash bench/oversplit.sh
#   BASE=REF SHOW=30 bash bench/oversplit.sh   # REF's khabar on the same pages first
#   SEED=12 MOD=8 bash bench/oversplit.sh      # another sample
source "$(dirname "$0")/lib.sh"
need "$data/news-2013/articles.jsonl.gz"
need "$data/ant-multisource/train.jsonl.gz"
machine
seed="${SEED:-11}"
go run ./bench/oversplit sample -seed "$seed" -mod "${MOD:-8}" "$data" >"$tmp/sample.jsonl"
echo "sample: $(wc -l <"$tmp/sample.jsonl") pages (seed $seed, one in ${MOD:-8})"
for bin in ${BASE:+base} this; do
	k="$tmp/khabar"
	[ "$bin" = base ] && k="$tmp/base/khabar"
	"$k" analyze --json --text-field title,text "$tmp/sample.jsonl" >"$tmp/$bin.jsonl"
	echo "== $bin"
	go run ./bench/oversplit count -seed "$seed" -show "${SHOW:-0}" "$tmp/sample.jsonl" "$tmp/$bin.jsonl"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
