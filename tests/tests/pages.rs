//! Operations that page, over HTTP on 127.0.0.1: the kitchen-sink client's
//! `…_pages` methods follow a cursor from the body (`list_events`), the `Link` header
//! (`list_linked`), `has_more` with the last item's id (`list_charges`) and an offset
//! (`list_offset`), and stop on a repeated cursor and at a cap.

use kitchen_sink::mock::MockServer;
use kitchen_sink::types::{
    ListChargesParams, ListEventsParams, ListEventsResponse, ListEventsResponseResultsMetadata,
    ListLinkedParams, ListOffsetParams, ListRunsParams, Note,
};
use kitchen_sink::{Client, Error};
use serde_json::json;
use tests::{Recorded, Reply, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .build()
        .expect("client")
}

/// The value of query parameter `name` in a recorded request.
fn query(request: &Recorded, name: &str) -> Option<String> {
    let (_, query) = request.target.split_once('?')?;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
}

fn notes(titles: &[&str]) -> serde_json::Value {
    titles.iter().map(|t| json!({"title": t})).collect()
}

/// Every item, and the error that ended them, if one did.
async fn all<T>(mut pages: kitchen_sink::Pages<T, serde_json::Value>) -> (Vec<T>, Option<Error>) {
    let mut items = Vec::new();
    while let Some(item) = pages.next().await {
        match item {
            Ok(item) => items.push(item),
            Err(err) => return (items, Some(err)),
        }
    }
    (items, None)
}

