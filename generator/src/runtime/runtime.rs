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

/// The most of an error response body that is read, in bytes: enough for any error
/// document, small enough that a hostile server cannot make the client buffer much.
pub const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// The longest wait between two attempts of a retried request.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The most of a response body kept as text in an error, in bytes (the `…` that marks
/// a cut included).
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

/// A required field left unset when a builder's `build` was called (see the
/// `types::builders` module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the required field `{0}` is not set")]
pub struct MissingField(pub &'static str);

/// A file sent as one part of a `multipart/form-data` body: its bytes, and the file
/// name and content type the part declares (`application/octet-stream` and no name
/// unless given, or the spec's type for the part).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes, with no name and the part's default content type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name the part declares (`filename=` in its `Content-Disposition`).
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's `Content-Type`, such as `image/png`; a value that is not one media
    /// type is refused before the request is sent.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file name, if one was given.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if one was given.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

/// Shows the name, type and size, never the contents.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Where a file stands in JSON (a type shared with a JSON body or response), it is the
/// text of its bytes.
impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(FilePart::new)
    }
}

/// How requests are authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// HTTP basic authentication.
    Basic {
        /// The user (for Stytch, the project id).
        username: String,
        /// The password (for Stytch, the secret).
        password: Secret,
    },
    /// An `Authorization: Bearer` token.
    Bearer(Secret),
    /// An API key sent in a header.
    ApiKeyHeader {
        /// The header's name.
        name: &'static str,
        /// The key.
        key: Secret,
    },
    /// An API key sent as a query parameter.
    ApiKeyQuery {
        /// The query parameter's name.
        name: &'static str,
        /// The key.
        key: Secret,
    },
}

impl Credentials {
    /// Where these credentials are sent: a header's name (lowercase) or a query
    /// parameter's, marked apart.
    fn place(&self) -> String {
        match self {
            Credentials::Basic { .. } | Credentials::Bearer(_) => "authorization".to_owned(),
            Credentials::ApiKeyHeader { name, .. } => name.to_ascii_lowercase(),
            Credentials::ApiKeyQuery { name, .. } => format!("?{name}"),
        }
    }
}

