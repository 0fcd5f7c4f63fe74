//! The client generated from `fixtures/kitchen-sink.yaml` (committed in `kitchen-sink/`),
//! over real HTTP: the runtime behaves the same for any spec, not only Stytch's.

use kitchen_sink::types::{
    Circle, CreateNoteResponse, CreateTransferParams, Entry, Folder, GetPreferencesParams,
    GetPreferencesXPrefs, GetTileParams, Label, LegacyCallParams, ListNotesFilter, ListNotesOrder,
    ListNotesParams, Note, NoteColor, Shape, Sms, SmsPriority, WhoamiParams,
};
use kitchen_sink::{Client, Error, RetryPolicy, Server, TransportKind};
use std::time::Duration;
use tests::{ParsedPart, Reply, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api", server.url()))
        .key("key-SECRET-1")
        .build()
        .expect("client")
}

fn note_json() -> serde_json::Value {
    serde_json::json!({"title": "Groceries", "archived_at": null})
}

#[tokio::test]
async fn path_query_and_header_parameters_are_encoded_as_the_spec_says() {
    let server = TestServer::always(Reply::json(200, serde_json::json!([note_json()]))).await;
    let params = ListNotesParams::new("trace-1")
        .limit(10)
        .tag(vec!["x".into(), "y z".into()])
        .ids(vec![1, 2])
        .order(ListNotesOrder::Desc)
        .filter(ListNotesFilter::new().state("open").min(2));
    let notes = client(&server)
        .list_notes("a b/c", &params)
        .await
        .expect("200");
    assert_eq!(notes[0].title, "Groceries");
    let sent = &server.requests()[0];
    assert_eq!(sent.method, "GET");
    assert_eq!(
        sent.target,
        "/api/folders/a%20b%2Fc/notes?limit=10&tag=x&tag=y+z&ids=1%2C2&order=desc&filter%5Bstate%5D=open&filter%5Bmin%5D=2"
    );
    assert_eq!(sent.header("x-trace"), Some("trace-1"));
    assert_eq!(sent.header("x-api-key"), Some("key-SECRET-1"));
}

#[tokio::test]
async fn matrix_label_pipe_and_space_styles_are_written_as_the_spec_says() {
    let server = TestServer::always(Reply::raw(204, "text/plain", "")).await;
    let params = GetTileParams::new()
        .tags(vec!["a".into(), "b".into()])
        .words(vec!["c".into(), "d".into()]);
    client(&server)
        .get_tile_with_params(&[1, 2], "base", &[3, 4], &params)
        .await
        .expect("204");
    assert_eq!(
        server.requests()[0].target,
        "/api/tiles/;coords=1,2/.base/;zoom=3;zoom=4?tags=a%7Cb&words=c+d"
    );
}

#[tokio::test]
async fn a_query_in_the_path_key_is_sent_and_its_fragment_is_not() {
    let server = TestServer::always(Reply::raw(204, "text/plain", "")).await;
    client(&server)
        .legacy_call_with_params(&LegacyCallParams::new().page(2))
        .await
        .expect("204");
    assert_eq!(
        server.requests()[0].target,
        "/api/legacy?mode=compat&page=2"
    );
}

#[tokio::test]
async fn an_operation_requiring_two_schemes_at_once_sends_both_credentials() {
    let server = TestServer::always(Reply::raw(204, "text/plain", "")).await;
    let client = Client::builder()
        .base_url(format!("{}/api", server.url()))
        .key("key-SECRET-1")
        .bearer_auth("token-SECRET-2")
        .build()
        .expect("client");
    client.get_report().await.expect("204");
    let sent = &server.requests()[0];
    assert_eq!(sent.header("x-api-key"), Some("key-SECRET-1"));
    assert_eq!(sent.header("authorization"), Some("Bearer token-SECRET-2"));
}

#[tokio::test]
async fn credentials_sent_in_the_same_place_replace_each_other() {
    let server = TestServer::always(Reply::raw(204, "text/plain", "")).await;
    let client = Client::builder()
        .base_url(format!("{}/api", server.url()))
        .bearer_auth("token-SECRET-1")
        .bearer_auth("token-SECRET-2")
        .build()
        .expect("client");
    client.get_report().await.expect("204");
    let sent = &server.requests()[0];
    assert_eq!(sent.header("authorization"), Some("Bearer token-SECRET-2"));
    assert_eq!(sent.headers_named("authorization"), 1);
}