#[tokio::test]
async fn pages_follow_the_cursor_the_body_gives_until_it_is_null() {
    let server = TestServer::start(|request| match query(request, "cursor").as_deref() {
        None => Reply::json(
            200,
            json!({"events": notes(&["a", "b"]), "results_metadata": {"next_cursor": "c2"}}),
        ),
        Some("c2") => Reply::json(
            200,
            json!({"events": notes(&["c"]), "results_metadata": {"next_cursor": null}}),
        ),
        Some(_) => Reply::json(404, json!({})),
    })
    .await;
    let pages = client(&server)
        .list_events_pages(&ListEventsParams::new().limit(2))
        .expect("the first request is valid");
    let (items, err) = all(pages).await;
    assert!(err.is_none(), "{err:?}");
    let titles: Vec<String> = items.into_iter().map(|n| n.title).collect();
    assert_eq!(titles, ["a", "b", "c"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(query(&requests[1], "cursor").as_deref(), Some("c2"));
    assert_eq!(
        query(&requests[1], "limit").as_deref(),
        Some("2"),
        "the other parameters stay"
    );
}

#[tokio::test]
async fn pages_follow_the_link_header_and_never_another_origin() {
    let server = TestServer::start(|request| match query(request, "page").as_deref() {
        None => Reply::json(200, notes(&["a"])).with_header(
            "Link",
            "</pages/linked?page=2&per_page=1>; rel=\"next\", </pages/linked?page=9>; rel=\"last\"",
        ),
        Some("2") => Reply::json(200, notes(&["b"])).with_header(
            "Link",
            "<http://198.51.100.7/pages/linked?page=3>; rel=\"next\"",
        ),
        Some(_) => Reply::json(200, notes(&["never"])),
    })
    .await;
    let pages = client(&server)
        .list_linked_pages(&ListLinkedParams::new().per_page(1))
        .expect("valid");
    let (items, err) = all(pages).await;
    let titles: Vec<String> = items.into_iter().map(|n| n.title).collect();
    assert_eq!(titles, ["a", "b"], "{err:?}");
    let err = err.expect("the link to another host is refused");
    assert!(err.to_string().contains("another origin"), "{err}");
    assert_eq!(server.requests().len(), 2, "nothing was sent elsewhere");
}

#[tokio::test]
async fn pages_follow_the_link_header_of_an_object_holding_the_list() {
    let server = TestServer::start(|request| match query(request, "page").as_deref() {
        None => Reply::json(
            200,
            json!({"total_count": 3, "workflow_runs": notes(&["a", "b"])}),
        )
        .with_header("Link", "</pages/runs?page=2>; rel=\"next\""),
        Some("2") => Reply::json(
            200,
            json!({"total_count": 3, "workflow_runs": notes(&["c"])}),
        ),
        Some(_) => Reply::json(
            200,
            json!({"total_count": 3, "workflow_runs": notes(&["never"])}),
        ),
    })
    .await;
    let pages = client(&server)
        .list_runs_pages(&ListRunsParams::new())
        .expect("valid");
    let (items, err) = all(pages).await;
    assert!(err.is_none(), "{err:?}");
    let titles: Vec<String> = items.into_iter().map(|n| n.title).collect();
    assert_eq!(titles, ["a", "b", "c"]);
    assert_eq!(server.requests().len(), 2, "no link, no more pages");
}

#[tokio::test]
async fn pages_go_on_after_the_last_item_while_has_more_says_so() {
    let server = TestServer::start(|request| match query(request, "starting_after").as_deref() {
        None => Reply::json(
            200,
            json!({"object": "list", "has_more": true, "data": [{"id": "ch_1", "name": "a"}, {"id": "ch_2", "name": "b"}]}),
        ),
        Some("ch_2") => Reply::json(
            200,
            json!({"object": "list", "has_more": false, "data": [{"id": "ch_3", "name": "c"}]}),
        ),
        Some(_) => Reply::json(404, json!({})),
    })
    .await;
    let mut pages = client(&server)
        .list_charges_pages(&ListChargesParams::new())
        .expect("valid");
    let first = pages.next_page().await.expect("a page").expect("decodes");
    let second = pages.next_page().await.expect("a page").expect("decodes");
    assert!(pages.next_page().await.is_none());
    let ids =
        |page: Vec<kitchen_sink::types::Label>| page.into_iter().map(|l| l.id).collect::<Vec<_>>();
    assert_eq!(ids(first), ["ch_1", "ch_2"]);
    assert_eq!(ids(second), ["ch_3"]);
}

#[tokio::test]
async fn a_server_that_gives_the_same_cursor_twice_is_stopped_with_an_error() {
    let server = TestServer::always(Reply::json(
        200,
        json!({"events": notes(&["again"]), "results_metadata": {"next_cursor": "same"}}),
    ))
    .await;
    let pages = client(&server)
        .list_events_pages(&ListEventsParams::new())
        .expect("valid");
    let (items, err) = tokio::time::timeout(std::time::Duration::from_secs(5), all(pages))
        .await
        .expect("it stops");
    assert_eq!(items.len(), 2, "the first two pages' items");
    let err = err.expect("the repeat is an error");
    assert!(matches!(err, Error::UnexpectedResponse(_)), "{err:?}");
    assert!(err.to_string().contains("twice"), "{err}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_caller_caps_the_pages_of_a_server_that_pages_without_end() {
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let server = TestServer::start(move |_| {
        let n = calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Reply::json(
            200,
            json!({"events": notes(&["x"]), "results_metadata": {"next_cursor": format!("c{n}")}}),
        )
    })
    .await;
    let pages = client(&server)
        .list_events_pages(&ListEventsParams::new())
        .expect("valid")
        .max_pages(3);
    let (items, err) = all(pages).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(items.len(), 3);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn pages_advance_an_offset_by_the_items_until_a_page_is_empty() {
    let server = TestServer::start(|request| {
        let offset: usize = query(request, "offset")
            .and_then(|o| o.parse().ok())
            .unwrap_or(0);
        let all = ["a", "b", "c"];
        let page: Vec<&str> = all.iter().skip(offset).take(2).copied().collect();
        Reply::json(200, json!({"items": page}))
    })
    .await;
    let pages = client(&server)
        .list_offset_pages(&ListOffsetParams::new())
        .expect("valid");
    let (items, err) = all(pages).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(items, ["a", "b", "c"]);
    let offsets: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| query(r, "offset"))
        .collect();
    assert_eq!(offsets, [None, Some("2".to_owned()), Some("3".to_owned())]);
}

#[tokio::test]
async fn an_error_status_on_a_page_is_the_usual_typed_error_and_ends_the_pages() {
    let server = TestServer::start(|request| match query(request, "cursor") {
        None => Reply::json(
            200,
            json!({"events": notes(&["a"]), "results_metadata": {"next_cursor": "c2"}}),
        ),
        Some(_) => Reply::json(503, json!({"busy": true})),
    })
    .await;
    let mut pages = client(&server)
        .list_events_pages(&ListEventsParams::new())
        .expect("valid");
    assert!(pages.next().await.expect("an item").is_ok());
    let err = pages.next().await.expect("the error").unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status.as_u16() == 503),
        "{err:?}"
    );
    assert!(pages.next().await.is_none());
}

#[tokio::test]
async fn the_mock_serves_pages_one_after_another() {
    let mock = MockServer::start().await;
    let page = |titles: &[&str], next: Option<&str>| {
        let mut metadata = ListEventsResponseResultsMetadata::builder();
        if let Some(next) = next {
            metadata = metadata.next_cursor(next);
        }
        ListEventsResponse::builder()
            .events(titles.iter().map(|t| Note::new(*t, None)).collect())
            .results_metadata(metadata.build().expect("metadata"))
            .build()
            .expect("a page")
    };
    mock.list_events()
        .respond_with(page(&["a", "b"], Some("c2")))
        .up_to(1)
        .mount()
        .await;
    mock.list_events()
        .respond_with(page(&["c"], None))
        .mount()
        .await;
    let pages = mock
        .client()
        .list_events_pages(&ListEventsParams::new())
        .expect("valid");
    let (items, err) = all(pages).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(items.len(), 3);
}
