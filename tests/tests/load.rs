//! 10,000 sends, 64 at a time, against the in-process server: every one succeeds,
//! in bounded time and memory.

use std::sync::Arc;
use std::time::{Duration, Instant};
use stytch_sms_otp::types::OtpSmsSendRequest;
use stytch_sms_otp::Client;
use tests::{sms_send_ok, Reply, TestServer};

const SENDS: usize = 10_000;
const CONCURRENCY: usize = 64;

/// Resident memory of this process, in KiB (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_sends_sixty_four_at_a_time_all_succeed() {
    let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
    let client = Client::builder()
        .base_url(server.url())
        .basic_auth("project-test-load", "secret")
        .build()
        .expect("client");
    let semaphore = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
    let before = rss_kib();
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(SENDS);
    for i in 0..SENDS {
        let permit = semaphore.clone().acquire_owned().await.expect("semaphore");
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = permit;
            let request = OtpSmsSendRequest::new(format!("+1555{:07}", i));
            client
                .api_otp_v1_otp_sms_send(&request)
                .await
                .map(|r| r.status_code)
        }));
    }
    let mut errors = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(200) => {}
            _ => errors += 1,
        }
    }
    let elapsed = started.elapsed();
    assert_eq!(errors, 0);
    assert_eq!(
        server.requests().len(),
        SENDS,
        "each send reached the server exactly once"
    );
    assert!(elapsed < Duration::from_secs(120), "took {elapsed:?}");
    if let (Some(before), Some(after)) = (before, rss_kib()) {
        // The recorded requests themselves are kept by the server (about 1 KiB each).
        let grown = after.saturating_sub(before);
        assert!(grown < 200 * 1024, "resident memory grew by {grown} KiB");
        eprintln!("{SENDS} sends in {elapsed:?}; resident memory grew by {grown} KiB");
    }
}