/// When a failed request is sent again. The default never resends anything.
///
/// A request is retried only when the connection could not be made (so nothing
/// was sent), or, if [`RetryPolicy::idempotent_methods`] is set, when an
/// idempotent method (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`, `QUERY`)
/// failed in transport. A `POST` that may have reached the server is never resent, and
/// no response, whatever its status, is ever retried.
///
/// The client's timeout covers the whole call: every attempt and every wait between
/// attempts. No retry starts once its wait would pass that deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    backoff: Duration,
    max_backoff: Duration,
    idempotent_methods: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 0,
            backoff: Duration::from_millis(100),
            max_backoff: DEFAULT_MAX_BACKOFF,
            idempotent_methods: false,
        }
    }
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
            ..RetryPolicy::default()
        }
    }

    /// Also retry idempotent methods after any transport failure.
    pub fn idempotent_methods(mut self, yes: bool) -> Self {
        self.idempotent_methods = yes;
        self
    }

    /// Wait this long before the first retry (default 100 ms), doubling each time.
    pub fn backoff(mut self, backoff: Duration) -> Self {
        self.backoff = backoff;
        self
    }

    /// Never wait longer than this between two attempts (default [`DEFAULT_MAX_BACKOFF`]).
    pub fn max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The wait before retry number `retry` (0 for the first): `backoff × 2^retry`, capped.
    fn delay(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        self.backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

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

/// Configures a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    /// The base URL was given (`base_url`), not chosen from the spec's servers: every
    /// request goes there, those of operations with servers of their own included.
    custom_base_url: bool,
    /// Each kind given, once: an operation that requires several schemes at once gets
    /// them all.
    credentials: Vec<Credentials>,
    timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    hooks: Vec<std::sync::Arc<dyn Hook>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(shown_url))
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(crate) fn with_base_url(base_url: Option<&str>) -> Self {
        ClientBuilder {
            base_url: base_url.map(str::to_owned),
            custom_base_url: false,
            credentials: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
            retry: RetryPolicy::none(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            hooks: Vec::new(),
        }
    }

    /// Send requests to this base URL (for example a gateway) instead of a listed server.
    ///
    /// It must be an absolute `http` or `https` URL, optionally with a path prefix. One
    /// with credentials (`user:password@`), a query or a fragment is refused by
    /// [`build`](Self::build): pass credentials with the builder's auth methods.
    ///
    /// Every request goes to this base URL, also those of operations the spec gives
    /// servers of their own: a gateway routes them.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self.custom_base_url = true;
        self
    }

    /// Send requests to one of the spec's servers; operations with servers of their
    /// own still use theirs.
    pub(crate) fn server_url(mut self, url: &str) -> Self {
        self.base_url = Some(url.to_owned());
        self.custom_base_url = false;
        self
    }

    /// Authenticate with these credentials, beside any of another kind given before
    /// (an API key header and a bearer token are both sent); they replace those sent
    /// in the same place (basic and bearer are both `Authorization`). Without any,
    /// requests carry none (for a gateway that adds them itself).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        let place = credentials.place();
        self.credentials.retain(|given| given.place() != place);
        self.credentials.push(credentials);
        self
    }

    /// The time allowed for a whole call, from connecting to reading the whole body,
    /// retries and the waits between them included.
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

    /// The largest success body read (default [`DEFAULT_MAX_RESPONSE_BYTES`]). A larger
    /// one is an [`Error::UnexpectedResponse`]: when its `Content-Length` says so, before
    /// any of it is read, otherwise as soon as the limit is passed. Error bodies are read
    /// up to [`MAX_ERROR_BODY_BYTES`] (or this limit, if smaller).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Add a [`Hook`], run on every attempt of every call, after the hooks added
    /// before it: to sign a request, add a header of its own or observe responses.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(std::sync::Arc::new(hook));
        self
    }

    /// Check the configuration and create the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let raw = self.base_url.as_deref().ok_or(BuildError::MissingBaseUrl)?;
        let base = parse_base_url(raw)?;
        let user_agent = reqwest::header::HeaderValue::from_str(&self.user_agent)
            .map_err(|_| BuildError::InvalidUserAgent(self.user_agent.clone()))?;
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
        let auth = self
            .credentials
            .iter()
            .map(|credentials| Auth::new(credentials, &http, &base))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Client {
            http,
            base_url: base.as_str().trim_end_matches('/').to_owned(),
            base,
            custom_base_url: self.custom_base_url,
            credentials: self.credentials,
            auth,
            timeout: self.timeout,
            user_agent,
            retry: self.retry,
            max_response_bytes: self.max_response_bytes,
            hooks: self.hooks,
        })
    }
}

/// What a client runs on every attempt of every call ([`ClientBuilder::hook`]): it may
/// change the request just before it is sent, and sees each response as it arrives.
///
/// A request is signed here, for one: [`Hook::before_send`] sees the method, the URL
/// with its query, the headers (credentials among them) and the body's bytes when it
/// is in memory, as they will go, and may change any of them. It runs once per
/// attempt, so a retried request is signed anew.
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent; an error ends the call with
    /// [`Error::Hook`], and this attempt is not sent (an earlier one of a retried
    /// call may have been: [`Error::may_have_reached_server`] says so).
    fn before_send(&self, request: &mut HttpRequest) -> Result<(), HookError> {
        let _ = request;
        Ok(())
    }

    /// Called with each attempt's status and headers, before its body is read.
    fn after_response(&self, status: StatusCode, headers: &HeaderMap) {
        let _ = (status, headers);
    }
}

/// A hook behind an `Arc` is that hook: the caller keeps a handle on what it records.
impl<H: Hook + ?Sized> Hook for std::sync::Arc<H> {
    fn before_send(&self, request: &mut HttpRequest) -> Result<(), HookError> {
        (**self).before_send(request)
    }

    fn after_response(&self, status: StatusCode, headers: &HeaderMap) {
        (**self).after_response(status, headers);
    }
}

