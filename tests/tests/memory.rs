//! The heap a call needs stays within the response limit plus a small constant,
//! whatever bytes the server sends. A counting allocator measures the peak; as heap
//! profilers do, a `realloc` counts as its new size replacing the old one.
//!
//! The tests take turns (the allocator counts the whole process).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use stytch_sms_otp::types::OtpSmsSendRequest;
use stytch_sms_otp::{Client, Error, MAX_ERROR_BODY_BYTES};
use tests::raw::{write_chunk, write_filler, RawServer};
use tokio::io::AsyncWriteExt;
use tokio::sync::Mutex;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::SeqCst) + bytes;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

fn shrank(bytes: usize) {
    CURRENT.fetch_sub(bytes, Ordering::SeqCst);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size > layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1024 * 1024;
/// What a call may need beyond the body's limit: connection buffers, headers, the
/// request, the server's own write buffer.
const SMALL_CONSTANT: usize = MIB;

/// The peak heap above the starting point while `call` runs.
async fn peak_during<F: std::future::Future>(call: F) -> (usize, F::Output) {
    let start = CURRENT.load(Ordering::SeqCst);
    PEAK.store(start, Ordering::SeqCst);
    let output = call.await;
    (PEAK.load(Ordering::SeqCst).saturating_sub(start), output)
}

/// A server answering `status` with `total` bytes of `byte`, chunked or with a length.
async fn flood(status: &'static str, byte: u8, total: u64, chunked: bool) -> RawServer {
    RawServer::start(move |mut stream, _| async move {
        let head = if chunked {
            format!("HTTP/1.1 {status}\r\nTransfer-Encoding: chunked\r\n\r\n")
        } else {
            format!("HTTP/1.1 {status}\r\nContent-Length: {total}\r\n\r\n")
        };
        if stream.write_all(head.as_bytes()).await.is_ok() {
            write_filler(&mut stream, byte, total, chunked).await;
        }
    })
    .await
}

fn client(url: &str, limit: Option<usize>) -> Client {
    let mut builder = Client::builder()
        .base_url(url)
        .timeout(Duration::from_secs(60));
    if let Some(limit) = limit {
        builder = builder.max_response_bytes(limit);
    }
    builder.build().expect("client")
}

#[tokio::test]
async fn an_invalid_utf8_error_body_far_beyond_the_limit_costs_only_the_error_cap() {
    let _turn = ONE_AT_A_TIME.lock().await;
    for chunked in [false, true] {
        let server = flood("500 Internal Server Error", 0xFF, 200_000_000, chunked).await;
        let client = client(server.url(), None);
        let request = OtpSmsSendRequest::new("+10000000000");
        let (peak, outcome) = peak_during(client.api_otp_v1_otp_sms_send(&request)).await;
        assert!(matches!(outcome, Err(Error::Api(_))), "{outcome:?}");
        assert!(
            peak <= MAX_ERROR_BODY_BYTES + SMALL_CONSTANT,
            "chunked {chunked}: peak {peak} bytes"
        );
    }
}

#[tokio::test]
async fn a_success_body_beyond_the_limit_costs_at_most_the_limit() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let limit = 3 * MIB;
    for (byte, chunked) in [(0xFF, true), (b'x', true), (0xFF, false)] {
        let server = flood("200 OK", byte, 50_000_000, chunked).await;
        let client = client(server.url(), Some(limit));
        let request = OtpSmsSendRequest::new("+10000000000");
        let (peak, outcome) = peak_during(client.api_otp_v1_otp_sms_send(&request)).await;
        assert!(
            matches!(outcome, Err(Error::UnexpectedResponse(_))),
            "{outcome:?}"
        );
        assert!(
            peak <= limit + SMALL_CONSTANT,
            "byte {byte:#x}, chunked {chunked}: peak {peak} bytes"
        );
    }
}

#[tokio::test]
async fn a_body_just_under_the_limit_decodes_within_the_limit_plus_a_constant() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let limit = 3 * MIB;
    let padding = "x".repeat(limit - 4096);
    let body = serde_json::json!({
        "request_id": "request-id-test-1",
        "user_id": "user-test-1",
        "phone_id": "phone-number-test-1",
        "status_code": 200,
        "padding": padding,
    })
    .to_string();
    drop(padding);
    let body: &'static [u8] = Box::leak(body.into_bytes().into_boxed_slice());
    let server = RawServer::start(move |mut stream, _| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        for piece in body.chunks(64 * 1024).chain([&b""[..]]) {
            if write_chunk(&mut stream, piece).await.is_err() {
                return;
            }
        }
    })
    .await;
    let client = client(server.url(), Some(limit));
    let request = OtpSmsSendRequest::new("+10000000000");
    let (peak, outcome) = peak_during(client.api_otp_v1_otp_sms_send(&request)).await;
    assert_eq!(outcome.expect("decodes").phone_id, "phone-number-test-1");
    assert!(peak <= limit + SMALL_CONSTANT, "peak {peak} bytes");
}

#[tokio::test]
async fn a_2_gib_download_read_as_a_stream_keeps_the_heap_flat() {
    use kitchen_sink::Client as KitchenSink;
    let _turn = ONE_AT_A_TIME.lock().await;
    const TOTAL: u64 = 2 * 1024 * 1024 * 1024;
    let server = flood("200 OK", b'x', TOTAL, false).await;
    let client = KitchenSink::builder()
        .base_url(server.url())
        .key("key-1")
        .timeout(Duration::from_millis(500))
        .build()
        .expect("client");
    let (peak, read) = peak_during(async {
        let mut blob = client.get_blob_stream("backup").await?.into_inner();
        let mut read = 0u64;
        while let Some(chunk) = blob.next().await {
            read += chunk.expect("a chunk").len() as u64;
        }
        Ok::<u64, kitchen_sink::Error>(read)
    })
    .await;
    assert_eq!(
        read.expect("the stream opens"),
        TOTAL,
        "every byte, whatever the timeout"
    );
    // The connection's buffers and a chunk or two in flight, whatever the body's size.
    assert!(
        peak <= 2 * SMALL_CONSTANT,
        "peak {peak} bytes for a 2 GiB body"
    );
}

/// `total` bytes of `byte`, a chunk of 64 KiB at a time, each made as it is asked for.
struct Filler {
    byte: u8,
    left: u64,
}

impl futures_core::Stream for Filler {
    type Item = Result<Vec<u8>, std::io::Error>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let size = this.left.min(64 * 1024);
        this.left -= size;
        std::task::Poll::Ready((size > 0).then(|| Ok(vec![this.byte; size as usize])))
    }
}

#[tokio::test]
async fn a_1_gib_upload_from_a_stream_keeps_the_heap_flat() {
    use kitchen_sink::{BodyStream, Client as KitchenSink};
    let _turn = ONE_AT_A_TIME.lock().await;
    const TOTAL: u64 = 1024 * 1024 * 1024;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("a connection");
        let upload = tests::raw::read_upload(&mut stream, 0)
            .await
            .expect("a whole request");
        let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").await;
        upload.len
    });
    let client = KitchenSink::builder()
        .base_url(url)
        .key("key-1")
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let body = BodyStream::new(Filler {
        byte: b'x',
        left: TOTAL,
    });
    let (peak, sent) = peak_during(client.put_blob_from_stream("backup", body)).await;
    sent.expect("204");
    assert_eq!(server.await.expect("server"), TOTAL, "every byte arrived");
    // The connection's buffers and a chunk or two in flight, whatever the body's size.
    assert!(
        peak <= 2 * SMALL_CONSTANT,
        "peak {peak} bytes for a 1 GiB body"
    );
}
