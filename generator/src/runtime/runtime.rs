//! Support code every generated client shares: configuration, credentials, sending,
//! decoding, errors and request validation.
//!
//! This file is written by hand and shipped unchanged into each generated crate.
//! Not every client uses every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::fmt;
use std::time::Duration;

pub use reqwest::header::HeaderMap;
pub use reqwest::StatusCode;

/// Default time allowed for a whole request, from connecting to reading the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Default limit on a response body, in bytes (see [`ClientBuilder::max_response_bytes`]).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// The most of a response body kept in an error, in bytes.
const BODY_EXCERPT_LIMIT: usize = 4096;

/// Text that is never shown by `Debug`: secrets, tokens, API keys.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// How requests are authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// HTTP basic authentication.
    Basic { username: String, password: Secret },
    /// An `Authorization: Bearer` token.
    Bearer(Secret),
    /// An API key sent in a header.
    ApiKeyHeader { name: &'static str, key: Secret },
    /// An API key sent as a query parameter.
    ApiKeyQuery { name: &'static str, key: Secret },
}

/// When a failed request is sent again. The default never resends anything.
///
/// A request is retried only when the connection could not be made (so nothing
/// was sent), or, if [`RetryPolicy::idempotent_methods`] is set, when an
/// idempotent method (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`) failed
/// in transport. A `POST` that may have reached the server is never resent, and
/// no response, whatever its status, is ever retried.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RetryPolicy {
    max_retries: u32,
    backoff: Duration,
    idempotent_methods: bool,
}

impl RetryPolicy {
    /// Never retry (the default).
    pub fn none() -> Self {
        RetryPolicy::default()
    }

