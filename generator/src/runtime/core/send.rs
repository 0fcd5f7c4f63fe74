//! Sending: the client, a request as generated methods assemble it, each attempt
//! with its retries, and the response read within its limit.

use std::fmt;
use std::time::Duration;

use super::*;

/// A JSON body as a `T`. An empty body (whitespace at most) is `null` to a type that
/// has a value for it (any JSON value, an `Option`), and an error to any other.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    match serde_json::from_slice(body) {
        Err(e) if e.is_eof() && body.iter().all(u8::is_ascii_whitespace) => {
            serde_json::from_value(serde_json::Value::Null).map_err(|_| e)
        }
        other => other,
    }
}

/// A URL as it may be shown in errors and `Debug`: credentials, query and fragment redacted.
pub(super) fn shown_url(raw: &str) -> String {
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

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(super) http: reqwest::Client,
    /// Checked by [`parse_base_url`]: no credentials, query or fragment.
    pub(super) base: reqwest::Url,
    /// `base` as text, without a trailing `/`.
    pub(super) base_url: String,
    /// See [`ClientBuilder::base_url`]: operations' own servers are not used.
    pub(super) custom_base_url: bool,
    pub(super) credentials: Vec<Credentials>,
    pub(super) auth: Vec<Auth>,
    pub(super) timeout: Duration,
    pub(super) user_agent: reqwest::header::HeaderValue,
    pub(super) retry: RetryPolicy,
    pub(super) max_response_bytes: usize,
    pub(super) hooks: Vec<std::sync::Arc<dyn Hook>>,
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
            idempotency_key: None,
            whole_url: None,
        }
    }

    /// The request's URL: the base URL's path (the operation's own server's, when it
    /// has one and the client's base URL was chosen from the spec), then the
    /// operation's path, then the query.
    pub(crate) fn url<E>(&self, request: &Request) -> Result<reqwest::Url, Error<E>> {
        if let Some(url) = &request.whole_url {
            return Ok(self.with_query_keys(request, url.clone()));
        }
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
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(self.with_query_keys(request, url))
    }

    /// `url` with the API keys that go in the query, for an authenticated request.
    fn with_query_keys(&self, request: &Request, mut url: reqwest::Url) -> reqwest::Url {
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
        if !keys.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, key) in keys {
                pairs.append_pair(name, key.expose());
            }
        }
        url
    }

    /// Run one call of an operation, inside its span (see `observe`).
    pub(crate) async fn call<T, E>(
        &self,
        span: super::super::observe::Span,
        call: impl std::future::Future<Output = Result<T, Error<E>>>,
    ) -> Result<T, Error<E>> {
        super::super::observe::call(span, &self.base, call).await
    }

    /// One call of an operation, inside its span: `build` makes the request, which is
    /// sent, and `read` makes the call's answer of the response read whole.
    ///
    /// Each operation's method is these two plain closures and this one shared
    /// `async fn`, rather than a future of its own to compile.
    pub(crate) async fn exchange<T, E>(
        &self,
        span: super::super::observe::Span,
        build: impl FnOnce() -> Result<Request, Error<E>>,
        read: impl FnOnce(RawResponse) -> Result<T, Error<E>>,
    ) -> Result<T, Error<E>> {
        self.call(span, async {
            let request = build()?;
            read(self.send(request).await?)
        })
        .await
    }

    /// [`Client::exchange`] with the success response's body left unread, for `read`
    /// to stream.
    pub(crate) async fn exchange_open<T, E>(
        &self,
        span: super::super::observe::Span,
        build: impl FnOnce() -> Result<Request, Error<E>>,
        read: impl FnOnce(Taken) -> Result<T, Error<E>>,
    ) -> Result<T, Error<E>> {
        self.call(span, async {
            let request = build()?;
            read(self.open(request).await?)
        })
        .await
    }

    /// Send a request and read the response, within one deadline for all attempts.
    pub(crate) async fn send<E>(&self, request: Request) -> Result<RawResponse, Error<E>> {
        match self.attempts(request, Take::Whole).await? {
            Taken::Whole(response) => Ok(response),
            Taken::Open(open) => Ok(RawResponse {
                status: open.status,
                headers: open.headers,
                body: Vec::new(),
                too_large: false,
            }),
        }
    }

    /// Send a request and, on a success, hand back the response with its body unread
    /// (a stream's): only the head must arrive in the client's timeout. An error
    /// response is read as [`Client::send`] reads it.
    pub(crate) async fn open<E>(&self, request: Request) -> Result<Taken, Error<E>> {
        self.attempts(request, Take::Open).await
    }

    /// Attempt a request until one attempt ends in a response, or the retry policy
    /// and the deadline allow no more.
    async fn attempts<E>(&self, mut request: Request, take: Take) -> Result<Taken, Error<E>> {
        let url = self.url(&request)?;
        super::super::observe::server(&url);
        // One key for every attempt of the call: the caller's, else a fresh one.
        if let Some(name) = request.idempotency_key {
            if !request
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                let key = reqwest::header::HeaderValue::from_str(&fresh_key())
                    .expect("a key is hexadecimal digits and dashes");
                request.headers.push((name, key));
            }
        }
        let keyed = request.idempotency_key.is_some();
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
            let failure = match self.attempt(&request, url.clone(), time_left, take).await {
                Ok(taken) => {
                    let (status, headers, body) = match &taken {
                        Taken::Whole(raw) => (raw.status, &raw.headers, raw.body.as_slice()),
                        Taken::Open(open) => (open.status, &open.headers, &[][..]),
                    };
                    super::super::observe::response(status.as_u16(), headers, body);
                    return Ok(taken);
                }
                Err(Attempt::Hook(mut err)) => {
                    err.earlier_attempt_may_have_reached = may_have_reached;
                    return Err(Error::Hook(err));
                }
                Err(Attempt::Failed(err)) => TransportError::new(err, &request),
                Err(Attempt::TimedOut) => TransportError::timed_out(&request),
            };
            let nothing_sent = !failure.may_have_reached_server();
            may_have_reached |= !nothing_sent;
            // A one-shot body went to the first attempt, read or not: nothing is left
            // to send again.
            let may_retry = !request.one_shot()
                && (nothing_sent || ((idempotent || keyed) && self.retry.idempotent_methods));
            let wait = self.retry.delay(retries);
            let in_time = deadline.is_none_or(|deadline| {
                tokio::time::Instant::now()
                    .checked_add(wait)
                    .is_some_and(|resume| resume < deadline)
            });
            if retries < self.retry.max_retries && may_retry && in_time {
                retries += 1;
                super::super::observe::retry(retries, wait);
                tokio::time::sleep(wait).await;
                continue;
            }
            return Err(Error::Transport(failure));
        }
    }

    /// One attempt: the request built and signed by the hooks, sent, and its response
    /// taken as `take` says.
    async fn attempt(
        &self,
        request: &Request,
        url: reqwest::Url,
        timeout: Duration,
        take: Take,
    ) -> Result<Taken, Attempt> {
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .header(reqwest::header::USER_AGENT, self.user_agent.clone());
        if let Take::Whole = take {
            builder = builder.timeout(timeout);
        }
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
            Some(Body::Once(make)) => {
                let make = make
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take();
                // A one-shot body's call is attempted once, so it is always there.
                if let Some(make) = make {
                    builder = make(builder);
                }
            }
            None => {}
        }
        let mut built = builder.build()?;
        for hook in &self.hooks {
            hook.before_send(&mut built).map_err(Attempt::Hook)?;
        }
        let mut response = match take {
            Take::Whole => self.http.execute(built).await?,
            Take::Open => tokio::time::timeout(timeout, self.http.execute(built))
                .await
                .map_err(|_| Attempt::TimedOut)??,
        };
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        for hook in &self.hooks {
            hook.after_response(status, &headers);
        }
        if let (Take::Open, true) = (take, status.is_success()) {
            return Ok(Taken::Open(OpenResponse {
                status,
                headers,
                body: response,
            }));
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
            return Ok(Taken::Whole(RawResponse {
                status,
                headers,
                body: Vec::new(),
                too_large: true,
            }));
        }
        let capacity = declared.map_or(0, |length| length.min(limit as u64) as usize);
        let mut body = Vec::with_capacity(capacity);
        let mut too_large = false;
        let read = async {
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
            Ok::<(), reqwest::Error>(())
        };
        match take {
            Take::Whole => read.await?,
            // An error body of a stream's request is read in the time left.
            Take::Open => tokio::time::timeout(timeout, read)
                .await
                .map_err(|_| Attempt::TimedOut)??,
        }
        Ok(Taken::Whole(RawResponse {
            status,
            headers,
            too_large,
            body,
        }))
    }
}

