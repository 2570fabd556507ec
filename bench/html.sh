#!/usr/bin/env bash
# Cost of the HTML report of khabar dedup on all of news-2013 at document
# level (title + text):
#
#   bench/html.sh [RUNS]
#
# prints, RUNS times each (default 3), the wall time and peak RSS of the
# run without a report file (tab-separated members) and with --html, the
# size of the report and of its clusters' own text, and the time headless
# Chromium takes from navigation to the first page of clusters drawn
# (BenchmarkBrowserOpen, 3 loads). Needs chromium (apt-get install -y
# chromium).
source "$(dirname "$0")/lib.sh"
runs="${1:-3}"
corpus="$data/news-2013/articles.jsonl.gz"
need "$corpus"
machine
args=(dedup --level document --text-field title,text "$corpus")
measure "document level, no report file" "$runs" "$tmp/khabar" "${args[@]}"
measure "document level, --html" "$runs" "$tmp/khabar" "${args[@]}" --html "$tmp/news.html"
"$tmp/khabar" "${args[@]}" --json >"$tmp/news.jsonl"
clusters=$(wc -l <"$tmp/news.jsonl")
text=$(grep -o '"start":[0-9]*,"end":[0-9]*' "$tmp/news.jsonl" | awk -F'[:,]' '{s += $4 - $2} END {print s}')
size=$(stat -c %s "$tmp/news.html")
echo "report: $size bytes for $clusters clusters whose members hold $text bytes of text ($(awk -v a="$size" -v b="$text" 'BEGIN {printf "%.2f", a / b}')x)"
KHABAR_HTML_REPORT="$tmp/news.html" go test ./internal/htmlreport -run '^$' -bench BrowserOpen -benchtime 3x >"$tmp/open.txt"
grep BrowserOpen "$tmp/open.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
