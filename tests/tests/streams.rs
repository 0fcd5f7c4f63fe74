//! Responses read as they arrive, over TCP on 127.0.0.1 with servers that write every
//! byte themselves: server-sent events (`note_changes_stream`, `ticks_stream`) and a
//! binary body's chunks (`get_blob_stream`) of the kitchen-sink client.

use kitchen_sink::types::NoteChangesParams;
use kitchen_sink::{Client, Error, StreamError};
use std::time::{Duration, Instant};
use tests::raw::{write_chunk, RawServer};
use tests::{Reply, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const EVENTS_HEAD: &str =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

/// A server that writes the events' head, then each of `pieces` as a chunk of its
/// own, `gap` apart, then ends the body.
async fn events_in_pieces(pieces: Vec<Vec<u8>>, gap: Duration) -> RawServer {
    RawServer::start(move |mut stream, _| {
        let pieces = pieces.clone();
        async move {
            let _ = stream.write_all(EVENTS_HEAD.as_bytes()).await;
            for piece in pieces.iter().chain([&Vec::new()]) {
                let _ = stream.flush().await;
                tokio::time::sleep(gap).await;
                if write_chunk(&mut stream, piece).await.is_err() {
                    return;
                }
            }
        }
    })
    .await
}

/// Events with CRLF, CR and LF line ends, a comment, data over two lines, an `id`, a
/// `retry` and a character of several bytes.
const EVENTS: &str = ": connected\r\nevent: changed\r\nid: 1\r\ndata: {\"title\":\r\ndata: \"caf\u{e9}\"}\r\n\r\nretry: 2500\rdata: {\"title\": \"second\"}\r\r: keep-alive\n\ndata: {\"title\": \"third\", \"archived_at\": null}\n\n";

#[tokio::test]
async fn events_cut_at_every_byte_arrive_whole_and_typed() {
    let pieces = EVENTS.as_bytes().chunks(1).map(<[u8]>::to_vec).collect();
    let server = events_in_pieces(pieces, Duration::ZERO).await;
    let mut events = client(server.url())
        .note_changes_stream(&NoteChangesParams::new())
        .await
        .expect("the stream opens")
        .into_inner();
    let first = events.next().await.expect("an event").expect("decodes");
    assert_eq!(
        (
            first.event.as_str(),
            first.data.title.as_str(),
            first.id.as_deref()
        ),
        ("changed", "caf\u{e9}", Some("1"))
    );
    let second = events.next().await.expect("an event").expect("decodes");
    assert_eq!(second.event, "message");
    assert_eq!(second.data.title, "second");
    assert_eq!(second.retry, Some(Duration::from_millis(2500)));
    assert_eq!(second.id.as_deref(), Some("1"), "the last id goes on");
    let third = events.next().await.expect("an event").expect("decodes");
    assert_eq!(third.data.title, "third");
    assert!(events.next().await.is_none(), "the body ended");
}

#[tokio::test]
async fn events_of_text_are_their_data_lines_joined() {
    let server = events_in_pieces(
        vec![b"data: tick\ndata: tock\n\ndata: 2\n\n".to_vec()],
        Duration::ZERO,
    )
    .await;
    let mut ticks = client(server.url())
        .ticks_stream()
        .await
        .expect("opens")
        .into_inner();
    let data: Vec<String> = [ticks.next().await, ticks.next().await]
        .into_iter()
        .map(|event| event.expect("an event").expect("text").data)
        .collect();
    assert_eq!(data, ["tick\ntock", "2"]);
}

#[tokio::test]
async fn an_event_larger_than_the_limit_ends_the_stream_with_an_error() {
    let big = format!("data: \"{}\"\n\n", "x".repeat(10_000));
    let server = events_in_pieces(
        vec![
            b"data: {\"title\": \"small\"}\n\n".to_vec(),
            big.into_bytes(),
        ],
        Duration::ZERO,
    )
    .await;
    let mut events = client(server.url())
        .note_changes_stream(&NoteChangesParams::new())
        .await
        .expect("opens")
        .into_inner()
        .max_event_bytes(4096);
    assert!(events.next().await.expect("an event").is_ok());
    let err = events.next().await.expect("the error").unwrap_err();
    assert!(
        matches!(err, StreamError::TooLarge { limit: 4096 }),
        "{err}"
    );
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn data_that_does_not_decode_is_an_error_and_the_stream_goes_on() {
    let server = events_in_pieces(
        vec![b"event: odd\ndata: not json\n\ndata: {\"title\": \"fine\"}\n\n".to_vec()],
        Duration::ZERO,
    )
    .await;
    let mut events = client(server.url())
        .note_changes_stream(&NoteChangesParams::new())
        .await
        .expect("opens")
        .into_inner();
    let err = events.next().await.expect("the error").unwrap_err();
    assert!(
        matches!(&err, StreamError::Decode { event, .. } if event == "odd"),
        "{err}"
    );
    let next = events.next().await.expect("an event").expect("decodes");
    assert_eq!(next.data.title, "fine");
}

#[tokio::test]
async fn a_stream_that_stalls_past_its_idle_timeout_ends_with_an_error() {
    let server = RawServer::start(|mut stream, _| async move {
        let _ = stream.write_all(EVENTS_HEAD.as_bytes()).await;
        let _ = write_chunk(&mut stream, b"data: {\"title\": \"one\"}\n\n").await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let mut events = client(server.url())
        .note_changes_stream(&NoteChangesParams::new())
        .await
        .expect("opens")
        .into_inner()
        .idle_timeout(Duration::from_millis(200));
    assert!(events.next().await.expect("an event").is_ok());
    let started = Instant::now();
    let err = events.next().await.expect("the error").unwrap_err();
    assert!(matches!(err, StreamError::Idle { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_stream_outlives_the_clients_timeout_while_events_keep_coming() {
    let pieces = (0..6)
        .map(|i| format!("data: {{\"title\": \"{i}\"}}\n\n").into_bytes())
        .collect();
    let server = events_in_pieces(pieces, Duration::from_millis(100)).await;
    let client = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(250))
        .build()
        .expect("client");
    let mut events = client
        .note_changes_stream(&NoteChangesParams::new())
        .await
        .expect("the head arrives in time")
        .into_inner();
    let mut titles = Vec::new();
    while let Some(event) = events.next().await {
        titles.push(event.expect("an event").data.title);
    }
    assert_eq!(titles, ["0", "1", "2", "3", "4", "5"]);
}

#[tokio::test]
async fn dropping_a_stream_closes_its_connection() {
    let (closed_tx, closed_rx) = tokio::sync::oneshot::channel::<Instant>();
    let closed_tx = std::sync::Mutex::new(Some(closed_tx));
    let server = RawServer::start(move |mut stream, _| {
        let closed_tx = closed_tx.lock().expect("lock").take();
        async move {
            let _ = stream.write_all(EVENTS_HEAD.as_bytes()).await;
            let _ = write_chunk(&mut stream, b"data: {\"title\": \"one\"}\n\n").await;
            // Read until the client closes its side.
            let mut buffer = [0u8; 64];
            while let Ok(n) = stream.read(&mut buffer).await {
                if n == 0 {
                    break;
                }
            }
            if let Some(closed_tx) = closed_tx {
                let _ = closed_tx.send(Instant::now());
            }
        }
    })
    .await;
    let mut events = client(server.url())
        .note_changes_stream(&NoteChangesParams::new())
        .await
        .expect("opens")
        .into_inner();
    assert!(events.next().await.expect("an event").is_ok());
    let dropped = Instant::now();
    drop(events);
    let closed = tokio::time::timeout(Duration::from_secs(5), closed_rx)
        .await
        .expect("the server sees the connection close")
        .expect("sent");
    assert!(closed >= dropped);
}

#[tokio::test]
async fn json_and_the_stream_of_one_operation_are_both_reachable() {
    let server = TestServer::start(|request| {
        if request.header("accept") == Some("text/event-stream") {
            Reply::raw(200, "text/event-stream", "data: {\"title\": \"live\"}\n\n")
        } else {
            Reply::json(200, serde_json::json!([{"title": "at once"}]))
        }
    })
    .await;
    let client = client(server.url());
    let notes = client.note_changes().await.expect("JSON").into_inner();
    assert_eq!(notes[0].title, "at once");
    let mut events = client
        .note_changes_stream(&NoteChangesParams::new().since("2026-01-01"))
        .await
        .expect("events")
        .into_inner();
    assert_eq!(
        events
            .next()
            .await
            .expect("an event")
            .expect("decodes")
            .data
            .title,
        "live"
    );
    let requests = server.requests();
    assert_eq!(requests[0].header("accept"), Some("application/json"));
    assert_eq!(requests[1].header("accept"), Some("text/event-stream"));
    assert!(
        requests[1].target.ends_with("?since=2026-01-01"),
        "{}",
        requests[1].target
    );
}

#[tokio::test]
async fn an_error_status_on_a_stream_is_the_usual_typed_error() {
    let server = TestServer::always(Reply::json(503, serde_json::json!({"busy": true}))).await;
    let err = client(server.url())
        .note_changes_stream(&NoteChangesParams::new())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status.as_u16() == 503),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_binary_body_arrives_chunk_by_chunk_and_whole() {
    let body: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let expected = body.clone();
    let server = RawServer::start(move |mut stream, _| {
        let body = body.clone();
        async move {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            for piece in body.chunks(7_919).chain([&[][..]]) {
                if write_chunk(&mut stream, piece).await.is_err() {
                    return;
                }
            }
        }
    })
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .key("key-1")
        .build()
        .expect("client");
    let mut blob = client
        .get_blob_stream("b")
        .await
        .expect("opens")
        .into_inner();
    let mut read = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = blob.next().await {
        read.extend(chunk.expect("a chunk"));
        chunks += 1;
    }
    assert_eq!(read, expected);
    assert!(chunks > 1, "read as it came, not at once");
}
