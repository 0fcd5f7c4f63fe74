//! The `mock` feature on a client with more shapes than Stytch's: path and query
//! parameters, several success statuses, and text, bytes and empty bodies. Each reply
//! reaches the application as the client decodes it.

use kitchen_sink::mock::MockServer;
use kitchen_sink::types::{CreateNoteResponse, ListNotesParams, Note, Shape, Square};

#[tokio::test]
async fn a_path_template_matches_any_value_of_its_parameters() {
    let mock = MockServer::start().await;
    mock.list_notes()
        .respond_with(vec![Note::new("first", None)])
        .times(2)
        .mount()
        .await;
    let client = mock.client();
    let params = ListNotesParams::new("trace-1");
    for folder in ["f1", "folder two"] {
        let notes = client.list_notes(folder, &params).await.expect("200");
        assert_eq!(notes[0].title, "first");
    }
}

#[tokio::test]
async fn each_variant_of_a_several_status_response_is_answered_with_its_own_status() {
    let mock = MockServer::start().await;
    let note = Note::new("kept", None);
    mock.create_note()
        .matching(|note| note.title == "kept")
        .respond_with(CreateNoteResponse::Created(Note::new("kept", None)))
        .mount()
        .await;
    mock.create_note()
        .respond_with(CreateNoteResponse::Accepted)
        .mount()
        .await;
    let client = mock.client();
    let created = client.create_note("f1", &note).await.expect("201");
    assert_eq!(created.status().as_u16(), 201);
    assert!(matches!(created.into_inner(), CreateNoteResponse::Created(n) if n.title == "kept"));
    let accepted = client
        .create_note("f1", &Note::new("later", None))
        .await
        .expect("202");
    assert_eq!(accepted.status().as_u16(), 202);
    assert_eq!(accepted.into_inner(), CreateNoteResponse::Accepted);
}

#[tokio::test]
async fn bytes_text_and_empty_replies_reach_the_client_as_sent() {
    let mock = MockServer::start().await;
    mock.get_blob()
        .respond_with(vec![0, 159, 255])
        .mount()
        .await;
    mock.echo().respond_with("écho".to_owned()).mount().await;
    mock.put_blob().respond_with(()).times(1).mount().await;
    let client = mock.client();
    assert_eq!(
        client.get_blob("b").await.expect("bytes").into_inner(),
        vec![0, 159, 255]
    );
    assert_eq!(
        client
            .echo("x".to_owned())
            .await
            .expect("text")
            .into_inner(),
        "écho"
    );
    client.put_blob("b", None).await.expect("empty");
}

#[tokio::test]
async fn a_union_request_is_matched_as_its_decoded_variant() {
    let mock = MockServer::start().await;
    mock.area()
        .matching(|shape| matches!(shape, Shape::Square(_)))
        .respond_with(4.0)
        .times(1)
        .mount()
        .await;
    let area = mock
        .client()
        .area(&Shape::Square(Square::new(2)))
        .await
        .expect("200");
    assert_eq!(*area, 4.0);
}

#[tokio::test]
async fn a_literal_path_is_answered_by_its_own_operation_not_by_a_template_that_fits_it() {
    let mock = MockServer::start().await;
    mock.get_blob().respond_with(vec![1]).times(1).mount().await;
    mock.latest_blob_name()
        .respond_with("b-7".to_owned())
        .times(1)
        .mount()
        .await;
    let client = mock.client();
    // `/blobs/latest` fits `/blobs/{name}` too; the more literal operation takes it.
    assert_eq!(*client.latest_blob_name().await.expect("text"), "b-7");
    assert_eq!(*client.get_blob("b-7").await.expect("bytes"), vec![1]);
}

#[tokio::test]
async fn the_mock_serves_an_event_stream_that_the_client_reads_typed() {
    use kitchen_sink::types::NoteChangesParams;
    use kitchen_sink::Event;
    let mock = MockServer::start().await;
    let mut renamed = Event::new(Note::new("two", None));
    renamed.event = "renamed".to_owned();
    renamed.id = Some("42".to_owned());
    mock.note_changes_stream()
        .respond_with(vec![Event::new(Note::new("one", None)), renamed])
        .mount()
        .await;
    let mut events = mock
        .client()
        .note_changes_stream(&NoteChangesParams::new())
        .await
        .expect("the stream opens")
        .into_inner();
    let first = events.next().await.expect("an event").expect("decodes");
    assert_eq!(
        (first.event.as_str(), first.data.title.as_str()),
        ("message", "one")
    );
    let second = events.next().await.expect("an event").expect("decodes");
    assert_eq!(
        (
            second.event.as_str(),
            second.data.title.as_str(),
            second.id.as_deref()
        ),
        ("renamed", "two", Some("42"))
    );
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn the_mock_serves_text_events_and_a_byte_stream() {
    use kitchen_sink::Event;
    let mock = MockServer::start().await;
    mock.ticks_stream()
        .respond_with(vec![Event::new("tick\ntock".to_owned())])
        .mount()
        .await;
    mock.get_blob_stream()
        .respond_with(vec![7; 100_000])
        .mount()
        .await;
    let client = mock.client();
    let mut ticks = client.ticks_stream().await.expect("opens").into_inner();
    assert_eq!(
        ticks.next().await.expect("an event").expect("text").data,
        "tick\ntock"
    );
    let mut blob = client
        .get_blob_stream("b")
        .await
        .expect("opens")
        .into_inner();
    let mut read = Vec::new();
    while let Some(chunk) = blob.next().await {
        read.extend(chunk.expect("a chunk"));
    }
    assert_eq!(read, vec![7; 100_000]);
}
