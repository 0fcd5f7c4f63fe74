// The harness's support code, hand-written and appended to each harness's `main.rs`
// after the calls `harness.rs` writes (so it is compiled in every conformance run,
// against the client crate `client`): the entry point, the values read from JSON,
// the HTTP client that asks Prism for a status, and the line printed per call.

fn main() {
    // ring, as chosen; rustls 0.23.48 deprecates it only for its lack of post-quantum
    // key exchange.
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let _ = provider.install_default();
    // A thread of its own, with room for a deep future.
    let calls = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(calls());
        })
        .expect("a thread");
    calls.join().expect("the calls end");
}

/// Whether the next call is to be made: the first `CONFORMANCE_SKIP` calls were
/// made by an earlier run, one the server ended by stopping.
fn begin() -> bool {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    static SKIP: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let skip = *SKIP.get_or_init(|| {
        std::env::var("CONFORMANCE_SKIP")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    });
    NEXT.fetch_add(1, Ordering::Relaxed) >= skip
}

/// A value of `T` read from the JSON the value maker wrote.
fn v<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
    serde_json::from_str(json)
        .map_err(|e| format!("the client's type does not read the value {json}: {e}"))
}

/// The spec's example as a `T`, or when `T` cannot read it, the made value.
fn v_or<T: serde::de::DeserializeOwned>(example: &str, made: &str) -> Result<T, String> {
    serde_json::from_str(example).or_else(|e| {
        eprintln!("conformance: the client's type {} does not read the spec's example {example} ({e}); a made value is sent", std::any::type_name::<T>());
        v(made)
    })
}

/// An HTTP client that follows no redirect and asks for `prefer`'s status.
fn http(prefer: Option<u16>) -> Result<reqwest::Client, String> {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(code) = prefer {
        let value = format!("code={code}")
            .parse()
            .map_err(|_| "header".to_owned())?;
        headers.insert("prefer", value);
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())
}

struct Outcome {
    status: Option<u16>,
    accepted: bool,
    decoded: bool,
    /// The start of a body the client did not decode.
    body: String,
    detail: String,
}

impl Outcome {
    fn unmade(detail: String) -> Outcome {
        Outcome {
            status: None,
            accepted: false,
            decoded: false,
            body: String::new(),
            detail,
        }
    }
}

/// Whether Prism found the request valid: no `sl-violations` header, and no
/// `422` of its own.
fn accepted(status: u16, headers: &client::HeaderMap, body: &str) -> bool {
    let request_violation = headers
        .get("sl-violations")
        .and_then(|v| v.to_str().ok())
        // Prism writes `Too many violations! [...]` when it cut the list.
        .map(|v| v.trim_start_matches("Too many violations!").trim())
        .map(
            |v| match serde_json::from_str::<Vec<serde_json::Value>>(v) {
                Ok(all) => all
                    .iter()
                    .any(|v| v.pointer("/location/0").and_then(|l| l.as_str()) != Some("response")),
                // A list cut short: the places it names.
                Err(_) => v
                    .match_indices("\"location\":[\"")
                    .any(|(at, key)| !v[at + key.len()..].starts_with("response")),
            },
        )
        .unwrap_or(false);
    !request_violation && !(status == 422 && body.contains("stoplight.io/prism/errors"))
}

fn classify<T, E>(result: Result<client::ResponseValue<T>, client::Error<E>>) -> Outcome {
    match result {
        Ok(response) => {
            let status = response.status().as_u16();
            Outcome {
                status: Some(status),
                accepted: accepted(status, response.headers(), ""),
                decoded: true,
                body: String::new(),
                detail: violations(response.headers()),
            }
        }
        Err(client::Error::Api(error)) | Err(client::Error::RateLimited(error)) => {
            let status = error.status.as_u16();
            let accepted = accepted(status, &error.headers, &error.raw);
            let decoded = error.body.is_some() || error.raw.is_empty();
            let detail = match violations(&error.headers) {
                found if !found.is_empty() => found,
                _ if accepted && decoded => String::new(),
                _ => error.raw.clone(),
            };
            let body = if decoded {
                String::new()
            } else {
                error.raw.clone()
            };
            Outcome {
                status: Some(status),
                accepted,
                decoded,
                body,
                detail,
            }
        }
        Err(client::Error::UnexpectedResponse(response)) => {
            let status = response.status.as_u16();
            Outcome {
                status: Some(status),
                accepted: accepted(status, &response.headers, &response.excerpt),
                decoded: false,
                body: response.excerpt.clone(),
                detail: match violations(&response.headers) {
                    found if !found.is_empty() => found,
                    _ => format!("{}: {}", response.reason, response.excerpt),
                },
            }
        }
        Err(client::Error::InvalidRequest(error)) => {
            Outcome::unmade(format!("the client refused the request: {error}"))
        }
        Err(other) => Outcome::unmade(format!("no response: {other}")),
    }
}

/// What Prism's `sl-violations` header says, when it is there.
fn violations(headers: &client::HeaderMap) -> String {
    headers
        .get("sl-violations")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            format!(
                "{{\"validation\":{}}}",
                v.trim_start_matches("Too many violations!").trim()
            )
        })
        .unwrap_or_default()
}

fn report(operation: &str, call: &str, outcome: Outcome) {
    let status = outcome.status.map(|s| s.to_string()).unwrap_or_default();
    // A violation list is kept whole, so that the run can tell whose it is;
    // anything else is cut short.
    let keep = if outcome.detail.starts_with("{\"validation\":") {
        1 << 20
    } else {
        4000
    };
    let detail: String = outcome
        .detail
        .chars()
        .take(keep)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    // Standard output is line-buffered: the run reads each call as it ends.
    let body: String = outcome
        .body
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    println!(
        "{operation}\t{call}\t{status}\t{}\t{}\t{body}\t{detail}",
        outcome.accepted, outcome.decoded
    );
}
