//! What a generated client records of its calls, with the crate's `tracing` feature.
//!
//! One span per call, named after the operation, with OpenTelemetry's HTTP field
//! names: `http.request.method`, `url.template` (the path as the spec writes it, never
//! a path with its values), `server.address`, `server.port`,
//! `http.request.resend_count`, `http.response.status_code`, `request_id` and
//! `error.type`, with `otel.kind` (`client`) and `otel.status_code` (`error` on a
//! failure) for `tracing-opentelemetry`. Events mark a retry and a request refused
//! before it was sent.
//!
//! Nothing here sees a body, a header value, a query or a credential, so none can be
//! recorded: the only value read from a response is its `request_id`.
//!
//! This file is written by hand and shipped unchanged into each generated crate.
//! A spec without operations opens no span, hence the allowances.
#![allow(unused_imports, unused_macros)]

use super::runtime::{Error, TransportKind};
use std::future::Future;
use std::time::Duration;
use tracing::Instrument;

/// The span of one call.
pub(crate) type Span = tracing::Span;

/// The longest `request_id` recorded; a longer one is not an id.
const MAX_REQUEST_ID_LEN: usize = 128;

/// Open the span of a call to `$operation` (`$method` and `$template` as the spec has
/// them), with every field it may record declared.
macro_rules! call_span {
    ($operation:literal, $method:literal, $template:literal) => {
        tracing::info_span!(
            $operation,
            "http.request.method" = $method,
            "url.template" = $template,
            "server.address" = tracing::field::Empty,
            "server.port" = tracing::field::Empty,
            "http.request.resend_count" = tracing::field::Empty,
            "http.response.status_code" = tracing::field::Empty,
            "request_id" = tracing::field::Empty,
            "error.type" = tracing::field::Empty,
            "otel.kind" = "client",
            "otel.status_code" = tracing::field::Empty,
        )
    };
}
pub(crate) use call_span;

/// Run a call inside its span and record how it ended.
pub(crate) async fn call<T, E>(
    span: Span,
    base: &reqwest::Url,
    call: impl Future<Output = Result<T, Error<E>>>,
) -> Result<T, Error<E>> {
    span.record("server.address", base.host_str());
    span.record("server.port", base.port_or_known_default());
    let result = call.instrument(span.clone()).await;
    if let Err(err) = &result {
        span.record("error.type", error_type(err));
        span.record("otel.status_code", "error");
        if let Error::InvalidRequest(invalid) = err {
            // The top-level field only: deeper parts of the path can be map keys,
            // which are request data.
            let field = invalid.field().split(['.', '[']).next().unwrap_or_default();
            tracing::warn!(
                parent: &span,
                field,
                "request refused before it was sent"
            );
        }
    }
    result
}

/// The kind of error, as `error.type`: the status for an error response.
fn error_type<E>(err: &Error<E>) -> String {
    match err {
        Error::InvalidRequest(_) => "invalid_request".to_owned(),
        Error::Transport(transport) => match transport.kind() {
            TransportKind::Connect => "connect".to_owned(),
            TransportKind::Timeout => "timeout".to_owned(),
            _ => "transport".to_owned(),
        },
        Error::Api(api) | Error::RateLimited(api) => api.status.as_u16().to_string(),
        Error::UnexpectedResponse(_) => "unexpected_response".to_owned(),
        Error::Hook(_) => "hook".to_owned(),
    }
}

/// The current span when it is a call's (see [`call_span`]): one a subscriber's
/// filter turned off is never entered, and the caller's own span must not be given
/// this call's fields.
fn current_call() -> Option<Span> {
    // `call_span!` expands in the module beside this one.
    let home = module_path!()
        .rsplit_once("::")
        .map_or(module_path!(), |(parent, _)| parent);
    let span = Span::current();
    let ours = span.metadata().is_some_and(|metadata| {
        metadata.target() == home && metadata.fields().field("url.template").is_some()
    });
    ours.then_some(span)
}

/// A retry is about to wait `wait` before attempt `retry + 1`.
pub(crate) fn retry(retry: u32, wait: Duration) {
    let Some(span) = current_call() else {
        return;
    };
    span.record("http.request.resend_count", retry);
    tracing::info!(
        parent: &span,
        http.request.resend_count = retry,
        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
        "retrying the request"
    );
}

/// A response arrived: its status, and its `request_id` (from the `request-id` or
/// `x-request-id` header, or the top level of a JSON body) when it has one.
pub(crate) fn response(status: u16, headers: &reqwest::header::HeaderMap, body: &[u8]) {
    let Some(span) = current_call() else {
        return;
    };
    span.record("http.response.status_code", status);
    if let Some(id) = request_id(headers, body) {
        span.record("request_id", id.as_str());
    }
}

fn request_id(headers: &reqwest::header::HeaderMap, body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Body {
        request_id: Option<String>,
    }
    let plain = |id: &str| {
        id.len() <= MAX_REQUEST_ID_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
    };
    let from_header = ["request-id", "x-request-id"].iter().find_map(|name| {
        let id = headers.get(*name)?.to_str().ok()?;
        plain(id).then(|| id.to_owned())
    });
    from_header.or_else(|| {
        if body.first() != Some(&b'{') {
            return None;
        }
        let id = serde_json::from_slice::<Body>(body).ok()?.request_id?;
        plain(&id).then_some(id)
    })
}

/// Where the request goes: its host and port, when they are not the client's.
pub(crate) fn server(url: &reqwest::Url) {
    if let Some(span) = current_call() {
        span.record("server.address", url.host_str());
        span.record("server.port", url.port_or_known_default());
    }
}