    /// Retry up to `max_retries` times when the connection could not be made.
    pub fn connection_failures(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            backoff: Duration::from_millis(100),
            idempotent_methods: false,
        }
    }

    /// Also retry idempotent methods after any transport failure.
    pub fn idempotent_methods(mut self, yes: bool) -> Self {
        self.idempotent_methods = yes;
        self
    }

    /// Wait this long before the first retry, doubling each time.
    pub fn backoff(mut self, backoff: Duration) -> Self {
        self.backoff = backoff;
        self
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No server or base URL was chosen, and the spec names no absolute server.
    #[error("no base URL: choose a server or pass a base URL")]
    MissingBaseUrl,
    /// The base URL is not an absolute `http` or `https` URL.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl { url: String, reason: String },
    /// A required environment variable is unset or not Unicode.
    #[error("environment variable {0} is not set")]
    MissingEnv(&'static str),
    /// The HTTP client could not be created.
    #[error("could not create the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// Configures a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    max_response_bytes: usize,
}

impl ClientBuilder {
    pub(crate) fn with_base_url(base_url: Option<&str>) -> Self {
        ClientBuilder {
            base_url: base_url.map(str::to_owned),
            credentials: None,
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
            retry: RetryPolicy::none(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Send requests to this base URL (for example a gateway) instead of a listed server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Authenticate with these credentials; without any, requests carry none
    /// (for a gateway that adds them itself).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The time allowed for each request, from connecting to reading the whole body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Replace the `User-Agent` (by default `<crate>/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Send requests with this `reqwest::Client` (its proxy, TLS and redirect settings apply).
    ///
    /// The client built here otherwise follows no redirects, so that a request is never
    /// sent a second time to another place.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// When to resend a failed request; see [`RetryPolicy`]. The default never resends.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The largest response body read (default [`DEFAULT_MAX_RESPONSE_BYTES`]); reading
    /// stops there and the response is an [`Error::UnexpectedResponse`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Check the configuration and create the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let raw = self.base_url.ok_or(BuildError::MissingBaseUrl)?;
        let parsed = reqwest::Url::parse(&raw).map_err(|e| BuildError::InvalidBaseUrl {
            url: raw.clone(),
            reason: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
            return Err(BuildError::InvalidBaseUrl {
                url: raw,
                reason: "not an http or https URL".to_owned(),
            });
        }
        let user_agent =
            reqwest::header::HeaderValue::from_str(&self.user_agent).map_err(|_| {
                BuildError::InvalidBaseUrl {
                    url: raw.clone(),
                    reason: "the User-Agent is not a valid header value".to_owned(),
                }
            })?;
        let http = match self.http {
            Some(http) => http,
            None => {
                if rustls::crypto::CryptoProvider::get_default().is_none() {
                    // Another thread may install one first; either way a provider is then in place.
                    let _ = rustls::crypto::ring::default_provider().install_default();
                }
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(BuildError::Http)?
            }
        };
        Ok(Client {
            http,
            base_url: raw.trim_end_matches('/').to_owned(),
            credentials: self.credentials,
            timeout: self.timeout,
            user_agent,
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
        })
    }
}

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Option<Credentials>,
    timeout: Duration,
    user_agent: reqwest::header::HeaderValue,
    retry: RetryPolicy,
    max_response_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Start a request to `path` (already percent-encoded), relative to the base URL.
    pub(crate) fn request(
        &self,
        method: reqwest::Method,
        path: String,
        authenticated: bool,
    ) -> Request {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            authenticated,
        }
    }

    /// Send a request and read the whole response.
    pub(crate) async fn send<E>(&self, request: Request) -> Result<RawResponse, Error<E>> {
        let mut url =
            reqwest::Url::parse(&format!("{}{}", self.base_url, request.path)).map_err(|e| {
                Error::InvalidRequest(ValidationError::new("", format!("the URL is invalid: {e}")))
            })?;
        {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
            if let (true, Some(Credentials::ApiKeyQuery { name, key })) =
                (request.authenticated, &self.credentials)
            {
                pairs.append_pair(name, key.expose());
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        let idempotent = matches!(
            request.method,
            reqwest::Method::GET
                | reqwest::Method::HEAD
                | reqwest::Method::PUT
                | reqwest::Method::DELETE
                | reqwest::Method::OPTIONS
                | reqwest::Method::TRACE
        );
        let mut attempt = 0;
        let mut backoff = self.retry.backoff;
        loop {
            match self.send_once(&request, url.clone()).await {
                Ok(response) => return Ok(response),
                Err(err) => {
                    let nothing_sent = err.is_connect();
                    let may_retry = nothing_sent || (idempotent && self.retry.idempotent_methods);
                    if attempt < self.retry.max_retries && may_retry {
                        attempt += 1;
                        tokio::time::sleep(backoff).await;
                        backoff = backoff.saturating_mul(2);
                        continue;
                    }
                    return Err(Error::Transport(TransportError::new(err, &request)));
                }
            }
        }
    }

    async fn send_once(
        &self,
        request: &Request,
        url: reqwest::Url,
    ) -> Result<RawResponse, reqwest::Error> {
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .timeout(self.timeout)
            .header(reqwest::header::USER_AGENT, self.user_agent.clone());
        if request.authenticated {
            builder = match &self.credentials {
                Some(Credentials::Basic { username, password }) => {
                    builder.basic_auth(username, Some(password.expose()))
                }
                Some(Credentials::Bearer(token)) => builder.bearer_auth(token.expose()),
                Some(Credentials::ApiKeyHeader { name, key }) => {
                    let mut value = reqwest::header::HeaderValue::from_str(key.expose())
                        .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static(""));
                    value.set_sensitive(true);
                    builder.header(*name, value)
                }
                Some(Credentials::ApiKeyQuery { .. }) | None => builder,
            };
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.clone());
        }
        if let Some((bytes, content_type)) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, *content_type)
                .body(bytes.clone());
        }
        let mut response = builder.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > self.max_response_bytes {
                too_large = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            headers,
            too_large,
            body,
        })
    }
}

/// A request being assembled by a generated method.
pub(crate) struct Request {
    method: reqwest::Method,
    path: String,
    query: Vec<(std::borrow::Cow<'static, str>, String)>,
    headers: Vec<(&'static str, reqwest::header::HeaderValue)>,
    body: Option<(Vec<u8>, &'static str)>,
    authenticated: bool,
}

impl Request {
    /// Add a query parameter.
    pub(crate) fn query<T: fmt::Display + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.query.push((name.into(), value.to_string()));
    }

    /// Add query pairs whose names are made at run time (`filter[state]=open`).
    pub(crate) fn query_pairs(&mut self, pairs: Vec<(String, String)>) {
        self.query
            .extend(pairs.into_iter().map(|(name, value)| (name.into(), value)));
    }

    /// Add a header; a value that is not a valid header value is refused before sending.
    pub(crate) fn header<T: fmt::Display + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), ValidationError> {
        let value = reqwest::header::HeaderValue::from_str(&value.to_string())
            .map_err(|_| ValidationError::new(name, "contains characters a header cannot carry"))?;
        self.headers.push((name, value));
        Ok(())
    }

    /// Send `body` as JSON.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        content_type: &'static str,
    ) -> Result<(), ValidationError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| ValidationError::new("", format!("cannot be written as JSON: {e}")))?;
        self.body = Some((bytes, content_type));
        Ok(())
    }

    /// Send `body` as `application/x-www-form-urlencoded`.
    pub(crate) fn form<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        content_type: &'static str,
    ) -> Result<(), ValidationError> {
        let value = serde_json::to_value(body)
            .map_err(|e| ValidationError::new("", format!("cannot be form-encoded: {e}")))?;
        self.body = Some((form_encode(&value).into_bytes(), content_type));
        Ok(())
    }

    /// Send raw bytes or text.
    pub(crate) fn raw(&mut self, body: impl Into<Vec<u8>>, content_type: &'static str) {
        self.body = Some((body.into(), content_type));
    }
}

