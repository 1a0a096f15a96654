#!/usr/bin/env bash
# A bounded load run on loopback: a 100-item page over 32 connections, three ways: plain,
# gzip-compressed, and revalidated with If-None-Match (304, no body).
# Needs ab (Debian's apache2-utils) and, for the compressed run, wrk: ab cannot read chunked
# bodies, and a compressed body is streamed in chunks. Installs both when apt-get is available.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v ab >/dev/null || { apt-get update -qq && apt-get install -y -qq apache2-utils; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -p connected-car
addr=127.0.0.1:18090
data=$(mktemp -d)
target/release/connected-car --addr "$addr" --data-dir "$data" &
server=$!
trap 'kill $server; rm -rf "$data"' EXIT
page="http://$addr/connectedcar/v2/vehicles?offset=0&limit=100"
for _ in $(seq 50); do curl -sf -o /dev/null -H 'X-Fleet-Id: f1' "$page" && break; sleep 0.1; done
etag=$(curl -sf -D - -o /dev/null -H 'X-Fleet-Id: f1' "$page" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
gzipped=$(curl -sf -H 'X-Fleet-Id: f1' -H 'Accept-Encoding: gzip' "$page" | wc -c)
summary() { grep -E '^(Complete requests|Failed requests|Non-2xx responses|Requests per second|Total transferred|HTML transferred)|^ +(50|99)%'; }
echo "== plain (ab, 20 000 requests)"
ab -k -n 20000 -c 32 -H 'X-Fleet-Id: f1' "$page" | summary
echo "== gzip (wrk, 10 s; the body is $gzipped bytes)"
wrk -t 2 -c 32 -d 10s --latency -H 'X-Fleet-Id: f1' -H 'Accept-Encoding: gzip' "$page" \
  | grep -E 'requests in|Requests/sec|Transfer/sec|Non-2xx|Socket errors|^ +(50|99)%'
echo "== If-None-Match $etag (ab, 20 000 requests)"
ab -k -n 20000 -c 32 -H 'X-Fleet-Id: f1' -H "If-None-Match: $etag" "$page" | summary
