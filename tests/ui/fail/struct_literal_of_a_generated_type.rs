use stytch_sms_otp::types::{OtpSmsSendRequest, OtpSmsSendResponse};

fn main() {
    // Generated structs are `#[non_exhaustive]`: the spec may add fields, so neither a
    // request nor a response can be written as a literal outside the crate.
    let _request = OtpSmsSendRequest {
        phone_number: "+10000000000".into(),
        expiration_minutes: None,
        attributes: None,
        locale: None,
        user_id: None,
        session_token: None,
        session_jwt: None,
    };
    let _response = OtpSmsSendResponse {
        request_id: String::new(),
        user_id: String::new(),
        phone_id: String::new(),
        status_code: 200,
    };
}
