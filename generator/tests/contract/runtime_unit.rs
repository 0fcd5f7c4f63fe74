//! The runtime's own behaviour, function by function: encoding, decoding, redaction,
//! validation paths, `Retry-After` and backoff. Compiled as a child of the Stytch
//! client (`stytch_quiet.rs`), so that the runtime's crate-visible helpers are at hand,
//! and never shipped.

use super::runtime::*;
use std::time::Duration;

#[test]
fn path_segments_are_percent_encoded() {
    assert_eq!(encode_path("id", "a b/c?d").unwrap(), "a%20b%2Fc%3Fd");
    assert_eq!(encode_path("id", "org-123_~.").unwrap(), "org-123_~.");
    for refused in ["", ".", ".."] {
        assert_eq!(encode_path("id", refused).unwrap_err().field(), "id");
    }
}

#[test]
fn form_bodies_repeat_array_keys_and_drop_nulls() {
    let value = serde_json::json!({"To": "+1 555", "MediaUrl": ["a", "b"], "Skip": null, "N": 3});
    assert_eq!(form_encode(&value), "To=%2B1+555&MediaUrl=a&MediaUrl=b&N=3");
}

#[test]
fn object_parameters_follow_their_style() {
    let filter = serde_json::json!({"state": "open", "n": 2});
    let deep = param_pairs("filter", &filter, true, true).unwrap();
    assert_eq!(
        deep,
        [
            ("filter[state]".to_owned(), "open".to_owned()),
            ("filter[n]".to_owned(), "2".to_owned())
        ]
    );
    let form = param_pairs("filter", &filter, true, false).unwrap();
    assert_eq!(
        form,
        [
            ("state".to_owned(), "open".to_owned()),
            ("n".to_owned(), "2".to_owned())
        ]
    );
    let packed = param_pairs("filter", &filter, false, false).unwrap();
    assert_eq!(packed, [("filter".to_owned(), "state,open,n,2".to_owned())]);
    let list = param_pairs("ids", &[1, 2], false, false).unwrap();
    assert_eq!(list, [("ids".to_owned(), "1,2".to_owned())]);
}

#[test]
fn simple_style_objects_follow_explode_and_arrays_are_comma_joined() {
    let color = serde_json::json!({"R": 100, "G": 200});
    assert_eq!(param_text("color", &color, false).unwrap(), "R,100,G,200");
    assert_eq!(param_text("color", &color, true).unwrap(), "R=100,G=200");
    let ids = serde_json::json!([1, 2]);
    assert_eq!(param_text("ids", &ids, false).unwrap(), "1,2");
    assert_eq!(param_text("ids", &ids, true).unwrap(), "1,2");
}

#[test]
fn an_empty_json_body_is_null_only_to_a_type_that_holds_null() {
    assert_eq!(
        decode_json::<serde_json::Value>(b"").unwrap(),
        serde_json::Value::Null
    );
    assert_eq!(decode_json::<Option<i32>>(b" \n").unwrap(), None);
    assert!(decode_json::<i32>(b"").is_err());
    assert!(decode_json::<serde_json::Value>(b"{").is_err());
}

#[test]
fn secrets_never_show_in_debug() {
    let credentials = Credentials::Basic {
        username: "project-test-1".into(),
        password: Secret::new("hunter2"),
    };
    let shown = format!("{credentials:?}");
    assert!(
        !shown.contains("hunter2") && shown.contains("project-test-1"),
        "{shown}"
    );
}

#[test]
fn validation_paths_name_the_nested_field() {
    let err = ValidationError::new("ip_address", "too long").within("attributes");
    assert_eq!(err.field(), "attributes.ip_address");
    assert_eq!(
        ValidationError::new("", "bad").within("items[2]").field(),
        "items[2]"
    );
    assert_eq!(err.to_string(), "attributes.ip_address: too long");
}

#[test]
fn retry_after_is_read_as_seconds_or_as_an_http_date() {
    let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_717); // 1994-11-06 08:48:37 UTC
    assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
    assert_eq!(
        retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
        Some(Duration::from_secs(60))
    );
    assert_eq!(
        retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
        Some(Duration::ZERO)
    );
    assert_eq!(retry_after("soon", now), None);
}

#[test]
fn retry_after_accepts_all_three_http_date_forms() {
    let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_717); // 1994-11-06 08:48:37 UTC
    for date in [
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994",
    ] {
        assert_eq!(
            retry_after(date, now),
            Some(Duration::from_secs(60)),
            "{date}"
        );
    }
}

#[test]
fn retry_after_refuses_impossible_and_huge_values_without_overflow() {
    let now = std::time::SystemTime::now();
    for value in [
        "Sun, 06 Nov 300000000000 08:49:37 GMT",
        "Sun, 99999999999999999999 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 99999999999999999999:49:37 GMT",
        "Tue, 31 Feb 2026 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:61:61 GMT",
        "99999999999999999999999",
        "-5",
        "+5",
        "",
    ] {
        assert_eq!(retry_after(value, now), None, "{value}");
    }
}

#[test]
fn backoff_doubles_up_to_its_cap_without_overflow() {
    let policy = RetryPolicy::connection_failures(100).backoff(Duration::from_millis(100));
    assert_eq!(policy.delay(0), Duration::from_millis(100));
    assert_eq!(policy.delay(3), Duration::from_millis(800));
    assert_eq!(policy.delay(40), DEFAULT_MAX_BACKOFF);
    assert_eq!(policy.delay(u32::MAX), DEFAULT_MAX_BACKOFF);
}

#[test]
fn excerpts_are_cut_on_a_character_boundary() {
    let long = "é".repeat(BODY_EXCERPT_LIMIT);
    let cut = excerpt(long.as_bytes());
    assert!(
        cut.len() <= BODY_EXCERPT_LIMIT && cut.ends_with('…'),
        "{}",
        cut.len()
    );
    assert_eq!(excerpt(b"short"), "short");
}

#[test]
fn fresh_idempotency_keys_are_version_4_uuids_and_never_repeat() {
    let keys: std::collections::BTreeSet<String> = (0..10_000).map(|_| fresh_key()).collect();
    assert_eq!(keys.len(), 10_000);
    for key in keys.iter().take(100) {
        let groups: Vec<usize> = key.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{key}");
        assert!(
            key.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
            "{key}"
        );
        assert_eq!(key.as_bytes()[14], b'4', "version 4: {key}");
        assert!(
            matches!(key.as_bytes()[19], b'8' | b'9' | b'a' | b'b'),
            "variant: {key}"
        );
    }
}
