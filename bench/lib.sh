# Shared parts of the bench scripts; source it from bench/*.sh.
#
# After sourcing: $data is the corpora folder ($KHABAR_DATA, default
# ../shared/data), $tmp a temporary folder removed on exit, $tmp/khabar a
# fresh build, and measure NAME RUNS CMD... runs CMD once to warm the page
# cache, then prints its wall time, user time and peak RSS (output to
# /dev/null) RUNS times. GNU time is installed with apt-get when missing.
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

need() {
	if [ ! -f "$1" ]; then
		echo "bench: $1 not found; set KHABAR_DATA" >&2
		exit 1
	fi
}

machine() {
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

measure() {
	local name="$1" runs="$2"
	shift 2
	"$@" >/dev/null 2>&1 || true
	for i in $(seq "$runs"); do
		if ! /usr/bin/time -v -o "$tmp/time" "$@" >/dev/null; then
			echo "bench: $name failed" >&2
			exit 1
		fi
		wall=$(grep 'Elapsed (wall clock)' "$tmp/time" | awk '{print $NF}')
		user=$(grep 'User time' "$tmp/time" | awk '{print $NF}')
		rss=$(grep 'Maximum resident' "$tmp/time" | awk '{print $NF}')
		printf '%-34s run %d: %8s wall  %6s s user  %5d MB peak RSS\n' "$name" "$i" "$wall" "$user" $((rss / 1024))
	done
}
