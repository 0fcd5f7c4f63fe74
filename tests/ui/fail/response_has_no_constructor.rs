use stytch_sms_otp::types::OtpSmsSendResponse;

fn main() {
    // Response types have no builder: they are only ever decoded.
    let _response = OtpSmsSendResponse::new();
}
