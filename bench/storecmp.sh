#!/usr/bin/env bash
# The storage comparison behind the persistent index (issue 17):
#
#   bench/storecmp.sh [BATCH]
#
# builds bench/storecmp (its own module: bbolt and pebble are not in the
# khabar module) and, for bbolt with one B+tree of band entries, bbolt with
# one nested bucket of sorted band entries per batch, and pebble, adds the
# first 173,015 articles of news-2013 (title + text, document level, word
# 3-grams, 128 hashes, 16 bands of 6 rows) in batches of BATCH documents
# (default 20,000), each batch one transaction synced to disk, then looks
# up the candidates of the last 2,000 and verifies them with the stored
# shingle sets. Prints the program's own line (add, sign and database time;
# query time, candidates, pairs; disk size) and GNU time's wall, user time
# and peak RSS.
source "$(dirname "$0")/lib.sh"
batch="${1:-20000}"
corpus="$data/news-2013/articles.jsonl.gz"
need "$corpus"
(cd bench/storecmp && go build -o "$tmp/storecmp" .)
machine
for e in bbolt bbolt-runs pebble; do
	/usr/bin/time -v -o "$tmp/time" "$tmp/storecmp" -engine "$e" -batch "$batch" -hold 2000 -dir "$tmp/$e" "$corpus" >"$tmp/out"
	cat "$tmp/out"
	echo "  wall $(grep Elapsed "$tmp/time" | awk '{print $NF}'), user $(grep 'User time' "$tmp/time" | awk '{print $NF}') s, peak RSS $(($(grep Maximum "$tmp/time" | awk '{print $NF}') / 1024)) MB"
	rm -rf "$tmp/$e"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
