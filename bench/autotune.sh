#!/usr/bin/env bash
# "khabar train --autotune" on the two shared corpora: its wall time, peak
# memory and the settings it chooses.
#
#   ANT: the training part of the issue-4 split (lines of
#        ant-multisource/train.jsonl.gz not divisible by 5: 19,995
#        articles), label field "label", text = title + text.
#   news-2013: every 4th article of articles.jsonl.gz whose RSS feed is a
#        topic (politics, accidents, egypt, world, mideast: 22,748
#        articles), label field "feed", text = title + text.
#
#   bash bench/autotune.sh                     # both corpora
#   AUTOTUNE_FLAGS="--autotune-metric macro-f1" bash bench/autotune.sh
#
# The table of settings tried goes to bench/out/autotune-CORPUS.tsv.
source "$(dirname "$0")/lib.sh"
read -r -a flags <<<"${AUTOTUNE_FLAGS:-}"
ant="$data/ant-multisource/train.jsonl.gz"
news="$data/news-2013/articles.jsonl.gz"
need "$ant"
need "$news"
mkdir -p bench/out
gzip -dc "$ant" | awk 'NR % 5 != 0' >"$tmp/ant.jsonl"
gzip -dc "$news" | grep -E '"feed": "(politics|accidents|egypt|world|mideast)"' | awk 'NR % 4 == 0' >"$tmp/news.jsonl"
machine
for corpus in ant news; do
	label=label
	[ "$corpus" = news ] && label=feed
	/usr/bin/time -v -o "$tmp/time" "$tmp/khabar" train --autotune "${flags[@]}" -o "$tmp/$corpus.khm" \
		--text-field title,text --label-field "$label" "$tmp/$corpus.jsonl" >"bench/out/autotune-$corpus.tsv" 2>"$tmp/err"
	wall=$(grep 'Elapsed (wall clock)' "$tmp/time" | awk '{print $NF}')
	user=$(grep 'User time' "$tmp/time" | awk '{print $NF}')
	rss=$(grep 'Maximum resident' "$tmp/time" | awk '{print $NF}')
	echo "$corpus ($(wc -l <"$tmp/$corpus.jsonl") articles): $wall wall, $user s user, $((rss / 1024)) MB peak RSS"
	grep 'autotune tried\|calibrated' "$tmp/err" || cat "$tmp/err"
done
