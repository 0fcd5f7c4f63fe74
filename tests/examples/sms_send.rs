//! Send a one-time passcode by SMS.
//!
//! ```text
//! STYTCH_PROJECT_ID=project-test-... STYTCH_SECRET=secret-test-... \
//!     cargo run --example sms_send -- +10000000000
//! ```
//!
//! `STYTCH_BASE_URL` (optional) sends the request elsewhere, for example to a gateway.
//! Prints the response as JSON, or the error (with Stytch's `request_id` when there
//! is one) and exits with status 1. An invalid phone number is reported without
//! any request being sent.

use std::process::ExitCode;
use stytch_sms_otp::types::OtpSmsSendRequest;
use stytch_sms_otp::{Client, Error};

#[tokio::main]
async fn main() -> ExitCode {
    let Some(phone_number) = std::env::args().nth(1) else {
        eprintln!("usage: sms_send PHONE_NUMBER   (E.164, for example +10000000000)");
        return ExitCode::from(2);
    };
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let request = OtpSmsSendRequest::new(phone_number);
    match client.api_otp_v1_otp_sms_send(&request).await {
        Ok(response) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&*response).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            report(&err);
            ExitCode::FAILURE
        }
    }
}

fn report(err: &Error<stytch_sms_otp::types::ErrorResponse>) {
    eprintln!("error: {err}");
    if let Some(body) = err.body() {
        eprintln!("request_id: {}", body.request_id);
    }
    if !err.may_have_reached_server() {
        eprintln!("nothing was sent");
    }
}
