#!/usr/bin/env bash
# khabar dedup --mem (the external-memory search, issue 17) against the
# in-memory search, on news-2013 at document level:
#
#   bench/dedup-mem.sh [RUNS] [MEM] [LEVEL] [FORMAT]
#
# For the first 20,000, the first 80,000 and all 175,015 articles (the
# slices gzip-compressed like the whole file), RUNS times (default 1), in
# turn: khabar dedup --level LEVEL (default document) --pairs in memory,
# then the same with --mem MEM (default 256MiB), standard output to
# regular files under GNU time -v; prints wall time, user and system CPU,
# peak RSS and the load average for each, and checks with cmp that the
# two outputs are the same bytes (the script fails otherwise). Documents
# are title + text. FORMAT members writes the cluster members (one line
# each) instead of --pairs, whose pairs at passage level are too many to
# hold in memory (5.7 GB for news-2013). Peak RSS is the issue's target:
# under 400 MB with --mem 256MiB on all of news-2013 at document level.
source "$(dirname "$0")/lib.sh"
runs="${1:-1}"
mem="${2:-256MiB}"
level="${3:-document}"
format=(--pairs)
[ "${4:-pairs}" = members ] && format=()
corpus="$data/news-2013/articles.jsonl.gz"
need "$corpus"
machine
for n in 20000 80000; do
	# head closes the pipe early: gzip's SIGPIPE is expected.
	(set +o pipefail; gzip -dc "$corpus" | head -n "$n" | gzip -1 >"$tmp/news$n.jsonl.gz")
done
fields=(--text-field title,text)

# run LABEL OUT CMD... runs CMD under GNU time, standard output to OUT,
# and prints one line.
run() {
	local label="$1" out="$2"
	shift 2
	if ! /usr/bin/time -v -o "$tmp/time" "$@" >"$out" 2>"$tmp/err"; then
		echo "bench: $label failed:" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	local wall user sys rss
	wall=$(grep 'Elapsed (wall clock)' "$tmp/time" | awk '{print $NF}')
	user=$(grep 'User time' "$tmp/time" | awk '{print $NF}')
	sys=$(grep 'System time' "$tmp/time" | awk '{print $NF}')
	rss=$(grep 'Maximum resident' "$tmp/time" | awk '{print $NF}')
	printf '%-36s %8s wall %7s s user %6s s sys %5d MB peak RSS  load %s\n' "$label" "$wall" "$user" "$sys" $((rss / 1024)) "$(cut -d' ' -f1 /proc/loadavg)"
}

for input in "$tmp/news20000.jsonl.gz" "$tmp/news80000.jsonl.gz" "$corpus"; do
	docs=$(gzip -dc "$input" | wc -l)
	for i in $(seq "$runs"); do
		run "$docs docs, in memory, run $i" "$tmp/mem0.out" "$tmp/khabar" dedup --level "$level" "${format[@]}" "${fields[@]}" "$input"
		run "$docs docs, --mem $mem, run $i" "$tmp/mem1.out" "$tmp/khabar" dedup --level "$level" "${format[@]}" --mem "$mem" "${fields[@]}" "$input"
		if ! cmp -s "$tmp/mem0.out" "$tmp/mem1.out"; then
			echo "bench: $docs docs: --mem $mem gives another output than the in-memory search" >&2
			exit 1
		fi
		echo "  same output, byte for byte ($(wc -l <"$tmp/mem1.out") lines)"
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
