use stytch_sms_otp::types::OtpSmsSendRequest;
use stytch_sms_otp::Client;

async fn send(client: &Client) {
    let request = OtpSmsSendRequest::new("+10000000000");
    let _ = client.api_b2b_otp_v1_b2b_otp_sms_send(&request).await;
}

fn main() {}
