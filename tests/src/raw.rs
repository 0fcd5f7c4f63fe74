//! A raw TCP server on 127.0.0.1 for attacks on the client: each test writes every
//! byte of the response itself, malformed or hostile as it likes.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A running raw server; it stops when dropped.
pub struct RawServer {
    url: String,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl RawServer {
    /// Start a server that reads each request (head and `Content-Length` body), counts
    /// it, and hands the connection to `respond`, which writes whatever it likes.
    pub async fn start<F, Fut>(respond: F) -> RawServer
    where
        F: Fn(TcpStream, Vec<u8>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = requests.clone();
        let respond = Arc::new(respond);
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let respond = respond.clone();
                let counted = counted.clone();
                tokio::spawn(async move {
                    if let Some(request) = read_request(&mut stream).await {
                        counted.fetch_add(1, Ordering::SeqCst);
                        respond(stream, request).await;
                    }
                });
            }
        });
        RawServer {
            url,
            requests,
            task,
        }
    }

    /// A server that writes `bytes` and closes the connection.
    pub async fn replying(bytes: impl Into<Vec<u8>>) -> RawServer {
        let bytes: Arc<Vec<u8>> = Arc::new(bytes.into());
        RawServer::start(move |mut stream, _| {
            let bytes = bytes.clone();
            async move {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
            }
        })
        .await
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How many requests have arrived.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Read one request, head and body; `None` if the connection ends first.
pub async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    Some(buffer)
}

/// Write `data` as one chunk of a `Transfer-Encoding: chunked` body (empty: the last).
pub async fn write_chunk(stream: &mut TcpStream, data: &[u8]) -> std::io::Result<()> {
    let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
    chunk.extend_from_slice(data);
    chunk.extend_from_slice(b"\r\n");
    stream.write_all(&chunk).await
}

/// Write `total` bytes of `byte` in 64 KiB pieces, as chunks when `chunked` (then
/// with the closing empty chunk); stops quietly when the peer leaves.
pub async fn write_filler(stream: &mut TcpStream, byte: u8, total: u64, chunked: bool) {
    let piece = vec![byte; 64 * 1024];
    let mut left = total;
    while left > 0 {
        let n = left.min(piece.len() as u64) as usize;
        let written = if chunked {
            write_chunk(stream, &piece[..n]).await
        } else {
            stream.write_all(&piece[..n]).await
        };
        if written.is_err() {
            return;
        }
        left -= n as u64;
    }
    if chunked {
        let _ = write_chunk(stream, b"").await;
    }
}

/// A port on 127.0.0.1 where connections are refused, for as long as this lives.
///
/// The port stays bound, but nothing listens on it: nobody else can take it meanwhile,
/// and a connect cannot be given it as its own source port (which would connect the
/// socket to itself).
pub struct RefusedPort {
    _socket: tokio::net::TcpSocket,
    port: u16,
}

impl RefusedPort {
    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Reserve a [`RefusedPort`].
pub fn refused_port() -> RefusedPort {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind(([127, 0, 0, 1], 0).into())
        .expect("bind 127.0.0.1");
    let port = socket.local_addr().expect("local address").port();
    RefusedPort {
        _socket: socket,
        port,
    }
}

/// A request read to its end with its body decoded (chunked or by `Content-Length`).
#[derive(Debug)]
pub struct Upload {
    /// The request line and headers, as sent.
    pub head: String,
    /// The body's length.
    pub len: u64,
    /// The body's first bytes, as many as the reader was asked to keep.
    pub kept: Vec<u8>,
}

impl Upload {
    /// As the test server records a request, to parse its body as one.
    pub fn into_recorded(self) -> crate::Recorded {
        let mut lines = self.head.lines();
        let mut request_line = lines.next().unwrap_or_default().split(' ');
        let method = request_line.next().unwrap_or_default().to_owned();
        let target = request_line.next().unwrap_or_default().to_owned();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        crate::Recorded {
            method,
            target,
            headers,
            body: self.kept,
        }
    }

    /// The value of a header (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Read one request whole, keeping at most `keep` bytes of its body (a large upload
/// is counted, not held); `None` if the connection ends first or the body is not
/// well-formed.
pub async fn read_upload(stream: &mut TcpStream, keep: usize) -> Option<Upload> {
    use tokio::io::AsyncBufReadExt;
    let mut reader = tokio::io::BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let end = line == "\r\n";
        head.push_str(&line);
        if end {
            break;
        }
    }
    let mut upload = Upload {
        head,
        len: 0,
        kept: Vec::new(),
    };
    if upload
        .header("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).await.ok()?;
            let size = u64::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
            if size == 0 {
                // The trailer section, up to its empty line.
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).await.ok()? == 0 || line == "\r\n" {
                        return Some(upload);
                    }
                }
            }
            read_counted(&mut reader, size, keep, &mut upload).await?;
            let mut end = [0u8; 2];
            reader.read_exact(&mut end).await.ok()?;
        }
    }
    let length = upload
        .header("content-length")
        .map_or(Some(0), |v| v.parse().ok())?;
    read_counted(&mut reader, length, keep, &mut upload).await?;
    Some(upload)
}

async fn read_counted(
    reader: &mut (impl tokio::io::AsyncRead + Unpin),
    mut size: u64,
    keep: usize,
    upload: &mut Upload,
) -> Option<()> {
    let mut chunk = [0u8; 16 * 1024];
    while size > 0 {
        let want = chunk.len().min(usize::try_from(size).unwrap_or(usize::MAX));
        let n = reader.read(&mut chunk[..want]).await.ok()?;
        if n == 0 {
            return None;
        }
        let room = keep.saturating_sub(upload.kept.len()).min(n);
        upload.kept.extend_from_slice(&chunk[..room]);
        upload.len += n as u64;
        size -= n as u64;
    }
    Some(())
}