#[tokio::test]
async fn the_accept_header_names_the_media_types_the_responses_are_read_from() {
    let server = TestServer::always(Reply::json(200, serde_json::json!([note_json()]))).await;
    client(&server)
        .list_notes("f", &ListNotesParams::new("t"))
        .await
        .expect("200");
    assert_eq!(
        server.requests()[0].header("accept"),
        Some("application/json, application/problem+json")
    );
}

#[tokio::test]
async fn an_empty_body_is_null_to_a_response_of_any_json_value() {
    let server = TestServer::always(Reply::raw(200, "application/json", "")).await;
    let status = client(&server).get_status().await.expect("200");
    assert_eq!(*status, serde_json::Value::Null);
}

#[tokio::test]
async fn parameter_rules_are_checked_before_sending() {
    let server = TestServer::always(Reply::json(200, serde_json::json!([]))).await;
    let err = client(&server)
        .list_notes("f", &ListNotesParams::new("t").limit(0))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.field() == "limit"),
        "{err:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn api_keys_in_the_query_are_sent_and_never_shown() {
    let server = TestServer::always(Reply::raw(200, "application/octet-stream", "x")).await;
    let client = Client::builder()
        .base_url(format!("{}/api", server.url()))
        .query_key("qk-SECRET-2")
        .build()
        .expect("client");
    client.get_blob("b").await.expect("200");
    assert_eq!(
        server.requests()[0].target,
        "/api/blobs/b?api_key=qk-SECRET-2"
    );

    let refused = tests::raw::refused_port();
    let closed = Client::builder()
        .base_url(refused.url())
        .query_key("qk-SECRET-2")
        .build()
        .expect("client");
    let err = closed.get_blob("b").await.unwrap_err();
    let shown = format!("{err:?} {err} {closed:?}");
    assert!(!shown.contains("qk-SECRET-2"), "{shown}");
}

#[tokio::test]
async fn bearer_tokens_are_sent_and_empty_security_sends_no_credentials() {
    let server = TestServer::always(Reply::raw(200, "text/plain", "hello")).await;
    let client = Client::builder()
        .base_url(format!("{}/api", server.url()))
        .bearer_auth("tok-3")
        .build()
        .expect("client");
    client.get_blob("b").await.expect("200");
    let echoed = client.echo("hello".to_owned()).await.expect("2XX");
    assert_eq!(echoed.into_inner(), "hello");
    let sent = server.requests();
    assert_eq!(sent[0].header("authorization"), Some("Bearer tok-3"));
    assert_eq!(
        sent[1].header("authorization"),
        None,
        "`security: []` sends no credentials"
    );
    assert_eq!(sent[1].header("content-type"), Some("text/plain"));
    assert_eq!(sent[1].body, b"hello");
}

#[tokio::test]
async fn form_bodies_are_form_encoded() {
    let server = TestServer::always(Reply::json(201, serde_json::json!({"sid": "SM1"}))).await;
    let mut sms = Sms::new("+1 555", "hi & bye").priority(SmsPriority::V2);
    sms.media_url = Some(vec!["a".into(), "b".into()]);
    let sent = client(&server).send_message(&sms).await.expect("201");
    assert_eq!(sent.sid.as_deref(), Some("SM1"));
    let request = &server.requests()[0];
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "To=%2B1+555&Body=hi+%26+bye&MediaUrl=a&MediaUrl=b&Priority=2"
    );
}

#[tokio::test]
async fn form_bodies_write_a_float_as_its_shortest_text() {
    let server = TestServer::always(Reply::json(201, serde_json::json!({"sid": "SM1"}))).await;
    let sms = Sms::new("+1", "hi").price(49.99f32);
    client(&server).send_message(&sms).await.expect("201");
    assert_eq!(
        String::from_utf8_lossy(&server.requests()[0].body),
        "To=%2B1&Body=hi&Price=49.99"
    );
}

#[tokio::test]
async fn an_untagged_union_decodes_as_the_variant_that_keeps_every_member() {
    let full = serde_json::json!({"id": "e1", "body": "text", "words": 1});
    let server = TestServer::always(Reply::json(200, full)).await;
    let entry = client(&server).get_entry("e1").await.expect("200");
    match &*entry {
        Entry::EntryFull(full) => {
            assert_eq!(full.body.as_deref(), Some("text"));
            assert_eq!(full.words, Some(1));
        }
        other => panic!("members were dropped: {other:?}"),
    }
    // A value only the first variant knows in full is the first.
    let server = TestServer::always(Reply::json(200, serde_json::json!({"id": "e2"}))).await;
    let entry = client(&server).get_entry("e2").await.expect("200");
    assert!(matches!(&*entry, Entry::EntryBrief(brief) if brief.id == "e2"));
}

