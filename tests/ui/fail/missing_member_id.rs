use stytch_sms_otp::types::B2bOtpSmsSendRequest;

fn main() {
    // The constructor takes every required field: the member cannot be left out.
    let _request = B2bOtpSmsSendRequest::new("organization-test-1");
}
