//! The intended way to make each kind of generated type, which keeps compiling when
//! the spec adds optional request fields, response fields or enum values.

use stytch_sms_otp::types::{Locale, MemberStatus, OtpSmsSendRequest, OtpSmsSendResponse};
use stytch_sms_otp::MissingField;

fn main() -> Result<(), MissingField> {
    // A request: the constructor takes the required fields, setters the rest.
    let _request = OtpSmsSendRequest::new("+10000000000").locale(Locale::Es);
    // A response, as an application's test fakes one: a builder, checked at `build`.
    let response = OtpSmsSendResponse::builder()
        .request_id("request-1")
        .user_id("user-1")
        .phone_id("phone-1")
        .status_code(200)
        .build()?;
    assert_eq!(response.phone_id, "phone-1");
    assert_eq!(
        OtpSmsSendResponse::builder().request_id("request-1").build(),
        Err(MissingField("user_id"))
    );
    // Fields stay readable, and a pattern with `..` matches.
    let OtpSmsSendResponse { status_code, .. } = &response;
    assert_eq!(*status_code, 200);
    // An enum: values the crate knows, any other the spec may add later.
    let greeting = match Locale::Fr {
        Locale::En => "hello",
        Locale::Fr => "bonjour",
        _ => "…",
    };
    assert_eq!(greeting, "bonjour");
    let _ = MemberStatus::Unknown("suspended".to_owned());
    Ok(())
}
