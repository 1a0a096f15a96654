//! The serving loop over real sockets, driven as a hostile client would: slow and idle
//! connections, oversized requests, a panicking handler, a connection flood, HTTP/2, shutdown.
//! Timeouts are set short here; every test is bounded in time.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::{get, post};
use hal_axum::JsonBody;
use hal_axum::serve::{ServeConfig, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

fn app() -> Router {
    Router::new()
        .route("/", get(|| async { "hello" }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(600)).await;
                "finished"
            }),
        )
        .route("/panic", get(panics))
        .route(
            "/books/{isbn}",
            get(|| async { hal_axum::ApiError::not_found("no such book") }),
        )
        .route(
            "/echo",
            post(|JsonBody(value): JsonBody<serde_json::Value>| async move { value.to_string() }),
        )
}

async fn panics() -> &'static str {
    panic!("secret internals")
}

fn short() -> ServeConfig {
    ServeConfig::default()
        .with_header_read_timeout(Duration::from_millis(800))
        .with_idle_timeout(Duration::from_millis(800))
        .with_body_read_timeout(Duration::from_millis(800))
        .with_max_body_bytes(1024)
        .with_max_uri_bytes(256)
        .with_max_header_bytes(1024)
        .with_max_header_fields(20)
        .with_drain_timeout(Duration::from_secs(5))
}

/// Serves `app()` with `config`; dropping the sender shuts it down.
async fn start(
    config: ServeConfig,
) -> (SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        serve(listener, app(), config, async {
            let _ = stopped.await;
        })
        .await
        .unwrap();
    });
    (addr, stop, server)
}

/// Reads until the server closes the connection (or `limit` passes): what it sent, and when.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Option<Duration>) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((started + limit).into(), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                return (
                    String::from_utf8_lossy(&received).into_owned(),
                    Some(started.elapsed()),
                );
            }
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => return (String::from_utf8_lossy(&received).into_owned(), None),
        }
    }
}

/// Sends `request` on a kept-alive connection and reads what arrives first (one small response).
async fn send_and_read(stream: &mut TcpStream, request: &[u8]) -> String {
    stream.write_all(request).await.unwrap();
    let mut buffer = [0u8; 1024];
    let n = stream.read(&mut buffer).await.unwrap();
    String::from_utf8_lossy(&buffer[..n]).into_owned()
}

/// Sends `request` and reads one response's head and body, assuming `Content-Length`.
async fn exchange(addr: SocketAddr, request: &[u8]) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let (text, _) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    parse_response(&text)
}

fn parse_response(text: &str) -> (u16, String, String) {
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_owned())
}

