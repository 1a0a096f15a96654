#!/usr/bin/env python3
"""Measures how the demo holds up against hostile clients, on loopback only.

    examples/connected-car/hostile-clients.py [BINARY [SERVICE-ARGUMENTS...]]

BINARY defaults to target/release/connected-car (build it with
`cargo build --release -p connected-car`); SERVICE-ARGUMENTS are passed to every start of the
service (`--max-connections 4096`, say). Three measurements, each bounded in count and time:

- descriptors: the service over TLS with `ulimit -n 1024`, 1 100 TCP connections that never
  start a handshake; is the process alive afterwards, and does it serve a real client?
- slow client: one header byte every 0.25 s (a 32 s request); seconds until the service closes
  the connection, and whether it answered.
- idle flood: resident memory before and while 2 000 connections sit with partial headers.

Standard library only; prints one line per measurement.
"""

import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/connected-car")
EXTRA = sys.argv[2:]
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start(args, max_files):
    """Starts the service under `ulimit -n max_files`; returns (process, port)."""
    port = free_port()
    data = tempfile.mkdtemp()
    command = ["bash", "-c", f'ulimit -n {max_files} && exec "$0" "$@"', BINARY,
               "--addr", f"{HOST}:{port}", "--data-dir", data, *args, *EXTRA]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the service did not start")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_connections(port, count, first_bytes=b""):
    held = []
    for _ in range(count):
        try:
            s = socket.create_connection((HOST, port), timeout=2)
            if first_bytes:
                s.sendall(first_bytes)
            held.append(s)
        except OSError:
            break
    return held


def descriptors(certs):
    tls = ["--tls-cert", f"{certs}/server.pem", "--tls-key", f"{certs}/server.key",
           "--client-ca", f"{certs}/ca.pem"]
    process, port = start(tls, 1024)
    held = open_connections(port, 1100)
    time.sleep(3)
    alive = process.poll() is None
    for s in held:
        s.close()
    served = False
    if alive:
        context = ssl.create_default_context(cafile=f"{certs}/ca.pem")
        context.load_cert_chain(f"{certs}/client-f1.pem", f"{certs}/client-f1.key")
        deadline = time.time() + 15
        while not served and time.time() < deadline:
            try:
                with socket.create_connection((HOST, port), timeout=3) as raw:
                    with context.wrap_socket(raw, server_hostname="localhost") as s:
                        s.sendall(b"GET /connectedcar/v2 HTTP/1.1\r\nHost: localhost\r\n"
                                  b"Connection: close\r\n\r\n")
                        served = s.recv(64).startswith(b"HTTP/1.1 200")
            except OSError:
                time.sleep(0.5)
    process.kill()
    process.wait()
    print(f"descriptors: {len(held)} connections opened; alive after: {alive}; "
          f"served a client after: {served}")


def slow_client():
    process, port = start([], 1024)
    request = b"GET /connectedcar/v2 HTTP/1.1\r\nHost: x\r\nX-Fleet-Id: f1\r\nX-Pad: " \
        + b"a" * 81 + b"\r\n\r\n"
    s = socket.create_connection((HOST, port), timeout=2)
    started = time.time()
    closed_after, answered = None, False
    for byte in request:
        try:
            s.sendall(bytes([byte]))
        except OSError:
            closed_after = time.time() - started
            break
        time.sleep(0.25)
    s.settimeout(10)
    try:
        answer = s.recv(64)
        answered = answer.startswith(b"HTTP/1.1 200")
        if closed_after is None:
            closed_after = time.time() - started
    except OSError:
        closed_after = closed_after or time.time() - started
    s.close()
    process.kill()
    process.wait()
    print(f"slow client: the request would take {len(request) * 0.25:.0f} s; "
          f"connection ended after {closed_after:.1f} s; answered: {answered}")


def idle_flood():
    process, port = start([], 8192)
    time.sleep(0.5)
    before = rss_kib(process.pid)
    held = open_connections(port, 2000, b"GET /connectedcar/v2 HTTP/1.1\r\nHost")
    time.sleep(3)
    during = rss_kib(process.pid)
    still_open = 0
    for s in held:
        s.setblocking(False)
        try:
            still_open += s.recv(1) != b""
        except BlockingIOError:
            still_open += 1
        except OSError:
            pass
    time.sleep(12)
    later_open = 0
    for s in held:
        try:
            later_open += s.recv(1) != b""
        except BlockingIOError:
            later_open += 1
        except OSError:
            pass
        s.close()
    process.kill()
    process.wait()
    print(f"idle flood: {len(held)} connections; RSS {before} KiB before, {during} KiB after 3 s; "
          f"open after 3 s: {still_open}, after 15 s: {later_open}")


def main():
    with tempfile.TemporaryDirectory() as certs:
        subprocess.run([BINARY, "dev-certs", "--out", certs], check=True,
                       stdout=subprocess.DEVNULL)
        descriptors(certs)
    slow_client()
    idle_flood()


if __name__ == "__main__":
    main()
