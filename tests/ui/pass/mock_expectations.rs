//! The typed mock, as an application's tests use it: each operation's expectation
//! takes that operation's request, response and error types.
use std::time::Duration;
use stytch_sms_otp::mock::MockServer;
use stytch_sms_otp::types::{B2bOtpSmsSendRequest, ErrorResponse, OtpSmsSendResponse};

async fn expect(mock: &MockServer, response: OtpSmsSendResponse, error: ErrorResponse) {
    mock.api_otp_v1_otp_sms_send()
        .matching(|request| request.phone_number.starts_with("+1"))
        .respond_with(response)
        .times(1)
        .mount()
        .await;
    mock.api_otp_v1_otp_sms_send()
        .respond_with_error(400, error)
        .delay(Duration::from_millis(10))
        .mount()
        .await;
    mock.api_b2b_otp_v1_b2b_otp_sms_send()
        .with_request(B2bOtpSmsSendRequest::new("org-1", "member-1"))
        .respond_with_edited_example(|response| response.member_id = "member-1".to_owned())
        .up_to(1)
        .mount()
        .await;
    mock.api_b2b_otp_v1_b2b_otp_sms_send()
        .respond_with_rate_limit(Duration::from_secs(1))
        .never()
        .mount()
        .await;
    mock.api_b2b_otp_v1_b2b_otp_sms_send()
        .drop_connection()
        .mount()
        .await;
    let _client = mock.client();
}

fn main() {}