/// A request as it goes on the wire, which a [`Hook`] may change: reqwest's, so that
/// its method, URL, headers and body are at hand without another dependency.
pub type HttpRequest = reqwest::Request;

/// Why a [`Hook`] stopped a call.
#[derive(Debug)]
pub struct HookError {
    error: Box<dyn std::error::Error + Send + Sync>,
    /// An earlier attempt of the call, one the hook let go, may have reached the server.
    earlier_attempt_may_have_reached: bool,
}

impl HookError {
    /// A hook's error, kept as the source of [`Error::Hook`].
    pub fn new(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        HookError {
            error: error.into(),
            earlier_attempt_may_have_reached: false,
        }
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for HookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.error.as_ref())
    }
}

/// Parse and check a base URL: absolute `http(s)`, with a host, and nothing a base URL
/// cannot carry (credentials, a query, a fragment, surrounding spaces).
fn parse_base_url(raw: &str) -> Result<reqwest::Url, BuildError> {
    let refuse = |reason: &str| BuildError::InvalidBaseUrl {
        url: shown_url(raw),
        reason: reason.to_owned(),
    };
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse("contains whitespace or control characters"));
    }
    let url = reqwest::Url::parse(raw).map_err(|e| refuse(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(refuse("not an http or https URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refuse("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(
            "carries credentials; pass them with the builder's auth methods instead",
        ));
    }
    if url.query().is_some() {
        return Err(refuse(
            "has a query; a base URL is a scheme, a host and an optional path",
        ));
    }
    if url.fragment().is_some() {
        return Err(refuse(
            "has a fragment; a base URL is a scheme, a host and an optional path",
        ));
    }
    Ok(url)
}

/// A JSON body as a `T`. An empty body (whitespace at most) is `null` to a type that
/// has a value for it (any JSON value, an `Option`), and an error to any other.
fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    match serde_json::from_slice(body) {
        Err(e) if e.is_eof() && body.iter().all(u8::is_ascii_whitespace) => {
            serde_json::from_value(serde_json::Value::Null).map_err(|_| e)
        }
        other => other,
    }
}

/// A URL as it may be shown in errors and `Debug`: credentials, query and fragment redacted.
fn shown_url(raw: &str) -> String {
    let Ok(mut url) = reqwest::Url::parse(raw.trim()) else {
        return if raw.contains(['@', '?', '#']) {
            "<not shown: it may hold credentials>".to_owned()
        } else {
            raw.to_owned()
        };
    };
    let credentials = !url.username().is_empty() || url.password().is_some();
    let query = url.query().is_some();
    let fragment = url.fragment().is_some();
    if url.cannot_be_a_base() || url.set_username("").is_err() || url.set_password(None).is_err() {
        return "<not shown: it may hold credentials>".to_owned();
    }
    url.set_query(None);
    url.set_fragment(None);
    let mut shown = url.to_string();
    if credentials {
        shown = shown.replacen("://", "://<redacted>@", 1);
    }
    if query {
        shown.push_str("?<redacted>");
    }
    if fragment {
        shown.push_str("#<redacted>");
    }
    shown
}

