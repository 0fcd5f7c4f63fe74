//! `cargo bench -p tests --bench client`: one SMS send over loopback with the
//! generated client, next to the same request written by hand with reqwest, against
//! the same in-process server, interleaved in one run (medians). The hand-written call
//! is also timed with each safety measure the generated client takes on every send
//! (a per-request timeout; the body read chunk by chunk under a cap), one at a time,
//! to show where a difference comes from.

use std::time::{Duration, Instant};
use stytch_sms_otp::types::{Locale, OtpSmsSendRequest, OtpSmsSendResponse};
use stytch_sms_otp::Client;
use tests::{sms_send_ok, Reply, TestServer};

/// Sends of each kind.
const SENDS: usize = 10_000;

/// The generated client's default cap on a response body.
const CAP: usize = 64 << 20;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let server = TestServer::always(Reply::json(200, sms_send_ok())).await;
        let generated = Client::builder()
            .base_url(server.url())
            .basic_auth("project-test-bench", "secret")
            .build()
            .expect("client");
        let _ = rustls::crypto::ring::default_provider().install_default();
        let raw = reqwest::Client::builder().build().expect("reqwest");
        let url = format!("{}/v1/otps/sms/send", server.url());
        let request = OtpSmsSendRequest::new("+10000000000")
            .expiration_minutes(5)
            .locale(Locale::En);

        // The hand-written call, and the same with what the generated client adds to
        // every send, one piece at a time: where the difference goes.
        let timeout = std::time::Duration::from_secs(30);
        let by_hand = |with_timeout: bool, capped_read: bool| {
            let (raw, url, request) = (&raw, &url, &request);
            async move {
                let mut builder = raw
                    .post(url.as_str())
                    .basic_auth("project-test-bench", Some("secret"))
                    .header("content-type", "application/json")
                    .body(serde_json::to_vec(request).expect("json"));
                if with_timeout {
                    builder = builder.timeout(timeout);
                }
                let mut response = builder.send().await.expect("send");
                let body = if capped_read {
                    // As the generated client reads: room for the declared length up
                    // to the cap, chunks counted against the cap, stop past it.
                    let declared = response.content_length().unwrap_or(0) as usize;
                    let mut body = Vec::with_capacity(declared.min(CAP));
                    while let Some(chunk) = response.chunk().await.expect("chunk") {
                        let take = chunk.len().min(CAP - body.len());
                        body.extend_from_slice(&chunk[..take]);
                        if take < chunk.len() {
                            break;
                        }
                    }
                    body
                } else {
                    response.bytes().await.expect("body").to_vec()
                };
                std::hint::black_box(
                    serde_json::from_slice::<OtpSmsSendResponse>(&body).expect("decode"),
                );
            }
        };

        // Every send timed on its own, the four kinds taking turns send by send, so
        // that whatever else the machine does falls on all of them alike.
        let mut samples: [Vec<Duration>; 5] = Default::default();
        for i in 0..SENDS {
            // Each kind goes first in turn.
            for k in 0..4 {
                let kind = (i + k) % 4;
                let started = Instant::now();
                if kind == 0 {
                    let response = generated
                        .api_otp_v1_otp_sms_send(&request)
                        .await
                        .expect("send");
                    std::hint::black_box(response.into_inner());
                } else {
                    by_hand(kind >= 2, kind == 3).await;
                }
                samples[kind].push(started.elapsed());
            }
            let started = Instant::now();
            std::hint::black_box(request.validate()).expect("valid");
            samples[4].push(started.elapsed());
        }
        let [generated, plain, timed, capped, validation] = samples.map(median);
        let row = |name: &str, time: Duration| {
            println!(
                "| {name} | {:.1} µs | {:.3}x |",
                time.as_secs_f64() * 1e6,
                time.as_secs_f64() / plain.as_secs_f64()
            );
        };
        println!(
            "| per send (median of {SENDS} sends each) | time | ratio to hand-written reqwest |"
        );
        println!("|---|---:|---:|");
        row("generated client", generated);
        row("hand-written reqwest call", plain);
        row("hand-written, with a per-request timeout", timed);
        row(
            "hand-written, with a timeout and the body read chunk by chunk",
            capped,
        );
        row("of which: request validation", validation);
        println!();
        println!(
            "generated client / hand-written call with the same per-request timeout: {:.3}x",
            generated.as_secs_f64() / timed.as_secs_f64()
        );
    });
}