/// A response read in full.
pub(crate) struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    /// The body passed the client's limit; only its start was read.
    too_large: bool,
}

impl RawResponse {
    pub(crate) fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// Refuse a success body that passed the size limit.
    fn complete<E>(self) -> Result<Self, Error<E>> {
        if self.too_large {
            let reason = "the body is larger than the client's max_response_bytes".to_owned();
            return Err(self.unexpected(reason));
        }
        Ok(self)
    }

    fn value<T>(self, body: T) -> ResponseValue<T> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    fn unexpected<E>(self, reason: String) -> Error<E> {
        Error::UnexpectedResponse(Box::new(UnexpectedResponse {
            status: self.status,
            headers: self.headers,
            excerpt: excerpt(&self.body),
            reason,
        }))
    }

    /// Decode a JSON body.
    pub(crate) fn json<T: serde::de::DeserializeOwned, E>(
        self,
    ) -> Result<ResponseValue<T>, Error<E>> {
        let this = self.complete()?;
        match serde_json::from_slice(&this.body) {
            Ok(body) => Ok(this.value(body)),
            Err(e) => {
                Err(this.unexpected(format!("the body does not match the expected type: {e}")))
            }
        }
    }

    /// The body as text (invalid UTF-8 is replaced).
    pub(crate) fn text<E>(self) -> Result<ResponseValue<String>, Error<E>> {
        let this = self.complete()?;
        let text = String::from_utf8_lossy(&this.body).into_owned();
        Ok(this.value(text))
    }

    /// The body as bytes.
    pub(crate) fn bytes<E>(self) -> Result<ResponseValue<Vec<u8>>, Error<E>> {
        let mut this = self.complete()?;
        let body = std::mem::take(&mut this.body);
        Ok(this.value(body))
    }

    /// A response whose body is ignored.
    pub(crate) fn empty<E>(self) -> Result<ResponseValue<()>, Error<E>> {
        Ok(self.value(()))
    }

    /// The error for a status the operation does not list as a success.
    pub(crate) fn error<E: serde::de::DeserializeOwned>(self) -> Error<E> {
        if !(self.status.is_client_error() || self.status.is_server_error()) {
            let reason = format!(
                "the status {} is not one this operation returns",
                self.status
            );
            return self.unexpected(reason);
        }
        let retry_after = self
            .headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| retry_after(v, std::time::SystemTime::now()));
        let error = ApiError {
            status: self.status,
            body: serde_json::from_slice(&self.body).ok(),
            raw: excerpt(&self.body),
            headers: self.headers,
            retry_after,
        };
        if error.status == StatusCode::TOO_MANY_REQUESTS {
            Error::RateLimited(Box::new(error))
        } else {
            Error::Api(Box::new(error))
        }
    }
}

/// A `Retry-After` value: delay seconds, or an HTTP date (IMF-fixdate) from `now`.
fn retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // `Sun, 06 Nov 1994 08:49:37 GMT`
    let parts: Vec<&str> = value.split([' ', ':']).collect();
    let [_, day, month, year, hour, minute, second, "GMT"] = parts.as_slice() else {
        return None;
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)? as i64
        + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let (hour, minute, second): (i64, i64, i64) = (
        hour.parse().ok()?,
        minute.parse().ok()?,
        second.parse().ok()?,
    );
    // Days since 1970-01-01 of a proleptic Gregorian date.
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let at = days * 86_400 + hour * 3_600 + minute * 60 + second;
    let now = now.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(Duration::from_secs(at.saturating_sub(now).max(0) as u64))
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= BODY_EXCERPT_LIMIT {
        return text.into_owned();
    }
    let mut end = BODY_EXCERPT_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// A successful response: the decoded body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> ResponseValue<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Transform the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl<T> std::ops::Deref for ResponseValue<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
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
    /// The body as text, cut after 4 KiB.
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
    source: reqwest::Error,
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
    fn new(source: reqwest::Error, request: &Request) -> Self {
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
            source: source.without_url(),
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
        write!(f, "{} {}: {what}: {}", self.method, self.path, self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
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
}

/// A response the client could not understand.
#[derive(Debug, Clone)]
pub struct UnexpectedResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as text, cut after 4 KiB.
    pub excerpt: String,
    /// What was wrong with it.
    pub reason: String,
}

