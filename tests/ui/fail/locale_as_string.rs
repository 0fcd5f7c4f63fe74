use stytch_sms_otp::types::OtpSmsSendRequest;

fn main() {
    let _request = OtpSmsSendRequest::new("+10000000000").locale("en");
}
