use stytch_sms_otp::mock::MockServer;
use stytch_sms_otp::types::OtpSmsSendResponse;

async fn expect(mock: &MockServer, consumer: OtpSmsSendResponse) {
    mock.api_b2b_otp_v1_b2b_otp_sms_send()
        .respond_with(consumer)
        .mount()
        .await;
}

fn main() {}