/// Credentials as they are sent: checked and encoded once, when the client is built.
#[derive(Clone)]
enum Auth {
    Header(reqwest::header::HeaderName, reqwest::header::HeaderValue),
    Query(&'static str, Secret),
}

impl Auth {
    fn new(
        credentials: &Credentials,
        http: &reqwest::Client,
        base: &reqwest::Url,
    ) -> Result<Auth, BuildError> {
        let sensitive = |text: &str, what: &'static str| {
            let mut value = reqwest::header::HeaderValue::from_str(text)
                .map_err(|_| BuildError::InvalidCredentials(what))?;
            value.set_sensitive(true);
            Ok(value)
        };
        match credentials {
            Credentials::Basic { username, password } => {
                if username.contains(':') {
                    return Err(BuildError::InvalidCredentials(
                        "a basic-auth username cannot contain `:` (RFC 7617)",
                    ));
                }
                if username
                    .chars()
                    .chain(password.expose().chars())
                    .any(char::is_control)
                {
                    return Err(BuildError::InvalidCredentials(
                        "basic-auth credentials cannot contain control characters (RFC 7617)",
                    ));
                }
                // reqwest does the encoding: a request built here, never sent, carries it.
                let encoded = http
                    .get(base.clone())
                    .basic_auth(username, Some(password.expose()))
                    .build()
                    .ok()
                    .and_then(|request| {
                        request
                            .headers()
                            .get(reqwest::header::AUTHORIZATION)
                            .cloned()
                    })
                    .ok_or(BuildError::InvalidCredentials(
                        "basic-auth credentials could not be encoded",
                    ))?;
                Ok(Auth::Header(reqwest::header::AUTHORIZATION, encoded))
            }
            Credentials::Bearer(token) => {
                let value = sensitive(
                    &format!("Bearer {}", token.expose()),
                    "the bearer token is not a valid header value",
                )?;
                Ok(Auth::Header(reqwest::header::AUTHORIZATION, value))
            }
            Credentials::ApiKeyHeader { name, key } => {
                let name =
                    reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        BuildError::InvalidCredentials("the API key header name is invalid")
                    })?;
                let value = sensitive(key.expose(), "the API key is not a valid header value")?;
                Ok(Auth::Header(name, value))
            }
            Credentials::ApiKeyQuery { name, key } => Ok(Auth::Query(name, key.clone())),
        }
    }
}

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    /// Checked by [`parse_base_url`]: no credentials, query or fragment.
    base: reqwest::Url,
    /// `base` as text, without a trailing `/`.
    base_url: String,
    /// See [`ClientBuilder::base_url`]: operations' own servers are not used.
    custom_base_url: bool,
    credentials: Vec<Credentials>,
    auth: Vec<Auth>,
    timeout: Duration,
    user_agent: reqwest::header::HeaderValue,
    retry: RetryPolicy,
    max_response_bytes: usize,
    hooks: Vec<std::sync::Arc<dyn Hook>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A hook may hold a signing key: only how many there are shows.
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks.len())
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
            cookies: Vec::new(),
            server: None,
            body: None,
            authenticated,
        }
    }

    /// The request's URL: the base URL's path (the operation's own server's, when it
    /// has one and the client's base URL was chosen from the spec), then the
    /// operation's path, then the query.
    fn url<E>(&self, request: &Request) -> Result<reqwest::Url, Error<E>> {
        let mut url = match request.server {
            Some(server) if !self.custom_base_url => parse_base_url(server).map_err(|_| {
                ValidationError::new(
                    "",
                    format!("the operation's server `{server}` is not a usable base URL"),
                )
            })?,
            _ => self.base.clone(),
        };
        // `request.path` is percent-encoded already; `set_path` escapes only what a
        // path cannot hold, so a `?` or `#` can never end the path early.
        let path = format!("{}{}", url.path().trim_end_matches('/'), request.path);
        url.set_path(&path);
        let keys: Vec<(&str, &Secret)> = match request.authenticated {
            true => self
                .auth
                .iter()
                .filter_map(|auth| match auth {
                    Auth::Query(name, key) => Some((*name, key)),
                    Auth::Header(..) => None,
                })
                .collect(),
            false => Vec::new(),
        };
        if !request.query.is_empty() || !keys.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
            for (name, key) in keys {
                pairs.append_pair(name, key.expose());
            }
        }
        Ok(url)
    }

    /// Run one call of an operation, inside its span (see `observe`).
    pub(crate) async fn call<T, E>(
        &self,
        span: super::observe::Span,
        call: impl std::future::Future<Output = Result<T, Error<E>>>,
    ) -> Result<T, Error<E>> {
        super::observe::call(span, &self.base, call).await
    }

    /// Send a request and read the response, within one deadline for all attempts.
    pub(crate) async fn send<E>(&self, request: Request) -> Result<RawResponse, Error<E>> {
        let url = self.url(&request)?;
        super::observe::server(&url);
        let deadline = tokio::time::Instant::now().checked_add(self.timeout);
        let idempotent = matches!(
            request.method,
            reqwest::Method::GET
                | reqwest::Method::HEAD
                | reqwest::Method::PUT
                | reqwest::Method::DELETE
                | reqwest::Method::OPTIONS
                | reqwest::Method::TRACE
        ) || request.method.as_str() == "QUERY";
        let mut retries = 0;
        // Whether an attempt so far may have reached the server: a hook that stops a
        // retry does not make the call one that surely did not.
        let mut may_have_reached = false;
        loop {
            let time_left = deadline.map_or(self.timeout, |deadline| {
                deadline.saturating_duration_since(tokio::time::Instant::now())
            });
            let err = match self.send_once(&request, url.clone(), time_left).await {
                Ok(response) => {
                    super::observe::response(response.status(), &response.headers, &response.body);
                    return Ok(response);
                }
                Err(Attempt::Hook(mut err)) => {
                    err.earlier_attempt_may_have_reached = may_have_reached;
                    return Err(Error::Hook(err));
                }
                Err(Attempt::Failed(err)) => err,
            };
            may_have_reached |= !err.is_connect();
            let nothing_sent = err.is_connect();
            let may_retry = nothing_sent || (idempotent && self.retry.idempotent_methods);
            let wait = self.retry.delay(retries);
            let in_time = deadline.is_none_or(|deadline| {
                tokio::time::Instant::now()
                    .checked_add(wait)
                    .is_some_and(|resume| resume < deadline)
            });
            if retries < self.retry.max_retries && may_retry && in_time {
                retries += 1;
                super::observe::retry(retries, wait);
                tokio::time::sleep(wait).await;
                continue;
            }
            return Err(Error::Transport(TransportError::new(err, &request)));
        }
    }

    async fn send_once(
        &self,
        request: &Request,
        url: reqwest::Url,
        timeout: Duration,
    ) -> Result<RawResponse, Attempt> {
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .timeout(timeout)
            .header(reqwest::header::USER_AGENT, self.user_agent.clone());
        for auth in &self.auth {
            if let (true, Auth::Header(name, value)) = (request.authenticated, auth) {
                builder = builder.header(name.clone(), value.clone());
            }
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.clone());
        }
        if !request.cookies.is_empty() {
            let pairs: Vec<String> = request
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            builder = builder.header(reqwest::header::COOKIE, pairs.join("; "));
        }
        match &request.body {
            Some(Body::Bytes(bytes, content_type)) => {
                builder = builder
                    .header(reqwest::header::CONTENT_TYPE, *content_type)
                    .body(bytes.clone());
            }
            // Made anew for every attempt: a streamed body cannot be sent twice.
            Some(Body::Made(make)) => builder = make(builder),
            None => {}
        }
        let mut built = builder.build()?;
        for hook in &self.hooks {
            hook.before_send(&mut built).map_err(Attempt::Hook)?;
        }
        let mut response = self.http.execute(built).await?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        for hook in &self.hooks {
            hook.after_response(status, &headers);
        }
        // Only a success body can be large; an error body is read for its excerpt and
        // error document alone.
        let limit = if status.is_success() {
            self.max_response_bytes
        } else {
            MAX_ERROR_BODY_BYTES.min(self.max_response_bytes)
        };
        let declared = response.content_length();
        if status.is_success() && declared.is_some_and(|length| length > limit as u64) {
            return Ok(RawResponse {
                status,
                headers,
                body: Vec::new(),
                too_large: true,
            });
        }
        let capacity = declared.map_or(0, |length| length.min(limit as u64) as usize);
        let mut body = Vec::with_capacity(capacity);
        let mut too_large = false;
        while let Some(chunk) = response.chunk().await? {
            let room = limit - body.len();
            let take = chunk.len().min(room);
            reserve_within(&mut body, take, limit);
            body.extend_from_slice(&chunk[..take]);
            if take < chunk.len() {
                too_large = true;
                break;
            }
        }
        Ok(RawResponse {
            status,
            headers,
            too_large,
            body,
        })
    }
}

