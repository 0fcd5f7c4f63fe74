//! A sign-in service's first step: send a one-time passcode by SMS, through the
//! generated Stytch client, and turn what can go wrong into the service's own errors.

use std::time::Duration;
use stytch_sms_otp::types::OtpSmsSendRequest;
use stytch_sms_otp::{Client, Error};

/// How many times a rate-limited send is tried again.
pub const RATE_LIMIT_RETRIES: u32 = 2;

/// The longest wait for a rate limit that the service accepts; a longer one is
/// passed on to the caller.
pub const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(10);

/// A passcode on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSent {
    /// What the user's answer is checked against (Stytch's `phone_id`).
    pub method_id: String,
    pub user_id: String,
}

/// Why no passcode was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInError {
    /// The phone number is not one Stytch accepts (refused here, or by Stytch).
    InvalidPhoneNumber,
    /// Stytch is limiting sends: try again after this long.
    TryAgainLater(Option<Duration>),
    /// Stytch could not be reached, or did not answer; the send may have happened,
    /// so it is not repeated.
    Unavailable,
    /// Stytch refused for another reason; its `request_id` is for Stytch's support.
    Refused {
        error_type: String,
        request_id: Option<String>,
    },
}

/// Send a sign-in passcode to `phone_number`, waiting out Stytch's rate limits up to
/// [`RATE_LIMIT_RETRIES`] times.
pub async fn send_sign_in_code(
    client: &Client,
    phone_number: &str,
) -> Result<CodeSent, SignInError> {
    let request = OtpSmsSendRequest::new(phone_number).expiration_minutes(5);
    let mut retries = 0;
    loop {
        match client.api_otp_v1_otp_sms_send(&request).await {
            Ok(sent) => {
                return Ok(CodeSent {
                    method_id: sent.phone_id.clone(),
                    user_id: sent.user_id.clone(),
                })
            }
            Err(Error::RateLimited(limited)) => {
                let wait = limited.retry_after;
                match wait {
                    Some(wait) if retries < RATE_LIMIT_RETRIES && wait <= MAX_RATE_LIMIT_WAIT => {
                        retries += 1;
                        tokio::time::sleep(wait).await;
                    }
                    _ => return Err(SignInError::TryAgainLater(wait)),
                }
            }
            Err(err) => return Err(sign_in_error(err)),
        }
    }
}

fn sign_in_error(err: Error<stytch_sms_otp::types::ErrorResponse>) -> SignInError {
    match err {
        Error::InvalidRequest(invalid) if invalid.field() == "phone_number" => {
            SignInError::InvalidPhoneNumber
        }
        Error::Api(api) => match api.body {
            Some(body) if body.error_type == "invalid_phone_number" => {
                SignInError::InvalidPhoneNumber
            }
            Some(body) => SignInError::Refused {
                error_type: body.error_type,
                request_id: Some(body.request_id),
            },
            None => SignInError::Refused {
                error_type: format!("http_{}", api.status.as_u16()),
                request_id: None,
            },
        },
        Error::Transport(_) => SignInError::Unavailable,
        other => SignInError::Refused {
            error_type: other.to_string(),
            request_id: None,
        },
    }
}
