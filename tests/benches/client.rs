//! `cargo bench -p tests --bench client`: one SMS send over loopback with the
//! generated client, next to the same request written by hand with reqwest, against
//! the same in-process server, interleaved in one run (medians).

use std::time::{Duration, Instant};
use stytch_sms_otp::types::{Locale, OtpSmsSendRequest, OtpSmsSendResponse};
use stytch_sms_otp::Client;
use tests::{sms_send_ok, Reply, TestServer};

const ROUNDS: usize = 20;
const SENDS_PER_ROUND: usize = 200;

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
        let generated = Client::builder().base_url(server.url()).basic_auth("project-test-bench", "secret").build().expect("client");
        let _ = rustls::crypto::ring::default_provider().install_default();
        let raw = reqwest::Client::builder().build().expect("reqwest");
        let url = format!("{}/v1/otps/sms/send", server.url());
        let request = OtpSmsSendRequest::new("+10000000000").expiration_minutes(5).locale(Locale::En);

        let mut with_generated = Vec::new();
        let mut by_hand = Vec::new();
        let mut validation = Vec::new();
        for _ in 0..ROUNDS {
            let started = Instant::now();
            for _ in 0..SENDS_PER_ROUND {
                let response = generated.api_otp_v1_otp_sms_send(&request).await.expect("send");
                std::hint::black_box(response.into_inner());
            }
            with_generated.push(started.elapsed() / SENDS_PER_ROUND as u32);

            let started = Instant::now();
            for _ in 0..SENDS_PER_ROUND {
                let response = raw
                    .post(&url)
                    .basic_auth("project-test-bench", Some("secret"))
                    .header("content-type", "application/json")
                    .body(serde_json::to_vec(&request).expect("json"))
                    .send()
                    .await
                    .expect("send");
                let body = response.bytes().await.expect("body");
                std::hint::black_box(serde_json::from_slice::<OtpSmsSendResponse>(&body).expect("decode"));
            }
            by_hand.push(started.elapsed() / SENDS_PER_ROUND as u32);

            let started = Instant::now();
            for _ in 0..SENDS_PER_ROUND {
                std::hint::black_box(request.validate()).expect("valid");
            }
            validation.push(started.elapsed() / SENDS_PER_ROUND as u32);
        }
        let (generated, by_hand, validation) = (median(with_generated), median(by_hand), median(validation));
        println!("| per send (median of {ROUNDS} rounds x {SENDS_PER_ROUND}) | time | ratio to hand-written reqwest |");
        println!("|---|---:|---:|");
        println!("| generated client | {:.1} µs | {:.2}x |", generated.as_secs_f64() * 1e6, generated.as_secs_f64() / by_hand.as_secs_f64());
        println!("| hand-written reqwest call | {:.1} µs | 1.00x |", by_hand.as_secs_f64() * 1e6);
        println!("| of which: request validation | {:.2} µs | {:.3}x |", validation.as_secs_f64() * 1e6, validation.as_secs_f64() / by_hand.as_secs_f64());
    });
}
