//! A generated struct reads JSON as `#[derive(Deserialize)]` with `default` on its
//! optional fields would: the same values and the same errors, on inputs made at
//! random, against a twin that derives it. (The generated impl is written out to cost
//! less to compile.)

use kitchen_sink::types::{Metadata, Note, NoteColor};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::collections::BTreeMap;

/// `Note` as serde's derive would read it.
#[derive(serde::Deserialize, serde::Serialize)]
struct DerivedNote {
    title: String,
    archived_at: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "double_option"
    )]
    color: Option<Option<NoteColor>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tags: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

/// `Metadata` as serde's derive would read it.
#[derive(serde::Deserialize, serde::Serialize)]
struct DerivedMetadata {
    version: i64,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "double_option"
    )]
    note: Option<Option<String>>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, String>,
}

fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}

/// Each read as JSON written back, or its error's text.
fn read<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<String, String> {
    serde_json::from_str::<T>(text)
        .map(|value| serde_json::to_string(&value).expect("written"))
        .map_err(|err| err.to_string())
}

/// A JSON object of `members`, written as given (repeats and all).
fn object(members: &[(&str, &str)]) -> String {
    let members: Vec<String> = members
        .iter()
        .map(|(k, v)| format!("\"{k}\":{v}"))
        .collect();
    format!("{{{}}}", members.join(","))
}

const NOTE_KEYS: &[&str] = &[
    "title",
    "archived_at",
    "color",
    "tags",
    "secret",
    "other",
    "ti\\u0074le",
    "colour",
];
const METADATA_KEYS: &[&str] = &["version", "note", "x", "y", "ver\\u0073ion"];
const VALUES: &[&str] = &[
    "null",
    "\"red\"",
    "\"text\"",
    "7",
    "true",
    "{\"a\":\"b\"}",
    "{\"a\":1}",
    "[1,2]",
];

fn members(
    keys: &'static [&'static str],
) -> impl Strategy<Value = Vec<(&'static str, &'static str)>> {
    proptest::collection::vec(
        (
            proptest::sample::select(keys),
            proptest::sample::select(VALUES),
        ),
        0..7,
    )
}

#[test]
fn a_struct_reads_every_object_as_the_derived_twin_does() {
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        ..Config::default()
    });
    runner
        .run(&members(NOTE_KEYS), |members| {
            let text = object(&members);
            prop_assert_eq!(read::<Note>(&text), read::<DerivedNote>(&text), "{}", text);
            Ok(())
        })
        .expect("the same reading");
}

#[test]
fn members_of_any_name_are_read_as_the_derived_flattened_map_reads_them() {
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        ..Config::default()
    });
    runner
        .run(&members(METADATA_KEYS), |members| {
            let text = object(&members);
            let (ours, derived) = (read::<Metadata>(&text), read::<DerivedMetadata>(&text));
            // serde's flatten buffers members, so its errors point elsewhere: the
            // values must agree, and whether there is one.
            match (&ours, &derived) {
                (Ok(_), Ok(_)) => prop_assert_eq!(&ours, &derived, "{}", text),
                _ => prop_assert_eq!(
                    ours.is_ok(),
                    derived.is_ok(),
                    "{} {:?} {:?}",
                    text,
                    ours,
                    derived
                ),
            }
            Ok(())
        })
        .expect("the same reading");
}

#[test]
fn absent_and_null_are_told_apart_only_where_the_field_is_optional_and_nullable() {
    let absent: Note = serde_json::from_str(r#"{"title":"t","archived_at":null}"#).unwrap();
    let null: Note =
        serde_json::from_str(r#"{"title":"t","archived_at":null,"color":null,"secret":null}"#)
            .unwrap();
    assert_eq!((absent.color, absent.secret), (None, None));
    assert_eq!((null.color, null.secret), (Some(None), None));
}

#[test]
fn a_missing_required_member_and_a_repeated_one_are_errors_that_name_it() {
    let missing = serde_json::from_str::<Note>(r#"{"archived_at":null}"#).unwrap_err();
    assert!(
        missing.to_string().starts_with("missing field `title`"),
        "{missing}"
    );
    let repeated = serde_json::from_str::<Note>(r#"{"title":"a","title":"b"}"#).unwrap_err();
    assert!(
        repeated.to_string().starts_with("duplicate field `title`"),
        "{repeated}"
    );
}

#[test]
fn a_required_nullable_member_left_out_reads_as_null() {
    let note: Note = serde_json::from_str(r#"{"title":"t"}"#).unwrap();
    assert_eq!(note.archived_at, None);
}

#[test]
fn members_the_spec_does_not_name_are_kept_beside_the_declared_ones() {
    let metadata: Metadata =
        serde_json::from_str(r#"{"version":2,"team":"core","note":null,"env":"prod"}"#).unwrap();
    assert_eq!(metadata.version, 2);
    let kept: Vec<(&str, &str)> = metadata
        .additional_properties
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(kept, [("env", "prod"), ("team", "core")]);
}

#[test]
fn a_struct_is_read_from_an_object_and_not_from_an_array() {
    let err = serde_json::from_str::<Note>(r#"["t", null]"#).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid type: sequence, expected struct Note"),
        "{err}"
    );
}

#[test]
fn a_struct_reads_from_a_json_value_as_from_text() {
    let value = serde_json::json!({"title": "t", "archived_at": "2024-01-01T00:00:00Z", "color": "red", "x": 1});
    let note: Note = serde_json::from_value(value).unwrap();
    assert_eq!(note.title, "t");
    assert_eq!(note.color, Some(Some(NoteColor::Red)));
}
