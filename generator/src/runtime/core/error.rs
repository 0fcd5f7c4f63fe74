//! Errors: what a call, a build or a builder can fail with. None shows a secret.

use std::fmt;
use std::time::Duration;

use super::*;

/// A required field left unset when a builder's `build` was called (see the
/// `types::builders` module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the required field `{0}` is not set")]
pub struct MissingField(pub &'static str);

/// Why a client could not be built. No variant shows a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No server or base URL was chosen, and the spec names no absolute server.
    #[error("no base URL: choose a server or pass a base URL")]
    MissingBaseUrl,
    /// The base URL cannot be one: it is not an absolute `http` or `https` URL, or it
    /// carries credentials, a query or a fragment. `url` shows it with those redacted.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL as given, credentials, query and fragment redacted.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The credentials cannot be sent as they are; the reason never includes them.
    #[error("invalid credentials: {0}")]
    InvalidCredentials(&'static str),
    /// The `User-Agent` is not a valid header value.
    #[error("invalid User-Agent {0:?}: not a valid header value")]
    InvalidUserAgent(String),
    /// A required environment variable is unset or not Unicode.
    #[error("environment variable {0} is not set")]
    MissingEnv(&'static str),
    /// The HTTP client could not be created.
    #[error("could not create the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// An error status from the API, with its body decoded when it matches the spec.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The error body, when it decodes as the spec's error type.
    pub body: Option<E>,
    /// The start of the body as text: at most 4,096 bytes, ending in `…` when cut.
    pub raw: String,
    /// How long the server asks to wait (`Retry-After`, in seconds), when it says.
    pub retry_after: Option<Duration>,
}

/// The request did not complete: no response was received.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportKind,
    method: reqwest::Method,
    path: String,
    /// What reqwest said; none when the client's own deadline ran out first.
    source: Option<reqwest::Error>,
}

/// What went wrong in transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made: the request was not sent.
    Connect,
    /// The time allowed ran out: the request may have reached the server.
    Timeout,
    /// The connection failed while sending or receiving.
    Other,
}

impl TransportError {
    pub(super) fn new(source: reqwest::Error, request: &Request) -> Self {
        let kind = if source.is_connect() {
            TransportKind::Connect
        } else if source.is_timeout() {
            TransportKind::Timeout
        } else {
            TransportKind::Other
        };
        // The URL can carry an API key in its query: it is dropped from the error.
        TransportError {
            kind,
            method: request.method.clone(),
            path: request.path.clone(),
            source: Some(source.without_url()),
        }
    }

    /// The client's own deadline ran out before the response's head arrived.
    pub(super) fn timed_out(request: &Request) -> Self {
        TransportError {
            kind: TransportKind::Timeout,
            method: request.method.clone(),
            path: request.path.clone(),
            source: None,
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }

    /// Whether the server may have received the request (and acted on it).
    pub fn may_have_reached_server(&self) -> bool {
        self.kind != TransportKind::Connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportKind::Connect => "could not connect",
            TransportKind::Timeout => "timed out",
            TransportKind::Other => "connection failed",
        };
        write!(f, "{} {}: {what}", self.method, self.path)?;
        match &self.source {
            Some(source) => write!(f, ": {source}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// A request value the spec does not allow; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{problem}", if field.is_empty() { String::new() } else { format!("{field}: ") })]
pub struct ValidationError {
    field: String,
    problem: String,
}

impl ValidationError {
    pub(crate) fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        ValidationError {
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// The offending field, as a path from the request (`attributes.ip_address`, `items[2]`).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// Which rule the value breaks.
    pub fn problem(&self) -> &str {
        &self.problem
    }

    /// The same error, seen from the value that contains `parent`.
    pub(crate) fn within(mut self, parent: &str) -> Self {
        self.field = match (self.field.is_empty(), self.field.starts_with('[')) {
            (true, _) => parent.to_owned(),
            (false, true) => format!("{parent}{}", self.field),
            (false, false) => format!("{parent}.{}", self.field),
        };
        self
    }
}

/// Everything that can go wrong calling the API; `E` is the spec's error body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The request breaks a rule of the spec; it was not sent.
    #[error("invalid request: {0}")]
    InvalidRequest(#[from] ValidationError),
    /// No response arrived (connection refused, timeout, reset).
    #[error("{0}")]
    Transport(TransportError),
    /// The server answered with an error status.
    #[error("HTTP {}{}", .0.status, api_error_suffix(.0.raw.as_str()))]
    Api(Box<ApiError<E>>),
    /// The server answered `429 Too Many Requests`.
    #[error("rate limited (HTTP 429){}", .0.retry_after.map(|d| format!(", retry after {} s", d.as_secs())).unwrap_or_default())]
    RateLimited(Box<ApiError<E>>),
    /// The response could not be understood: an undeclared status or a body of the wrong shape.
    #[error("unexpected response (HTTP {}): {}", .0.status, .0.reason)]
    UnexpectedResponse(Box<UnexpectedResponse>),
    /// A [`Hook`] stopped the call; the request was not sent.
    #[error("a hook stopped the request: {0}")]
    Hook(#[source] HookError),
}

/// How one attempt ended short of a response.
pub(super) enum Attempt {
    /// A hook stopped it before anything was sent.
    Hook(HookError),
    /// The transport failed.
    Failed(reqwest::Error),
    /// The response's head did not arrive in the time left (a stream's request, which
    /// has no deadline of reqwest's: that would cut the stream).
    TimedOut,
}

impl From<reqwest::Error> for Attempt {
    fn from(err: reqwest::Error) -> Self {
        Attempt::Failed(err)
    }
}

/// A response the client could not understand.
#[derive(Debug, Clone)]
pub struct UnexpectedResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The start of the body as text: at most 4,096 bytes, ending in `…` when cut.
    pub excerpt: String,
    /// What was wrong with it.
    pub reason: String,
}

pub(super) fn api_error_suffix(raw: &str) -> String {
    if raw.is_empty() {
        String::new()
    } else {
        format!(": {raw}")
    }
}

impl<E> Error<E> {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) | Error::RateLimited(e) => Some(e.status),
            Error::UnexpectedResponse(response) => Some(response.status),
            Error::InvalidRequest(_) | Error::Transport(_) | Error::Hook(_) => None,
        }
    }

    /// The decoded error body, when the server sent one of the spec's shape.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Api(e) | Error::RateLimited(e) => e.body.as_ref(),
            _ => None,
        }
    }

    /// Whether the request may have reached the server: `false` only when it surely did not.
    pub fn may_have_reached_server(&self) -> bool {
        match self {
            Error::InvalidRequest(_) => false,
            Error::Hook(e) => e.earlier_attempt_may_have_reached,
            Error::Transport(e) => e.may_have_reached_server(),
            _ => true,
        }
    }
}
