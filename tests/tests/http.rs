//! The generated client against a real HTTP server on 127.0.0.1.

use std::time::{Duration, Instant};
use stytch_sms_otp::types::{
    Attributes, B2bOtpSmsSendRequest, Locale, MemberStatus, OtpSmsSendRequest,
};
use stytch_sms_otp::{Client, Error, RetryPolicy, Server, TransportKind};
use tests::{sms_send_ok, stytch_error, Reply, TestServer};

const PROJECT_ID: &str = "project-test-0c4d2c9e-7e3b-4f5e-a1f0-6b0e3c1d9a77";
const SECRET: &str = "secret-test-Zq3uB9sQ4mWwPp0xKkT2c8YyVvLl";
/// `base64("{PROJECT_ID}:{SECRET}")`.
const BASIC: &str = "Basic cHJvamVjdC10ZXN0LTBjNGQyYzllLTdlM2ItNGY1ZS1hMWYwLTZiMGUzYzFkOWE3NzpzZWNyZXQtdGVzdC1acTN1QjlzUTRtV3dQcDB4S2tUMmM4WXlWdkxs";

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .basic_auth(PROJECT_ID, SECRET)
        .build()
        .expect("client")
}

/// The first example of the B2B 200 response in the spec.
fn b2b_ok() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/stytch-sms-otp.yaml"
    ))
    .expect("spec");
    let spec = openapi_clientgen::internal::load::load(&text)
        .expect("spec loads")
        .raw;
    let examples = spec
        .pointer("/paths/~1v1~1b2b~1otps~1sms~1send/post/responses/200/content/application~1json/examples")
        .and_then(serde_json::Value::as_object)
        .expect("B2B 200 examples");
    examples
        .values()
        .next()
        .and_then(|e| e.get("value"))
        .cloned()
        .expect("an example value")
}

#[tokio::test]
async fn consumer_send_sends_the_exact_request_and_decodes_the_200() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    let request = OtpSmsSendRequest::new("+10000000000")
        .expiration_minutes(5)
        .locale(Locale::PtBr);
    let response = client(&server)
        .api_otp_v1_otp_sms_send(&request)
        .await
        .expect("200");

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.phone_id,
        "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0"
    );
    assert_eq!(
        response.user_id,
        "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6"
    );
    assert_eq!(response.status_code, 200);
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "POST");
    assert_eq!(sent[0].target, "/v1/otps/sms/send");
    assert_eq!(sent[0].header("authorization"), Some(BASIC));
    assert_eq!(sent[0].header("content-type"), Some("application/json"));
    // The crate's name and its version, whichever release it is.
    let manifest = include_str!("../../generated/Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a version");
    assert_eq!(
        sent[0].header("user-agent"),
        Some(format!("stytch-sms-otp/{version}").as_str())
    );
    assert_eq!(
        String::from_utf8_lossy(&sent[0].body),
        r#"{"phone_number":"+10000000000","expiration_minutes":5,"locale":"pt-br"}"#
    );
}

#[tokio::test]
async fn b2b_send_sends_the_exact_request_and_decodes_member_and_organization() {
    let body = b2b_ok();
    let server = TestServer::always(Reply::json(200, body.clone())).await;
    let request = B2bOtpSmsSendRequest::new(
        "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
        "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
    )
    .mfa_phone_number("+12025550123")
    .locale(Locale::Es);
    let response = client(&server)
        .api_b2b_otp_v1_b2b_otp_sms_send(&request)
        .await
        .expect("200");

    assert_eq!(response.member_id, body["member_id"]);
    assert_eq!(response.member.member_id, body["member"]["member_id"]);
    assert_eq!(
        response.organization.organization_id,
        body["organization"]["organization_id"]
    );
    assert_eq!(response.member.status, MemberStatus::Active);
    let sent = &server.requests()[0];
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("POST", "/v1/b2b/otps/sms/send")
    );
    assert_eq!(sent.header("authorization"), Some(BASIC));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"{"organization_id":"organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931","member_id":"member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f","mfa_phone_number":"+12025550123","locale":"es"}"#
    );
}

#[tokio::test]
async fn unset_options_are_left_out_never_sent_as_null() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    client(&server)
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await
        .expect("200");
    assert_eq!(
        server.requests()[0].json(),
        serde_json::json!({"phone_number": "+10000000000"})
    );
}

#[tokio::test]
async fn rate_limit_429_is_a_typed_error_with_request_id_and_retry_after() {
    let reply = Reply::json(
        429,
        stytch_error(429, "too_many_requests", "request-id-test-429"),
    )
    .with_header("Retry-After", "7");
    let server = TestServer::always(reply).await;
    let err = client(&server)
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await
        .unwrap_err();

    let Error::RateLimited(api) = &err else {
        panic!("expected RateLimited, got {err:?}")
    };
    assert_eq!(api.status, 429);
    assert_eq!(api.retry_after, Some(Duration::from_secs(7)));
    let body = api.body.as_ref().expect("Stytch error body");
    assert_eq!(body.request_id, "request-id-test-429");
    assert_eq!(body.error_type, "too_many_requests");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.requests().len(), 1, "a 429 is not retried");
}

