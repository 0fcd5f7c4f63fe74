//! The `mock` feature: a typed mock server on 127.0.0.1 that applications test
//! against. Each behaviour is checked through the generated client, as an
//! application sees it.

use std::time::Duration;
use stytch_sms_otp::mock::MockServer;
use stytch_sms_otp::types::{B2bOtpSmsSendRequest, ErrorResponse, Locale, OtpSmsSendRequest};
use stytch_sms_otp::{Error, RetryPolicy, TransportKind};

const PHONE: &str = "+12025550123";

fn error_body(status: i32, error_type: &str) -> ErrorResponse {
    serde_json::from_value(serde_json::json!({
        "status_code": status,
        "request_id": "request-id-mock-1",
        "error_type": error_type,
        "error_message": "It went wrong.",
        "error_url": "https://stytch.com/docs/api/errors/400",
    }))
    .expect("an error body")
}

/// Run `test` in a task of its own and return what it panicked with, the panic of a
/// mock server's check when dropped included.
async fn panic_of<F: std::future::Future<Output = ()> + Send + 'static>(test: F) -> String {
    let err = tokio::spawn(test).await.expect_err("the test panics");
    let payload = err.into_panic();
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[tokio::test]
async fn the_specs_example_is_the_default_reply_and_decodes_as_the_typed_response() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_example()
        .times(1)
        .mount()
        .await;
    mock.api_b2b_otp_v1_b2b_otp_sms_send()
        .respond_with_example()
        .times(1)
        .mount()
        .await;
    let client = mock.client();
    let sent = client
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new(PHONE))
        .await
        .expect("the example decodes");
    assert_eq!(
        sent.phone_id,
        "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0"
    );
    let b2b = client
        .api_b2b_otp_v1_b2b_otp_sms_send(&B2bOtpSmsSendRequest::new("org-1", "member-1"))
        .await
        .expect("the B2B example decodes");
    assert!(!b2b.member.member_id.is_empty());
}

#[tokio::test]
async fn an_expectation_without_an_answer_answers_with_the_specs_example() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send().times(1).mount().await;
    let sent = mock
        .client()
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new(PHONE))
        .await
        .expect("the example");
    assert_eq!(
        sent.user_id,
        "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6"
    );
}

#[tokio::test]
async fn an_expectation_answers_only_the_requests_its_matcher_accepts() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .matching(|request| request.phone_number == PHONE)
        .respond_with_edited_example(|response| response.user_id = "user-matched".to_owned())
        .times(1)
        .mount()
        .await;
    mock.api_otp_v1_otp_sms_send()
        .with_request(OtpSmsSendRequest::new("+12025550199").expiration_minutes(5))
        .respond_with_edited_example(|response| response.user_id = "user-equal".to_owned())
        .times(1)
        .mount()
        .await;
    let client = mock.client();
    let first = client
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new(PHONE))
        .await
        .expect("200");
    assert_eq!(first.user_id, "user-matched");
    let second = client
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new("+12025550199").expiration_minutes(5))
        .await
        .expect("200");
    assert_eq!(second.user_id, "user-equal");
}

#[tokio::test]
async fn a_typed_api_error_reaches_the_application_as_error_api_with_its_body() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_error(400, error_body(400, "invalid_phone_number"))
        .mount()
        .await;
    let err = mock
        .client()
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new(PHONE))
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected Api, got {err:?}")
    };
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(
        api.body.as_ref().map(|b| b.error_type.as_str()),
        Some("invalid_phone_number")
    );
}

#[tokio::test]
async fn a_rate_limit_reply_carries_retry_after() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_rate_limit(Duration::from_millis(1500))
        .mount()
        .await;
    let err = mock
        .client()
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new(PHONE))
        .await
        .unwrap_err();
    let Error::RateLimited(limited) = &err else {
        panic!("expected RateLimited, got {err:?}")
    };
    assert_eq!(limited.retry_after, Some(Duration::from_secs(2)));
}

#[tokio::test]
async fn up_to_lets_a_later_expectation_answer_the_following_calls() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_rate_limit(Duration::from_secs(1))
        .up_to(1)
        .times(1)
        .mount()
        .await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_example()
        .times(1)
        .mount()
        .await;
    let client = mock.client();
    let request = OtpSmsSendRequest::new(PHONE);
    assert!(matches!(
        client.api_otp_v1_otp_sms_send(&request).await,
        Err(Error::RateLimited(_))
    ));
    assert!(client.api_otp_v1_otp_sms_send(&request).await.is_ok());
}