fn api_error_suffix(raw: &str) -> String {
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
            Error::InvalidRequest(_) | Error::Transport(_) => None,
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
            Error::Transport(e) => e.may_have_reached_server(),
            _ => true,
        }
    }
}

/// Checks used by the generated `validate` methods.
pub(crate) mod check {
    use super::ValidationError;

    pub(crate) fn min_length(field: &str, value: &str, min: u64) -> Result<(), ValidationError> {
        if (value.chars().count() as u64) < min {
            return Err(ValidationError::new(
                field,
                format!("must be at least {min} characters long"),
            ));
        }
        Ok(())
    }

    pub(crate) fn max_length(field: &str, value: &str, max: u64) -> Result<(), ValidationError> {
        if value.chars().count() as u64 > max {
            return Err(ValidationError::new(
                field,
                format!("must be at most {max} characters long"),
            ));
        }
        Ok(())
    }

    pub(crate) fn pattern(
        field: &str,
        matches: bool,
        pattern: &str,
    ) -> Result<(), ValidationError> {
        if !matches {
            return Err(ValidationError::new(
                field,
                format!("must match the pattern `{pattern}`"),
            ));
        }
        Ok(())
    }

    pub(crate) fn minimum(
        field: &str,
        value: f64,
        min: f64,
        exclusive: bool,
    ) -> Result<(), ValidationError> {
        if value < min || (exclusive && value == min) {
            let bound = if exclusive {
                "greater than"
            } else {
                "at least"
            };
            return Err(ValidationError::new(
                field,
                format!("must be {bound} {min}"),
            ));
        }
        Ok(())
    }

    pub(crate) fn maximum(
        field: &str,
        value: f64,
        max: f64,
        exclusive: bool,
    ) -> Result<(), ValidationError> {
        if value > max || (exclusive && value == max) {
            let bound = if exclusive { "less than" } else { "at most" };
            return Err(ValidationError::new(
                field,
                format!("must be {bound} {max}"),
            ));
        }
        Ok(())
    }

    pub(crate) fn min_items(field: &str, len: usize, min: u64) -> Result<(), ValidationError> {
        if (len as u64) < min {
            return Err(ValidationError::new(
                field,
                format!("must have at least {min} items"),
            ));
        }
        Ok(())
    }

    pub(crate) fn max_items(field: &str, len: usize, max: u64) -> Result<(), ValidationError> {
        if len as u64 > max {
            return Err(ValidationError::new(
                field,
                format!("must have at most {max} items"),
            ));
        }
        Ok(())
    }

    pub(crate) fn known_value(value: &str) -> ValidationError {
        ValidationError::new(
            "",
            format!("`{value}` is not one of the values the spec allows"),
        )
    }
}

/// Percent-encode one path segment (everything but RFC 3986 unreserved characters).
pub(crate) fn encode_path(value: impl fmt::Display) -> String {
    percent_encode(&value.to_string(), false)
}

fn percent_encode(value: &str, form: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            b' ' if form => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The text of a scalar JSON value (`None` for `null`, arrays and objects).
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Flatten `value` under `key` into name/value pairs: arrays of scalars as repeated
/// keys, nested objects and arrays of objects in brackets (`key[sub]`, `key[0][sub]`),
/// `null`s left out.
fn bracket_pairs(key: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                match scalar_text(item) {
                    Some(text) => out.push((key.to_owned(), text)),
                    None => bracket_pairs(&format!("{key}[{i}]"), item, out),
                }
            }
        }
        serde_json::Value::Object(object) => {
            for (sub, item) in object {
                bracket_pairs(&format!("{key}[{sub}]"), item, out);
            }
        }
        scalar => out.extend(scalar_text(scalar).map(|text| (key.to_owned(), text))),
    }
}