#[tokio::test]
async fn a_declared_redirect_is_returned_not_followed() {
    let server = TestServer::always(
        Reply::raw(302, "text/html", "").with_header("Location", "https://login.example/ui"),
    )
    .await;
    let found = client(&server)
        .start_browser_login()
        .await
        .expect("302 is declared");
    assert_eq!(found.status().as_u16(), 302);
    assert_eq!(
        found
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("https://login.example/ui")
    );
    assert_eq!(server.requests().len(), 1, "the redirect is not followed");
}

#[tokio::test]
async fn several_success_statuses_decode_into_their_variants() {
    let created = TestServer::always(Reply::json(201, note_json())).await;
    let response = client(&created)
        .create_note("f", &Note::new("Groceries", None))
        .await
        .expect("201");
    assert_eq!(response.status(), 201);
    assert!(
        matches!(response.into_inner(), CreateNoteResponse::Created(note) if note.title == "Groceries")
    );

    let queued = TestServer::always(Reply::raw(202, "text/plain", "")).await;
    let response = client(&queued)
        .create_note("f", &Note::new("Groceries", None))
        .await
        .expect("202");
    assert_eq!(response.into_inner(), CreateNoteResponse::Accepted);
}

#[tokio::test]
async fn declared_and_default_error_bodies_are_typed() {
    let conflict =
        TestServer::always(Reply::json(409, serde_json::json!({"title": "exists"}))).await;
    let err = client(&conflict)
        .create_note("f", &Note::new("t", None))
        .await
        .unwrap_err();
    assert_eq!(err.body().map(|p| p.title.as_str()), Some("exists"));

    let problem = Reply::raw(
        400,
        "application/problem+json",
        r#"{"title":"bad","detail":"limit"}"#,
    );
    let server = TestServer::always(problem).await;
    let err = client(&server)
        .list_notes("f", &ListNotesParams::new("t"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.body().and_then(|p| p.detail.as_deref()), Some("limit"));
}

#[tokio::test]
async fn nullable_fields_send_null_and_unset_optional_fields_are_left_out() {
    let server = TestServer::always(Reply::json(201, note_json())).await;
    let client = client(&server);
    client
        .create_note("f", &Note::new("a", None))
        .await
        .expect("201");
    client
        .create_note(
            "f",
            &Note::new("b", Some("2026-01-01T00:00:00Z".into())).color(None),
        )
        .await
        .expect("201");
    client
        .create_note("f", &Note::new("c", None).color(Some(NoteColor::Red)))
        .await
        .expect("201");
    let bodies: Vec<serde_json::Value> = server.requests().iter().map(|r| r.json()).collect();
    assert_eq!(
        bodies[0],
        serde_json::json!({"title": "a", "archived_at": null})
    );
    assert_eq!(
        bodies[1],
        serde_json::json!({"title": "b", "archived_at": "2026-01-01T00:00:00Z", "color": null})
    );
    assert_eq!(
        bodies[2],
        serde_json::json!({"title": "c", "archived_at": null, "color": "red"})
    );

    let absent: Note = serde_json::from_value(note_json()).expect("decodes");
    let null: Note = serde_json::from_value(
        serde_json::json!({"title": "t", "archived_at": null, "color": null}),
    )
    .expect("decodes");
    assert_eq!((absent.color, null.color), (None, Some(None)));
}

#[tokio::test]
async fn binary_bodies_and_responses_are_bytes() {
    let server = TestServer::start(|request| match request.method.as_str() {
        "PUT" => Reply::raw(204, "text/plain", ""),
        _ => Reply::Respond {
            status: 200,
            headers: vec![],
            body: vec![0, 159, 255],
        },
    })
    .await;
    let client = client(&server);
    client
        .put_blob("a.bin", Some(vec![1, 2, 3]))
        .await
        .expect("204");
    let blob = client.get_blob("a.bin").await.expect("200");
    assert_eq!(blob.into_inner(), vec![0, 159, 255]);
    let put = &server.requests()[0];
    assert_eq!(put.header("content-type"), Some("application/octet-stream"));
    assert_eq!(put.body, vec![1, 2, 3]);
}

#[tokio::test]
async fn discriminated_unions_write_and_check_their_variant() {
    let server = TestServer::always(Reply::json(200, serde_json::json!(12.5))).await;
    let area = client(&server)
        .area(&Shape::Circle(Circle::new(2.0)))
        .await
        .expect("200");
    assert_eq!(*area, 12.5);
    assert_eq!(
        server.requests()[0].json(),
        serde_json::json!({"radius": 2.0, "kind": "circle"})
    );
    let err = client(&server)
        .area(&Shape::Circle(Circle::new(0.0)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.field() == "radius"),
        "{err:?}"
    );
    let decoded: Shape =
        serde_json::from_value(serde_json::json!({"kind": "square", "side": 3})).expect("decodes");
    assert!(matches!(decoded, Shape::Square(s) if s.side == 3));
}

#[tokio::test]
async fn recursive_types_round_trip_and_nested_rules_name_their_path() {
    let server = TestServer::start(|request| Reply::json(200, request.json())).await;
    let mut root = Folder::new("root").parent(Folder::new("home"));
    root.children = Some(vec![Folder::new("a"), Folder::new("b")]);
    let echoed = client(&server).create_folder(&root).await.expect("200");
    assert_eq!(echoed.into_inner(), root);

    root.children = Some(vec![Folder::new("a"), Folder::new("")]);
    let err = client(&server).create_folder(&root).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.field() == "children[1].name"),
        "{err:?}"
    );
    root.children = Some(vec![Folder::new("a"); 4]);
    let err = client(&server).create_folder(&root).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.field() == "children"),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

