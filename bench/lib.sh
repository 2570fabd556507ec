# Shared parts of the bench scripts; source it from bench/*.sh.
#
# After sourcing: $data is the corpora folder ($KHABAR_DATA, default
# ../shared/data), $tmp a temporary folder removed on exit, $tmp/khabar a
# fresh build, and measure NAME RUNS CMD... runs CMD once to warm the page
# cache, then prints its wall time, user time and peak RSS RUNS times, its
# standard output written to a regular file ($tmp/out, as a user's
# "> file" would be: not /dev/null, which programs may treat apart). GNU
# time is installed with apt-get when missing.
#
# Baseline in the same run: with BASE=REF (a git commit, branch or tag),
# REF is built too, into $tmp/base/khabar, and every measure whose CMD
# starts with "$tmp/khabar" runs both binaries in turn, run after run
# (base, then this tree), so that the machine's load, which changes from
# minute to minute on a shared machine, weighs on both alike. The load
# average is printed before and after.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

data="${KHABAR_DATA:-$(cd .. && pwd)/shared/data}"

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
if [ -n "${BASE:-}" ]; then
	mkdir -p "$tmp/base/src"
	git archive "$BASE" | tar -x -C "$tmp/base/src"
	(cd "$tmp/base/src" && go build -o "$tmp/base/khabar" ./cmd/khabar)
	echo "baseline: $BASE ($(git rev-parse --short "$BASE")), this tree: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + changes')"
fi

need() {
	if [ ! -f "$1" ]; then
		echo "bench: $1 not found; set KHABAR_DATA" >&2
		exit 1
	fi
}

# need_sklearn sets py to the Python that has scikit-learn, or exits.
need_sklearn() {
	py=/usr/bin/python3
	if ! "$py" -c 'import sklearn' 2>/dev/null; then
		echo "bench: needs scikit-learn: apt-get install python3-sklearn" >&2
		exit 1
	fi
}

# labeled_tokens writes the labeled articles of models/labels.tsv with
# their texts to $tmp/labeled.jsonl (models/gen -export) and their tokens,
# as the default topic model's recipe makes them (stop words dropped), to
# $tmp/tokens.tsv.
labeled_tokens() {
	(cd models && KHABAR_DATA="$data" go run ./gen -export "$tmp/labeled.jsonl")
	"$tmp/khabar" tokens -q --ids --stopwords "$tmp/labeled.jsonl" >"$tmp/tokens.tsv"
}

machine() {
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# timed LABEL CMD... runs CMD once under GNU time, standard output to
# $tmp/out, and prints one line.
timed() {
	local label="$1"
	shift
	if ! /usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"; then
		echo "bench: $label failed:" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	wall=$(grep 'Elapsed (wall clock)' "$tmp/time" | awk '{print $NF}')
	user=$(grep 'User time' "$tmp/time" | awk '{print $NF}')
	rss=$(grep 'Maximum resident' "$tmp/time" | awk '{print $NF}')
	printf '%-44s %8s wall  %6s s user  %5d MB peak RSS  %s output\n' "$label" "$wall" "$user" $((rss / 1024)) "$(du -h "$tmp/out" | cut -f1)"
}

measure() {
	local name="$1" runs="$2"
	shift 2
	"$@" >"$tmp/out" 2>&1 || true
	for i in $(seq "$runs"); do
		if [ -n "${BASE:-}" ] && [ "$1" = "$tmp/khabar" ]; then
			timed "$name, base, run $i" "$tmp/base/khabar" "${@:2}"
		fi
		timed "$name, run $i" "$@"
	done
}
