//! Send a one-time passcode by SMS to a B2B Member.
//!
//! ```text
//! STYTCH_PROJECT_ID=project-test-... STYTCH_SECRET=secret-test-... \
//!     cargo run --example b2b_sms_send -- ORGANIZATION_ID MEMBER_ID [MFA_PHONE_NUMBER]
//! ```
//!
//! `STYTCH_BASE_URL` (optional) sends the request elsewhere, for example to a gateway.
//! Prints the response as JSON, or the error (with Stytch's `request_id` when there
//! is one) and exits with status 1.

use std::process::ExitCode;
use stytch_sms_otp::types::B2bOtpSmsSendRequest;
use stytch_sms_otp::Client;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [organization_id, member_id, rest @ ..] = args.as_slice() else {
        eprintln!("usage: b2b_sms_send ORGANIZATION_ID MEMBER_ID [MFA_PHONE_NUMBER]");
        return ExitCode::from(2);
    };
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let mut request = B2bOtpSmsSendRequest::new(organization_id.as_str(), member_id.as_str());
    if let Some(phone) = rest.first() {
        request = request.mfa_phone_number(phone.as_str());
    }
    match client.api_b2b_otp_v1_b2b_otp_sms_send(&request).await {
        Ok(response) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&*response).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            if let Some(body) = err.body() {
                eprintln!("request_id: {}", body.request_id);
            }
            ExitCode::FAILURE
        }
    }
}