fn ok() -> Reply {
    Reply::Respond {
        status: 200,
        headers: vec![],
        body: b"ok".to_vec(),
    }
}

#[tokio::test]
async fn idempotent_requests_are_retried_only_when_asked() {
    let server = TestServer::flaky(ok()).await;
    let plain = client(&server);
    let err = plain.get_blob("b").await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind() != TransportKind::Connect),
        "{err:?}"
    );

    let server = TestServer::flaky(ok()).await;
    let retrying = Client::builder()
        .base_url(format!("{}/api", server.url()))
        .retry(
            RetryPolicy::connection_failures(2)
                .idempotent_methods(true)
                .backoff(Duration::from_millis(1)),
        )
        .build()
        .expect("client");
    let blob = retrying.get_blob("b").await.expect("the retry succeeds");
    assert_eq!(blob.into_inner(), b"ok");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn password_fields_are_redacted_in_debug() {
    let mut note = Note::new("t", None);
    note.secret = Some("pw-SECRET-4".into());
    let shown = format!("{note:?}");
    assert!(
        !shown.contains("pw-SECRET-4") && shown.contains("<redacted>"),
        "{shown}"
    );
}

#[tokio::test]
async fn cookie_parameters_are_one_cookie_header_with_values_percent_encoded() {
    let server = TestServer::always(Reply::raw(200, "text/plain", "ada")).await;
    let client = client(&server);
    let only_required = WhoamiParams::new("abc-123");
    assert_eq!(*client.whoami(&only_required).await.expect("200"), "ada");
    let both =
        WhoamiParams::new("s 1;x=\"y\"").theme(vec!["dark".to_owned(), "high contrast".to_owned()]);
    client.whoami(&both).await.expect("200");
    let requests = server.requests();
    assert_eq!(requests[0].header("cookie"), Some("session_id=abc-123"));
    // A list is one comma-separated value; `,`, `;`, `"`, space and `%` cannot stand
    // in a cookie value (RFC 6265) and are encoded.
    assert_eq!(
        requests[1].header("cookie"),
        Some("session_id=s%201%3Bx=%22y%22; theme=dark%2Chigh%20contrast")
    );
    assert_eq!(
        requests
            .iter()
            .map(|r| r
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("cookie"))
                .count())
            .collect::<Vec<_>>(),
        [1, 1]
    );
}

#[tokio::test]
async fn a_path_value_a_url_would_resolve_away_is_refused_before_the_wire() {
    let server = TestServer::always(Reply::raw(200, "application/octet-stream", "x")).await;
    let client = client(&server);
    for value in ["..", ".", ""] {
        let err = client.get_blob(value).await.unwrap_err();
        let Error::InvalidRequest(invalid) = &err else {
            panic!("{value:?}: expected InvalidRequest, got {err:?}")
        };
        assert_eq!(invalid.field(), "name");
    }
    // A dot inside a value is only text.
    client.get_blob("a..b").await.expect("200");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].target, "/api/blobs/a..b");
}

