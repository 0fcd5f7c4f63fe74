//! The client generated from `fixtures/openapi-3.2.yaml` (committed in `three-two/`),
//! over real HTTP: the QUERY method and a path item's `additionalOperations` go out
//! with their own method and their body, and streams are read whole.

use std::time::Duration;
use tests::{Reply, TestServer};
use three_two::types::{Link, LinkPetParams, PetQuery};
use three_two::{Client, RetryPolicy};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api", server.url()))
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_query_operation_sends_the_query_method_with_its_body() {
    let server = TestServer::always(Reply::json(
        200,
        serde_json::json!([{"name": "Rex", "kind": "dog"}]),
    ))
    .await;
    let query = PetQuery::new("dog").name_starts(None);
    let pets = client(&server).search_pets(&query).await.expect("200");
    assert_eq!(pets[0].name, "Rex");
    let sent = &server.requests()[0];
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("QUERY", "/api/pets")
    );
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"{"kind":"dog","name_starts":null}"#
    );
}

#[tokio::test]
async fn an_additional_operation_sends_its_key_as_the_method_with_its_body() {
    let server = TestServer::always(Reply::raw(204, "text/plain", "")).await;
    let params = LinkPetParams::new().session("s1");
    client(&server)
        .link_pet_with_params("r/1", &params, &Link::new("friend", "/pets/tom"))
        .await
        .expect("204");
    let sent = &server.requests()[0];
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("LINK", "/api/pets/r%2F1")
    );
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"{"rel":"friend","to":"/pets/tom"}"#
    );
    // `style: cookie`, read as `form`: one cookie.
    assert_eq!(sent.header("cookie"), Some("session=s1"));
}

#[tokio::test]
async fn an_additional_operation_without_a_body_sends_none() {
    let server = TestServer::always(Reply::raw(204, "text/plain", "")).await;
    client(&server)
        .purge_pets_by_name("rex")
        .await
        .expect("204");
    let sent = &server.requests()[0];
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("PURGE", "/api/pets/rex")
    );
    assert!(sent.body.is_empty());
}

#[tokio::test]
async fn a_stream_with_an_item_schema_is_read_whole_as_its_media_type_is() {
    let events = "data: one\n\ndata: two\n\n";
    let server = TestServer::always(Reply::raw(200, "text/event-stream", events)).await;
    let text = client(&server).events().await.expect("200");
    assert_eq!(text.into_inner(), events);
    let lines = "{\"name\":\"Rex\",\"kind\":\"dog\"}\n{\"name\":\"Tom\",\"kind\":\"cat\"}\n";
    let server = TestServer::always(Reply::raw(200, "application/jsonl", lines)).await;
    let bytes = client(&server).export_pets().await.expect("200");
    assert_eq!(bytes.into_inner(), lines.as_bytes());
}

#[tokio::test]
async fn an_examples_data_value_is_what_the_mock_answers_with() {
    let mock = three_two::mock::MockServer::start().await;
    mock.search_pets().respond_with_example().mount().await;
    let pets = mock
        .client()
        .search_pets(&PetQuery::new("dog"))
        .await
        .expect("the example");
    assert_eq!(pets[0].name, "Rex");
}

fn retrying(server: &TestServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api", server.url()))
        .retry(
            RetryPolicy::connection_failures(2)
                .idempotent_methods(true)
                .backoff(Duration::from_millis(1)),
        )
        .build()
        .expect("client")
}

#[tokio::test]
async fn query_is_retried_as_an_idempotent_method_and_an_additional_method_is_not() {
    let server = TestServer::flaky(Reply::json(200, serde_json::json!([]))).await;
    let pets = retrying(&server)
        .search_pets(&PetQuery::new("dog"))
        .await
        .expect("the retry succeeds");
    assert!(pets.is_empty());
    assert_eq!(server.requests().len(), 2);
    let server = TestServer::flaky(Reply::raw(204, "text/plain", "")).await;
    retrying(&server)
        .purge_pets_by_name("rex")
        .await
        .expect_err("a PURGE that may have arrived is not resent");
    assert_eq!(server.requests().len(), 1);
}
