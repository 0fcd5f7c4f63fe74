//! Configuration: the limits and their defaults, credentials, the retry policy, hooks
//! and the builder that checks them all and makes a [`Client`].

use std::fmt;
use std::time::Duration;

use super::*;

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
pub(crate) const BODY_EXCERPT_LIMIT: usize = 4096;

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
/// or a call that carries an idempotency key failed in transport. A key is the same
/// on every attempt of a call, so the server can tell a resent call from a new one.
/// A `POST` without a key that may have reached the server is never resent, and no
/// response, whatever its status, is ever retried.
///
/// The client's timeout covers the whole call: every attempt and every wait between
/// attempts. No retry starts once its wait would pass that deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(super) max_retries: u32,
    backoff: Duration,
    max_backoff: Duration,
    pub(super) idempotent_methods: bool,
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

    /// Also retry idempotent methods, and calls that carry an idempotency key, after
    /// any transport failure.
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
    pub(crate) fn delay(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        self.backoff.saturating_mul(factor).min(self.max_backoff)
    }
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
                    // ring, as chosen; rustls 0.23.48 deprecates it only for its lack of post-quantum
                    // key exchange.
                    #[allow(deprecated)]
                    let provider = rustls::crypto::ring::default_provider();
                    let _ = provider.install_default();
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
    pub(super) earlier_attempt_may_have_reached: bool,
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
pub(super) fn parse_base_url(raw: &str) -> Result<reqwest::Url, BuildError> {
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

/// Credentials as they are sent: checked and encoded once, when the client is built.
#[derive(Clone)]
pub(super) enum Auth {
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
