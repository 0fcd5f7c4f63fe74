//! Responses read as they arrive: server-sent events ([`EventStream`]) and a body's
//! bytes chunk by chunk ([`ByteStream`]). Neither has the client's whole-call
//! deadline, which would cut them: each waits at most its idle timeout for the next
//! bytes. Dropping either closes the connection.
//!
//! This file is written by hand and shipped unchanged into each generated crate whose
//! spec has an operation that streams (that crate depends on `futures-core` for the
//! `Stream` trait). Not every client uses every helper, hence the `dead_code`
//! allowance.
#![allow(dead_code)]

use super::runtime::{Error, ResponseValue, Taken};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// The default limit on one event: its `event` and `data` lines, in bytes.
pub const DEFAULT_MAX_EVENT_BYTES: usize = 1024 * 1024;

/// The default longest wait for a stream's next bytes.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a stream stopped, or why one event could not be read. No variant shows a
/// secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum StreamError {
    /// One event (or one line) passed the stream's limit; the stream ends here.
    TooLarge {
        /// The limit, in bytes ([`EventStream::max_event_bytes`]).
        limit: usize,
    },
    /// Nothing arrived for this long ([`EventStream::idle_timeout`],
    /// [`ByteStream::idle_timeout`]); the stream ends here.
    Idle {
        /// The idle timeout.
        after: Duration,
    },
    /// The connection failed; the stream ends here.
    Transport(reqwest::Error),
    /// An event's `data` is not what the spec says; the stream goes on.
    Decode {
        /// The event's type (`message` unless it names one).
        event: String,
        /// Why its data does not decode.
        reason: String,
    },
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::TooLarge { limit } => {
                write!(
                    f,
                    "an event is larger than the stream's limit of {limit} bytes"
                )
            }
            StreamError::Idle { after } => write!(f, "nothing arrived for {after:?}"),
            StreamError::Transport(source) => write!(f, "the stream's connection failed: {source}"),
            StreamError::Decode { event, reason } => {
                write!(f, "the data of a `{event}` event does not decode: {reason}")
            }
        }
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StreamError::Transport(source) => Some(source),
            _ => None,
        }
    }
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// Its type: the `event` field, `message` when it has none.
    pub event: String,
    /// Its `data` lines (joined by `\n`), decoded as the spec says.
    pub data: T,
    /// The last `id` the stream gave, this event's or an earlier one's.
    pub id: Option<String>,
    /// The last reconnection time (`retry`) the stream gave.
    pub retry: Option<Duration>,
}

type Read = Result<Result<Option<Vec<u8>>, reqwest::Error>, tokio::time::error::Elapsed>;

/// A body read chunk by chunk, each within the idle timeout.
struct Chunks {
    state: State,
    idle: Duration,
}

enum State {
    Ready(reqwest::Response),
    Reading(Pin<Box<dyn Future<Output = (reqwest::Response, Read)> + Send>>),
    Done,
}

impl Chunks {
    fn new(body: reqwest::Response) -> Self {
        Chunks {
            state: State::Ready(body),
            idle: DEFAULT_IDLE_TIMEOUT,
        }
    }

    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, StreamError>>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Ready(mut body) => {
                    let idle = self.idle;
                    self.state = State::Reading(Box::pin(async move {
                        let read = tokio::time::timeout(idle, body.chunk()).await;
                        (body, read.map(|chunk| chunk.map(|c| c.map(|b| b.to_vec()))))
                    }));
                }
                State::Reading(mut reading) => {
                    let (body, read) = match reading.as_mut().poll(cx) {
                        Poll::Pending => {
                            self.state = State::Reading(reading);
                            return Poll::Pending;
                        }
                        Poll::Ready(done) => done,
                    };
                    return Poll::Ready(match read {
                        Ok(Ok(Some(chunk))) => {
                            self.state = State::Ready(body);
                            Some(Ok(chunk))
                        }
                        Ok(Ok(None)) => None,
                        Ok(Err(err)) => Some(Err(StreamError::Transport(err.without_url()))),
                        Err(_) => Some(Err(StreamError::Idle { after: self.idle })),
                    });
                }
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

/// A response body as it arrives, chunk by chunk, with no limit on its size: the
/// caller decides what to keep. A `futures_core::Stream` of chunks, and
/// [`ByteStream::next`] without one.
pub struct ByteStream {
    chunks: Chunks,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("idle_timeout", &self.chunks.idle)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    fn new(body: reqwest::Response) -> Self {
        ByteStream {
            chunks: Chunks::new(body),
        }
    }

