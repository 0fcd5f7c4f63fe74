//! The `Link` header's reader, on its own (RFC 8288). Compiled as a child of the
//! kitchen-sink client (`kitchen_sink_traced.rs`), whose spec pages, and never shipped.

use super::pages::next_link;
use reqwest::header::{HeaderMap, HeaderValue, LINK};

fn links(values: &[&str]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for value in values {
        headers.append(LINK, HeaderValue::from_str(value).expect("a header value"));
    }
    headers
}

#[test]
fn the_next_link_is_found_whatever_its_place_quoting_and_case() {
    let cases = [
        (
            vec![r#"<https://a.test/x?page=2>; rel="next""#],
            Some("https://a.test/x?page=2"),
        ),
        (
            vec![r#"<b?page=1>; rel="prev", <b?page=3>; rel="next", <b?page=9>; rel="last""#],
            Some("b?page=3"),
        ),
        (vec!["<c?p=2>; rel=next"], Some("c?p=2")),
        (vec![r#"<d?p=2>; title="a, b"; REL="Next""#], Some("d?p=2")),
        (vec![r#"<e?p=2>; rel="next last""#], Some("e?p=2")),
        (
            vec![r#"<f?p=1>; rel="first""#, r#"<f?p=2>; rel="next""#],
            Some("f?p=2"),
        ),
        (vec![r#"<g?p=9>; rel="last""#], None),
        (vec!["not a link at all", "<unclosed; rel=next"], None),
        (vec![], None),
    ];
    for (values, expected) in cases {
        assert_eq!(
            next_link(&links(&values)).as_deref(),
            expected,
            "{values:?}"
        );
    }
}