#[tokio::test]
async fn operations_with_servers_of_their_own_are_sent_there_unless_a_base_url_is_given() {
    // The fixture's `Local` server, and the server its `/blobs/latest` path and its
    // `echo` operation name.
    let at = |port: u16| std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let main = TestServer::start_at(at(29871), |_| {
        Reply::json(200, serde_json::json!([note_json()]))
    })
    .await;
    let other = TestServer::start_at(at(29872), |_| Reply::raw(200, "text/plain", "other")).await;
    let client = Client::builder()
        .server(Server::Local)
        .key("key-SECRET-1")
        .build()
        .expect("client");
    client
        .list_notes("f1", &ListNotesParams::new("trace-1"))
        .await
        .expect("from the client's server");
    assert_eq!(*client.latest_blob_name().await.expect("200"), "other");
    assert_eq!(*client.echo("hi".to_owned()).await.expect("200"), "other");
    let to_main: Vec<String> = main.requests().iter().map(|r| r.target.clone()).collect();
    let to_other: Vec<String> = other.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(to_main, ["/api/folders/f1/notes"]);
    assert_eq!(to_other, ["/alt/blobs/latest", "/echo"]);

    // A base URL of the client's own (a gateway) takes every request.
    let gateway = TestServer::always(Reply::raw(200, "text/plain", "gateway")).await;
    let through = Client::builder()
        .base_url(format!("{}/gw", gateway.url()))
        .build()
        .expect("client");
    assert_eq!(*through.latest_blob_name().await.expect("200"), "gateway");
    assert_eq!(
        *through.echo("hi".to_owned()).await.expect("200"),
        "gateway"
    );
    let via: Vec<String> = gateway
        .requests()
        .iter()
        .map(|r| r.target.clone())
        .collect();
    assert_eq!(via, ["/gw/blobs/latest", "/gw/echo"]);
    assert_eq!(other.requests().len(), 2);
}

fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, body: &str) -> ParsedPart {
    ParsedPart::new(name, file_name, content_type, body)
}

#[tokio::test]
async fn a_multipart_body_sends_each_field_as_the_part_its_type_and_encoding_say() {
    use kitchen_sink::types::{
        UploadFileBody, UploadFileBodyLinkData, UploadFileBodyMeta, UploadFileBodyPurpose,
    };
    use kitchen_sink::FilePart;
    let server = TestServer::always(Reply::json(
        200,
        serde_json::json!({"id": "file_1", "size": 4}),
    ))
    .await;
    let body = UploadFileBody::new(
        FilePart::new(b"\x89PNG".to_vec()).with_file_name("pic \"1\".png"),
        UploadFileBodyPurpose::Avatar,
    )
    .caption("Été")
    .pages(3)
    .tags(vec!["a".to_owned(), "b c".to_owned()])
    .thumbnails(vec![
        FilePart::new("small")
            .with_file_name("s.txt")
            .with_content_type("text/plain"),
        FilePart::new("large"),
    ])
    .meta(UploadFileBodyMeta::new().source("camera"))
    .link_data(UploadFileBodyLinkData::new().create(true).expires_at(99));
    let stored = client(&server).upload_file(&body).await.expect("200");
    assert_eq!(stored.id.as_deref(), Some("file_1"));

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.target, "/api/files");
    assert!(
        sent.header("content-type")
            .is_some_and(|t| t.starts_with("multipart/form-data; boundary=")),
        "{:?}",
        sent.header("content-type")
    );
    assert_eq!(
        sent.header("content-length"),
        Some(sent.body.len().to_string().as_str()),
        "a body of known parts has a known length"
    );
    assert_eq!(
        sent.multipart_parts().await,
        [
            // The spec's type for the part (the first it lists) when the file names none.
            part(
                "file",
                // `"` escaped as the HTML standard writes names.
                Some("pic %221%22.png"),
                Some("image/png"),
                "\u{fffd}PNG"
            ),
            part("purpose", None, None, "avatar"),
            part("caption", None, Some("text/plain; charset=utf-8"), "Été"),
            part("pages", None, None, "3"),
            part("tags", None, None, "a"),
            part("tags", None, None, "b c"),
            part("thumbnails", Some("s.txt"), Some("text/plain"), "small"),
            part(
                "thumbnails",
                None,
                Some("application/octet-stream"),
                "large"
            ),
            part(
                "meta",
                None,
                Some("application/json"),
                r#"{"source":"camera"}"#
            ),
            // `style: deepObject`: one text part per pair.
            part("link_data[create]", None, None, "true"),
            part("link_data[expires_at]", None, None, "99"),
        ]
    );
}

