//! The sign-in service against the generated client's mock server only: no network,
//! no credentials, no SMS.

use sign_in_example::{send_sign_in_code, CodeSent, SignInError};
use std::time::Duration;
use stytch_sms_otp::mock::MockServer;
use stytch_sms_otp::types::ErrorResponse;
use stytch_sms_otp::RetryPolicy;

const PHONE: &str = "+12025550123";

/// An error body as Stytch sends it, built from JSON so that it stays valid as
/// Stytch adds optional fields.
fn stytch_error(status: u16, error_type: &str) -> ErrorResponse {
    serde_json::from_value(serde_json::json!({
        "status_code": status,
        "request_id": "request-id-test-5f0e",
        "error_type": error_type,
        "error_message": "Refused.",
        "error_url": format!("https://stytch.com/docs/api/errors/{status}"),
    }))
    .expect("an ErrorResponse")
}

#[tokio::test]
async fn a_sent_code_gives_the_method_id_to_check_the_answer_against() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .matching(|request| request.phone_number == PHONE && request.expiration_minutes == Some(5))
        .respond_with_edited_example(|sent| {
            sent.phone_id = "phone-number-test-1".to_owned();
            sent.user_id = "user-test-1".to_owned();
        })
        .times(1)
        .mount()
        .await;
    let sent = send_sign_in_code(&mock.client(), PHONE).await;
    assert_eq!(
        sent,
        Ok(CodeSent {
            method_id: "phone-number-test-1".to_owned(),
            user_id: "user-test-1".to_owned(),
        })
    );
}

#[tokio::test]
async fn an_invalid_phone_number_is_refused_before_anything_is_sent() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_example()
        .never()
        .mount()
        .await;
    let refused = send_sign_in_code(&mock.client(), "555-0100").await;
    assert_eq!(refused, Err(SignInError::InvalidPhoneNumber));
}

#[tokio::test]
async fn stytchs_400_becomes_the_services_error_with_its_request_id() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_error(400, stytch_error(400, "phone_number_not_allowed"))
        .times(1)
        .mount()
        .await;
    let refused = send_sign_in_code(&mock.client(), PHONE).await;
    assert_eq!(
        refused,
        Err(SignInError::Refused {
            error_type: "phone_number_not_allowed".to_owned(),
            request_id: Some("request-id-test-5f0e".to_owned()),
        })
    );
}

#[tokio::test]
async fn stytchs_invalid_phone_number_is_the_same_error_as_a_local_refusal() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_error(400, stytch_error(400, "invalid_phone_number"))
        .times(1)
        .mount()
        .await;
    let refused = send_sign_in_code(&mock.client(), PHONE).await;
    assert_eq!(refused, Err(SignInError::InvalidPhoneNumber));
}

#[tokio::test]
async fn a_429_is_waited_out_as_retry_after_says_then_the_code_is_sent() {
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
    let started = std::time::Instant::now();
    let sent = send_sign_in_code(&mock.client(), PHONE).await;
    assert!(sent.is_ok(), "{sent:?}");
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_long_rate_limit_is_passed_on_to_the_caller_without_waiting() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_rate_limit(Duration::from_secs(3600))
        .times(1)
        .mount()
        .await;
    let refused = send_sign_in_code(&mock.client(), PHONE).await;
    assert_eq!(
        refused,
        Err(SignInError::TryAgainLater(Some(Duration::from_secs(3600))))
    );
}

#[tokio::test]
async fn a_dropped_connection_is_unavailable_and_the_send_is_not_repeated() {
    let mock = MockServer::start().await;
    mock.api_otp_v1_otp_sms_send()
        .drop_connection()
        .times(1)
        .mount()
        .await;
    // Even a client told to retry connection failures does not resend a POST that
    // may have arrived; `times(1)` fails the test, when `mock` is dropped, if it did.
    let client = mock
        .client_builder()
        .retry(RetryPolicy::connection_failures(3))
        .build()
        .expect("client");
    let failed = send_sign_in_code(&client, PHONE).await;
    assert_eq!(failed, Err(SignInError::Unavailable));
}