    /// Wait at most this long for each next chunk (default [`DEFAULT_IDLE_TIMEOUT`]).
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.chunks.idle = idle;
        self
    }

    /// The next chunk; `None` once the body has ended or the stream failed.
    pub async fn next(&mut self) -> Option<Result<Vec<u8>, StreamError>> {
        std::future::poll_fn(|cx| self.chunks.poll_chunk(cx)).await
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<Vec<u8>, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().chunks.poll_chunk(cx)
    }
}

/// Server-sent events as they arrive (`text/event-stream`), each event's data
/// decoded as the spec says. A `futures_core::Stream` of events, and
/// [`EventStream::next`] without one.
pub struct EventStream<T> {
    chunks: Chunks,
    parser: Parser,
    decode: fn(&str) -> Result<T, String>,
    ended: bool,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("idle_timeout", &self.chunks.idle)
            .field("max_event_bytes", &self.parser.limit)
            .finish_non_exhaustive()
    }
}

impl<T> EventStream<T> {
    fn new(body: reqwest::Response, decode: fn(&str) -> Result<T, String>) -> Self {
        EventStream {
            chunks: Chunks::new(body),
            parser: Parser::new(DEFAULT_MAX_EVENT_BYTES),
            decode,
            ended: false,
        }
    }

    /// Refuse an event larger than `limit` bytes (default
    /// [`DEFAULT_MAX_EVENT_BYTES`]): the stream ends with [`StreamError::TooLarge`].
    pub fn max_event_bytes(mut self, limit: usize) -> Self {
        self.parser.limit = limit;
        self
    }

    /// Wait at most this long for the next bytes (default [`DEFAULT_IDLE_TIMEOUT`]);
    /// comments the server sends to keep the stream alive count.
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.chunks.idle = idle;
        self
    }

    /// The next event; `None` once the stream has ended or failed.
    pub async fn next(&mut self) -> Option<Result<Event<T>, StreamError>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Event<T>, StreamError>>> {
        loop {
            if let Some(raw) = self.parser.events.pop_front() {
                return Poll::Ready(Some(self.decoded(raw)));
            }
            if self.ended {
                return Poll::Ready(None);
            }
            let chunk = match self.chunks.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(chunk) => chunk,
            };
            match chunk {
                Some(Ok(chunk)) => {
                    if let Err(err) = self.parser.push(&chunk) {
                        self.end();
                        return Poll::Ready(Some(Err(err)));
                    }
                }
                Some(Err(err)) => {
                    self.end();
                    return Poll::Ready(Some(Err(err)));
                }
                // An event the stream did not end with a blank line is dropped, as
                // the standard says.
                None => self.end(),
            }
        }
    }

    /// Stop reading, and close the connection.
    fn end(&mut self) {
        self.ended = true;
        self.parser.events.clear();
        self.chunks.state = State::Done;
    }

    fn decoded(&self, raw: RawEvent) -> Result<Event<T>, StreamError> {
        match (self.decode)(&raw.data) {
            Ok(data) => Ok(Event {
                event: raw.event,
                data,
                id: raw.id,
                retry: raw.retry,
            }),
            Err(reason) => Err(StreamError::Decode {
                event: raw.event,
                reason,
            }),
        }
    }
}

impl<T> futures_core::Stream for EventStream<T> {
    type Item = Result<Event<T>, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

impl<T> Event<T> {
    /// An event of type `message` with this data, no `id` and no `retry`; set the
    /// fields to change them (a mock's stream, for one).
    pub fn new(data: T) -> Self {
        Event {
            event: "message".to_owned(),
            data,
            id: None,
            retry: None,
        }
    }
}

/// Events written as a stream: each field on a line of its own, `data` one line per
/// line of its text (`data` makes the text of one event's data), a blank line after
/// each event. What the mock server answers a streaming method with.
pub(crate) fn written<T>(events: &[Event<T>], data: fn(&T) -> String) -> String {
    let mut out = String::new();
    for event in events {
        if event.event != "message" {
            out.push_str(&format!("event: {}\n", event.event));
        }
        if let Some(id) = &event.id {
            out.push_str(&format!("id: {id}\n"));
        }
        if let Some(retry) = event.retry {
            out.push_str(&format!("retry: {}\n", retry.as_millis()));
        }
        for line in data(&event.data).split('\n') {
            out.push_str(&format!("data: {line}\n"));
        }
        out.push('\n');
    }
    out
}

/// Data as JSON text.
pub(crate) fn json_text<T: serde::Serialize>(data: &T) -> String {
    serde_json::to_string(data).expect("a generated type serializes to JSON")
}

/// An event as the stream wrote it, its data not decoded yet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawEvent {
    pub(crate) event: String,
    pub(crate) data: String,
    pub(crate) id: Option<String>,
    pub(crate) retry: Option<Duration>,
}