#[tokio::test]
async fn a_multipart_body_leaves_out_unset_fields_and_checks_its_rules_before_sending() {
    use kitchen_sink::types::{UploadFileBody, UploadFileBodyPurpose};
    use kitchen_sink::FilePart;
    let server = TestServer::always(Reply::json(200, serde_json::json!({}))).await;
    let only_required = UploadFileBody::new(FilePart::new("x"), UploadFileBodyPurpose::Document);
    client(&server)
        .upload_file(&only_required)
        .await
        .expect("200");
    let sent = &server.requests()[0];
    assert_eq!(
        sent.multipart_parts().await,
        [
            part("file", None, Some("image/png"), "x"),
            part("purpose", None, None, "document"),
        ]
    );

    let too_long = only_required.clone().caption("x".repeat(41));
    let err = client(&server).upload_file(&too_long).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.field() == "caption"),
        "{err:?}"
    );
    let bad_type = UploadFileBody::new(
        FilePart::new("x").with_content_type("image/png\r\nX-Evil: 1"),
        UploadFileBodyPurpose::Document,
    );
    let err = client(&server).upload_file(&bad_type).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.field() == "file"),
        "{err:?}"
    );
    assert_eq!(
        server.requests().len(),
        1,
        "refused bodies never reach the server"
    );
}

#[tokio::test]
async fn a_binary_response_is_its_bytes() {
    let png = b"\x89PNG\r\n\x1a\n\0\xff".to_vec();
    let server = TestServer::always(Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".into(), "image/png".into())],
        body: png.clone(),
    })
    .await;
    let preview = client(&server).file_preview("f 1").await.expect("200");
    assert_eq!(preview.into_inner(), png);
    assert_eq!(server.requests()[0].target, "/api/files/f%201/preview");
}

#[tokio::test]
async fn a_file_name_cannot_end_its_part_header() {
    use kitchen_sink::types::{UploadFileBody, UploadFileBodyPurpose};
    use kitchen_sink::FilePart;
    let server = TestServer::always(Reply::json(200, serde_json::json!({}))).await;
    let body = UploadFileBody::new(
        FilePart::new("x").with_file_name("a.png\r\nContent-Type: text/html"),
        UploadFileBodyPurpose::Avatar,
    );
    client(&server).upload_file(&body).await.expect("200");
    let sent = &server.requests()[0];
    let raw = String::from_utf8_lossy(&sent.body);
    assert!(!raw.contains("\r\nContent-Type: text/html"), "{raw}");
    assert_eq!(
        sent.multipart_parts().await[0],
        part(
            "file",
            Some("a.png%0D%0AContent-Type: text/html"),
            Some("image/png"),
            "x"
        )
    );
}

#[tokio::test]
async fn a_form_body_whose_schema_is_a_string_is_the_callers_text() {
    let server = TestServer::always(Reply::raw(204, "text/plain", "")).await;
    client(&server)
        .put_counter_text("label=a+b&count=2".to_owned())
        .await
        .expect("204");
    let sent = &server.requests()[0];
    assert_eq!(sent.method, "PUT");
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(String::from_utf8_lossy(&sent.body), "label=a+b&count=2");
}

#[tokio::test]
async fn an_optional_object_header_is_sent_in_the_simple_style_or_not_at_all() {
    let server = TestServer::always(Reply::raw(204, "text/plain", "")).await;
    let client = client(&server);
    client.get_preferences().await.expect("204");
    let params =
        GetPreferencesParams::new().x_prefs(GetPreferencesXPrefs::new().theme("dark").size(2));
    client
        .get_preferences_with_params(&params)
        .await
        .expect("204");
    let sent = server.requests();
    assert_eq!(sent[0].headers_named("x-prefs"), 0);
    assert_eq!(sent[1].header("x-prefs"), Some("theme,dark,size,2"));
}

#[tokio::test]
async fn a_text_response_whose_schema_is_an_object_is_the_text() {
    let server = TestServer::always(Reply::raw(200, "text/plain", "Groceries: milk")).await;
    let text = client(&server).note_summary("n1").await.expect("200");
    assert_eq!(text.into_inner(), "Groceries: milk");
    assert_eq!(server.requests()[0].header("accept"), Some("text/plain"));
}

