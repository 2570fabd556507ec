#!/usr/bin/env bash
# memcap.sh MB CMD...: runs CMD and kills it (and every process it
# started) as soon as their summed resident memory goes above MB
# megabytes, for runs on a shared machine that must not take more than
# their share; exits with CMD's status, or 137 after a kill, saying so
# on standard error. The memory is sampled every half second: a burst
# shorter than that can pass the cap.
set -uo pipefail
cap=$1
shift
"$@" &
pid=$!
tree() {
	local p
	for p in $(pgrep -P "$1"); do
		echo "$p"
		tree "$p"
	done
}
while kill -0 "$pid" 2>/dev/null; do
	kb=0
	for p in $pid $(tree "$pid"); do
		r=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null)
		kb=$((kb + ${r:-0}))
	done
	if [ "$kb" -gt $((cap * 1024)) ]; then
		echo "memcap: $((kb / 1024)) MB resident, above the cap of $cap MB: killed $*" >&2
		kill -9 $(tree "$pid") "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		exit 137
	fi
	sleep 0.5
done
wait "$pid"
