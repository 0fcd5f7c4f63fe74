//! The client against raw TCP servers on 127.0.0.1 that write every byte themselves,
//! and against careless configuration: nothing a server sends panics the client, and
//! nothing a builder is given is silently misused.

use std::time::{Duration, Instant};
use stytch_sms_otp::types::OtpSmsSendRequest;
use stytch_sms_otp::{BuildError, Client, Error, RetryPolicy, TransportKind};
use tests::raw::{refused_port, write_chunk, RawServer};
use tokio::io::AsyncWriteExt;

const RATE_LIMITED: &str = r#"{"status_code":429,"request_id":"request-id-test-1","error_type":"too_many_requests","error_message":"Too many requests.","error_url":"https://stytch.com/docs/api/errors/429"}"#;

fn request() -> OtpSmsSendRequest {
    OtpSmsSendRequest::new("+10000000000")
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .basic_auth("project-test-1", "secret-test-1")
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

/// A whole HTTP/1.1 response with a `Content-Length` body.
fn response(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for header in headers {
        head.push_str(header);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The `Retry-After` the client reads from a 429 carrying `value`.
async fn retry_after_of(value: &str) -> Option<Duration> {
    let header = format!("Retry-After: {value}");
    let server = RawServer::replying(response(
        "429 Too Many Requests",
        &["Content-Type: application/json", &header],
        RATE_LIMITED.as_bytes(),
    ))
    .await;
    match client(server.url())
        .api_otp_v1_otp_sms_send(&request())
        .await
    {
        Err(Error::RateLimited(limited)) => limited.retry_after,
        other => panic!("{value}: expected RateLimited, got {other:?}"),
    }
}

#[tokio::test]
async fn a_retry_after_date_beyond_any_calendar_neither_panics_nor_means_retry_now() {
    for value in [
        "Sun, 06 Nov 300000000000 08:49:37 GMT",
        "Sun, 99999999999999 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 99999999999999:49:37 GMT",
    ] {
        assert_eq!(retry_after_of(value).await, None, "{value}");
    }
}

#[tokio::test]
async fn retry_after_is_read_in_all_three_http_date_forms() {
    for value in [
        "Thu, 01 Jan 2043 00:00:00 GMT",
        "Thursday, 01-Jan-43 00:00:00 GMT",
        "Thu Jan  1 00:00:00 2043",
    ] {
        let wait = retry_after_of(value).await.expect(value);
        assert!(
            wait > Duration::from_secs(10 * 365 * 86_400),
            "{value}: {wait:?}"
        );
    }
}

#[tokio::test]
async fn an_impossible_retry_after_date_is_ignored() {
    for value in [
        "Sat, 31 Feb 2043 00:00:00 GMT",
        "Thu, 01 Jan 2043 25:61:61 GMT",
    ] {
        assert_eq!(retry_after_of(value).await, None, "{value}");
    }
}

#[tokio::test]
async fn the_error_excerpt_holds_at_most_4096_bytes_even_for_invalid_utf8() {
    for byte in [b'x', 0xFF] {
        let body = vec![byte; 10 * 1024];
        let server = RawServer::replying(response("500 Internal Server Error", &[], &body)).await;
        match client(server.url())
            .api_otp_v1_otp_sms_send(&request())
            .await
        {
            Err(Error::Api(api)) => {
                assert!(api.raw.len() <= 4096, "{} bytes", api.raw.len());
                assert!(api.raw.ends_with('…'), "a cut excerpt says so");
            }
            other => panic!("expected Api, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_declared_content_length_above_the_limit_fails_before_any_body_is_read() {
    // The head promises a terabyte, then the server sends nothing and keeps the line open.
    let server = RawServer::start(|mut stream, _| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .max_response_bytes(1024 * 1024)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let started = Instant::now();
    match client.api_otp_v1_otp_sms_send(&request()).await {
        Err(Error::UnexpectedResponse(unexpected)) => {
            assert_eq!(unexpected.status, 200);
            assert!(
                unexpected.reason.contains("max_response_bytes"),
                "{}",
                unexpected.reason
            );
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_base_url_with_a_query_a_fragment_or_spaces_is_refused_when_building() {
    for url in [
        "http://127.0.0.1:9/gateway?key=abc",
        "http://127.0.0.1:9/gateway?",
        "http://127.0.0.1:9/gateway#frag",
        " http://127.0.0.1:9/gateway",
        "http://127.0.0.1:9/gateway ",
        "http://127.0.0.1:9/gate way",
    ] {
        match Client::builder().base_url(url).build() {
            Err(err @ BuildError::InvalidBaseUrl { .. }) => {
                assert!(!err.to_string().contains("key=abc"), "{err}");
            }
            other => panic!("{url:?}: expected InvalidBaseUrl, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_base_url_path_is_joined_with_the_operation_path() {
    let (sent, mut received) = tokio::sync::mpsc::unbounded_channel();
    let server = RawServer::start(move |mut stream, request| {
        let _ = sent.send(request);
        async move {
            let _ = stream
                .write_all(&response("500 Internal Server Error", &[], b""))
                .await;
        }
    })
    .await;
    for (base, target) in [
        (
            format!("{}/gateway", server.url()),
            "/gateway/v1/otps/sms/send",
        ),
        (
            format!("{}/gateway/", server.url()),
            "/gateway/v1/otps/sms/send",
        ),
        (format!("{}/", server.url()), "/v1/otps/sms/send"),
    ] {
        let _ = client(&base).api_otp_v1_otp_sms_send(&request()).await;
        let request = received.recv().await.expect("a request arrived");
        let line = String::from_utf8_lossy(&request)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(line, format!("POST {target} HTTP/1.1"), "{base}");
    }
}

#[test]
fn credentials_in_a_base_url_are_refused_and_never_shown() {
    let builder = Client::builder().base_url("https://project-test-1:SECRET@test.stytch.com");
    assert!(!format!("{builder:?}").contains("SECRET"), "{builder:?}");
    match builder.build() {
        Err(err @ BuildError::InvalidBaseUrl { .. }) => {
            assert!(!err.to_string().contains("SECRET"), "{err}");
            assert!(!format!("{err:?}").contains("SECRET"), "{err:?}");
            assert!(!err.to_string().contains("project-test-1"), "{err}");
        }
        other => panic!("expected InvalidBaseUrl, got {other:?}"),
    }
    // Unparsable, yet possibly holding a secret: still not shown.
    let err = Client::builder()
        .base_url("https://user:SECRET@exa mple.com")
        .build()
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains("SECRET"), "{err}");
}

#[test]
fn an_invalid_user_agent_is_reported_as_such() {
    let err = Client::builder()
        .user_agent("agent\nwith a newline")
        .build()
        .unwrap_err();
    assert!(matches!(err, BuildError::InvalidUserAgent(_)), "{err:?}");
    assert!(err.to_string().contains("User-Agent"), "{err}");
}

#[test]
fn a_colon_in_a_basic_auth_username_is_refused() {
    let err = Client::builder()
        .basic_auth("project-test-1:admin", "secret-test-1")
        .build()
        .unwrap_err();
    assert!(matches!(err, BuildError::InvalidCredentials(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("secret-test-1"), "{err}");
    // A colon in the password is allowed.
    assert!(Client::builder()
        .basic_auth("project-test-1", "a:b")
        .build()
        .is_ok());
}

#[tokio::test]
async fn retries_and_their_waits_end_within_the_timeout() {
    let refused = refused_port();
    let url = refused.url();
    for retry in [
        RetryPolicy::connection_failures(5),
        RetryPolicy::connection_failures(40).backoff(Duration::from_secs(1)),
    ] {
        let client = Client::builder()
            .base_url(&url)
            .timeout(Duration::from_millis(300))
            .retry(retry.clone())
            .build()
            .expect("client");
        let started = Instant::now();
        let err = client
            .api_otp_v1_otp_sms_send(&request())
            .await
            .unwrap_err();
        let took = started.elapsed();
        assert!(took < Duration::from_millis(600), "{retry:?} took {took:?}");
        match err {
            Error::Transport(transport) => assert_eq!(transport.kind(), TransportKind::Connect),
            other => panic!("expected Transport, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_backoff_between_retries_is_capped() {
    let refused = refused_port();
    let url = refused.url();
    let client = Client::builder()
        .base_url(&url)
        .timeout(Duration::from_secs(2))
        .retry(
            RetryPolicy::connection_failures(u32::MAX)
                .backoff(Duration::from_secs(3600))
                .max_backoff(Duration::from_millis(20)),
        )
        .build()
        .expect("client");
    let started = Instant::now();
    assert!(client.api_otp_v1_otp_sms_send(&request()).await.is_err());
    // Capped waits of 20 ms keep retrying until the deadline, then stop before it.
    let took = started.elapsed();
    assert!(
        took > Duration::from_millis(1500) && took < Duration::from_millis(2300),
        "{took:?}"
    );
}

/// Responses that break HTTP or the spec in every way a server can; each is an error,
/// never a panic, and never a hang past the timeout.
#[tokio::test]
async fn no_malformed_response_panics_the_client() {
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not HTTP", b"garbage\r\n\r\n".to_vec()),
        ("empty", Vec::new()),
        (
            "bad length",
            b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n".to_vec(),
        ),
        (
            "two lengths",
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}".to_vec(),
        ),
        (
            "short body",
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}".to_vec(),
        ),
        (
            "bad chunk",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nx\r\n"
                .to_vec(),
        ),
        ("status 999", response("999 Strange", &[], b"{}")),
        ("status 101", response("101 Switching Protocols", &[], b"")),
        (
            "status 302",
            response("302 Found", &["Location: http://127.0.0.1:9/"], b""),
        ),
        (
            "deep JSON",
            response(
                "200 OK",
                &["Content-Type: application/json"],
                nested.as_bytes(),
            ),
        ),
        (
            "deep JSON error",
            response(
                "400 Bad Request",
                &["Content-Type: application/json"],
                nested.as_bytes(),
            ),
        ),
        (
            "number overflow",
            response(
                "200 OK",
                &[],
                br#"{"request_id":"r","user_id":"u","phone_id":"p","status_code":1e999999}"#,
            ),
        ),
        (
            "huge seconds",
            response(
                "429 Too Many Requests",
                &["Retry-After: 184467440737095516160"],
                b"",
            ),
        ),
        (
            "binary header",
            b"HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\nRetry-After: \xff\xfe\r\n\r\n"
                .to_vec(),
        ),
        ("header flood", {
            let mut head = "HTTP/1.1 200 OK\r\n".to_owned();
            for i in 0..5_000 {
                head.push_str(&format!("X-Flood-{i}: {}\r\n", "v".repeat(100)));
            }
            head.push_str("Content-Length: 0\r\n\r\n");
            head.into_bytes()
        }),
    ];
    for (name, bytes) in cases {
        let server = RawServer::replying(bytes).await;
        let client = Client::builder()
            .base_url(server.url())
            .timeout(Duration::from_secs(5))
            .build()
            .expect("client");
        let started = Instant::now();
        let outcome = client.api_otp_v1_otp_sms_send(&request()).await;
        assert!(outcome.is_err(), "{name}: {outcome:?}");
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "{name}: {:?}",
            started.elapsed()
        );
        assert!(
            server.requests() <= 1,
            "{name}: sent {} times",
            server.requests()
        );
    }
}

#[tokio::test]
async fn a_body_that_trickles_forever_ends_at_the_timeout() {
    let server = RawServer::start(|mut stream, _| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        loop {
            if write_chunk(&mut stream, b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(500))
        .build()
        .expect("client");
    let started = Instant::now();
    match client.api_otp_v1_otp_sms_send(&request()).await {
        Err(Error::Transport(transport)) => assert_eq!(transport.kind(), TransportKind::Timeout),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}
