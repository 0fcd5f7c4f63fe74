use stytch_sms_otp::mock::MockServer;
use stytch_sms_otp::types::OtpSmsSendRequest;

async fn expect(mock: &MockServer) {
    mock.api_b2b_otp_v1_b2b_otp_sms_send()
        .with_request(OtpSmsSendRequest::new("+10000000000"))
        .respond_with_example()
        .mount()
        .await;
}

fn main() {}