#[tokio::test]
async fn a_delayed_reply_outlasts_a_shorter_client_timeout() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_example()
        .delay(Duration::from_secs(5))
        .mount()
        .await;
    let client = mock
        .client_builder()
        .timeout(Duration::from_millis(100))
        .build()
        .expect("client");
    let err = client
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new(PHONE))
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else {
        panic!("expected Transport, got {err:?}")
    };
    assert_eq!(transport.kind(), TransportKind::Timeout);
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_and_the_post_is_not_resent() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .drop_connection()
        .times(1)
        .mount()
        .await;
    let client = mock
        .client_builder()
        .retry(RetryPolicy::connection_failures(3).backoff(Duration::from_millis(1)))
        .build()
        .expect("client");
    let err = client
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new(PHONE))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.may_have_reached_server());
    // `times(1)`: the check when `mock` is dropped fails on a second call.
}

#[tokio::test]
async fn an_unmet_count_fails_naming_the_operation_and_showing_refused_requests_redacted() {
    let message = panic_of(async {
        let mock = MockServer::start().await;
        mock.api_otp_v1_otp_sms_send()
            .matching(|request| request.phone_number == "+10000000000")
            .respond_with_example()
            .times(1)
            .mount()
            .await;
        let refused = OtpSmsSendRequest::new(PHONE).session_token("session-token-secret-3f1c");
        let _ = mock.client().api_otp_v1_otp_sms_send(&refused).await;
    })
    .await;
    assert!(
        message.contains("api_otp_v1_otp_sms_send: expected 1 call, got 0"),
        "{message}"
    );
    assert!(message.contains("1 call it did not match"), "{message}");
    assert!(message.contains("OtpSmsSendRequest {"), "{message}");
    assert!(message.contains(PHONE), "{message}");
    assert!(
        message.contains("session_token: Some(\"<redacted>\")"),
        "{message}"
    );
    assert!(!message.contains("session-token-secret-3f1c"), "{message}");
}

#[tokio::test]
async fn a_request_no_expectation_matches_fails_the_test_when_the_server_is_dropped() {
    let message = panic_of(async {
        let mock = MockServer::start().await;
        let client = mock
            .client_builder()
            .basic_auth("project-test-mock", "secret-test-mock-91aa")
            .build()
            .expect("client");
        let err = client
            .api_b2b_otp_v1_b2b_otp_sms_send(&B2bOtpSmsSendRequest::new("org-1", "member-1"))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    })
    .await;
    assert!(
        message.contains("api_b2b_otp_v1_b2b_otp_sms_send: a call no expectation matched"),
        "{message}"
    );
    assert!(message.contains("B2bOtpSmsSendRequest {"), "{message}");
    // Headers, and the credentials in them, are never shown.
    assert!(!message.contains("secret-test-mock-91aa"), "{message}");
    assert!(!message.contains("Basic"), "{message}");
}

#[tokio::test]
async fn never_fails_when_a_call_arrives_and_passes_when_none_does() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_example()
        .never()
        .mount()
        .await;
    let invalid = OtpSmsSendRequest::new("555-0100");
    let err = mock
        .client()
        .api_otp_v1_otp_sms_send(&invalid)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)));
    mock.verify();

    let message = panic_of(async {
        let mock = MockServer::start().await;
        mock.api_otp_v1_otp_sms_send()
            .respond_with_example()
            .never()
            .mount()
            .await;
        let _ = mock
            .client()
            .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new(PHONE))
            .await;
    })
    .await;
    assert!(
        message.contains("api_otp_v1_otp_sms_send: expected 0 calls, got 1"),
        "{message}"
    );
}

#[tokio::test]
async fn a_panicking_matcher_fails_the_test_with_its_message() {
    let message = panic_of(async {
        let mock = MockServer::start().await;
        mock.api_otp_v1_otp_sms_send()
            .matching(|request| request.locale.clone().expect("a locale") == Locale::En)
            .respond_with_example()
            .mount()
            .await;
        let _ = mock
            .client()
            .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new(PHONE))
            .await;
    })
    .await;
    assert!(
        message.contains("api_otp_v1_otp_sms_send: the matcher panicked: a locale"),
        "{message}"
    );
}

#[tokio::test]
async fn a_request_no_expectation_matches_is_answered_404_saying_so() {
    let mock = MockServer::start().await;
    let err = mock
        .client()
        .api_otp_v1_otp_sms_send(&OtpSmsSendRequest::new(PHONE))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("mock server: no expectation matched this request"),
        "{err}"
    );
    // The unmatched call still fails the test when `mock` is dropped: it is checked
    // here, then forgotten.
    let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mock.verify()));
    assert!(report.is_err());
    std::mem::forget(mock);
}

#[tokio::test]
#[should_panic(expected = "takes an error status (400-599), not 200")]
async fn an_error_reply_needs_an_error_status() {
    let mock = MockServer::start().await;
    let _ = mock
        .api_otp_v1_otp_sms_send()
        .respond_with_error(200, error_body(200, "fine"));
}

#[tokio::test]
#[should_panic(expected = "up_to(0) for api_otp_v1_otp_sms_send answers no call: use never()")]
async fn up_to_zero_is_refused_in_favour_of_never() {
    let mock = MockServer::start().await;
    let _ = mock.api_otp_v1_otp_sms_send().up_to(0);
}