/// How an attempt takes its response.
#[derive(Clone, Copy)]
pub(crate) enum Take {
    /// Read the body whole, within the client's limit and timeout.
    Whole,
    /// On a success, hand back the response with its body unread.
    Open,
}

/// A response as an attempt took it.
pub(crate) enum Taken {
    /// Read whole: every response of [`Take::Whole`], and an error of [`Take::Open`].
    Whole(RawResponse),
    /// A success whose body is still to be read.
    Open(OpenResponse),
}

/// A success response with its body unread.
pub(crate) struct OpenResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: reqwest::Response,
}

impl OpenResponse {
    /// The response with its body made into what the caller reads it as.
    pub(crate) fn into_value<T>(
        self,
        make: impl FnOnce(reqwest::Response) -> T,
    ) -> ResponseValue<T> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            body: make(self.body),
        }
    }
}

/// Make room for `more` bytes, doubling as usual but never past `limit`, so that a
/// body's buffer is never larger than the limit it is read under.
pub(super) fn reserve_within(body: &mut Vec<u8>, more: usize, limit: usize) {
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
    pub(super) method: reqwest::Method,
    pub(super) path: String,
    query: Vec<(std::borrow::Cow<'static, str>, String)>,
    headers: Vec<(&'static str, reqwest::header::HeaderValue)>,
    /// The header the call's idempotency key goes in, when the operation has one.
    idempotency_key: Option<&'static str>,
    /// Cookie names and their encoded values.
    cookies: Vec<(&'static str, String)>,
    /// The operation's own server, when the spec gives it one.
    server: Option<&'static str>,
    body: Option<Body>,
    authenticated: bool,
    /// The whole URL to send to instead of the base URL, path and query (a next
    /// page's link); the API keys of the query are still added.
    whole_url: Option<reqwest::Url>,
}

/// A request body: bytes with their content type, made by a function for each
/// attempt (a `multipart/form-data` body, which reqwest streams), or made once from a
/// stream that cannot be read twice.
pub(super) enum Body {
    Bytes(Vec<u8>, &'static str),
    Made(MakeBody),
    Once(std::sync::Mutex<Option<MakeOnce>>),
}

/// Attaches a body (and its `Content-Type`) to a request about to be sent.
pub(crate) type MakeBody =
    Box<dyn Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send + Sync>;

/// Attaches a one-shot body (a stream's) to the one attempt that sends it.
pub(crate) type MakeOnce =
    Box<dyn FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send>;

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

    /// The same request for a next page: everything but a body (an operation that
    /// pages sends none).
    pub(crate) fn for_next_page(&self) -> Request {
        Request {
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            idempotency_key: self.idempotency_key,
            cookies: self.cookies.clone(),
            server: self.server,
            body: None,
            authenticated: self.authenticated,
            whole_url: self.whole_url.clone(),
        }
    }

    /// Set the query parameter `name` to `value` alone, in its place or last.
    pub(crate) fn set_query(&mut self, name: &'static str, value: String) {
        let at = self.query.iter().position(|(n, _)| n == name);
        self.query.retain(|(n, _)| n != name);
        let at = at.unwrap_or(self.query.len());
        self.query
            .insert(at, (std::borrow::Cow::Borrowed(name), value));
    }

    /// The value of the query parameter `name`, when it has one.
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.as_str())
    }

    /// Send to `url` instead (a next page's link).
    pub(crate) fn send_to(&mut self, url: reqwest::Url) {
        self.whole_url = Some(url);
    }

    /// Send an idempotency key in the header `name` on every attempt: the one the
    /// caller set there as a parameter, else a fresh one ([`fresh_key`]).
    pub(crate) fn idempotency_key(&mut self, name: &'static str) {
        self.idempotency_key = Some(name);
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

    /// Send a body that can be read only once (a stream's): the call is never
    /// attempted again once it was attempted, whatever the retry policy says.
    pub(crate) fn once_body(&mut self, make: MakeOnce) {
        self.body = Some(Body::Once(std::sync::Mutex::new(Some(make))));
    }

    /// Whether the body can be sent only once.
    fn one_shot(&self) -> bool {
        matches!(self.body, Some(Body::Once(_)))
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

    /// The body as it came, and the headers it came with.
    pub(crate) fn body_and_headers(&self) -> (&[u8], &HeaderMap) {
        (&self.body, &self.headers)
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

    pub(crate) fn unexpected<E>(self, reason: String) -> Error<E> {
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

/// A fresh idempotency key, a random UUID (version 4) as text: 122 bits from the
/// standard library's randomly keyed hasher, each key from a new key, a counter and
/// the clock, so no two calls of a process share one and processes do not collide.
pub(crate) fn fresh_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    let half = |salt: u64| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(salt);
        hasher.write_u64(call);
        hasher.write_u128(now);
        u128::from(hasher.finish())
    };
    let mut bits = half(1) << 64 | half(2);
    bits = (bits & !(0xF << 76)) | (0x4 << 76);
    bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        bits >> 96,
        (bits >> 80) & 0xFFFF,
        (bits >> 64) & 0xFFFF,
        (bits >> 48) & 0xFFFF,
        bits & 0xFFFF_FFFF_FFFF
    )
}

/// A `Retry-After` value: delay seconds, or an HTTP date in any of the three forms
/// RFC 9110 names (IMF-fixdate, RFC 850, asctime), counted from `now`. Anything else,
/// an impossible date among them, is `None`; a date in the past is zero.
pub(crate) fn retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The start of a body as text, at most [`BODY_EXCERPT_LIMIT`] bytes with the `…` that
/// marks a cut. Only that start is converted, whatever the body's size.
pub(crate) fn excerpt(body: &[u8]) -> String {
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
