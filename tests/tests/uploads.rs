//! Bodies read as they are sent, from a stream's chunks or a file: never held whole,
//! never sent twice. Over raw TCP on 127.0.0.1, where every byte of the request shows.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use kitchen_sink::types::{UploadFileBody, UploadFileBodyPurpose};
use kitchen_sink::{BodyStream, Client, Error, FilePart, RetryPolicy};
use tests::raw::{read_upload, Upload};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

/// A stream that gives its chunks in order.
struct Chunks(VecDeque<Result<Vec<u8>, std::io::Error>>);

impl Chunks {
    fn of(chunks: &[&str]) -> Chunks {
        Chunks(chunks.iter().map(|c| Ok(c.as_bytes().to_vec())).collect())
    }
}

impl futures_core::Stream for Chunks {
    type Item = Result<Vec<u8>, std::io::Error>;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.get_mut().0.pop_front())
    }
}

/// A server that reads each request whole and answers with `reply`, or, with `None`,
/// closes the connection without a word.
struct UploadServer {
    url: String,
    uploads: Arc<Mutex<Vec<Upload>>>,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for UploadServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl UploadServer {
    async fn start(reply: Option<&'static str>) -> UploadServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/api", listener.local_addr().expect("address"));
        let uploads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (kept, counted) = (uploads.clone(), connections.clone());
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                let kept = kept.clone();
                tokio::spawn(async move {
                    while let Some(upload) = read_upload(&mut stream, 1024 * 1024).await {
                        kept.lock().expect("uploads").push(upload);
                        match reply {
                            Some(reply) => {
                                if stream.write_all(reply.as_bytes()).await.is_err() {
                                    return;
                                }
                            }
                            None => return,
                        }
                    }
                });
            }
        });
        UploadServer {
            url,
            uploads,
            connections,
            task,
        }
    }

    fn uploads(&self) -> Vec<Upload> {
        std::mem::take(&mut *self.uploads.lock().expect("uploads"))
    }
}

const STORED: &str = "HTTP/1.1 204 No Content\r\n\r\n";
const FILE_STORED: &str =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"id\":\"f\"}\n";