/// Make room for `more` bytes, doubling as usual but never past `limit`, so that a
/// body's buffer is never larger than the limit it is read under.
fn reserve_within(body: &mut Vec<u8>, more: usize, limit: usize) {
    let needed = body.len() + more;
    if needed > body.capacity() {
        let target = needed
            .max(body.capacity().saturating_mul(2))
            .max(8 * 1024)
            .min(limit);
        body.reserve_exact(target - body.len());
    }
}

/// A request being assembled by a generated method.
pub(crate) struct Request {
    method: reqwest::Method,
    path: String,
    query: Vec<(std::borrow::Cow<'static, str>, String)>,
    headers: Vec<(&'static str, reqwest::header::HeaderValue)>,
    /// Cookie names and their encoded values.
    cookies: Vec<(&'static str, String)>,
    /// The operation's own server, when the spec gives it one.
    server: Option<&'static str>,
    body: Option<Body>,
    authenticated: bool,
}

/// A request body: bytes with their content type, or made by a function for each
/// attempt (a `multipart/form-data` body, which reqwest streams).
enum Body {
    Bytes(Vec<u8>, &'static str),
    Made(MakeBody),
}

/// Attaches a body (and its `Content-Type`) to a request about to be sent.
pub(crate) type MakeBody =
    Box<dyn Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send + Sync>;

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

    /// Send to the operation's own server (an absolute URL from the spec) rather than
    /// the client's, unless the client was given a base URL of its own.
    pub(crate) fn server(&mut self, url: &'static str) {
        self.server = Some(url);
    }

    /// Add a cookie, sent in the request's one `Cookie` header. Bytes a cookie value
    /// cannot hold (RFC 6265: controls, space, `"`, `,`, `;`, `\`, non-ASCII) are
    /// percent-encoded, `%` included.
    pub(crate) fn cookie<T: fmt::Display + ?Sized>(&mut self, name: &'static str, value: &T) {
        let mut encoded = String::new();
        for byte in value.to_string().bytes() {
            match byte {
                0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E => {
                    encoded.push(char::from(byte))
                }
                _ => encoded.push_str(&format!("%{byte:02X}")),
            }
        }
        self.cookies.push((name, encoded));
    }

    /// Send `body` as JSON.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        content_type: &'static str,
    ) -> Result<(), ValidationError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| ValidationError::new("", format!("cannot be written as JSON: {e}")))?;
        self.body = Some(Body::Bytes(bytes, content_type));
        Ok(())
    }

