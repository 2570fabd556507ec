#!/usr/bin/env bash
# Whole-process wall time and peak memory of khabar dedup on news-2013:
#
#   bench/dedup.sh [RUNS]
#
# measures, RUNS times each (default 3), with the report written to
# /dev/null (tab-separated members, as for any non-terminal):
#   1. document level on the first 20,000 documents (target < 1 s)
#   2. document level on all 175,015 documents (target < 10 s, < 1 GB)
#   3. passage level on all documents
#   4. document level with SimHash on all documents
# Documents are title + text. The corpus comes from $KHABAR_DATA (default
# ../shared/data). Uses GNU time (/usr/bin/time -v), installed with apt-get
# when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-3}"
data="${KHABAR_DATA:-$(cd .. && pwd)/shared/data}"
corpus="$data/news-2013/articles.jsonl.gz"
if [ ! -f "$corpus" ]; then
	echo "bench: $corpus not found; set KHABAR_DATA" >&2
	exit 1
fi

if ! /usr/bin/time -V 2>&1 | grep -q GNU; then
	echo "bench: installing GNU time" >&2
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -qq >/dev/null
	$sudo apt-get install -y -qq time >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/khabar" ./cmd/khabar
# head closes the pipe early: gzip's SIGPIPE is expected.
(set +o pipefail; gzip -dc "$corpus" | head -n 20000 >"$tmp/news20k.jsonl")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() {
	local name="$1"
	shift
	for i in $(seq "$runs"); do
		/usr/bin/time -v -o "$tmp/time" "$@" >/dev/null
		wall=$(grep 'Elapsed (wall clock)' "$tmp/time" | awk '{print $NF}')
		user=$(grep 'User time' "$tmp/time" | awk '{print $NF}')
		rss=$(grep 'Maximum resident' "$tmp/time" | awk '{print $NF}')
		printf '%-34s run %d: %8s wall  %6s s user  %5d MB peak RSS\n' "$name" "$i" "$wall" "$user" $((rss / 1024))
	done
}

fields=(--text-field title,text)
measure "document level, first 20,000" "$tmp/khabar" dedup --level document "${fields[@]}" "$tmp/news20k.jsonl"
measure "document level, all 175,015" "$tmp/khabar" dedup --level document "${fields[@]}" "$corpus"
measure "passage level, all 175,015" "$tmp/khabar" dedup "${fields[@]}" "$corpus"
measure "document level simhash, all" "$tmp/khabar" dedup --level document --method simhash "${fields[@]}" "$corpus"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
