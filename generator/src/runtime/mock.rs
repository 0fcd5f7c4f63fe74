//! The machinery behind a generated crate's `mock` module (feature `mock`): a
//! [wiremock] server on 127.0.0.1, expectations matched on the decoded request,
//! replies encoded from typed values, and, when the server is dropped, a check of how
//! many calls each expectation met.
//!
//! Requests are only ever shown as the typed values they decode to, whose `Debug`
//! redacts secrets; headers (credentials among them) are never shown.
//!
//! This file is written by hand and shipped unchanged into each generated crate.
//! Not every client uses every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::{self, Debug};
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One operation of the API, as the mock server tells requests apart and shows them.
pub struct Operation {
    /// The client method's name.
    pub name: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template as the spec writes it (`/pets/{id}`).
    pub path: &'static str,
    /// How a request body shows in a failure message (see [`describe`]).
    pub describe: fn(&[u8]) -> String,
    /// The spec's example of a success response: status and JSON text.
    pub example: Option<(u16, &'static str)>,
}

impl Operation {
    /// Whether a request with this method and (percent-encoded) path is a call of
    /// this operation: literal text must be there as written, each parameter takes
    /// at least one character of its segment.
    fn is_called_by(&self, method: &str, path: &str) -> bool {
        let template: Vec<&str> = self.path.split('/').collect();
        let actual: Vec<&str> = path.split('/').collect();
        self.method.eq_ignore_ascii_case(method)
            && template.len() == actual.len()
            && template
                .iter()
                .zip(&actual)
                .all(|(expected, segment)| segment_matches(expected, &percent_decode(segment)))
    }

    /// How much of the template is literal text: of two operations that both take a
    /// call (`/pets/mine` and `/pets/{id}`), the more literal one answers it.
    fn literal_len(&self) -> usize {
        literal_pieces(self.path)
            .iter()
            .map(|piece| piece.len())
            .sum()
    }
}

/// The literal text of a template, split at its parameters.
fn literal_pieces(template: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        pieces.push(&rest[..open]);
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    pieces.push(rest);
    pieces
}

/// Whether one path segment fits one template segment.
fn segment_matches(template: &str, segment: &str) -> bool {
    if !template.contains('{') {
        return template == segment;
    }
    let pieces = literal_pieces(template);
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    let Some(mut rest) = segment.strip_prefix(first) else {
        return false;
    };
    // Each parameter between the literal pieces takes one character or more.
    for piece in &pieces[1..pieces.len() - 1] {
        let Some(at) = rest.get(1..).and_then(|after| after.find(piece)) else {
            return false;
        };
        rest = &rest[1 + at + piece.len()..];
    }
    rest.len() > last.len() && rest.ends_with(last)
}

/// A path segment with its `%XX` escapes decoded (invalid UTF-8 replaced).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(high), Some(low)) if hex(high).is_some() && hex(low).is_some() => {
                let value = hex(high).unwrap_or_default() * 16 + hex(low).unwrap_or_default();
                out.push(value as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Show a JSON request body as the typed value it decodes to.
pub fn describe<T: DeserializeOwned + Debug>(body: &[u8]) -> String {
    match decode::<T>(body) {
        Some(value) => format!("{value:?}"),
        None => format!(
            "a body of {} bytes that does not decode as the operation's request",
            body.len()
        ),
    }
}

/// Show a request without a JSON body: by its size alone.
pub fn describe_size(body: &[u8]) -> String {
    format!("a body of {} bytes", body.len())
}

/// A reply's status, content type and body.
#[derive(Clone)]
pub struct Reply {
    status: u16,
    content_type: Option<&'static str>,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    /// A JSON body.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        Reply {
            status,
            content_type: Some("application/json"),
            headers: Vec::new(),
            body: serde_json::to_vec(value).expect("a generated type serializes to JSON"),
        }
    }

    /// A text body.
    pub fn text(status: u16, value: &str) -> Reply {
        Reply {
            status,
            content_type: Some("text/plain; charset=utf-8"),
            headers: Vec::new(),
            body: value.as_bytes().to_vec(),
        }
    }

    /// A whole stream of server-sent events, as text.
    pub(crate) fn event_stream(status: u16, text: String) -> Reply {
        Reply {
            status,
            content_type: Some("text/event-stream"),
            headers: Vec::new(),
            body: text.into_bytes(),
        }
    }

    /// A body of bytes.
    pub fn bytes(status: u16, value: &[u8]) -> Reply {
        Reply {
            status,
            content_type: Some("application/octet-stream"),
            headers: Vec::new(),
            body: value.to_vec(),
        }
    }