    /// Send `body` as `application/x-www-form-urlencoded`.
    pub(crate) fn form<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        content_type: &'static str,
    ) -> Result<(), ValidationError> {
        let value = json_value(body)
            .map_err(|e| ValidationError::new("", format!("cannot be form-encoded: {e}")))?;
        self.body = Some(Body::Bytes(form_encode(&value).into_bytes(), content_type));
        Ok(())
    }

    /// Send raw bytes or text.
    pub(crate) fn raw(&mut self, body: impl Into<Vec<u8>>, content_type: &'static str) {
        self.body = Some(Body::Bytes(body.into(), content_type));
    }

    /// Send a body that `make` attaches to each attempt.
    pub(crate) fn made_body(&mut self, make: MakeBody) {
        self.body = Some(Body::Made(make));
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
        match decode_json(&this.body) {
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
            body: decode_json(&self.body).ok(),
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

/// A `Retry-After` value: delay seconds, or an HTTP date in any of the three forms
/// RFC 9110 names (IMF-fixdate, RFC 850, asctime), counted from `now`. Anything else,
/// an impossible date among them, is `None`; a date in the past is zero.
fn retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The start of a body as text, at most [`BODY_EXCERPT_LIMIT`] bytes with the `…` that
/// marks a cut. Only that start is converted, whatever the body's size.
fn excerpt(body: &[u8]) -> String {
    const CUT: &str = "…";
    let head = &body[..body.len().min(BODY_EXCERPT_LIMIT)];
    let text = String::from_utf8_lossy(head);
    if head.len() == body.len() && text.len() <= BODY_EXCERPT_LIMIT {
        return text.into_owned();
    }
    let mut end = BODY_EXCERPT_LIMIT - CUT.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{CUT}", &text[..end])
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
    /// A [`Hook`] stopped the call; the request was not sent.
    #[error("a hook stopped the request: {0}")]
    Hook(#[source] HookError),
}

/// How one attempt ended short of a response.
enum Attempt {
    /// A hook stopped it before anything was sent.
    Hook(HookError),
    /// The transport failed.
    Failed(reqwest::Error),
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
/// An empty value, `.` and `..` are refused: a URL parser drops or resolves such a
/// segment, which would send the request to another endpoint.
pub(crate) fn encode_path(
    name: &'static str,
    value: impl fmt::Display,
) -> Result<String, ValidationError> {
    let value = value.to_string();
    if matches!(value.as_str(), "" | "." | "..") {
        return Err(ValidationError::new(
            name,
            "a path segment cannot be empty, `.` or `..`",
        ));
    }
    Ok(percent_encode(&value, false))
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

/// `value` as a JSON value with its numbers as its JSON text writes them.
/// `serde_json::to_value` widens an `f32` to the `f64` nearest it (`49.99f32` is
/// written `49.9900016784668`); the text is the shortest that reads back as the `f32`
/// (`49.99`), so this goes through the text.
pub(crate) fn json_value<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(&serde_json::to_string(value)?)
}

/// A variant of an untagged union: the members it knows (`None`: it takes any), and
/// how a value is read as it.
pub(crate) type Variant<T> = (
    Option<&'static [&'static str]>,
    fn(serde_json::Value) -> Result<T, serde_json::Error>,
);

/// `value` as the variant that fits it best: the first that decodes it and knows
/// every member it has; else, of those that decode it, the one that leaves out the
/// fewest members (the first of those). A value several variants decode is not
/// taken as the first of them when that one would drop members a later one keeps.
pub(crate) fn best_fit<T>(value: serde_json::Value, variants: &[Variant<T>]) -> Result<T, String> {
    let members: Vec<&str> = match &value {
        serde_json::Value::Object(object) => object.keys().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let mut best: Option<(usize, T)> = None;
    for (known, read) in variants {
        let unknown = known.map_or(0, |known| {
            members.iter().filter(|m| !known.contains(m)).count()
        });
        if best.as_ref().is_some_and(|(fewest, _)| *fewest <= unknown) {
            continue;
        }
        if let Ok(decoded) = read(value.clone()) {
            if unknown == 0 {
                return Ok(decoded);
            }
            best = Some((unknown, decoded));
        }
    }
    best.map(|(_, decoded)| decoded)
        .ok_or_else(|| "the value is none of the union's variants".to_owned())
}

/// The text of a scalar JSON value (`None` for `null`, arrays and objects).
pub(crate) fn scalar_text(value: &serde_json::Value) -> Option<String> {
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
pub(crate) fn bracket_pairs(key: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
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
    let value = json_value(value).map_err(|e| {
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

/// A parameter value as one piece of text (path and header parameters: `simple`
/// style). Arrays are comma-joined either way; objects are `k,v,k2,v2`, or with
/// `explode` `k=v,k2=v2`.
pub(crate) fn param_text<T: serde::Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    explode: bool,
) -> Result<String, ValidationError> {
    let value = json_value(value).map_err(|e| {
        ValidationError::new(name, format!("cannot be written as a parameter: {e}"))
    })?;
    if let (true, serde_json::Value::Object(object)) = (explode, &value) {
        let pairs: Vec<String> = object
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}={}", scalar_text(v).unwrap_or_else(|| v.to_string())))
            .collect();
        return Ok(pairs.join(","));
    }
    let pairs = param_pairs(name, &value, false, false)?;
    Ok(pairs
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join(","))
}

/// Join list values for a header or a non-exploded query parameter.
pub(crate) fn join<T: fmt::Display>(values: &[T]) -> String {
    join_with(values, ",")
}

/// Join list values with `delimiter` (a `spaceDelimited` or `pipeDelimited` query
/// parameter).
pub(crate) fn join_with<T: fmt::Display>(values: &[T], delimiter: &str) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(delimiter)
}

/// The path styles that write more than the value.
#[derive(Clone, Copy)]
pub(crate) enum PathStyle {
    /// `.a,b`, or `.a.b` exploded.
    Label,
    /// `;name=a,b`, or `;name=a;name=b` exploded.
    Matrix,
}

/// A path parameter in `label` or `matrix` style: each value percent-encoded (none
/// may be empty, `.` or `..`), with the style's prefix and delimiters.
pub(crate) fn styled_path<T: fmt::Display>(
    name: &'static str,
    style: PathStyle,
    explode: bool,
    values: &[T],
) -> Result<String, ValidationError> {
    let encoded = values
        .iter()
        .map(|value| encode_path(name, value))
        .collect::<Result<Vec<_>, _>>()?;
    let key = percent_encode(name, false);
    Ok(match (style, explode) {
        (PathStyle::Label, false) => format!(".{}", encoded.join(",")),
        (PathStyle::Label, true) => format!(".{}", encoded.join(".")),
        (PathStyle::Matrix, false) => format!(";{key}={}", encoded.join(",")),
        (PathStyle::Matrix, true) => encoded.iter().map(|v| format!(";{key}={v}")).collect(),
    })
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
        assert_eq!(encode_path("id", "a b/c?d").unwrap(), "a%20b%2Fc%3Fd");
        assert_eq!(encode_path("id", "org-123_~.").unwrap(), "org-123_~.");
        for refused in ["", ".", ".."] {
            assert_eq!(encode_path("id", refused).unwrap_err().field(), "id");
        }
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
    fn simple_style_objects_follow_explode_and_arrays_are_comma_joined() {
        let color = serde_json::json!({"R": 100, "G": 200});
        assert_eq!(param_text("color", &color, false).unwrap(), "R,100,G,200");
        assert_eq!(param_text("color", &color, true).unwrap(), "R=100,G=200");
        let ids = serde_json::json!([1, 2]);
        assert_eq!(param_text("ids", &ids, false).unwrap(), "1,2");
        assert_eq!(param_text("ids", &ids, true).unwrap(), "1,2");
    }

    #[test]
    fn an_empty_json_body_is_null_only_to_a_type_that_holds_null() {
        assert_eq!(
            decode_json::<serde_json::Value>(b"").unwrap(),
            serde_json::Value::Null
        );
        assert_eq!(decode_json::<Option<i32>>(b" \n").unwrap(), None);
        assert!(decode_json::<i32>(b"").is_err());
        assert!(decode_json::<serde_json::Value>(b"{").is_err());
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
    fn retry_after_accepts_all_three_http_date_forms() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_717); // 1994-11-06 08:48:37 UTC
        for date in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                retry_after(date, now),
                Some(Duration::from_secs(60)),
                "{date}"
            );
        }
    }

    #[test]
    fn retry_after_refuses_impossible_and_huge_values_without_overflow() {
        let now = std::time::SystemTime::now();
        for value in [
            "Sun, 06 Nov 300000000000 08:49:37 GMT",
            "Sun, 99999999999999999999 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 99999999999999999999:49:37 GMT",
            "Tue, 31 Feb 2026 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:61:61 GMT",
            "99999999999999999999999",
            "-5",
            "+5",
            "",
        ] {
            assert_eq!(retry_after(value, now), None, "{value}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_its_cap_without_overflow() {
        let policy = RetryPolicy::connection_failures(100).backoff(Duration::from_millis(100));
        assert_eq!(policy.delay(0), Duration::from_millis(100));
        assert_eq!(policy.delay(3), Duration::from_millis(800));
        assert_eq!(policy.delay(40), DEFAULT_MAX_BACKOFF);
        assert_eq!(policy.delay(u32::MAX), DEFAULT_MAX_BACKOFF);
    }

    #[test]
    fn excerpts_are_cut_on_a_character_boundary() {
        let long = "é".repeat(BODY_EXCERPT_LIMIT);
        let cut = excerpt(long.as_bytes());
        assert!(
            cut.len() <= BODY_EXCERPT_LIMIT && cut.ends_with('…'),
            "{}",
            cut.len()
        );
        assert_eq!(excerpt(b"short"), "short");
    }
}