#[tokio::test]
async fn a_protocol_upgrade_is_an_unexpected_response() {
    let server = tests::raw::RawServer::replying(
        b"HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n"
            .to_vec(),
    )
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .build()
        .expect("client");
    match client.live_updates().await {
        Err(Error::UnexpectedResponse(response)) => assert_eq!(response.status.as_u16(), 101),
        other => panic!("expected an unexpected response, got {other:?}"),
    }
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_required_read_only_field_is_never_sent_and_is_read_from_the_answer() {
    let server = TestServer::always(Reply::json(
        201,
        serde_json::json!({"id": "L1", "name": "urgent"}),
    ))
    .await;
    let label = client(&server)
        .create_label(&Label::new("never sent", "urgent"))
        .await
        .expect("201");
    assert_eq!(label.id, "L1");
    assert_eq!(
        server.requests()[0].json(),
        serde_json::json!({"name": "urgent"})
    );
}

/// A hook that signs each request with a sum of its body's bytes and its query, counts
/// its attempts and keeps the statuses it saw, as a signing hook of an application
/// would (the key is the secret it must never show).
#[derive(Default)]
struct Signer {
    key: &'static str,
    attempts: std::sync::atomic::AtomicUsize,
    statuses: std::sync::Mutex<Vec<u16>>,
    refuse: bool,
    /// Let the first attempt go, and refuse a retry.
    refuse_retries: bool,
}

fn signature(key: &str, query: &str, body: &[u8]) -> String {
    let sum: u64 = key
        .bytes()
        .chain(query.bytes())
        .chain(body.iter().copied())
        .map(u64::from)
        .sum();
    format!("sum-{sum}")
}

impl kitchen_sink::Hook for Signer {
    fn before_send(
        &self,
        request: &mut kitchen_sink::HttpRequest,
    ) -> Result<(), kitchen_sink::HookError> {
        let earlier = self
            .attempts
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if self.refuse || (self.refuse_retries && earlier > 0) {
            return Err(kitchen_sink::HookError::new("the signing key has expired"));
        }
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .unwrap_or_default()
            .to_vec();
        let query = request.url().query().unwrap_or_default().to_owned();
        let value = signature(self.key, &query, &body)
            .parse()
            .expect("a header value");
        request.headers_mut().insert("x-signature", value);
        request
            .url_mut()
            .query_pairs_mut()
            .append_pair("signed", "1");
        Ok(())
    }

    fn after_response(&self, status: kitchen_sink::StatusCode, _: &kitchen_sink::HeaderMap) {
        self.statuses
            .lock()
            .expect("statuses")
            .push(status.as_u16());
    }
}

#[tokio::test]
async fn a_hook_signs_each_request_by_its_bytes_and_sees_each_response() {
    let server = TestServer::always(Reply::json(201, note_json())).await;
    let signer = std::sync::Arc::new(Signer {
        key: "KEY-SECRET-9",
        ..Signer::default()
    });
    let client = Client::builder()
        .base_url(format!("{}/api", server.url()))
        .key("key-SECRET-1")
        .hook(signer.clone())
        .build()
        .expect("client");
    client
        .create_note("f", &Note::new("Groceries", None))
        .await
        .expect("201");
    let sent = &server.requests()[0];
    assert_eq!(sent.target, "/api/folders/f/notes?signed=1");
    assert_eq!(
        sent.header("x-signature"),
        Some(signature("KEY-SECRET-9", "", &sent.body).as_str())
    );
    // The credentials were set before the hook saw the request.
    assert_eq!(sent.header("x-api-key"), Some("key-SECRET-1"));
    assert_eq!(*signer.statuses.lock().expect("statuses"), [201]);
}

#[tokio::test]
async fn a_hook_that_fails_stops_the_call_before_anything_is_sent() {
    let server = TestServer::always(Reply::json(201, note_json())).await;
    let signer = std::sync::Arc::new(Signer {
        refuse: true,
        ..Signer::default()
    });
    let client = Client::builder()
        .base_url(format!("{}/api", server.url()))
        .hook(signer.clone())
        .build()
        .expect("client");
    let err = client
        .create_note("f", &Note::new("Groceries", None))
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Hook(_)), "{err:?}");
    assert!(!err.may_have_reached_server());
    assert_eq!(
        err.to_string(),
        "a hook stopped the request: the signing key has expired"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_hook_runs_once_per_attempt_of_a_retried_request() {
    let server = TestServer::flaky(ok()).await;
    let signer = std::sync::Arc::new(Signer {
        key: "k",
        ..Signer::default()
    });
    let client = Client::builder()
        .base_url(format!("{}/api", server.url()))
        .retry(
            RetryPolicy::connection_failures(2)
                .idempotent_methods(true)
                .backoff(Duration::from_millis(1)),
        )
        .hook(signer.clone())
        .build()
        .expect("client");
    client.get_blob("b").await.expect("the retry succeeds");
    assert_eq!(signer.attempts.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert_eq!(*signer.statuses.lock().expect("statuses"), [200]);
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert!(
        sent.iter().all(|r| r.target == "/api/blobs/b?signed=1"),
        "{sent:?}"
    );
}

#[tokio::test]
async fn a_clients_debug_shows_how_many_hooks_it_has_not_what_they_hold() {
    let signer = std::sync::Arc::new(Signer {
        key: "KEY-SECRET-9",
        ..Signer::default()
    });
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .hook(signer)
        .build()
        .expect("client");
    let shown = format!("{client:?}");
    assert!(shown.contains("hooks: 1"), "{shown}");
    assert!(!shown.contains("KEY-SECRET"), "{shown}");
}

#[tokio::test]
async fn a_hook_that_stops_a_retry_leaves_the_call_one_that_may_have_reached_the_server() {
    let server = TestServer::flaky(ok()).await;
    let signer = std::sync::Arc::new(Signer {
        refuse_retries: true,
        ..Signer::default()
    });
    let client = Client::builder()
        .base_url(format!("{}/api", server.url()))
        .retry(
            RetryPolicy::connection_failures(2)
                .idempotent_methods(true)
                .backoff(Duration::from_millis(1)),
        )
        .hook(signer.clone())
        .build()
        .expect("client");
    let err = client.get_blob("b").await.unwrap_err();
    assert!(matches!(&err, Error::Hook(_)), "{err:?}");
    // The first attempt's request arrived before its connection was dropped.
    assert_eq!(server.requests().len(), 1);
    assert!(err.may_have_reached_server());
}

/// A server that loses its first reply halfway (the request surely arrived), then
/// answers every request with a label.
async fn loses_the_first_reply() -> TestServer {
    let lost = std::sync::atomic::AtomicBool::new(false);
    TestServer::start(move |_| {
        let reply = Reply::json(201, serde_json::json!({"id": "t-1", "name": "rent"}));
        if lost.swap(true, std::sync::atomic::Ordering::SeqCst) {
            reply
        } else {
            Reply::CutOff(Box::new(reply), 30)
        }
    })
    .await
}

fn retrying_client(server: &TestServer) -> Client {
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
async fn a_keyed_post_whose_reply_was_lost_is_resent_with_the_same_key() {
    let server = loses_the_first_reply().await;
    let transfer = retrying_client(&server)
        .create_transfer(&Label::new("", "rent"))
        .await
        .expect("the second attempt is answered");
    assert_eq!(transfer.id, "t-1");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "sent once, then once more");
    let first = requests[0].header("idempotency-key").expect("a key");
    assert_eq!(requests[1].header("idempotency-key"), Some(first));
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(first.len(), 36, "a UUID: {first}");
}

#[tokio::test]
async fn each_call_gets_a_fresh_key_and_a_key_the_caller_gives_is_sent_as_given() {
    let server = TestServer::always(Reply::json(
        201,
        serde_json::json!({"id": "t", "name": "n"}),
    ))
    .await;
    let client = client(&server);
    let label = Label::new("", "rent");
    client.create_transfer(&label).await.expect("first");
    client.create_transfer(&label).await.expect("second");
    let given = CreateTransferParams::new().idempotency_key("order-1234");
    client
        .create_transfer_with_params(&given, &label)
        .await
        .expect("third");
    let keys: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("idempotency-key").expect("a key").to_owned())
        .collect();
    assert_ne!(keys[0], keys[1], "each call has its own key");
    assert_eq!(keys[2], "order-1234");
    assert!(server
        .requests()
        .iter()
        .all(|r| r.headers_named("idempotency-key") == 1));
}

#[tokio::test]
async fn a_keyed_post_is_not_resent_unless_the_retry_policy_says_so() {
    let server = loses_the_first_reply().await;
    let client = Client::builder()
        .base_url(format!("{}/api", server.url()))
        .retry(RetryPolicy::connection_failures(2).backoff(Duration::from_millis(1)))
        .build()
        .expect("client");
    let err = client
        .create_transfer(&Label::new("", "rent"))
        .await
        .unwrap_err();
    assert!(err.may_have_reached_server(), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_post_without_a_key_is_never_resent_once_it_may_have_arrived() {
    let server = loses_the_first_reply().await;
    let err = retrying_client(&server)
        .create_label(&Label::new("", "urgent"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(server.requests()[0].header("idempotency-key"), None);
}