#[tokio::test]
async fn each_error_status_keeps_its_status_and_decodes_the_stytch_body() {
    let cases = [
        (400, "invalid_phone_number"),
        (401, "unauthorized_credentials"),
        (403, "organization_suspended"),
        (404, "member_not_found"),
        (500, "internal_server_error"),
    ];
    for (status, error_type) in cases {
        let request_id = format!("request-id-test-{status}");
        let server = TestServer::always(Reply::json(
            status,
            stytch_error(status, error_type, &request_id),
        ))
        .await;
        let request = B2bOtpSmsSendRequest::new("organization-test-1", "member-test-1");
        let err = client(&server)
            .api_b2b_otp_v1_b2b_otp_sms_send(&request)
            .await
            .unwrap_err();
        let Error::Api(api) = &err else {
            panic!("{status}: expected Api, got {err:?}")
        };
        assert_eq!(api.status, status);
        let body = api
            .body
            .as_ref()
            .unwrap_or_else(|| panic!("{status}: body did not decode: {}", api.raw));
        assert_eq!(
            (body.error_type.as_str(), body.request_id.as_str()),
            (error_type, request_id.as_str())
        );
        assert!(err.to_string().contains(&status.to_string()), "{err}");
    }
}

#[tokio::test]
async fn a_non_json_502_keeps_the_status_and_the_raw_text() {
    let server = TestServer::always(Reply::raw(502, "text/html", "<html>Bad Gateway</html>")).await;
    let err = client(&server)
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected Api, got {err:?}")
    };
    assert_eq!(api.status, 502);
    assert!(api.body.is_none());
    assert_eq!(api.raw, "<html>Bad Gateway</html>");
}

#[tokio::test]
async fn a_malformed_200_is_an_unexpected_response_with_status_and_excerpt() {
    let server = TestServer::always(Reply::json(
        200,
        serde_json::json!({"request_id": "r", "status_code": "not a number"}),
    ))
    .await;
    let err = client(&server)
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await
        .unwrap_err();
    let Error::UnexpectedResponse(unexpected) = &err else {
        panic!("expected UnexpectedResponse, got {err:?}")
    };
    assert_eq!(unexpected.status, 200);
    assert!(
        unexpected.excerpt.contains("not a number"),
        "{}",
        unexpected.excerpt
    );
}

#[tokio::test]
async fn an_undeclared_success_status_is_unexpected() {
    let server = TestServer::always(Reply::json(202, sms_send_ok())).await;
    let err = client(&server)
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnexpectedResponse(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(202));
}

#[tokio::test]
async fn a_slow_server_times_out_and_the_request_may_have_arrived() {
    let server = TestServer::always(Reply::After(
        Duration::from_secs(5),
        Box::new(Reply::json(200, sms_send_ok())),
    ))
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .basic_auth(PROJECT_ID, SECRET)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::connection_failures(3))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = client
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    let Error::Transport(transport) = &err else {
        panic!("expected Transport, got {err:?}")
    };
    assert_eq!(transport.kind(), TransportKind::Timeout);
    assert!(err.may_have_reached_server());
    assert_eq!(
        server.requests().len(),
        1,
        "a POST that may have arrived is never resent"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_that_sent_nothing() {
    let refused = tests::raw::refused_port();
    let client = Client::builder()
        .base_url(refused.url())
        .build()
        .expect("client");
    let err = client
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("expected Transport, got {err:?}")
    };
    assert_eq!(transport.kind(), TransportKind::Connect);
    assert!(!err.may_have_reached_server());
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn a_dropped_connection_is_not_resent_even_with_a_retry_policy() {
    let server = TestServer::always(Reply::Hang).await;
    let client = Client::builder()
        .base_url(server.url())
        .retry(RetryPolicy::connection_failures(3).backoff(Duration::from_millis(1)))
        .build()
        .expect("client");
    let err = client
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_failures_are_retried_only_when_asked() {
    // Reserve a port, leave it closed, and open it after the first attempts failed.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    let opener = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        TestServer::start_at(addr, |_| Reply::json(200, sms_send_ok())).await
    });
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .retry(RetryPolicy::connection_failures(6).backoff(Duration::from_millis(50)))
        .build()
        .expect("client");
    let response = client
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await;
    let server = opener.await.expect("server task");
    assert!(response.is_ok(), "{response:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn invalid_input_is_refused_before_anything_is_sent() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    let client = client(&server);
    let cases = [
        (OtpSmsSendRequest::new("555-0100"), "phone_number"),
        (
            OtpSmsSendRequest::new("+10000000000").expiration_minutes(11),
            "expiration_minutes",
        ),
        (
            OtpSmsSendRequest::new("+10000000000").expiration_minutes(0),
            "expiration_minutes",
        ),
        (
            OtpSmsSendRequest::new("+10000000000").locale(Locale::Unknown("xx".into())),
            "locale",
        ),
    ];
    for (request, field) in cases {
        let err = client.api_otp_v1_otp_sms_send(&request).await.unwrap_err();
        let Error::InvalidRequest(invalid) = &err else {
            panic!("expected InvalidRequest, got {err:?}")
        };
        assert_eq!(invalid.field(), field);
    }
    let b2b = B2bOtpSmsSendRequest::new("organization-test-1", "member-test-1")
        .mfa_phone_number("12025550123");
    let err = client
        .api_b2b_otp_v1_b2b_otp_sms_send(&b2b)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.field() == "mfa_phone_number"),
        "{err:?}"
    );
    assert!(!err.may_have_reached_server());
    assert_eq!(server.requests().len(), 0, "nothing reached the server");
}

