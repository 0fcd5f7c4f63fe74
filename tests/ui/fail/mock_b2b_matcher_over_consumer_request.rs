use stytch_sms_otp::mock::MockServer;
use stytch_sms_otp::types::OtpSmsSendRequest;

async fn expect(mock: &MockServer) {
    mock.api_b2b_otp_v1_b2b_otp_sms_send()
        .matching(|request: &OtpSmsSendRequest| request.phone_number.starts_with("+1"))
        .respond_with_example()
        .mount()
        .await;
}

fn main() {}
