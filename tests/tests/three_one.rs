//! The client generated from `fixtures/openapi-3.1.yaml` (committed in `three-one/`),
//! over real HTTP: each OpenAPI 3.1 construct, rewritten into 3.0's shape when the
//! document loads, puts exactly the bytes on the wire that the 3.1 schema describes.

use tests::{Reply, TestServer};
use three_one::types::{Pet, PetIdOrName, PetKind, UploadScanBody};
use three_one::{Client, Error, FilePart};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api", server.url()))
        .build()
        .expect("client")
}

fn pet_json() -> serde_json::Value {
    serde_json::json!({"name": "Rex", "kind": "dog", "nickname": null})
}

#[tokio::test]
async fn a_type_array_with_null_sends_null_and_const_sends_its_one_value() {
    let server = TestServer::always(Reply::json(201, pet_json())).await;
    let created = client(&server)
        .create_pet(&Pet::new("Rex", PetKind::Dog, None))
        .await
        .expect("201");
    assert_eq!(created.nickname, None);
    let sent = &server.requests()[0];
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"{"name":"Rex","kind":"dog","nickname":null}"#
    );
    // `kind: {const: dog}` accepts nothing else.
    let server = TestServer::always(Reply::json(
        201,
        serde_json::json!({"name": "Tom", "kind": "cat", "nickname": null}),
    ))
    .await;
    let err = client(&server)
        .create_pet(&Pet::new("Tom", PetKind::Dog, Some("T".into())))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnexpectedResponse(_)), "{err:?}");
}

#[tokio::test]
async fn numeric_exclusive_bounds_are_checked_before_the_wire() {
    let server = TestServer::always(Reply::json(201, pet_json())).await;
    for refused in [0, 40] {
        let mut pet = Pet::new("Rex", PetKind::Dog, None);
        pet.age = Some(refused);
        let err = client(&server).create_pet(&pet).await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest(e) if e.field() == "age"),
            "{refused}: {err:?}"
        );
    }
    assert!(server.requests().is_empty(), "nothing refused was sent");
    for sent in [1, 39] {
        let mut pet = Pet::new("Rex", PetKind::Dog, None);
        pet.age = Some(sent);
        client(&server).create_pet(&pet).await.expect("201");
    }
    let ages: Vec<serde_json::Value> = server
        .requests()
        .iter()
        .map(|r| r.json()["age"].clone())
        .collect();
    assert_eq!(ages, [1, 39]);
}

#[tokio::test]
async fn several_types_are_a_union_sent_as_the_value_itself() {
    let server = TestServer::always(Reply::json(201, pet_json())).await;
    let mut pet = Pet::new("Rex", PetKind::Dog, Some("R".into()));
    pet.id_or_name = Some(PetIdOrName::Integer(7));
    pet.position = Some(vec![serde_json::json!(1.5), serde_json::json!(-2)]);
    client(&server).create_pet(&pet).await.expect("201");
    pet.id_or_name = Some(PetIdOrName::String("seven".into()));
    client(&server).create_pet(&pet).await.expect("201");
    let bodies: Vec<String> = server
        .requests()
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert_eq!(
        bodies,
        [
            r#"{"name":"Rex","kind":"dog","nickname":"R","id_or_name":7,"position":[1.5,-2]}"#,
            r#"{"name":"Rex","kind":"dog","nickname":"R","id_or_name":"seven","position":[1.5,-2]}"#,
        ]
    );
}

#[tokio::test]
async fn a_path_item_from_components_is_an_operation_on_its_path() {
    let server = TestServer::always(Reply::json(200, pet_json())).await;
    let pet = client(&server).get_pet("r/1").await.expect("200");
    assert_eq!(pet.name, "Rex");
    let sent = &server.requests()[0];
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("GET", "/api/pets/r%2F1")
    );
    // An operation without `responses` (allowed in 3.1) succeeds on any 2XX.
    let server = TestServer::always(Reply::raw(204, "text/plain", "")).await;
    client(&server).ping().await.expect("204");
    assert_eq!(server.requests()[0].target, "/api/ping");
}

#[tokio::test]
async fn a_content_media_type_string_is_a_file_part_of_that_type() {
    let server = TestServer::always(Reply::raw(204, "text/plain", "")).await;
    let body = UploadScanBody::new(FilePart::new(b"PNG".to_vec()).with_file_name("scan.png"))
        .taken_at(Some("2026-01-01".to_owned()));
    client(&server).upload_scan("r1", &body).await.expect("204");
    let sent = &server.requests()[0];
    assert_eq!(sent.target, "/api/pets/r1/scan");
    let parts = sent.multipart_parts().await;
    assert_eq!(parts.len(), 2, "{parts:?}");
    let scan = &parts[0];
    assert_eq!(scan.name, "scan");
    assert_eq!(scan.file_name.as_deref(), Some("scan.png"));
    assert_eq!(scan.content_type.as_deref(), Some("image/png"));
    assert_eq!(scan.body, "PNG");
    assert_eq!(parts[1].name, "taken_at");
    assert_eq!(parts[1].body, "2026-01-01");
}

#[tokio::test]
async fn an_examples_map_is_what_the_mock_answers_with() {
    let mock = three_one::mock::MockServer::start().await;
    mock.create_pet().respond_with_example().mount().await;
    let pet = mock
        .client()
        .create_pet(&Pet::new("Rex", PetKind::Dog, None))
        .await
        .expect("the example");
    assert_eq!(pet.age, Some(3));
    assert_eq!(pet.nickname, None);
}