    /// The spec's example, JSON text as it is.
    fn example(status: u16, json: &str) -> Reply {
        Reply {
            status,
            content_type: Some("application/json"),
            headers: Vec::new(),
            body: json.as_bytes().to_vec(),
        }
    }

    /// No body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    fn template(&self) -> wiremock::ResponseTemplate {
        let mut template = wiremock::ResponseTemplate::new(self.status);
        for (name, value) in &self.headers {
            template = template.insert_header(*name, value.as_str());
        }
        match self.content_type {
            Some(content_type) => template.set_body_raw(self.body.clone(), content_type),
            None => template,
        }
    }
}

/// What an expectation answers with.
#[derive(Clone)]
enum Answer {
    Reply(Reply),
    /// Close the connection without answering.
    Drop,
}

/// Decides whether an expectation answers a call, from its decoded request.
type Matcher<Req> = Arc<dyn Fn(&Req) -> bool + Send + Sync>;

/// A request no expectation answered.
struct Call {
    method: String,
    path: String,
    body: Vec<u8>,
}

/// What one expectation saw, for the check at the end.
struct Seen {
    operation: &'static Operation,
    /// How many calls it expects: `None` for any number.
    times: Option<u64>,
    /// The calls it answered.
    answered: AtomicU64,
    /// The bodies of calls of its operation that its matcher refused.
    refused: Mutex<Vec<Vec<u8>>>,
}

/// A mock server on 127.0.0.1 for the operations of one API.
pub struct Server {
    inner: wiremock::MockServer,
    operations: &'static [Operation],
    expectations: Mutex<Vec<Arc<Seen>>>,
    /// Requests no expectation answered.
    unanswered: Arc<Mutex<Vec<Call>>>,
    /// What went wrong inside the server: a matcher that panicked.
    faults: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Start a server that knows `operations`, and answers `404` to anything no
    /// expectation matches (and reports it when dropped).
    pub async fn start(operations: &'static [Operation]) -> Server {
        let inner = wiremock::MockServer::start().await;
        let unanswered = Arc::new(Mutex::new(Vec::new()));
        let record = unanswered.clone();
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(move |request: &wiremock::Request| {
                lock(&record).push(Call {
                    method: request.method.to_string(),
                    path: request.url.path().to_owned(),
                    body: request.body.clone(),
                });
                wiremock::ResponseTemplate::new(404).set_body_string(
                    "mock server: no expectation matched this request (see the test's failure)",
                )
            })
            .with_priority(u8::MAX)
            .mount(&inner)
            .await;
        Server {
            inner,
            operations,
            expectations: Mutex::new(Vec::new()),
            unanswered,
            faults: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.inner.uri()
    }

    /// Start an expectation for `operation`, whose success values `encode` writes.
    pub fn expect<Req, Resp, Err>(
        &self,
        operation: &'static Operation,
        encode: fn(&Resp) -> Reply,
    ) -> Expectation<'_, Req, Resp, Err> {
        Expectation {
            server: self,
            operation,
            encode,
            matcher: None,
            answer: None,
            delay: None,
            times: None,
            up_to: None,
            types: PhantomData,
        }
    }

    /// Panic, naming the operation, when an expectation was not met, a request
    /// matched none, or a matcher panicked; the requests are shown as typed values.
    pub fn verify(&self) {
        let problems = self.problems();
        if !problems.is_empty() {
            panic!("mock server: {}", problems.join("\n"));
        }
    }

    /// What [`Server::verify`] reports.
    fn problems(&self) -> Vec<String> {
        let mut problems = lock(&self.faults).clone();
        for seen in lock(&self.expectations).iter() {
            let answered = seen.answered.load(Ordering::SeqCst);
            let Some(times) = seen.times.filter(|times| *times != answered) else {
                continue;
            };
            let mut problem = format!(
                "{}: expected {} {}, got {answered}",
                seen.operation.name,
                times,
                calls(times)
            );
            let refused = lock(&seen.refused);
            if !refused.is_empty() {
                problem.push_str(&format!(
                    "; {} {} it did not match:",
                    refused.len(),
                    calls(refused.len() as u64)
                ));
                for body in refused.iter() {
                    problem.push_str(&format!("\n    {}", (seen.operation.describe)(body)));
                }
            }
            problems.push(problem);
        }
        for Call { method, path, body } in lock(&self.unanswered).iter() {
            let operation = self
                .operations
                .iter()
                .filter(|operation| operation.is_called_by(method, path))
                .max_by_key(|operation| operation.literal_len());
            problems.push(match operation {
                Some(operation) => format!(
                    "{}: a call no expectation matched (answered 404):\n    {}",
                    operation.name,
                    (operation.describe)(body)
                ),
                None => format!("{method} {path}: not an operation of this API (answered 404)"),
            });
        }
        problems
    }
}

