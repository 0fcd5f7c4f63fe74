//! Conformance against an independent implementation of the spec: Prism (from npm,
//! installed by `npm ci`) mocks `spec/` on 127.0.0.1 and reports every way a
//! request breaks the spec in its `sl-violations` header.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use stytch_sms_otp::types::{Attributes, B2bOtpSmsSendRequest, Locale, OtpSmsSendRequest};
use stytch_sms_otp::Client;

struct Prism {
    child: Child,
    url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start Prism, answering with the spec's examples or, `dynamic`, with random data
/// that fits the schemas; `None` outside CI when Prism is not installed.
async fn prism_mode(dynamic: bool) -> Option<Prism> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = root.join("node_modules/.bin/prism");
    if !bin.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Prism is not installed: run `npm ci` (the CI script does)"
        );
        tests::skipped("Prism is not installed; run `npm ci` to include this test");
        return None;
    }
    // Port 0: Prism's own listener takes a free port and its log names it, once it
    // listens. Choosing a port here and handing it over would race with anything else
    // that takes a port meanwhile, a probing connect included.
    let mut args = vec![
        "mock",
        "spec/stytch-sms-otp.yaml",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--errors",
    ];
    if dynamic {
        args.push("--dynamic");
    }
    let mut child = Command::new(bin)
        .args(&args)
        .current_dir(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Prism starts");
    let stdout = child.stdout.take().expect("Prism's stdout is piped");
    let mut prism = Prism {
        child,
        url: String::new(),
    };
    let (found, listening) = std::sync::mpsc::channel();
    // Reads the log to its end: Prism blocks on a full pipe if nobody does.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some((_, url)) = line.split_once("Prism is listening on ") {
                let _ = found.send(url.trim().to_owned());
            }
        }
    });
    prism.url = listening
        .recv_timeout(Duration::from_secs(60))
        .expect("Prism says where it listens within a minute");
    Some(prism)
}

fn client(prism: &Prism) -> Client {
    Client::builder()
        .base_url(&prism.url)
        .basic_auth("project-test-prism", "secret-test-prism")
        .build()
        .expect("client")
}

#[tokio::test]
async fn both_operations_conform_to_an_independent_mock_of_the_spec() {
    let Some(prism) = prism_mode(false).await else {
        return;
    };
    let client = client(&prism);

    let consumer = OtpSmsSendRequest::new("+10000000000")
        .expiration_minutes(10)
        .attributes(
            Attributes::new()
                .ip_address("203.0.113.7")
                .user_agent("conformance/1.0"),
        )
        .locale(Locale::PtBr)
        .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
        .session_token("mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q")
        .session_jwt("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl");
    let response = client
        .api_otp_v1_otp_sms_send(&consumer)
        .await
        .expect("Prism accepts the consumer request");
    assert_eq!(
        response.headers().get("sl-violations"),
        None,
        "violations: {:?}",
        response.headers()
    );
    assert_eq!(response.status_code, 200);

    let b2b = B2bOtpSmsSendRequest::new(
        "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
        "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
    )
    .mfa_phone_number("+12025550123")
    .locale(Locale::Fr)
    .intermediate_session_token("SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=")
    .session_token("mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q")
    .session_jwt("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl");
    let response = client
        .api_b2b_otp_v1_b2b_otp_sms_send(&b2b)
        .await
        .expect("Prism accepts the B2B request");
    assert_eq!(
        response.headers().get("sl-violations"),
        None,
        "violations: {:?}",
        response.headers()
    );
    assert!(!response.member.member_id.is_empty());
    assert!(!response.organization.organization_id.is_empty());
}

#[tokio::test]
async fn prism_does_report_requests_that_break_the_spec() {
    let Some(prism) = prism_mode(false).await else {
        return;
    };
    // Sent around the generated client, which would refuse it. A bare reqwest client
    // (built without a TLS provider, as the generated crate uses it) needs one installed.
    // ring, as chosen; rustls 0.23.48 deprecates it only for its lack of post-quantum
    // key exchange.
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let _ = provider.install_default();
    let response = reqwest::Client::new()
        .post(format!("{}/v1/otps/sms/send", prism.url))
        .header("content-type", "application/json")
        .body(r#"{"phone_number":"555-0100","expiration_minutes":60}"#)
        .send()
        .await
        .expect("Prism answers");
    let violations = response
        .headers()
        .get("sl-violations")
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    assert!(
        violations.contains("phone_number") && violations.contains("expiration_minutes"),
        "{violations}"
    );
    assert!(violations.contains("security"), "{violations}");
}

#[tokio::test]
async fn random_responses_that_fit_the_spec_always_decode() {
    let Some(prism) = prism_mode(true).await else {
        return;
    };
    let client = client(&prism);
    // Prism invents every field (optional ones or not, and members the spec does not
    // declare) within the schemas: each answer must still decode.
    for _ in 0..25 {
        let consumer = OtpSmsSendRequest::new("+10000000000");
        let response = client
            .api_otp_v1_otp_sms_send(&consumer)
            .await
            .expect("a random consumer response decodes");
        assert_eq!(response.headers().get("sl-violations"), None);
        let b2b = B2bOtpSmsSendRequest::new("organization-test-1", "member-test-1");
        let response = client
            .api_b2b_otp_v1_b2b_otp_sms_send(&b2b)
            .await
            .expect("a random B2B response decodes");
        assert_eq!(response.headers().get("sl-violations"), None);
    }
}
