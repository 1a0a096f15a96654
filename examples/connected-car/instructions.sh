#!/usr/bin/env bash
# Instructions the serving path spends per request, counted by callgrind: repeatable whatever
# else the machine is doing, where load.sh's rates are not. For each case, the server runs under
# valgrind, takes 2 000 keep-alive requests to warm up, then its counters are zeroed and 20 000
# more are counted (ab, 8 connections, loopback).
#
#   trivial      one handler through hal_axum::serve and its whole stack
#   bare         the same handler through bare axum::serve
#   304          the demo's 100-vehicle page revalidated with If-None-Match
#   bare-304     the bare page server's 304
#
# Prints one line per case. Needs valgrind and ab (Debian's apache2-utils; installed when
# apt-get is available). Each case takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v ab >/dev/null || { apt-get update -qq && apt-get install -y -qq apache2-utils; }
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }
cargo build --release -p connected-car --bin connected-car --example serving_baseline
baseline=target/release/examples/serving_baseline
work=$(mktemp -d)
trap 'pkill -f "callgrind-out-file=$work" 2>/dev/null; rm -rf "$work"' EXIT
requests=20000

# count NAME URL [ab options...] -- SERVER COMMAND...
count() {
  local name=$1 url=$2 options=() pid total
  shift 2
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  valgrind --tool=callgrind --callgrind-out-file="$work/$name" "$@" >/dev/null 2>&1 &
  for _ in $(seq 120); do
    curl -sf -o /dev/null -H 'X-Fleet-Id: f1' "$url" && break
    sleep 0.5
  done
  pid=$(pgrep -f "callgrind-out-file=$work/$name")
  ab -q -k -n 2000 -c 8 "${options[@]}" "$url" >/dev/null
  callgrind_control -z "$pid" >/dev/null 2>&1
  ab -q -k -n "$requests" -c 8 "${options[@]}" "$url" >/dev/null
  callgrind_control -d "$pid" >/dev/null 2>&1
  sleep 2
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  total=$(awk '/^summary:/ {print $2}' "$work/$name".*)
  printf '%-9s %7d instructions per request\n' "$name" $((total / requests))
}

page="/connectedcar/v2/vehicles?offset=0&limit=100"
count trivial "http://127.0.0.1:18190/" -- "$baseline" trivial --addr 127.0.0.1:18190 --stack
count bare "http://127.0.0.1:18191/" -- "$baseline" trivial --addr 127.0.0.1:18191
# The page's tag, from a plain run of the demo.
target/release/connected-car --addr 127.0.0.1:18192 --data-dir "$work" >/dev/null 2>&1 &
demo=$!
for _ in $(seq 100); do curl -sf -o /dev/null -H 'X-Fleet-Id: f1' "http://127.0.0.1:18192$page" && break; sleep 0.1; done
etag=$(curl -sf -D - -o /dev/null -H 'X-Fleet-Id: f1' "http://127.0.0.1:18192$page" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
kill "$demo"
wait "$demo" 2>/dev/null || true
mkdir -p "$work/data"
count 304 "http://127.0.0.1:18193$page" -H 'X-Fleet-Id: f1' -H "If-None-Match: $etag" -- \
  target/release/connected-car --addr 127.0.0.1:18193 --data-dir "$work/data"
count bare-304 "http://127.0.0.1:18194$page" -H 'X-Fleet-Id: f1' -H "If-None-Match: $etag" -- \
  "$baseline" page --addr 127.0.0.1:18194 --body /dev/null --etag "$etag"