#[tokio::test]
async fn secrets_and_tokens_never_show_in_debug_output() {
    let server = TestServer::always(Reply::json(
        401,
        stytch_error(401, "unauthorized_credentials", "request-id-test-401"),
    ))
    .await;
    let client = client(&server);
    let request = OtpSmsSendRequest::new("+10000000000")
        .session_token("session-token-SECRET-1")
        .session_jwt("eyJ.SECRET.2");
    let b2b = B2bOtpSmsSendRequest::new("organization-test-1", "member-test-1")
        .intermediate_session_token("ist-SECRET-3");
    let err = client.api_otp_v1_otp_sms_send(&request).await.unwrap_err();
    let shown = format!("{client:?} {request:?} {b2b:?} {err:?} {err}");
    for secret in [
        SECRET,
        "session-token-SECRET-1",
        "eyJ.SECRET.2",
        "ist-SECRET-3",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked in: {shown}");
    }
    assert!(shown.contains("<redacted>"));
    assert!(
        shown.contains(PROJECT_ID),
        "the project id is not secret and helps debugging"
    );
}

#[tokio::test]
async fn unknown_fields_and_enum_values_in_responses_are_tolerated() {
    let mut body = b2b_ok();
    body["member"]["status"] = "frozen".into();
    body["member"]["a_field_added_later"] = serde_json::json!({"nested": true});
    body["organization"]["mfa_policy"] = "SOMETIMES".into();
    let server = TestServer::always(Reply::json(200, body)).await;
    let request = B2bOtpSmsSendRequest::new("organization-test-1", "member-test-1");
    let response = client(&server)
        .api_b2b_otp_v1_b2b_otp_sms_send(&request)
        .await
        .expect("decodes");
    assert_eq!(
        response.member.status,
        MemberStatus::Unknown("frozen".into())
    );
    assert_eq!(response.organization.mfa_policy.as_str(), "SOMETIMES");
}

#[tokio::test]
async fn a_gateway_base_url_keeps_its_path_and_needs_no_credentials() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    let client = Client::builder()
        .base_url(format!("{}/stytch/", server.url()))
        .build()
        .expect("client");
    let request = OtpSmsSendRequest::new("+10000000000")
        .attributes(Attributes::new().ip_address("203.0.113.7"));
    client.api_otp_v1_otp_sms_send(&request).await.expect("200");
    let sent = &server.requests()[0];
    assert_eq!(sent.target, "/stytch/v1/otps/sms/send");
    assert_eq!(sent.header("authorization"), None);
    assert_eq!(
        sent.json()["attributes"],
        serde_json::json!({"ip_address": "203.0.113.7"})
    );
}

#[test]
fn servers_from_the_spec_are_the_default_and_the_alternative() {
    assert_eq!(
        Client::builder().build().expect("client").base_url(),
        "https://test.stytch.com"
    );
    let live = Client::builder()
        .server(Server::Live)
        .build()
        .expect("client");
    assert_eq!(live.base_url(), "https://api.stytch.com");
}

#[test]
fn a_base_url_that_is_not_http_is_refused() {
    assert!(Client::builder()
        .base_url("ftp://example.com")
        .build()
        .is_err());
    assert!(Client::builder().base_url("not a url").build().is_err());
}

#[tokio::test]
async fn a_response_larger_than_the_limit_is_refused_without_reading_it_all() {
    let mut big = sms_send_ok();
    big["padding"] = "x".repeat(300 * 1024).into();
    let server = TestServer::always(Reply::json(200, big)).await;
    let client = Client::builder()
        .base_url(server.url())
        .max_response_bytes(100 * 1024)
        .build()
        .expect("client");
    let err = client
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await
        .unwrap_err();
    let Error::UnexpectedResponse(unexpected) = &err else {
        panic!("expected UnexpectedResponse, got {err:?}")
    };
    assert_eq!(unexpected.status, 200);
    assert!(
        unexpected.reason.contains("max_response_bytes"),
        "{}",
        unexpected.reason
    );
    assert!(unexpected.excerpt.len() <= 4 * 1024 + 4);

    let roomy = Client::builder()
        .base_url(server.url())
        .build()
        .expect("client");
    assert!(roomy
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+10000000000"))
        .await
        .is_ok());
}