fn calls(n: u64) -> &'static str {
    if n == 1 {
        "call"
    } else {
        "calls"
    }
}

/// The data behind a lock, even when a panicking test poisoned it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Drop for Server {
    /// Check the expectations. When the test is failing already (often because of
    /// what is reported here), the report is printed instead: a second panic would
    /// abort.
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.verify();
            return;
        }
        let problems = self.problems();
        if !problems.is_empty() {
            eprintln!("mock server: {}", problems.join("\n"));
        }
    }
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.uri())
            .finish_non_exhaustive()
    }
}

/// Which calls of an operation an expectation answers, how, and how many it expects.
/// It does nothing until [`Expectation::mount`] is awaited.
#[must_use = "an expectation does nothing until it is mounted"]
pub struct Expectation<'a, Req, Resp, Err> {
    server: &'a Server,
    operation: &'static Operation,
    encode: fn(&Resp) -> Reply,
    matcher: Option<Matcher<Req>>,
    answer: Option<Answer>,
    delay: Option<Duration>,
    times: Option<u64>,
    up_to: Option<u64>,
    types: PhantomData<fn(Resp, Err)>,
}

impl<Req, Resp, Err> Expectation<'_, Req, Resp, Err>
where
    Req: DeserializeOwned + 'static,
    Err: Serialize,
{
    /// The spec's example success response: status and JSON text.
    fn example(&self) -> (u16, &'static str) {
        self.operation.example.unwrap_or_else(|| {
            panic!(
                "the spec has no example response for {}",
                self.operation.name
            )
        })
    }

    /// Answer only the calls whose decoded request `matches` accepts.
    pub fn matching(mut self, matches: impl Fn(&Req) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Arc::new(matches));
        self
    }

    /// Answer only the calls whose request equals `request`.
    pub fn with_request(self, request: Req) -> Self
    where
        Req: PartialEq + Send + Sync,
    {
        self.matching(move |sent| *sent == request)
    }

    /// Answer with this success value.
    pub fn respond_with(mut self, value: Resp) -> Self {
        self.answer = Some(Answer::Reply((self.encode)(&value)));
        self
    }

    /// Answer with the spec's example of a success response.
    ///
    /// # Panics
    ///
    /// When the spec gives this operation no example (its mock method's docs say so).
    pub fn respond_with_example(mut self) -> Self {
        let (status, json) = self.example();
        self.answer = Some(Answer::Reply(Reply::example(status, json)));
        self
    }

    /// Answer with the spec's example of a success response, changed by `edit`: the
    /// way to build a response that stays valid as the API gains fields, since the
    /// example has every field the spec requires.
    ///
    /// # Panics
    ///
    /// When the spec gives no example, or the example does not decode as the response.
    pub fn respond_with_edited_example(self, edit: impl FnOnce(&mut Resp)) -> Self
    where
        Resp: DeserializeOwned,
    {
        let (_, json) = self.example();
        let mut value: Resp = serde_json::from_str(json).unwrap_or_else(|err| {
            panic!(
                "the spec's example response for {} does not decode: {err}",
                self.operation.name
            )
        });
        edit(&mut value);
        self.respond_with(value)
    }

    /// Answer with an API error: `status` and the spec's error body.
    ///
    /// # Panics
    ///
    /// When `status` is not an error status (400–599).
    pub fn respond_with_error(mut self, status: u16, error: Err) -> Self {
        assert!(
            (400..=599).contains(&status),
            "respond_with_error for {} takes an error status (400-599), not {status}",
            self.operation.name
        );
        self.answer = Some(Answer::Reply(Reply::json(status, &error)));
        self
    }

    /// Answer `429 Too Many Requests` with `Retry-After` in whole seconds (rounded up).
    pub fn respond_with_rate_limit(mut self, retry_after: Duration) -> Self {
        let seconds = retry_after
            .as_secs()
            .saturating_add(u64::from(retry_after.subsec_nanos() > 0));
        let mut reply = Reply::empty(429);
        reply.headers.push(("retry-after", seconds.to_string()));
        self.answer = Some(Answer::Reply(reply));
        self
    }

    /// Close the connection without answering, as soon as the request has arrived
    /// (a `delay` does not apply).
    pub fn drop_connection(mut self) -> Self {
        self.answer = Some(Answer::Drop);
        self
    }

    /// Wait this long before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Expect exactly `n` matching calls, checked when the mock server is dropped.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answer only the first `n` matching calls; later ones go to the expectations
    /// mounted after this one (a `429`, then a success).
    ///
    /// # Panics
    ///
    /// When `n` is 0 (an expectation that answers nothing is [`Expectation::never`]).
    pub fn up_to(mut self, n: u64) -> Self {
        assert!(
            n > 0,
            "up_to(0) for {} answers no call: use never()",
            self.operation.name
        );
        self.up_to = Some(n);
        self
    }

    /// Expect no matching call.
    pub fn never(self) -> Self {
        self.times(0)
    }

    /// Start answering: with the answer chosen, or else with the spec's example.
    ///
    /// # Panics
    ///
    /// When no answer was chosen (`respond_with…` or `drop_connection`) and the spec
    /// has no example for the operation.
    pub async fn mount(self) {
        let operation = self.operation;
        let answer = match (self.answer, operation.example) {
            (Some(answer), _) => answer,
            (None, Some((status, json))) => Answer::Reply(Reply::example(status, json)),
            (None, None) => panic!(
                "the expectation for {} has no answer and the spec no example: call respond_with… or drop_connection",
                operation.name
            ),
        };
        assert!(
            !(matches!(answer, Answer::Drop) && self.delay.is_some()),
            "the expectation for {} drops the connection at once: a delay does not apply",
            operation.name
        );
        let seen = Arc::new(Seen {
            operation,
            times: self.times,
            answered: AtomicU64::new(0),
            refused: Mutex::new(Vec::new()),
        });
        lock(&self.server.expectations).push(seen.clone());
        let matcher = CallOf {
            operation,
            operations: self.server.operations,
            matcher: self.matcher,
            seen: seen.clone(),
            faults: self.server.faults.clone(),
        };
        let mock = wiremock::Mock::given(matcher);
        let mock = match answer {
            Answer::Reply(reply) => {
                let mut template = reply.template();
                if let Some(delay) = self.delay {
                    template = template.set_delay(delay);
                }
                mock.respond_with(move |_: &wiremock::Request| {
                    seen.answered.fetch_add(1, Ordering::SeqCst);
                    template.clone()
                })
            }
            Answer::Drop => mock.respond_with_err(move |_: &wiremock::Request| {
                seen.answered.fetch_add(1, Ordering::SeqCst);
                std::io::Error::from(std::io::ErrorKind::ConnectionReset)
            }),
        };
        let mock = match self.up_to {
            Some(n) => mock.up_to_n_times(n),
            None => mock,
        };
        mock.mount(&self.server.inner).await;
    }
}

