use stytch_sms_otp::types::B2bOtpSmsSendRequest;

fn main() {
    let _request = B2bOtpSmsSendRequest {
        organization_id: "organization-test-1".into(),
        mfa_phone_number: None,
        locale: None,
        intermediate_session_token: None,
        session_token: None,
        session_jwt: None,
    };
}
