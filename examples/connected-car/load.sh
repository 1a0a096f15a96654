#!/usr/bin/env bash
# A bounded load run on loopback: 20 000 requests of a 100-item page over 32 connections.
# Needs ab (Debian's apache2-utils); installs it when apt-get is available.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v ab >/dev/null || { apt-get update -qq && apt-get install -y -qq apache2-utils; }
cargo build --release -p connected-car
addr=127.0.0.1:18090
data=$(mktemp -d)
target/release/connected-car --addr "$addr" --data-dir "$data" &
server=$!
trap 'kill $server; rm -rf "$data"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null -H 'X-Fleet-Id: f1' "http://$addr/connectedcar/v2" && break; sleep 0.1; done
ab -k -n 20000 -c 32 -H 'X-Fleet-Id: f1' "http://$addr/connectedcar/v2/vehicles?offset=0&limit=100"
