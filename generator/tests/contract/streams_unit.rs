//! The `text/event-stream` reader, on its own: every way a stream can be cut into
//! chunks reads as the same events. Compiled as a child of the kitchen-sink client
//! (`kitchen_sink_traced.rs`), whose spec streams, and never shipped.

use super::streams::{Parser, RawEvent, StreamError};
use std::time::Duration;

/// Every event `chunks` end, fed to one parser in order.
fn parse(chunks: &[&[u8]], limit: usize) -> Result<Vec<RawEvent>, StreamError> {
    let mut parser = Parser::new(limit);
    for chunk in chunks {
        parser.push(chunk)?;
    }
    Ok(parser.events.drain(..).collect())
}

fn event(event: &str, data: &str, id: Option<&str>, retry: Option<u64>) -> RawEvent {
    RawEvent {
        event: event.to_owned(),
        data: data.to_owned(),
        id: id.map(str::to_owned),
        retry: retry.map(Duration::from_millis),
    }
}

/// A stream with each kind of line ending, a byte-order mark, comments, multi-line
/// data, `event`, `id`, `retry`, a field without a colon, an unknown field and a
/// character of several bytes.
const STREAM: &[u8] = "\u{feff}: a comment\r\ndata: first\r\n\r\nevent: note\rdata: {\"title\":\"caf\u{e9} \u{1f600}\"}\rid: 7\r\rdata\ndata:  two spaces\nretry: 1500\nunknown: x\nretry: 1.5\n\n: keep-alive\n\ndata: last\n\n".as_bytes();

fn expected() -> Vec<RawEvent> {
    vec![
        event("message", "first", None, None),
        event(
            "note",
            "{\"title\":\"caf\u{e9} \u{1f600}\"}",
            Some("7"),
            None,
        ),
        event("message", "\n two spaces", Some("7"), Some(1500)),
        event("message", "last", Some("7"), Some(1500)),
    ]
}

fn same(found: &[RawEvent], expected: &[RawEvent]) -> bool {
    found.len() == expected.len()
        && found.iter().zip(expected).all(|(a, b)| {
            (&a.event, &a.data, &a.id, a.retry) == (&b.event, &b.data, &b.id, b.retry)
        })
}

#[test]
fn events_read_the_same_whole_and_cut_at_every_byte() {
    let whole = parse(&[STREAM], 1 << 20).expect("reads");
    assert!(same(&whole, &expected()), "{whole:?}");
    for cut in 0..=STREAM.len() {
        let (a, b) = STREAM.split_at(cut);
        let found = parse(&[a, b], 1 << 20).expect("reads");
        assert!(same(&found, &expected()), "cut at {cut}: {found:?}");
    }
    for second in 1..STREAM.len() {
        for cut in 0..second {
            let found = parse(
                &[&STREAM[..cut], &STREAM[cut..second], &STREAM[second..]],
                1 << 20,
            )
            .expect("reads");
            assert!(same(&found, &expected()), "cut at {cut} and {second}");
        }
    }
    let bytes: Vec<&[u8]> = STREAM.chunks(1).collect();
    assert!(same(&parse(&bytes, 1 << 20).expect("reads"), &expected()));
}

#[test]
fn a_cr_at_the_end_of_one_chunk_and_a_lf_at_the_start_of_the_next_end_one_line() {
    let found = parse(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"], 1024).expect("reads");
    assert!(
        same(&found, &[event("message", "a\nb", None, None)]),
        "{found:?}"
    );
}

#[test]
fn an_event_or_a_line_past_the_limit_is_refused() {
    let big = format!("data: {}\n\n", "x".repeat(100));
    assert!(matches!(
        parse(&[big.as_bytes()], 64),
        Err(StreamError::TooLarge { limit: 64 })
    ));
    // A line that never ends is refused as it grows, not when it ends.
    let endless = "y".repeat(65);
    assert!(matches!(
        parse(&[endless.as_bytes()], 64),
        Err(StreamError::TooLarge { limit: 64 })
    ));
    let many_lines = "data: 0123456789\n".repeat(8);
    assert!(parse(&[many_lines.as_bytes()], 64).is_err());
}

#[test]
fn an_event_without_data_is_not_dispatched_and_its_type_does_not_carry_over() {
    let found = parse(&[b"event: ping\n\ndata: x\n\n"], 1024).expect("reads");
    assert!(
        same(&found, &[event("message", "x", None, None)]),
        "{found:?}"
    );
}
