use stytch_sms_otp::types::OtpSmsSendResponse;

fn main() {
    // A response has a builder, not a constructor: a constructor's arguments would
    // change whenever the spec adds a required field.
    let _response = OtpSmsSendResponse::new("request-1", "user-1", "phone-1", 200);
}
