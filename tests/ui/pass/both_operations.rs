//! Both operations, written as an application would.

use stytch_sms_otp::types::{Attributes, B2bOtpSmsSendRequest, Locale, OtpSmsSendRequest};
use stytch_sms_otp::{Client, Error, Server};

async fn send(client: &Client) -> Result<(), Error<stytch_sms_otp::types::ErrorResponse>> {
    let request = OtpSmsSendRequest::new("+10000000000")
        .expiration_minutes(5)
        .locale(Locale::En)
        .attributes(Attributes::new().ip_address("203.0.113.7").user_agent("example/1.0"));
    let sent = client.api_otp_v1_otp_sms_send(&request).await?;
    let _phone_id: &str = &sent.phone_id;

    let b2b = B2bOtpSmsSendRequest::new("organization-test-1", "member-test-1").mfa_phone_number("+12025550123");
    let sent = client.api_b2b_otp_v1_b2b_otp_sms_send(&b2b).await?;
    let _member_email: &str = &sent.member.email_address;
    let _organization_name: &str = &sent.organization.organization_name;
    Ok(())
}

fn main() {
    let client = Client::builder().server(Server::Test).basic_auth("project-test-1", "secret").build().unwrap();
    let _future = send(&client);
}
