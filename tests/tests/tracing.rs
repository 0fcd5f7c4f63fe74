//! With the `tracing` feature, each call is one span named after its operation, with
//! OpenTelemetry's HTTP field names, and events for a retry and for a request refused
//! before it was sent. Nothing recorded, at any level, holds a secret, a token or a body.

use std::collections::BTreeMap;
use std::time::Duration;
use stytch_sms_otp::types::OtpSmsSendRequest;
use stytch_sms_otp::{Client, RetryPolicy};
use tests::capture::{Capture, CapturedEvent, CapturedSpan};
use tests::{sms_send_ok, stytch_error, Reply, TestServer};

const PASSWORD: &str = "secret-test-tracing-5a8e";
const SESSION_TOKEN: &str = "session-token-tracing-77b1";
const PHONE: &str = "+12025550123";

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .basic_auth("project-test-tracing", PASSWORD)
        .build()
        .expect("client")
}

fn request() -> OtpSmsSendRequest {
    OtpSmsSendRequest::new(PHONE).session_token(SESSION_TOKEN)
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The fields every call of the consumer operation to `url` records, and `more`.
fn call_fields(url: &str, more: &[(&str, &str)]) -> BTreeMap<String, String> {
    let port = url.rsplit(':').next().expect("a port");
    let mut all = fields(&[
        ("http.request.method", "POST"),
        ("url.template", "/v1/otps/sms/send"),
        ("server.address", "127.0.0.1"),
        ("server.port", port),
        ("otel.kind", "client"),
    ]);
    all.extend(fields(more));
    all
}

/// The one span the call recorded; no other span was opened.
fn only_span(capture: &Capture) -> CapturedSpan {
    let spans = capture.spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    spans.into_iter().next().expect("a span")
}

/// The events the client itself recorded (the HTTP stack below it records its own).
fn client_events(capture: &Capture) -> Vec<CapturedEvent> {
    capture
        .events()
        .into_iter()
        .filter(|e| e.target.starts_with("stytch_sms_otp"))
        .collect()
}

fn assert_no_secret(capture: &Capture) {
    let everything = capture.everything();
    for secret in [PASSWORD, SESSION_TOKEN, PHONE, "Basic "] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}

#[tokio::test]
async fn a_success_is_one_span_named_after_the_operation_with_status_and_request_id() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    let (capture, _guard) = Capture::install();
    client(server.url())
        .api_otp_v1_otp_sms_send(&request())
        .await
        .expect("200");
    let span = only_span(&capture);
    assert_eq!(span.name, "api_otp_v1_otp_sms_send");
    assert_eq!(
        span.fields,
        call_fields(
            server.url(),
            &[
                ("http.response.status_code", "200"),
                (
                    "request_id",
                    "request-id-test-55c6dd8f-0b2b-4cfd-9f3b-cb7d52d3b2f8"
                ),
            ]
        )
    );
    assert_eq!(client_events(&capture), vec![]);
    assert_no_secret(&capture);
}

#[tokio::test]
async fn an_api_error_records_its_status_as_the_error_type_and_stytchs_request_id() {
    let body = stytch_error(400, "invalid_phone_number", "request-id-test-400");
    let server = TestServer::always(Reply::json(400, body)).await;
    let (capture, _guard) = Capture::install();
    let err = client(server.url())
        .api_otp_v1_otp_sms_send(&request())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let span = only_span(&capture);
    assert_eq!(
        span.fields,
        call_fields(
            server.url(),
            &[
                ("http.response.status_code", "400"),
                ("request_id", "request-id-test-400"),
                ("error.type", "400"),
                ("otel.status_code", "error"),
            ]
        )
    );
    assert_no_secret(&capture);
}

#[tokio::test]
async fn a_request_refused_before_the_wire_is_an_event_naming_the_field_and_no_status() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    let (capture, _guard) = Capture::install();
    let invalid = OtpSmsSendRequest::new("555-0100").session_token(SESSION_TOKEN);
    client(server.url())
        .api_otp_v1_otp_sms_send(&invalid)
        .await
        .unwrap_err();
    assert!(server.requests().is_empty());
    let span = only_span(&capture);
    assert_eq!(
        span.fields,
        call_fields(
            server.url(),
            &[
                ("error.type", "invalid_request"),
                ("otel.status_code", "error"),
            ]
        )
    );
    let events = client_events(&capture);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].level, tracing::Level::WARN);
    assert_eq!(events[0].span.as_deref(), Some("api_otp_v1_otp_sms_send"));
    assert_eq!(
        events[0].fields,
        fields(&[
            ("field", "phone_number"),
            ("message", "request refused before it was sent"),
        ])
    );
    assert!(!capture.everything().contains("555-0100"));
    assert_no_secret(&capture);
}

#[tokio::test]
async fn each_retry_is_an_event_and_the_span_counts_the_resends() {
    let refused = tests::raw::refused_port();
    let (capture, _guard) = Capture::install();
    let client = Client::builder()
        .base_url(refused.url())
        .basic_auth("project-test-tracing", PASSWORD)
        .retry(RetryPolicy::connection_failures(2).backoff(Duration::from_millis(1)))
        .build()
        .expect("client");
    client
        .api_otp_v1_otp_sms_send(&request())
        .await
        .unwrap_err();
    let span = only_span(&capture);
    assert_eq!(
        span.fields,
        call_fields(
            &refused.url(),
            &[
                ("http.request.resend_count", "2"),
                ("error.type", "connect"),
                ("otel.status_code", "error"),
            ]
        )
    );
    let retries = client_events(&capture);
    assert_eq!(retries.len(), 2, "{retries:#?}");
    for (n, event) in retries.iter().enumerate() {
        assert_eq!(event.level, tracing::Level::INFO);
        assert_eq!(event.span.as_deref(), Some("api_otp_v1_otp_sms_send"));
        assert_eq!(
            event.fields,
            fields(&[
                ("http.request.resend_count", &(n + 1).to_string()),
                ("wait_ms", &(1u64 << n).to_string()),
                ("message", "retrying the request"),
            ])
        );
    }
    assert_no_secret(&capture);
}

#[tokio::test]
async fn nothing_recorded_at_trace_level_holds_a_secret_a_token_or_a_body() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    let (capture, _guard) = Capture::install();
    let client = client(server.url());
    for _ in 0..3 {
        client
            .api_otp_v1_otp_sms_send(&request())
            .await
            .expect("200");
    }
    let recorded = server.requests();
    assert_eq!(recorded.len(), 3);
    assert!(recorded[0]
        .header("authorization")
        .is_some_and(|v| v.starts_with("Basic ")));
    assert_no_secret(&capture);
    assert!(!capture.everything().contains("phone-number-test-"));
}

#[tokio::test]
async fn a_call_span_turned_off_by_a_filter_records_nothing_into_the_callers_span() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    let (capture, _guard) = Capture::install_without("stytch_sms_otp");
    let outer = tracing::info_span!(
        "handle_sign_in",
        "http.response.status_code" = tracing::field::Empty,
        "request_id" = tracing::field::Empty,
        "url.template" = "/sign-in",
    );
    tracing::Instrument::instrument(
        async {
            client(server.url())
                .api_otp_v1_otp_sms_send(&request())
                .await
                .expect("200");
        },
        outer,
    )
    .await;
    let spans = capture.spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    assert_eq!(spans[0].name, "handle_sign_in");
    assert_eq!(spans[0].fields, fields(&[("url.template", "/sign-in")]));
}