/// The `text/event-stream` format, as the HTML standard reads it: lines end with
/// `\r\n`, `\n` or `\r`, wherever the chunks are cut (inside a line ending or a UTF-8
/// character included); a blank line ends an event.
pub(crate) struct Parser {
    /// The bytes of the line not ended yet.
    line: Vec<u8>,
    /// The last byte taken was a `\r`: a `\n` first in the next chunk ends nothing.
    after_cr: bool,
    /// Some line was taken (a byte-order mark is dropped only before the first).
    started: bool,
    event: String,
    data: String,
    id: Option<String>,
    retry: Option<Duration>,
    pub(crate) events: VecDeque<RawEvent>,
    pub(crate) limit: usize,
}

impl Parser {
    pub(crate) fn new(limit: usize) -> Self {
        Parser {
            line: Vec::new(),
            after_cr: false,
            started: false,
            event: String::new(),
            data: String::new(),
            id: None,
            retry: None,
            events: VecDeque::new(),
            limit,
        }
    }

    /// Take the next bytes of the stream; the events they end are in `events`.
    pub(crate) fn push(&mut self, mut bytes: &[u8]) -> Result<(), StreamError> {
        if self.after_cr && !bytes.is_empty() {
            self.after_cr = false;
            if bytes[0] == b'\n' {
                bytes = &bytes[1..];
            }
        }
        while let Some(end) = bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&bytes[..end]);
            self.check_size()?;
            let line = std::mem::take(&mut self.line);
            self.take_line(&line);
            let cr = bytes[end] == b'\r';
            bytes = &bytes[end + 1..];
            if cr {
                match bytes.first() {
                    Some(b'\n') => bytes = &bytes[1..],
                    None => self.after_cr = true,
                    Some(_) => {}
                }
            }
        }
        self.line.extend_from_slice(bytes);
        self.check_size()
    }

    fn check_size(&self) -> Result<(), StreamError> {
        if self.line.len() + self.data.len() + self.event.len() > self.limit {
            return Err(StreamError::TooLarge { limit: self.limit });
        }
        Ok(())
    }

    fn take_line(&mut self, mut line: &[u8]) {
        if !self.started {
            self.started = true;
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line[0] == b':' {
            return;
        }
        let text = String::from_utf8_lossy(line);
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (text.as_ref(), ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => {
                self.id = (!value.is_empty()).then(|| value.to_owned());
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(millis) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(millis));
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self) {
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.events.push_back(RawEvent {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data,
            id: self.id.clone(),
            retry: self.retry,
        });
    }
}

/// An event's data as JSON of the spec's type.
pub(crate) fn json<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, String> {
    serde_json::from_str(data).map_err(|err| err.to_string())
}

/// An event's data as its text.
pub(crate) fn text(data: &str) -> Result<String, String> {
    Ok(data.to_owned())
}

/// The events of an opened response, or the error it is.
pub(crate) fn events<T, E: serde::de::DeserializeOwned>(
    taken: Taken,
    decode: fn(&str) -> Result<T, String>,
) -> Result<ResponseValue<EventStream<T>>, Error<E>> {
    match taken {
        Taken::Open(open) => Ok(open.into_value(|body| EventStream::new(body, decode))),
        Taken::Whole(raw) => Err(raw.error()),
    }
}

/// The bytes of an opened response, or the error it is.
pub(crate) fn bytes<E: serde::de::DeserializeOwned>(
    taken: Taken,
) -> Result<ResponseValue<ByteStream>, Error<E>> {
    match taken {
        Taken::Open(open) => Ok(open.into_value(ByteStream::new)),
        Taken::Whole(raw) => Err(raw.error()),
    }
}
