//! Request bodies read as they are sent: from a stream of chunks or from a file, so
//! that no upload is held in memory whole.
//!
//! This file is written by hand and shipped unchanged into each generated crate whose
//! spec sends a binary body or a `multipart/form-data` body.
//! Not every client uses every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use super::runtime::{Request, Streamed};
use std::fmt;
use std::io;
use std::path::Path;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

/// The error a body's source gave, or what is wrong with the body.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How many bytes of a file are read at a time.
const FILE_CHUNK_BYTES: usize = 64 * 1024;

/// A request body read as it is sent, from a stream of chunks or from a file.
///
/// It can be sent once: a call whose body is a `BodyStream` is never attempted again,
/// whatever the retry policy says, since the bytes it read are gone. When its length
/// is known (a file's, or one given with [`BodyStream::with_length`]) it is sent as
/// `Content-Length`, and a source that gives more or fewer bytes fails the call;
/// otherwise the body is sent chunked.
pub struct BodyStream {
    source: Source,
    len: Option<u64>,
}

enum Source {
    Chunks(Pin<Box<dyn futures_core::Stream<Item = Result<bytes::Bytes, BoxError>> + Send>>),
    File(tokio::fs::File),
}

impl BodyStream {
    /// A body of the chunks `stream` gives, in order; an error it gives fails the call.
    pub fn new<S, B, E>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<bytes::Bytes>,
        E: Into<BoxError>,
    {
        let chunks = MapChunks {
            inner: Box::pin(stream),
        };
        BodyStream {
            source: Source::Chunks(Box::pin(chunks)),
            len: None,
        }
    }

    /// The file at `path`, read a chunk at a time as the body is sent; its length is
    /// its size now.
    // The generator's rule against file access is for the generator; this is the
    // client's, where the caller names the file.
    #[allow(clippy::disallowed_methods)]
    pub fn file(path: impl AsRef<Path>) -> io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        Ok(BodyStream {
            source: Source::File(tokio::fs::File::from_std(file)),
            len: Some(len),
        })
    }

    /// Declare the body's length, sent as `Content-Length`.
    pub fn with_length(mut self, len: u64) -> Self {
        self.len = Some(len);
        self
    }

    /// The length the body is sent with, if known.
    pub fn content_length(&self) -> Option<u64> {
        self.len
    }

    /// As a body reqwest sends, checked against its declared length.
    fn into_body(self) -> reqwest::Body {
        reqwest::Body::wrap(Counted {
            source: Mutex::new(self.source),
            len: self.len,
            sent: 0,
            buffer: Vec::new(),
        })
    }

    pub(crate) fn into_streamed(self) -> Streamed {
        let len = self.len;
        Streamed::new(self.into_body(), len)
    }
}

/// Shows the length, never the contents.
impl fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match self.source {
            Source::Chunks(_) => "chunks",
            Source::File(_) => "file",
        };
        f.debug_struct("BodyStream")
            .field("source", &source)
            .field("len", &self.len)
            .finish()
    }
}

impl Request {
    /// Send `body` as it is read: once, and never again on a retry.
    pub(crate) fn streamed(&mut self, body: BodyStream, content_type: &'static str) {
        let len = body.len;
        let body = body.into_body();
        self.once_body(Box::new(move |mut builder| {
            builder = builder.header(reqwest::header::CONTENT_TYPE, content_type);
            if let Some(len) = len {
                builder = builder.header(reqwest::header::CONTENT_LENGTH, len);
            }
            builder.body(body)
        }));
    }
}

/// A caller's stream with its chunks made `Bytes` and its errors boxed.
struct MapChunks<S> {
    inner: Pin<Box<S>>,
}

impl<S, B, E> futures_core::Stream for MapChunks<S>
where
    S: futures_core::Stream<Item = Result<B, E>>,
    B: Into<bytes::Bytes>,
    E: Into<BoxError>,
{
    type Item = Result<bytes::Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.get_mut().inner.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => Poll::Ready(Some(Ok(chunk.into()))),
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The body as sent: the source's bytes, counted against the declared length.
struct Counted {
    /// Behind a lock only so that the body is `Sync`, as reqwest asks; it is only
    /// ever reached through `&mut`.
    source: Mutex<Source>,
    len: Option<u64>,
    sent: u64,
    /// A file's read buffer.
    buffer: Vec<u8>,
}

impl Counted {
    fn next_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<bytes::Bytes, BoxError>>> {
        let source = self
            .source
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match source {
            Source::Chunks(chunks) => chunks.as_mut().poll_next(cx),
            Source::File(file) => {
                self.buffer.resize(FILE_CHUNK_BYTES, 0);
                let mut read = tokio::io::ReadBuf::new(&mut self.buffer);
                match tokio::io::AsyncRead::poll_read(Pin::new(file), cx, &mut read) {
                    Poll::Ready(Ok(())) if read.filled().is_empty() => Poll::Ready(None),
                    Poll::Ready(Ok(())) => {
                        Poll::Ready(Some(Ok(bytes::Bytes::copy_from_slice(read.filled()))))
                    }
                    Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e.into()))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl http_body::Body for Counted {
    type Data = bytes::Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<bytes::Bytes>, BoxError>>> {
        let this = self.get_mut();
        match this.next_chunk(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.sent += chunk.len() as u64;
                if this.len.is_some_and(|len| this.sent > len) {
                    return Poll::Ready(Some(Err(length_error(this.len, "more"))));
                }
                Poll::Ready(Some(Ok(http_body::Frame::data(chunk))))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(None) if this.len.is_some_and(|len| this.sent < len) => {
                Poll::Ready(Some(Err(length_error(this.len, "fewer"))))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.len {
            Some(len) => http_body::SizeHint::with_exact(len - self.sent.min(len)),
            None => http_body::SizeHint::default(),
        }
    }
}

fn length_error(len: Option<u64>, which: &str) -> BoxError {
    let len = len.unwrap_or_default();
    Box::new(io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the body's source gave {which} bytes than its declared length of {len}"),
    ))
}