/// Matches the calls of one operation whose decoded request the matcher accepts.
struct CallOf<Req> {
    operation: &'static Operation,
    /// Every operation of the API: a call a more literal one takes is not this one's.
    operations: &'static [Operation],
    matcher: Option<Matcher<Req>>,
    seen: Arc<Seen>,
    faults: Arc<Mutex<Vec<String>>>,
}

impl<Req: DeserializeOwned + 'static> wiremock::Match for CallOf<Req> {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let (method, path) = (request.method.as_str(), request.url.path());
        if !self.operation.is_called_by(method, path) {
            return false;
        }
        let literal = self.operation.literal_len();
        if self
            .operations
            .iter()
            .any(|other| other.literal_len() > literal && other.is_called_by(method, path))
        {
            return false;
        }
        let Some(matcher) = &self.matcher else {
            return true;
        };
        let accepted = match decode::<Req>(&request.body) {
            Some(sent) => {
                // The matcher runs on the server's thread: a panic there would only
                // drop the connection, so it is caught and reported by `verify`.
                let run = std::panic::AssertUnwindSafe(|| matcher(&sent));
                std::panic::catch_unwind(run).unwrap_or_else(|panic| {
                    let why = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    lock(&self.faults).push(format!(
                        "{}: the matcher panicked: {why}",
                        self.operation.name
                    ));
                    false
                })
            }
            None => false,
        };
        if !accepted {
            lock(&self.seen.refused).push(request.body.clone());
        }
        accepted
    }
}

/// The typed request: the JSON body, or `()` for an operation without one.
fn decode<Req: DeserializeOwned>(body: &[u8]) -> Option<Req> {
    let body = if body.is_empty() { b"null" } else { body };
    serde_json::from_slice(body).ok()
}