/// Encode a JSON object as `application/x-www-form-urlencoded` (see [`bracket_pairs`]).
fn form_encode(value: &serde_json::Value) -> String {
    let mut pairs = Vec::new();
    if let serde_json::Value::Object(object) = value {
        for (key, value) in object {
            bracket_pairs(key, value, &mut pairs);
        }
    }
    pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", percent_encode(&k, true), percent_encode(&v, true)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The query pairs of a parameter that is not a plain scalar or list, written through
/// serde: arrays repeat the name (`explode`) or are comma-joined; objects become
/// `name[key]=value` (`deepObject`), `key=value` (exploded form) or `name=k,v,...`.
pub(crate) fn param_pairs<T: serde::Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    explode: bool,
    deep: bool,
) -> Result<Vec<(String, String)>, ValidationError> {
    let value = serde_json::to_value(value).map_err(|e| {
        ValidationError::new(name, format!("cannot be written as a parameter: {e}"))
    })?;
    let mut pairs = Vec::new();
    match &value {
        serde_json::Value::Object(_) if deep => bracket_pairs(name, &value, &mut pairs),
        serde_json::Value::Object(object) if explode => {
            for (key, item) in object {
                bracket_pairs(key, item, &mut pairs);
            }
        }
        serde_json::Value::Object(object) => {
            let flat: Vec<String> = object
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k},{}", scalar_text(v).unwrap_or_else(|| v.to_string())))
                .collect();
            pairs.push((name.to_owned(), flat.join(",")));
        }
        serde_json::Value::Array(items) if !explode => {
            let texts: Vec<String> = items
                .iter()
                .map(|i| scalar_text(i).unwrap_or_else(|| i.to_string()))
                .collect();
            pairs.push((name.to_owned(), texts.join(",")));
        }
        other => bracket_pairs(name, other, &mut pairs),
    }
    Ok(pairs)
}

/// A parameter value as one piece of text (path and header parameters: `simple` style).
pub(crate) fn param_text<T: serde::Serialize + ?Sized>(
    name: &'static str,
    value: &T,
) -> Result<String, ValidationError> {
    let pairs = param_pairs(name, value, false, false)?;
    Ok(pairs
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join(","))
}

/// Join list values for a header or a non-exploded query parameter.
pub(crate) fn join<T: fmt::Display>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// An environment variable, or `None` when it is unset or empty.
pub(crate) fn env_var(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Deserialize a field that may be absent (`None`) or `null` (`Some(None)`).
pub(crate) fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(encode_path("a b/c?d"), "a%20b%2Fc%3Fd");
        assert_eq!(encode_path("org-123_~."), "org-123_~.");
    }

    #[test]
    fn form_bodies_repeat_array_keys_and_drop_nulls() {
        let value =
            serde_json::json!({"To": "+1 555", "MediaUrl": ["a", "b"], "Skip": null, "N": 3});
        assert_eq!(form_encode(&value), "To=%2B1+555&MediaUrl=a&MediaUrl=b&N=3");
    }

    #[test]
    fn object_parameters_follow_their_style() {
        let filter = serde_json::json!({"state": "open", "n": 2});
        let deep = param_pairs("filter", &filter, true, true).unwrap();
        assert_eq!(
            deep,
            [
                ("filter[state]".to_owned(), "open".to_owned()),
                ("filter[n]".to_owned(), "2".to_owned())
            ]
        );
        let form = param_pairs("filter", &filter, true, false).unwrap();
        assert_eq!(
            form,
            [
                ("state".to_owned(), "open".to_owned()),
                ("n".to_owned(), "2".to_owned())
            ]
        );
        let packed = param_pairs("filter", &filter, false, false).unwrap();
        assert_eq!(packed, [("filter".to_owned(), "state,open,n,2".to_owned())]);
        let list = param_pairs("ids", &[1, 2], false, false).unwrap();
        assert_eq!(list, [("ids".to_owned(), "1,2".to_owned())]);
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let credentials = Credentials::Basic {
            username: "project-test-1".into(),
            password: Secret::new("hunter2"),
        };
        let shown = format!("{credentials:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("project-test-1"),
            "{shown}"
        );
    }

    #[test]
    fn validation_paths_name_the_nested_field() {
        let err = ValidationError::new("ip_address", "too long").within("attributes");
        assert_eq!(err.field(), "attributes.ip_address");
        assert_eq!(
            ValidationError::new("", "bad").within("items[2]").field(),
            "items[2]"
        );
        assert_eq!(err.to_string(), "attributes.ip_address: too long");
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_as_an_http_date() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_717); // 1994-11-06 08:48:37 UTC
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn excerpts_are_cut_on_a_character_boundary() {
        let long = "é".repeat(BODY_EXCERPT_LIMIT);
        assert!(excerpt(long.as_bytes()).len() <= BODY_EXCERPT_LIMIT + "…".len());
    }
}
