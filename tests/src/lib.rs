//! A small HTTP/1.1 server on 127.0.0.1 for tests: it records every request and
//! answers with whatever the test's responder says.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of a header (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// How many times a header was sent (names compared case-insensitively).
    pub fn headers_named(&self, name: &str) -> usize {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .count()
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The parts of a `multipart/form-data` body, parsed with `multer`, the parser
    /// axum uses; panics on a body a server would refuse.
    pub async fn multipart_parts(&self) -> Vec<ParsedPart> {
        let content_type = self.header("content-type").expect("a content type");
        let boundary = multer::parse_boundary(content_type).expect("a multipart content type");
        let mut multipart =
            multer::Multipart::with_reader(std::io::Cursor::new(self.body.clone()), boundary);
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.expect("a well-formed body") {
            let name = field.name().expect("every part is named").to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(ToString::to_string);
            let body = field.bytes().await.expect("a part's bytes");
            parts.push(ParsedPart {
                name,
                file_name,
                content_type,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
        }
        parts
    }
}

/// One part of a multipart body as a server parses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPart {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

impl ParsedPart {
    pub fn new(
        name: &str,
        file_name: Option<&str>,
        content_type: Option<&str>,
        body: &str,
    ) -> Self {
        ParsedPart {
            name: name.to_owned(),
            file_name: file_name.map(str::to_owned),
            content_type: content_type.map(str::to_owned),
            body: body.to_owned(),
        }
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answer with this status, extra headers and body.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Wait, then answer.
    After(Duration, Box<Reply>),
    /// Close the connection without answering.
    Hang,
    /// Write the first `bytes` bytes of the reply, then close the connection: a reply
    /// lost on the way, after the request surely arrived.
    CutOff(Box<Reply>, usize),
}

impl Reply {
    /// A JSON response.
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply::Respond {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    /// A response with a content type and raw body.
    pub fn raw(status: u16, content_type: &str, body: &str) -> Reply {
        Reply::Respond {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Add a response header.
    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Respond {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.into(), value.into()));
                Reply::Respond {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }
}

type Responder = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A running test server; it stops when dropped.
pub struct TestServer {
    url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    /// Start a server on a free port of 127.0.0.1.
    pub async fn start(
        responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        TestServer::start_at("127.0.0.1:0".parse().expect("address"), responder).await
    }

    /// Start a server on a given loopback address.
    pub async fn start_at(
        addr: std::net::SocketAddr,
        responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        let listener = TcpListener::bind(addr).await.expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let responder: Arc<Responder> = Arc::new(responder);
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, responder.clone(), recorded.clone()));
            }
        });
        TestServer {
            url,
            requests,
            task,
        }
    }

    /// Answer every request with the same reply.
    pub async fn always(reply: Reply) -> TestServer {
        TestServer::start(move |_| reply.clone()).await
    }

    /// Drop the first connection without answering, then answer every request with
    /// `reply`: a transport failure after the request may have arrived.
    pub async fn flaky(reply: Reply) -> TestServer {
        let answered = std::sync::atomic::AtomicBool::new(false);
        TestServer::start(move |_| {
            if answered.swap(true, std::sync::atomic::Ordering::SeqCst) {
                reply.clone()
            } else {
                Reply::Hang
            }
        })
        .await
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("requests lock").clone()
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn serve(
    mut stream: TcpStream,
    responder: Arc<Responder>,
    requests: Arc<Mutex<Vec<Recorded>>>,
) {
    let mut buffer = Vec::new();
    loop {
        // Read one request: head, then a body of Content-Length bytes.
        let head_end = loop {
            if let Some(end) = find(&buffer, b"\r\n\r\n") {
                break end;
            }
            let mut chunk = [0u8; 8192];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or_default().split(' ');
        let method = request_line.next().unwrap_or_default().to_owned();
        let target = request_line.next().unwrap_or_default().to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let body_start = head_end + 4;
        while buffer.len() < body_start + length {
            let mut chunk = [0u8; 8192];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        let body = buffer[body_start..body_start + length].to_vec();
        buffer.drain(..body_start + length);
        let request = Recorded {
            method,
            target,
            headers,
            body,
        };
        requests
            .lock()
            .expect("requests lock")
            .push(request.clone());

        let mut reply = responder(&request);
        loop {
            match reply {
                Reply::After(delay, next) => {
                    tokio::time::sleep(delay).await;
                    reply = *next;
                }
                Reply::Hang => return,
                Reply::CutOff(whole, cut) => {
                    let mut bytes = match *whole {
                        Reply::Respond {
                            status,
                            headers,
                            body,
                        } => response_bytes(status, &headers, &body),
                        _ => Vec::new(),
                    };
                    bytes.truncate(cut);
                    let _ = stream.write_all(&bytes).await;
                    return;
                }
                Reply::Respond {
                    status,
                    headers,
                    body,
                } => {
                    let bytes = response_bytes(status, &headers, &body);
                    if stream.write_all(&bytes).await.is_err() {
                        return;
                    }
                    break;
                }
            }
        }
    }
}

/// A response as it goes on the wire.
fn response_bytes(status: u16, headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} Status\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The lines of a manifest's `[section]` (`dependencies`, `build-dependencies`, …),
/// trimmed, with comments and blank lines left out.
pub fn manifest_section(manifest: &str, section: &str) -> Vec<String> {
    let head = format!("[{section}]");
    manifest
        .lines()
        .skip_while(|line| line.trim() != head)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// A consumer send response as Stytch returns it.
pub fn sms_send_ok() -> serde_json::Value {
    serde_json::json!({
        "request_id": "request-id-test-55c6dd8f-0b2b-4cfd-9f3b-cb7d52d3b2f8",
        "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
        "phone_id": "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0",
        "status_code": 200
    })
}

/// A Stytch error body.
pub fn stytch_error(status: u16, error_type: &str, request_id: &str) -> serde_json::Value {
    serde_json::json!({
        "status_code": status,
        "request_id": request_id,
        "error_type": error_type,
        "error_message": format!("{error_type} happened."),
        "error_url": format!("https://stytch.com/docs/api/errors/{status}")
    })
}
pub mod capture;
pub mod corpus;
pub mod raw;
pub mod synthetic;

/// What `spec` generates with the default options; a refusal fails the test.
pub fn generated(spec: &str) -> openapi_clientgen::Generated {
    openapi_clientgen::generate(spec, &openapi_clientgen::Options::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The warnings of a generation, as printed.
pub fn warnings(generated: &openapi_clientgen::Generated) -> Vec<String> {
    generated.warnings.iter().map(ToString::to_string).collect()
}

/// `written` generates the same files as `meant`, and warns where `meant` does not.
pub fn reads_as(written: &str, meant: &str) -> openapi_clientgen::Generated {
    let got = generated(written);
    let want = generated(meant);
    assert_eq!(got.files.len(), want.files.len());
    for (got_file, want_file) in got.files.iter().zip(&want.files) {
        assert_eq!(got_file.path, want_file.path);
        assert!(
            got_file.contents == want_file.contents,
            "{} differs from the spec written correctly",
            got_file.path
        );
    }
    got
}

/// Fails unless a warning of `generated` is at `at` and says `says`.
pub fn assert_warns(generated: &openapi_clientgen::Generated, at: &str, says: &str) {
    let all = warnings(generated);
    assert!(
        all.iter()
            .any(|w| w.starts_with(&format!("{at}: ")) && w.contains(says)),
        "no warning at {at} saying {says}: {all:#?}"
    );
}

/// The folder of public specs beside the repository: `$OPENAPI_CORPUS_DIR`, or
/// `../shared/corpus`. Outside CI a missing corpus skips the test that needs it, with
/// a note saying so; in CI (`CI` set) it is a failure.
pub fn corpus_dir(test: &str) -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("OPENAPI_CORPUS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
        });
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    assert!(
        !ci,
        "{test}: the corpus of public specs is missing at {} (set OPENAPI_CORPUS_DIR)",
        dir.display()
    );
    skipped(&format!(
        "{test}: it needs the corpus of public specs, not found at {} (set OPENAPI_CORPUS_DIR)",
        dir.display()
    ));
    None
}

/// Say that a test was skipped, and why, where the person running the tests sees it:
/// straight to stderr, which the test harness does not capture (it captures only the
/// `print!` family).
pub fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// The README's Rust examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