/// Sends `request` one byte every 50 ms until the server closes the connection (or 6 s
/// pass): what the server sent, and how long after the first byte it closed.
async fn trickle_until_closed(stream: TcpStream, request: Vec<u8>) -> (String, Option<Duration>) {
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for byte in request {
            if writer.write_all(&[byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let started = Instant::now();
    let mut received = Vec::new();
    let closed =
        tokio::time::timeout(Duration::from_secs(6), reader.read_to_end(&mut received)).await;
    trickle.abort();
    (
        String::from_utf8_lossy(&received).into_owned(),
        closed.is_ok().then(|| started.elapsed()),
    )
}

#[tokio::test]
async fn a_client_trickling_its_headers_is_cut_off() {
    let (addr, _stop, _) = start(short()).await;
    let stream = TcpStream::connect(addr).await.unwrap();
    // The whole request would take 4.5 s.
    let request = format!(
        "GET / HTTP/1.1\r\nhost: x\r\nx-slow: {}\r\n\r\n",
        "a".repeat(60)
    );
    let (text, closed_after) = trickle_until_closed(stream, request.into_bytes()).await;
    let closed_after = closed_after.expect("the trickling connection stayed open");
    assert!(
        !text.contains("hello"),
        "the slow request was answered: {text}"
    );
    assert!(
        closed_after < Duration::from_secs(3),
        "closed after {closed_after:?}"
    );
}

#[tokio::test]
async fn the_next_request_trickling_its_headers_is_cut_off_too() {
    // The idle timeout is long: the header-read timeout, counted from the next request's
    // first byte, is what closes the connection.
    let config = short().with_idle_timeout(Duration::from_secs(30));
    let (addr, _stop, _) = start(config).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let first = send_and_read(&mut stream, b"GET / HTTP/1.1\r\nhost: x\r\n\r\n").await;
    assert!(first.ends_with("hello"), "{first}");
    // Quiet for longer than the header-read timeout: that is idleness, not a slow head.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let request = format!(
        "GET / HTTP/1.1\r\nhost: x\r\nx-slow: {}\r\n\r\n",
        "a".repeat(30)
    );
    let (text, closed_after) = trickle_until_closed(stream, request.into_bytes()).await;
    let closed_after = closed_after.expect("the trickling connection stayed open");
    assert!(text.is_empty(), "the slow request was answered: {text}");
    assert!(
        closed_after >= Duration::from_millis(600) && closed_after < Duration::from_secs(3),
        "closed after {closed_after:?}"
    );
}

#[tokio::test]
async fn a_slow_body_is_not_a_slow_head() {
    // The body arrives over 1.2 s, longer than the header-read timeout, each chunk well
    // within the body's own timeout.
    let (addr, _stop, _) = start(short()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 12\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    for part in [&b"[1, "[..], b"2, ", b"3, ", b"4]"] {
        tokio::time::sleep(Duration::from_millis(300)).await;
        stream.write_all(part).await.unwrap();
    }
    let (text, _) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    let (status, _, body) = parse_response(&text);
    assert_eq!((status, body.as_str()), (200, "[1,2,3,4]"), "{text}");
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed() {
    let (addr, _stop, _) = start(short()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let (_, closed_after) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    let closed_after = closed_after.expect("the silent connection stayed open");
    assert!(closed_after < Duration::from_secs(3), "{closed_after:?}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    // The header timeout is long, so that the idle timeout is what closes the connection.
    let config = short().with_header_read_timeout(Duration::from_secs(30));
    let (addr, _stop, _) = start(config).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let first = send_and_read(&mut stream, b"GET / HTTP/1.1\r\nhost: x\r\n\r\n").await;
    assert!(first.ends_with("hello"), "{first}");
    // The connection is kept alive, then closed once idle.
    let idle_since = Instant::now();
    let (_, closed_after) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    let closed_after = closed_after.expect("the idle connection stayed open");
    assert!(
        closed_after >= Duration::from_millis(500) && closed_after < Duration::from_secs(3),
        "closed after {closed_after:?} (idle since {:?})",
        idle_since.elapsed()
    );
}

#[tokio::test]
async fn a_request_in_progress_does_not_count_as_idle() {
    // The handler takes 600 ms, three idle timeouts: the connection must stay usable after it.
    let config = short().with_idle_timeout(Duration::from_millis(200));
    let (addr, _stop, _) = start(config).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let first = send_and_read(&mut stream, b"GET /slow HTTP/1.1\r\nhost: x\r\n\r\n").await;
    assert!(first.ends_with("finished"), "{first}");
    assert!(
        !first.to_ascii_lowercase().contains("connection: close"),
        "{first}"
    );
    stream
        .write_all(b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let (second, _) = read_until_closed(&mut stream, Duration::from_secs(3)).await;
    assert!(
        second.ends_with("hello"),
        "the kept-alive connection was closed: {second:?}"
    );
}

#[tokio::test]
async fn an_announced_body_over_the_limit_is_refused_before_it_is_sent() {
    let (addr, _stop, _) = start(short()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 3000000\r\n\r\n{\"a\":")
        .await
        .unwrap();
    let (text, closed_after) = read_until_closed(&mut stream, Duration::from_secs(3)).await;
    assert!(closed_after.is_some(), "the connection stayed open: {text}");
    let (status, head, body) = parse_response(&text);
    assert_eq!(status, 413, "{text}");
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    assert!(head.contains("connection: close"), "{head}");
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (problem["status"].as_u64(), problem["maxBytes"].as_u64()),
        (Some(413), Some(1024))
    );
}

#[tokio::test]
async fn a_streamed_body_over_the_limit_is_a_413_problem() {
    let (addr, _stop, _) = start(short()).await;
    let chunk = format!("{:x}\r\n\"{}\"\r\n", 2002, "a".repeat(2000));
    let request = format!(
        "POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n{chunk}0\r\n\r\n"
    );
    let (status, head, body) = exchange(addr, request.as_bytes()).await;
    assert_eq!(status, 413, "{head}{body}");
    assert!(head.contains("application/problem+json"), "{head}");
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_a_408_problem() {
    let (addr, _stop, _) = start(short()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"a\": \"only seventy bytes of the hundred announced arrive here.....\"")
        .await
        .unwrap();
    let (text, closed_after) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    let (status, head, _) = parse_response(&text);
    assert_eq!(status, 408, "{text}");
    assert!(head.contains("application/problem+json"), "{head}");
    assert!(closed_after.is_some(), "the connection stayed open");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn oversized_targets_and_headers_are_problems() {
    let (addr, _stop, _) = start(short()).await;
    let long = format!(
        "GET /?q={} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
        "a".repeat(400)
    );
    let (status, head, body) = exchange(addr, long.as_bytes()).await;
    assert_eq!(status, 414, "{head}");
    assert!(head.contains("application/problem+json"), "{head}");
    assert!(body.contains("\"status\":414"), "{body}");

    let big = format!(
        "GET / HTTP/1.1\r\nhost: x\r\nx-big: {}\r\nconnection: close\r\n\r\n",
        "b".repeat(2000)
    );
    let (status, head, _) = exchange(addr, big.as_bytes()).await;
    assert_eq!(status, 431, "{head}");
    assert!(head.contains("application/problem+json"), "{head}");

    let many: String = (0..30).map(|i| format!("x-h{i}: v\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\nhost: x\r\n{many}connection: close\r\n\r\n");
    let (status, head, _) = exchange(addr, many.as_bytes()).await;
    assert_eq!(status, 431, "{head}");
    assert!(head.contains("application/problem+json"), "{head}");
}

#[tokio::test]
async fn a_panicking_handler_answers_a_500_problem_that_reveals_nothing() {
    let (addr, _stop, _) = start(short()).await;
    let (status, head, body) = exchange(
        addr,
        b"GET /panic HTTP/1.1\r\nhost: x\r\nx-request-id: abc-123\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, 500, "{head}");
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    assert!(head.contains("x-request-id: abc-123"), "{head}");
    assert!(!body.contains("secret"), "{body}");
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(problem["status"], 500);
    // The service goes on.
    let (status, _, body) = exchange(
        addr,
        b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!((status, body.as_str()), (200, "hello"));
}

/// What a `fmt` subscriber writes, kept for a test to read.
#[derive(Clone, Default)]
struct Log(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_panic_is_logged_once_with_the_request_id_and_its_message() {
    // The test's runtime has one thread: the server's tasks log to this subscriber.
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);
    let (addr, _stop, _) = start(short()).await;
    let (status, _, _) = exchange(
        addr,
        b"GET /panic HTTP/1.1\r\nhost: x\r\nx-request-id: abc-123\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, 500);
    let written = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = written.lines().filter(|l| l.contains("ERROR")).collect();
    assert_eq!(lines.len(), 1, "{written}");
    for part in [
        "handler panicked",
        "request_id=\"abc-123\"",
        "status=500",
        "panic=\"secret internals\"",
    ] {
        assert!(lines[0].contains(part), "{part} missing from {}", lines[0]);
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let (addr, _stop, _) = start(short()).await;
    let (_, head, _) = exchange(
        addr,
        b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    let id = head
        .lines()
        .find_map(|line| line.strip_prefix("x-request-id: "))
        .expect("no x-request-id");
    assert_eq!(id.len(), 36, "{id}");
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_to_be_accepted() {
    let (addr, _stop, _) = start(
        short()
            .with_max_connections(2)
            .with_idle_timeout(Duration::from_secs(30))
            .with_header_read_timeout(Duration::from_secs(30)),
    )
    .await;
    // Two connections hold both slots (each has sent a request and is kept alive).
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let answer = send_and_read(&mut stream, b"GET / HTTP/1.1\r\nhost: x\r\n\r\n").await;
        assert!(answer.ends_with("hello"), "{answer}");
        held.push(stream);
    }
    // A third connects (the kernel's backlog takes it) but is not served.
    let mut third = TcpStream::connect(addr).await.unwrap();
    third
        .write_all(b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = [0u8; 1024];
    let waited = tokio::time::timeout(Duration::from_millis(500), third.read(&mut buffer)).await;
    assert!(
        waited.is_err(),
        "a third connection was served beyond the cap"
    );
    // One slot frees: the third is served.
    drop(held.pop());
    let (text, _) = read_until_closed(&mut third, Duration::from_secs(5)).await;
    assert!(text.ends_with("hello"), "{text}");
}

#[tokio::test]
async fn http2_is_not_spoken() {
    let (addr, _stop, _) = start(short()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // The HTTP/2 connection preface, as a client with prior knowledge sends it.
    stream
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")
        .await
        .unwrap();
    let (text, closed_after) = read_until_closed(&mut stream, Duration::from_secs(3)).await;
    assert!(closed_after.is_some(), "the connection stayed open");
    // An HTTP/2 server would answer with a SETTINGS frame (type 4), not an HTTP/1.1 status line.
    assert!(text.is_empty() || text.starts_with("HTTP/1.1 "), "{text:?}");
}

#[tokio::test]
async fn shutdown_drains_the_request_in_flight_and_refuses_new_connections() {
    let (addr, stop, server) = start(short()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /slow HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    drop(stop);
    let (text, closed_after) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(
        text.ends_with("finished"),
        "the request in flight was cut: {text:?}"
    );
    assert!(closed_after.is_some(), "the drained connection stayed open");
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("serve did not return after draining")
        .unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "still accepting");
}

fn hal_app() -> Router {
    use hal_axum::conditional::{ETag, IfMatch};
    Router::new().route(
        "/doc",
        get(|| async { hal_axum::HalJson(hal_core::Resource::object()) }).put(
            |if_match: IfMatch| async move {
                if_match.check(&ETag::version(2), true)?;
                Ok::<_, hal_axum::ApiError>((
                    ETag::version(3),
                    hal_axum::HalJson(hal_core::Resource::object()),
                ))
            },
        ),
    )
}

async fn start_hal() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, hal_app(), short(), std::future::pending()));
    addr
}

#[tokio::test]
async fn a_matching_if_none_match_is_a_304_without_a_body() {
    let addr = start_hal().await;
    let (status, head, body) = exchange(
        addr,
        b"GET /doc HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, 200);
    let etag = head
        .lines()
        .find_map(|l| l.strip_prefix("etag: "))
        .expect("an etag")
        .to_owned();
    assert!(etag.starts_with('"') && etag.len() == 18, "{etag}");
    assert_eq!(body, "{}");
    let request = format!(
        "GET /doc HTTP/1.1\r\nhost: x\r\nif-none-match: \"other\", {etag}\r\nconnection: close\r\n\r\n"
    );
    let (status, head, body) = exchange(addr, request.as_bytes()).await;
    assert_eq!((status, body.as_str()), (304, ""), "{head}");
    assert!(head.contains(&format!("etag: {etag}")), "{head}");
    let request =
        "GET /doc HTTP/1.1\r\nhost: x\r\nif-none-match: \"stale\"\r\nconnection: close\r\n\r\n";
    assert_eq!(exchange(addr, request.as_bytes()).await.0, 200);
    // HEAD answers like GET, without the body.
    let (status, head, body) = exchange(
        addr,
        b"HEAD /doc HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!((status, body.as_str()), (200, ""));
    assert!(head.contains(&format!("etag: {etag}")), "{head}");
}

#[tokio::test]
async fn if_match_guards_writes_with_412_and_428() {
    let addr = start_hal().await;
    let put = |if_match: &str| {
        format!(
            "PUT /doc HTTP/1.1\r\nhost: x\r\n{if_match}content-length: 0\r\nconnection: close\r\n\r\n"
        )
    };
    let (status, head, body) = exchange(addr, put("if-match: \"v2\"\r\n").as_bytes()).await;
    assert_eq!(status, 200, "{head}{body}");
    assert!(
        head.contains("etag: \"v3\""),
        "the handler's version wins over the hash: {head}"
    );
    let (status, head, body) = exchange(addr, put("if-match: \"v1\"\r\n").as_bytes()).await;
    assert_eq!(status, 412, "{head}");
    assert!(head.contains("application/problem+json"));
    assert!(body.contains("\"etag\":\"\\\"v2\\\"\""), "{body}");
    let (status, _, _) = exchange(addr, put("").as_bytes()).await;
    assert_eq!(status, 428);
}

#[tokio::test]
async fn options_answers_204_with_the_allowed_methods() {
    let addr = start_hal().await;
    let (status, head, body) = exchange(
        addr,
        b"OPTIONS /doc HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!((status, body.as_str()), (204, ""), "{head}");
    let allow = head
        .lines()
        .find_map(|l| l.strip_prefix("allow: "))
        .expect("an allow header");
    // (The head is read lower-cased.)
    let mut methods: Vec<&str> = allow.split(',').map(str::trim).collect();
    methods.sort_unstable();
    assert_eq!(methods, ["get", "head", "options", "put"]);
    // Another method is still a 405, naming the same methods.
    let (status, refused, _) = exchange(
        addr,
        b"DELETE /doc HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, 405);
    assert_eq!(
        refused.lines().find_map(|l| l.strip_prefix("allow: ")),
        Some(allow),
        "{refused}"
    );
}

#[tokio::test]
async fn bodies_are_compressed_for_clients_that_accept_it() {
    use std::io::Read;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let big = hal_core::Resource::new(serde_json::json!({"text": "HAL ".repeat(2_000)}));
    let expected = serde_json::to_value(&big).unwrap();
    let app = Router::new().route(
        "/big",
        get(move || {
            let big = big.clone();
            async move { hal_axum::HalJson(big) }
        }),
    );
    tokio::spawn(serve(listener, app, short(), std::future::pending()));
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"GET /big HTTP/1.1\r\nhost: x\r\naccept-encoding: gzip\r\nconnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert!(head.contains("vary: accept-encoding"), "{head}");
    // The body is chunked: take the chunks apart, then inflate.
    let mut chunked = &raw[split + 4..];
    let mut compressed = Vec::new();
    loop {
        let line_end = chunked.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(
            std::str::from_utf8(&chunked[..line_end]).unwrap().trim(),
            16,
        )
        .unwrap();
        if size == 0 {
            break;
        }
        compressed.extend_from_slice(&chunked[line_end + 2..line_end + 2 + size]);
        chunked = &chunked[line_end + 2 + size + 2..];
    }
    assert!(
        compressed.len() < 1_000,
        "{} bytes for 8 KB of text",
        compressed.len()
    );
    let mut text = String::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .read_to_string(&mut text)
        .unwrap();
    let decoded: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(decoded, expected, "the same JSON after decompression");
}

#[tokio::test]
async fn compression_level_zero_sends_bodies_as_they_are() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let big = hal_core::Resource::new(serde_json::json!({"text": "HAL ".repeat(2_000)}));
    let app = Router::new().route(
        "/big",
        get(move || {
            let big = big.clone();
            async move { hal_axum::HalJson(big) }
        }),
    );
    let config = short().with_compression_level(0);
    tokio::spawn(serve(listener, app, config, std::future::pending()));
    let (status, head, body) = exchange(
        addr,
        b"GET /big HTTP/1.1\r\nhost: x\r\naccept-encoding: gzip, br\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, 200);
    assert!(!head.contains("content-encoding"), "{head}");
    assert!(body.contains(&"HAL ".repeat(2_000)));
}

#[tokio::test]
async fn every_error_is_a_problem_naming_the_request() {
    let config = short().with_request_timeout(Duration::from_millis(200));
    let (addr, _stop, _) = start(config).await;
    // A handler slower than the request timeout.
    let (status, head, body) = exchange(
        addr,
        b"GET /slow HTTP/1.1\r\nhost: x\r\nx-request-id: slow-1\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, 503, "{head}");
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (problem["status"].as_u64(), problem["requestId"].as_str()),
        (Some(503), Some("slow-1"))
    );
    // axum's own bare 405 becomes a problem too, keeping its Allow header.
    let (status, head, body) = exchange(
        addr,
        b"DELETE / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, 405);
    assert!(head.contains("allow: get, head, options"), "{head}");
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(problem["title"], "Method Not Allowed");
    assert_eq!(problem["requestId"].as_str().map(str::len), Some(36));
    // And the handler's own problems carry the id as well.
    let long = format!(
        "GET /?q={} HTTP/1.1\r\nhost: x\r\nx-request-id: long-2\r\nconnection: close\r\n\r\n",
        "a".repeat(400)
    );
    let (status, _, body) = exchange(addr, long.as_bytes()).await;
    assert_eq!(status, 414);
    assert!(body.contains("\"requestId\":\"long-2\""), "{body}");
    // A handler's `ApiError::not_found` gets the request's path as its `instance`.
    let (status, _, body) = exchange(
        addr,
        b"GET /books/42?x=1 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, 404);
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (problem["detail"].as_str(), problem["instance"].as_str()),
        (Some("no such book"), Some("/books/42"))
    );
}

#[tokio::test]
async fn the_public_origin_comes_from_trusted_proxies_only() {
    use hal_axum::forwarded::{PublicOrigin, TrustedProxies};
    let app = || {
        Router::new().route(
            "/origin",
            get(|PublicOrigin(origin): PublicOrigin| async move { origin }),
        )
    };
    let request = b"GET /origin HTTP/1.1\r\nhost: internal:8080\r\nforwarded: proto=https;host=api.example.com\r\nconnection: close\r\n\r\n";
    for (trusted, expected) in [
        (None, "http://internal:8080"),
        (Some("127.0.0.0/8"), "https://api.example.com"),
    ] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = short();
        if let Some(network) = trusted {
            config = config.with_trusted_proxies(TrustedProxies::parse([network]).unwrap());
        }
        tokio::spawn(serve(listener, app(), config, std::future::pending()));
        let (status, _, body) = exchange(addr, request).await;
        assert_eq!(
            (status, body.as_str()),
            (200, expected),
            "trusting {trusted:?}"
        );
    }
}
