//! The client generated at build time, called against a server on 127.0.0.1.

use build_script_example::{note_titles, notes};
use tests::{Reply, TestServer};

fn client(server: &TestServer) -> notes::Client {
    notes::Client::builder()
        .base_url(server.url())
        .key("key-test-1")
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_build_time_client_sends_the_request_and_decodes_the_response() {
    let server = TestServer::always(Reply::json(
        200,
        serde_json::json!([{"title": "Groceries"}, {"title": "Books", "archived_at": null}]),
    ))
    .await;
    let titles = note_titles(&client(&server), "home").await.expect("200");
    assert_eq!(titles, ["Groceries", "Books"]);
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].target, "/folders/home/notes?limit=50");
    assert_eq!(sent[0].header("x-trace"), Some("note-titles"));
    assert_eq!(sent[0].header("x-api-key"), Some("key-test-1"));
}

#[tokio::test]
async fn the_build_time_client_validates_before_sending() {
    let server = TestServer::always(Reply::json(200, serde_json::json!([]))).await;
    let params = notes::types::ListNotesParams::new("t").limit(0);
    let err = client(&server)
        .list_notes("home", &params)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, notes::Error::InvalidRequest(e) if e.field() == "limit"),
        "{err:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn the_build_time_client_decodes_typed_errors() {
    let server = TestServer::always(Reply::json(
        404,
        serde_json::json!({"title": "no such folder", "status": 404}),
    ))
    .await;
    let err = note_titles(&client(&server), "nowhere").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}