fn client(server: &UploadServer) -> Client {
    Client::builder()
        .base_url(&server.url)
        .key("key-1")
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

/// A file of `len` bytes in the temporary directory, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> TempFile {
        let dir = std::env::temp_dir().join(format!("uploads-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        let path = dir.join(name);
        std::fs::write(&path, contents).expect("temporary file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn a_body_from_a_stream_is_sent_chunked_as_its_chunks_come() {
    let server = UploadServer::start(Some(STORED)).await;
    let body = BodyStream::new(Chunks::of(&["ab", "cd", "ef"]));
    client(&server)
        .put_blob_from_stream("a.bin", body)
        .await
        .expect("204");
    let sent = &server.uploads()[0];
    assert!(
        sent.head.starts_with("PUT /api/blobs/a.bin HTTP/1.1\r\n"),
        "{}",
        sent.head
    );
    assert_eq!(sent.header("transfer-encoding"), Some("chunked"));
    assert_eq!(sent.header("content-length"), None);
    assert_eq!(
        sent.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(sent.kept, b"abcdef");
}

#[tokio::test]
async fn a_file_body_is_sent_with_its_length() {
    let contents = pattern(300 * 1024 + 7);
    let file = TempFile::new("a_file_body.bin", &contents);
    let server = UploadServer::start(Some(STORED)).await;
    let body = BodyStream::file(&file.0).expect("opens");
    assert_eq!(body.content_length(), Some(contents.len() as u64));
    client(&server)
        .put_blob_from_stream("a.bin", body)
        .await
        .expect("204");
    let sent = &server.uploads()[0];
    assert_eq!(
        sent.header("content-length"),
        Some(contents.len().to_string().as_str())
    );
    assert_eq!(sent.header("transfer-encoding"), None);
    assert!(sent.kept == contents, "the file's bytes, in order");
}

#[tokio::test]
async fn a_missing_file_is_an_error_before_any_call() {
    let err = BodyStream::file("/no/such/file/anywhere.bin").unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
}

#[tokio::test]
async fn a_stream_shorter_than_its_declared_length_fails_the_call() {
    let server = UploadServer::start(Some(STORED)).await;
    let body = BodyStream::new(Chunks::of(&["abcd"])).with_length(10);
    let err = client(&server)
        .put_blob_from_stream("a.bin", body)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(server.uploads().is_empty(), "no whole request arrived");
}

#[tokio::test]
async fn a_stream_longer_than_its_declared_length_fails_the_call() {
    let server = UploadServer::start(Some(STORED)).await;
    let body = BodyStream::new(Chunks::of(&["abcd", "efgh"])).with_length(6);
    let err = client(&server)
        .put_blob_from_stream("a.bin", body)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    // The first chunk fits the length and is on its way; the second is refused.
    assert!(
        server.uploads().iter().all(|u| u.kept.len() <= 6),
        "no byte past the declared length is sent"
    );
}

#[tokio::test]
async fn an_error_the_stream_gives_fails_the_call() {
    let server = UploadServer::start(Some(STORED)).await;
    let chunks = Chunks(VecDeque::from([
        Ok(b"ab".to_vec()),
        Err(std::io::Error::other("the source broke")),
    ]));
    let err = client(&server)
        .put_blob_from_stream("a.bin", BodyStream::new(chunks))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(server.uploads().is_empty(), "the body never ended");
}

#[tokio::test]
async fn a_streamed_body_is_sent_once_though_the_policy_would_resend_its_put() {
    let server = UploadServer::start(None).await;
    let client = Client::builder()
        .base_url(&server.url)
        .key("key-1")
        .retry(
            RetryPolicy::connection_failures(3)
                .idempotent_methods(true)
                .backoff(Duration::from_millis(1)),
        )
        .build()
        .expect("client");
    // The same call with the body in memory is resent: the policy allows it.
    let err = client
        .put_blob("a.bin", Some(b"abc".to_vec()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(server.connections.load(Ordering::SeqCst), 4);
    assert_eq!(server.uploads().len(), 4);

    let err = client
        .put_blob_from_stream("a.bin", BodyStream::new(Chunks::of(&["abc"])))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(
        server.connections.load(Ordering::SeqCst),
        5,
        "one more connection: the stream's bytes are gone, so it is not resent"
    );
    assert_eq!(server.uploads().len(), 1);
}

#[tokio::test]
async fn a_file_read_from_disk_is_sent_as_a_multipart_part_with_its_name() {
    let file = TempFile::new("photo.png", b"\x89PNG-bytes");
    let server = UploadServer::start(Some(FILE_STORED)).await;
    let body = UploadFileBody::new(
        FilePart::open(&file.0).expect("opens"),
        UploadFileBodyPurpose::Avatar,
    )
    .caption("hi");
    let stored = client(&server).upload_file(&body).await.expect("200");
    assert_eq!(stored.id.as_deref(), Some("f"));
    let sent = server.uploads().remove(0);
    let length: usize = sent
        .header("content-length")
        .expect("a file's part has a known length, so the body has one")
        .parse()
        .expect("a number");
    assert_eq!(length as u64, sent.len);
    let parts = sent.into_recorded().multipart_parts().await;
    assert_eq!(parts[0].name, "file");
    assert_eq!(parts[0].file_name.as_deref(), Some("photo.png"));
    assert_eq!(parts[0].body, String::from_utf8_lossy(b"\x89PNG-bytes"));
    assert_eq!(parts[1].name, "purpose");
    assert_eq!(parts[2].body, "hi");
}

#[tokio::test]
async fn a_streamed_file_part_given_to_a_second_call_is_refused_before_the_wire() {
    let server = UploadServer::start(Some(FILE_STORED)).await;
    let file = FilePart::stream(BodyStream::new(Chunks::of(&["once"]))).with_file_name("a");
    let body = UploadFileBody::new(file, UploadFileBodyPurpose::Document);
    let client = client(&server);
    client
        .upload_file(&body)
        .await
        .expect("the first call sends it");
    let err = client.upload_file(&body).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.to_string().contains("sent already")),
        "{err:?}"
    );
    assert_eq!(server.uploads().len(), 1, "the second call sent nothing");
}

#[test]
fn a_body_stream_shows_its_length_and_never_its_bytes() {
    let shown = format!(
        "{:?}",
        BodyStream::new(Chunks::of(&["secret-token"])).with_length(12)
    );
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains("12"), "{shown}");
    let file = FilePart::stream(BodyStream::new(Chunks::of(&["secret-token"])));
    assert!(!format!("{file:?}").contains("secret"));
}
