#!/usr/bin/env bash
# Whole-process wall time and peak memory of "khabar train" and "khabar
# classify" on the ANT corpus split of issue 4: the documents on lines
# divisible by 5 of ant-multisource/train.jsonl.gz are the dev set (4,998
# articles, 15 MB), the others the training set (19,995 articles, 62 MB);
# text = title + text. Then the accuracy of the model on the dev set.
#
#   bash bench/classify.sh                      # default model
#   TRAIN_FLAGS="--complement --uniform-priors" bash bench/classify.sh
#
# KHABAR_DATA defaults to ../shared/data. The split files and the binary go
# to a temporary folder that is removed at the end. Each command runs
# RUNS times (default 3) after one warm-up run; every run is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

data="${KHABAR_DATA:-$(cd .. && pwd)/shared/data}"
src="$data/ant-multisource/train.jsonl.gz"
runs="${RUNS:-3}"
read -r -a train_flags <<<"${TRAIN_FLAGS:-}"
if [ ! -f "$src" ]; then
	echo "bench: $src not found (set KHABAR_DATA)" >&2
	exit 1
fi
if ! /usr/bin/time -v true >/dev/null 2>&1; then
	echo "bench: installing GNU time" >&2
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get install -y time >/dev/null
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/khabar" ./cmd/khabar
gzip -dc "$src" | awk 'NR % 5 != 0' >"$tmp/train.jsonl"
gzip -dc "$src" | awk 'NR % 5 == 0' >"$tmp/dev.jsonl"

# measure NAME COMMAND...: prints wall time and peak RSS of each run.
measure() {
	local name=$1
	shift
	"$@" >/dev/null 2>&1 # warm-up: page cache
	for i in $(seq "$runs"); do
		/usr/bin/time -v "$@" >/dev/null 2>"$tmp/time.txt" || {
			cat "$tmp/time.txt" >&2
			exit 1
		}
		awk -v name="$name" -F': ' '
			/Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
			/Maximum resident set size/ { rss = $2 / 1024 }
			END { printf "%-9s wall %5.2f s   peak RSS %4.0f MB\n", name, wall, rss }' "$tmp/time.txt"
	done
}

echo "khabar train -o MODEL --text-field title,text ${train_flags[*]} train.jsonl (19,995 articles)"
measure train "$tmp/khabar" train -o "$tmp/m.model" --text-field title,text "${train_flags[@]}" "$tmp/train.jsonl"
echo "khabar classify -m MODEL --text-field title,text dev.jsonl (4,998 articles, model load included)"
measure classify "$tmp/khabar" classify -m "$tmp/m.model" --text-field title,text "$tmp/dev.jsonl"
echo "model file: $(wc -c <"$tmp/m.model") bytes"
echo "khabar eval -m MODEL --test dev.jsonl:"
"$tmp/khabar" eval -m "$tmp/m.model" --text-field title,text --test "$tmp/dev.jsonl" | head -3
