//! The examples, run as a user runs them, against a server on 127.0.0.1.

use std::path::PathBuf;
use std::process::Command;
use tests::{sms_send_ok, stytch_error, Reply, TestServer};

/// Build an example (cargo test builds them too) and return its binary, where cargo
/// says it put it (which `CARGO_TARGET_DIR` and the profile decide).
fn example(name: &str) -> PathBuf {
    let mut build = Command::new(env!("CARGO"));
    build.args([
        "build",
        "-q",
        "-p",
        "tests",
        "--example",
        name,
        "--message-format=json",
    ]);
    if !cfg!(debug_assertions) {
        build.arg("--release");
    }
    let output = build.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == name)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("cargo reported no executable for the example {name}"))
}

fn run(name: &str, args: &[&str], base_url: &str) -> std::process::Output {
    Command::new(example(name))
        .args(args)
        .env("STYTCH_PROJECT_ID", "project-test-example")
        .env("STYTCH_SECRET", "secret-test-example")
        .env("STYTCH_BASE_URL", base_url)
        .output()
        .expect("example runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_send_prints_the_response_as_json() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    let output = run("sms_send", &["+10000000000"], server.url());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(printed, sms_send_ok());
    assert_eq!(
        server.requests()[0].json(),
        serde_json::json!({"phone_number": "+10000000000"})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_send_reports_an_invalid_number_without_sending() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    let output = run("sms_send", &["555-0100"], server.url());
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("phone_number") && stderr.contains("nothing was sent"),
        "{stderr}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b2b_sms_send_prints_the_error_with_its_request_id() {
    let server = TestServer::always(Reply::json(
        404,
        stytch_error(404, "member_not_found", "request-id-test-b2b-404"),
    ))
    .await;
    let output = run(
        "b2b_sms_send",
        &["organization-test-1", "member-test-1"],
        server.url(),
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("request_id: request-id-test-b2b-404"),
        "{stderr}"
    );
    assert_eq!(server.requests()[0].target, "/v1/b2b/otps/sms/send");
}
