#!/usr/bin/env bash
# Serving measured against bare axum, on loopback, in alternating rounds: each round runs the
# demo and its baseline back to back, and the ratio of their rates is taken per round; the
# script prints every round and the median ratio. Ratios only: the machine is shared.
#
#   page     the demo's 100-vehicle page vs a bare axum server writing the same bytes
#   304      that page revalidated with If-None-Match vs the bare server's 304
#   gzip     the page with Accept-Encoding: gzip vs the bare server's bytes, compressed once
#   br       the same with Accept-Encoding: br
#   trivial  one handler through hal_axum::serve and its whole stack vs bare axum::serve
#
# Each run is bounded: wrk, one thread (the other core serves), 32 keep-alive connections,
# DURATION seconds (default 5). ROUNDS (default 3) rounds. Needs wrk (Debian's package;
# installed when apt-get is available).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
duration=${DURATION:-5}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p connected-car --bin connected-car --example serving_baseline
baseline=target/release/examples/serving_baseline
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT

wait_for() {
  for _ in $(seq 100); do curl -sf -o /dev/null -H 'X-Fleet-Id: f1' "$1" && return 0; sleep 0.1; done
  echo "nothing answers $1" >&2
  exit 1
}

demo=127.0.0.1:18090 bare=127.0.0.1:18091 stack=127.0.0.1:18092 trivial=127.0.0.1:18093
target/release/connected-car --addr "$demo" --data-dir "$work" 2>"$work/demo.log" &
pids+=($!)
page="/connectedcar/v2/vehicles?offset=0&limit=100"
wait_for "http://$demo$page"
curl -sf -H 'X-Fleet-Id: f1' -o "$work/page.json" "http://$demo$page"
etag=$(curl -sf -D - -o /dev/null -H 'X-Fleet-Id: f1' "http://$demo$page" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
curl -sf -H 'X-Fleet-Id: f1' -H 'Accept-Encoding: gzip' -o "$work/page.json.gz" "http://$demo$page"
curl -sf -H 'X-Fleet-Id: f1' -H 'Accept-Encoding: br' -o "$work/page.json.br" "http://$demo$page"
"$baseline" page --addr "$bare" --body "$work/page.json" --etag "$etag" --gzip "$work/page.json.gz" --br "$work/page.json.br" &
pids+=($!)
"$baseline" trivial --addr "$stack" --stack 2>/dev/null &
pids+=($!)
"$baseline" trivial --addr "$trivial" &
pids+=($!)
wait_for "http://$bare/"
wait_for "http://$stack/"
wait_for "http://$trivial/"
echo "page: $(wc -c <"$work/page.json") bytes, gzip $(wc -c <"$work/page.json.gz"), br $(wc -c <"$work/page.json.br"), ETag $etag"

# Requests per second of one bounded wrk run; fails on socket errors or unexpected statuses.
rate() {
  local output
  output=$(wrk -t 1 -c 32 -d "${duration}s" -H 'X-Fleet-Id: f1' "$@")
  if grep -qE 'Socket errors|Non-2xx' <<<"$output"; then
    echo "wrk $*: errors" >&2
    echo "$output" >&2
    exit 1
  fi
  awk '/Requests\/sec/ {print $2}' <<<"$output"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

declare -A ratios
for round in $(seq "$rounds"); do
  for case in page 304 gzip br trivial; do
    case $case in
      page) ours=$(rate "http://$demo$page"); theirs=$(rate "http://$bare$page") ;;
      304)
        ours=$(rate -H "If-None-Match: $etag" "http://$demo$page")
        theirs=$(rate -H "If-None-Match: $etag" "http://$bare$page") ;;
      gzip)
        ours=$(rate -H 'Accept-Encoding: gzip' "http://$demo$page")
        theirs=$(rate -H 'Accept-Encoding: gzip' "http://$bare$page") ;;
      br)
        ours=$(rate -H 'Accept-Encoding: br' "http://$demo$page")
        theirs=$(rate -H 'Accept-Encoding: br' "http://$bare$page") ;;
      trivial) ours=$(rate "http://$stack/"); theirs=$(rate "http://$trivial/") ;;
    esac
    ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN {printf "%.3f", a / b}')
    ratios[$case]+="$ratio "
    printf 'round %d %-8s ours %10.0f req/s  bare %10.0f req/s  ratio %s\n' "$round" "$case" "$ours" "$theirs" "$ratio"
  done
done
echo "== median ratios over $rounds rounds (ours / bare)"
for case in page 304 gzip br trivial; do
  printf '%-8s %s\n' "$case" "$(tr ' ' '\n' <<<"${ratios[$case]}" | grep . | median)"
done
