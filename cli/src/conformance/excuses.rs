//! What excuses a call: the limits of Prism's own (and the one of specs no client can
//! pass), each with its reason and the repository's test that checks the client's
//! bytes for it, and what the run knows of each operation to tell them apart.

use super::Call;
use openapi_clientgen::internal::model::{Api, BodyKind, Warning};
use openapi_clientgen::internal::naming::pointer_token;
use openapi_clientgen::internal::shared::media_essence;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One thing that excuses a call.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// What the report calls it.
    pub name: &'static str,
    /// Why a call it excuses is not the client's failure.
    pub why: &'static str,
    /// The test of the repository (`file.rs: function`, under `tests/tests/`) that
    /// checks what the client does there.
    pub test: &'static str,
}

/// What Prism cannot do, each with why the call is excused and the test that checks
/// the client's bytes for it; and last, the spec that no client can pass.
pub const PRISM_LIMITS: &[Limit] = &[
    Limit {
        name: "form parts",
        why: "Prism reads each member of a form or multipart body as text: an array (one item, or a key repeated as OpenAPI's default and Twilio read it) and an object sent as a JSON part are refused (stoplightio/prism#2473)",
        test: "kitchen_sink.rs: form_bodies_are_form_encoded",
    },
    Limit {
        name: "unsaid media type",
        why: "a Swagger 2.0 operation with no `produces` (its own or the document's) leaves its responses' media type unsaid; the client reads JSON, as the 3.0 reading says, and Prism answers with no body",
        test: "swagger2.rs: an_operation_that_says_no_media_type_reads_json",
    },
    Limit {
        name: "text of an object",
        why: "Prism cannot write an object schema as a text body and answers 500 (NO_COMPLEX_OBJECT_TEXT); the client reads a text body as the text it is",
        test: "kitchen_sink.rs: a_text_response_whose_schema_is_an_object_is_the_text",
    },
    Limit {
        name: "own response",
        why: "Prism's mock answered with a body that breaks the spec it serves (a union more than one branch fits, or a recursive schema it cut short with `null`), as its own violation report or the run's checker of answers says",
        test: "kitchen_sink.rs: recursive_types_round_trip_and_nested_rules_name_their_path",
    },
    Limit {
        name: "protocol upgrade",
        why: "an operation that declares `101 Switching Protocols` (a WebSocket) asks for what an HTTP client does not do: the client reports a 101 as unexpected, as it should, and where it is the only answer short of an error, Prism's mock answers 406 or 500",
        test: "kitchen_sink.rs: a_protocol_upgrade_is_an_unexpected_response",
    },
    Limit {
        name: "absent deep object",
        why: "Prism reads an optional `deepObject` part of a multipart body that was not sent as an empty object, and refuses it when that object has required members",
        test: "kitchen_sink.rs: a_multipart_body_leaves_out_unset_fields_and_checks_its_rules_before_sending",
    },
    Limit {
        name: "Prism stopped",
        why: "Prism's process ended while it handled the request, a defect of its own (an absent optional header whose schema is an object ends it with a TypeError in its simple-style reader); the run starts Prism again and goes on with the next call",
        test: "kitchen_sink.rs: an_optional_object_header_is_sent_in_the_simple_style_or_not_at_all",
    },
    Limit {
        name: "read-only required",
        why: "Prism requires a property that is both `required` and `readOnly` in a request, where OpenAPI 3.0 applies `required` to responses only and the client leaves it out",
        test: "kitchen_sink.rs: a_required_read_only_field_is_never_sent_and_is_read_from_the_answer",
    },
    Limit {
        name: "form text",
        why: "Prism parses every form body into an object, so a form body whose schema is a string (the client sends the caller's text, form-encoded already, with a warning) is refused whatever it holds",
        test: "kitchen_sink.rs: a_form_body_whose_schema_is_a_string_is_the_callers_text",
    },
    Limit {
        name: "no value fits",
        why: "the spec's own, not Prism's: the request holds a schema no value fits (an `allOf` of different kinds, at whose pointer the generator warns and takes any JSON value), which Prism rightly refuses whatever is sent",
        test: "constructs.rs: an_all_of_of_one_kind_of_scalar_is_that_scalar_and_of_different_kinds_any_json",
    },
];

/// What a run knows of the spec, to tell a limit from a failure.
#[derive(Debug, Default)]
pub struct Facts {
    /// Per operation, by the name the harness reports.
    operations: BTreeMap<String, OperationFacts>,
    /// The names of the properties marked `readOnly` anywhere in the document.
    pub read_only: BTreeSet<String>,
    /// The document as loaded, for the schemas of answers.
    raw: Value,
}

/// What a run knows of one operation.
#[derive(Debug, Default, Clone)]
pub struct OperationFacts {
    /// It is of a Swagger 2.0 document that says no response media type.
    pub unsaid_media_type: bool,
    /// It declares a protocol upgrade (`101`).
    pub upgrade: bool,
    /// Its only answer short of an error is a protocol upgrade.
    pub only_upgrade: bool,
    /// The JSON schema of each response it declares, by its key (`200`, `4XX`,
    /// `default`).
    pub answers: Vec<(String, Value)>,
    /// The optional `deepObject` parts of its multipart body.
    pub deep_parts: Vec<String>,
    /// Its form body is a string, sent as the caller's text.
    pub form_text: bool,
    /// Its request holds a schema no value fits.
    pub no_value_fits: bool,
}

impl Facts {
    /// The facts of `api`, read from the spec as written (`spec_text`), as loaded
    /// (`raw`) and from the generator's warnings.
    pub fn of(spec_text: &str, raw: &Value, api: &Api, warnings: &[Warning]) -> Facts {
        let unsaid = unsaid_media_types(spec_text, api);
        let upgrade = upgrades(raw, api);
        let deep = deep_parts(raw, api);
        let impossible: BTreeSet<&str> = warnings
            .iter()
            .filter(|w| w.message == openapi_clientgen::internal::lower::NO_VALUE_FITS)
            .map(|w| w.pointer.as_str())
            .collect();
        let operations = api
            .operations
            .iter()
            .map(|op| {
                let name = super::harness::operation_name(op);
                let facts = OperationFacts {
                    unsaid_media_type: unsaid.contains(&name),
                    upgrade: declares(raw, op, "101"),
                    only_upgrade: upgrade.contains(&name),
                    answers: answers(raw, op),
                    deep_parts: deep.get(&name).cloned().unwrap_or_default(),
                    form_text: op.body.as_ref().is_some_and(|body| {
                        matches!(body.kind, BodyKind::Text)
                            && media_essence(&body.media_type)
                                == "application/x-www-form-urlencoded"
                    }),
                    no_value_fits: !impossible.is_empty()
                        && request_reaches(raw, &op.pointer, &impossible),
                };
                (name, facts)
            })
            .collect();
        Facts {
            operations,
            read_only: read_only_names(raw),
            raw: raw.clone(),
        }
    }

    /// Whether `body`, the answer of `status` to `operation`, surely breaks the
    /// schema the operation declares for it.
    fn answer_breaks(&self, facts: &OperationFacts, status: u16, body: &str) -> bool {
        let Ok(body) = serde_json::from_str::<Value>(body) else {
            return false;
        };
        let code = status.to_string();
        let range = format!("{}XX", status / 100);
        let schema = ["exact", "range", "default"].iter().find_map(|which| {
            facts.answers.iter().find_map(|(key, schema)| {
                let matches = match *which {
                    "exact" => *key == code,
                    "range" => key.eq_ignore_ascii_case(&range),
                    _ => key == "default",
                };
                matches.then_some(schema)
            })
        });
        schema.is_some_and(|schema| super::examples::breaks(&self.raw, schema, &body))
    }

    /// What is known of the operation the harness reports as `name`.
    pub fn operation(&self, name: &str) -> OperationFacts {
        self.operations.get(name).cloned().unwrap_or_default()
    }
}

impl Call {
    pub fn failed(&self) -> bool {
        (!self.accepted || !self.decoded) && self.excused().is_none()
    }

    /// The entry of [`PRISM_LIMITS`] that excuses this call, when one does: every
    /// violation Prism reports is of that kind.
    pub fn excused(&self) -> Option<&'static str> {
        if self.accepted && self.decoded {
            return None;
        }
        if self.prism_stopped {
            return Some("Prism stopped");
        }
        let facts = self.facts.operation(&self.operation);
        if facts.unsaid_media_type
            && self.accepted
            && self
                .detail
                .contains("EOF while parsing a value at line 1 column 0")
        {
            return Some("unsaid media type");
        }
        if !self.decoded && (facts.only_upgrade || (facts.upgrade && self.status == Some(101))) {
            return Some("protocol upgrade");
        }
        // An answer the client did not decode, which the checker finds breaks the
        // operation's own schema for it, though Prism did not say so.
        if self.accepted
            && !self.decoded
            && self
                .status
                .is_some_and(|status| self.facts.answer_breaks(&facts, status, &self.body))
        {
            return Some("own response");
        }
        if self
            .detail
            .contains("stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT")
        {
            return Some("text of an object");
        }
        let body: Value = match serde_json::from_str(&self.detail) {
            Ok(body) => body,
            // A list Prism cut short (`Too many violations!`): the places it names.
            Err(_) if self.detail.starts_with("{\"validation\":") => {
                let mut places = self
                    .detail
                    .match_indices("\"location\":[\"")
                    .map(|(at, key)| &self.detail[at + key.len()..])
                    .peekable();
                let own = places.peek().is_some() && places.all(|p| p.starts_with("response"));
                return own.then_some("own response");
            }
            Err(_) => return None,
        };
        let violations = body.get("validation")?.as_array()?;
        self.by_violations(&facts, violations)
    }

    /// The limit every violation in Prism's list is of, when there is one.
    fn by_violations(&self, facts: &OperationFacts, violations: &[Value]) -> Option<&'static str> {
        let all =
            |test: &dyn Fn(&Value) -> bool| !violations.is_empty() && violations.iter().all(test);
        let part = |v: &Value| {
            let message = text(v, "message");
            in_body(v) && (message.contains("must be array") || message.contains("must be object"))
        };
        let absent_deep = |v: &Value| {
            let at = |i: usize| v.pointer(&format!("/location/{i}")).and_then(Value::as_str);
            let (body, name) = match at(0) {
                Some("request") => (at(1), at(2)),
                _ => (at(0), at(1)),
            };
            body == Some("body")
                && text(v, "code") == "required"
                && name.is_some_and(|n| facts.deep_parts.iter().any(|p| p == n))
        };
        if self.call == "required" && all(&absent_deep) {
            return Some("absent deep object");
        }
        if all(&part) {
            return Some("form parts");
        }
        // A required read-only property the client rightly leaves out of a request,
        // and the union branches that then fail with it.
        let read_only = |v: &Value| {
            let message = text(v, "message");
            let named = message
                .rsplit_once("required property '")
                .map(|(_, rest)| rest.trim_end_matches('\''));
            match text(v, "code").as_str() {
                "required" => named.is_some_and(|name| self.facts.read_only.contains(name)),
                "oneOf" | "anyOf" => true,
                _ => false,
            }
        };
        if all(&|v| in_body(v) && read_only(v))
            && violations.iter().any(|v| text(v, "code") == "required")
        {
            return Some("read-only required");
        }
        if facts.form_text && all(&|v| in_body(v) && text(v, "message").contains("must be string"))
        {
            return Some("form text");
        }
        let of_response =
            |v: &Value| v.pointer("/location/0").and_then(Value::as_str) == Some("response");
        if facts.no_value_fits && !self.accepted && all(&|v| !of_response(v)) {
            return Some("no value fits");
        }
        if all(&of_response) {
            return Some("own response");
        }
        None
    }
}

/// A violation's `key` as text.
fn text(violation: &Value, key: &str) -> String {
    violation
        .get(key)
        .map(|k| {
            k.as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| k.to_string())
        })
        .unwrap_or_default()
}

/// Whether a violation is of the request's body.
fn in_body(violation: &Value) -> bool {
    let place = violation.pointer("/location/0").and_then(Value::as_str);
    let next = violation.pointer("/location/1").and_then(Value::as_str);
    place == Some("body") || (place == Some("request") && next == Some("body"))
}

/// Whether `op` declares the response `code`.
fn declares(raw: &Value, op: &openapi_clientgen::internal::model::Operation, code: &str) -> bool {
    super::harness::responses(raw, op).is_some_and(|responses| responses.contains_key(code))
}

/// The JSON schema of each response `op` declares (references followed), by its key.
fn answers(
    raw: &Value,
    op: &openapi_clientgen::internal::model::Operation,
) -> Vec<(String, Value)> {
    let Some(responses) = super::harness::responses(raw, op) else {
        return Vec::new();
    };
    responses
        .iter()
        .filter_map(|(key, response)| {
            let response = openapi_clientgen::internal::shared::dereferenced(raw, response)?;
            let content = response.get("content")?.as_object()?;
            let schema = content.iter().find_map(|(media, entry)| {
                let essence = media_essence(media);
                (essence == "application/json" || essence.ends_with("+json"))
                    .then(|| entry.get("schema").cloned())
                    .flatten()
            })?;
            Some((key.clone(), schema))
        })
        .collect()
}

/// Whether the request of the operation at `op_pointer` (its body and parameters, and
/// its path item's parameters, through references) holds a node at one of `places`.
fn request_reaches(raw: &Value, op_pointer: &str, places: &BTreeSet<&str>) -> bool {
    let item = op_pointer
        .rsplit_once('/')
        .map(|(item, _)| item)
        .unwrap_or_default();
    let mut stack: Vec<(String, &Value)> = Vec::new();
    for start in [
        format!("{op_pointer}/requestBody"),
        format!("{op_pointer}/parameters"),
        format!("{item}/parameters"),
    ] {
        if let Some(node) = raw.pointer(start.trim_start_matches('#')) {
            stack.push((start, node));
        }
    }
    let mut followed = BTreeSet::new();
    let mut visited = 0usize;
    while let Some((pointer, node)) = stack.pop() {
        visited += 1;
        if places.contains(pointer.as_str()) {
            return true;
        }
        if visited > 200_000 {
            return false;
        }
        match node {
            Value::Object(members) => {
                if let Some(reference) = members.get("$ref").and_then(Value::as_str) {
                    if reference.starts_with('#') && followed.insert(reference.to_owned()) {
                        if let Some(target) = raw.pointer(&reference[1..]) {
                            stack.push((reference.to_owned(), target));
                        }
                    }
                }
                for (key, member) in members {
                    stack.push((format!("{pointer}/{}", pointer_token(key)), member));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    stack.push((format!("{pointer}/{index}"), item));
                }
            }
            _ => {}
        }
    }
    false
}

/// The operations (by the name the harness reports) of a Swagger 2.0 document that
/// say no response media type: neither they nor the document have `produces`.
fn unsaid_media_types(spec_text: &str, api: &Api) -> BTreeSet<String> {
    let Ok(doc) = serde_yaml::from_str::<Value>(spec_text) else {
        return Default::default();
    };
    if doc.get("swagger").is_none() || doc.get("produces").is_some() {
        return Default::default();
    }
    api.operations
        .iter()
        .filter(|op| {
            doc.pointer(&op.pointer[1..])
                .is_some_and(|written| written.get("produces").is_none())
        })
        .map(super::harness::operation_name)
        .collect()
}

/// The operations (by the name the harness reports) whose only answer short of an
/// error is a protocol upgrade (`101`), which neither an HTTP client nor Prism makes.
fn upgrades(raw: &Value, api: &Api) -> BTreeSet<String> {
    api.operations
        .iter()
        .filter(|op| {
            let responses = super::harness::responses(raw, op);
            let codes: Vec<&String> = responses.into_iter().flat_map(|r| r.keys()).collect();
            codes.iter().any(|c| c.as_str() == "101")
                && !codes
                    .iter()
                    .any(|c| c.starts_with('2') || c.starts_with('3') || c.as_str() == "default")
        })
        .map(super::harness::operation_name)
        .collect()
}

/// Each operation's optional multipart parts in `deepObject` style (by the name the
/// harness reports).
fn deep_parts(raw: &Value, api: &Api) -> BTreeMap<String, Vec<String>> {
    let mut found = BTreeMap::new();
    for op in &api.operations {
        let Some(body) = &op.body else { continue };
        if !matches!(body.kind, BodyKind::Multipart { .. }) {
            continue;
        }
        let content = raw.pointer(&format!(
            "{}/requestBody/content/{}",
            &op.pointer[1..],
            pointer_token(&body.media_type)
        ));
        let encoding = content
            .and_then(|c| c.get("encoding"))
            .and_then(Value::as_object);
        let parts: Vec<String> = encoding
            .into_iter()
            .flatten()
            .filter(|(_, e)| e.get("style").and_then(Value::as_str) == Some("deepObject"))
            .map(|(name, _)| name.clone())
            .collect();
        if !parts.is_empty() {
            found.insert(super::harness::operation_name(op), parts);
        }
    }
    found
}

/// The names of the properties marked `readOnly` anywhere in the document.
fn read_only_names(raw: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![raw];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    for (name, property) in properties {
                        if property.get("readOnly") == Some(&Value::Bool(true)) {
                            found.insert(name.clone());
                        }
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// The call a harness line reports, with `facts` known of its operation.
    fn call(line: &str, facts: OperationFacts) -> Call {
        let mut call = super::super::parse_line(line).expect("a harness line");
        let mut known = Facts::default();
        known.operations.insert(call.operation.clone(), facts);
        call.facts = Arc::new(known);
        call
    }

    #[test]
    #[allow(clippy::disallowed_methods)] // a test reads the test files it names
    fn every_limit_names_a_test_that_exists() {
        let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/tests");
        for limit in PRISM_LIMITS {
            let (file, function) = limit.test.split_once(": ").expect("`file.rs: function`");
            let source = std::fs::read_to_string(tests.join(file))
                .unwrap_or_else(|e| panic!("{}: {file}: {e}", limit.name));
            assert!(
                source.contains(&format!("fn {function}(")),
                "{}: no test `{function}` in {file}",
                limit.name
            );
        }
    }

    #[test]
    fn a_form_body_of_text_prism_parses_as_an_object_is_excused() {
        let line = "put\trequired\t422\tfalse\tfalse\t\t{\"validation\":[{\"location\":[\"body\"],\"code\":\"type\",\"message\":\"Request body must be string\"}]}";
        let text = OperationFacts {
            form_text: true,
            ..OperationFacts::default()
        };
        assert_eq!(call(line, text).excused(), Some("form text"));
        assert!(call(line, OperationFacts::default()).failed());
    }

    #[test]
    fn a_request_no_value_fits_is_excused_only_for_its_request() {
        let request = "post\trequired\t422\tfalse\tfalse\t\t{\"validation\":[{\"location\":[\"body\"],\"code\":\"type\",\"message\":\"Request body must be integer\"}]}";
        let impossible = OperationFacts {
            no_value_fits: true,
            ..OperationFacts::default()
        };
        assert_eq!(
            call(request, impossible.clone()).excused(),
            Some("no value fits")
        );
        assert!(call(request, OperationFacts::default()).failed());
        let undecoded = "post\trequired\t200\ttrue\tfalse\t\tthe body does not match";
        assert!(call(undecoded, impossible).failed());
    }

    #[test]
    fn a_violation_list_prism_cut_short_is_read_by_the_places_it_names() {
        let cut = "get\tevery part\t200\ttrue\tfalse\t\t{\"validation\":[{\"location\":[\"response\",\"body\",\"a\"],\"message\":\"must be string\"},{\"location\":[\"response\",\"body\",\"b\"],\"mess";
        assert_eq!(
            call(cut, OperationFacts::default()).excused(),
            Some("own response")
        );
        let of_request = "get\tevery part\t200\tfalse\tfalse\t\t{\"validation\":[{\"location\":[\"response\",\"body\"]},{\"location\":[\"request\",\"query\",\"q\"],\"mess";
        assert!(call(of_request, OperationFacts::default()).failed());
    }

    #[test]
    fn a_request_reaches_a_schema_through_references() {
        let raw = serde_json::json!({
            "paths": {"/a": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
            "components": {"schemas": {"A": {"properties": {"b": {"allOf": [{"type": "string"}, {"type": "integer"}]}}}}}
        });
        let at = BTreeSet::from(["#/components/schemas/A/properties/b"]);
        assert!(request_reaches(&raw, "#/paths/~1a/post", &at));
        let elsewhere = BTreeSet::from(["#/components/schemas/C"]);
        assert!(!request_reaches(&raw, "#/paths/~1a/post", &elsewhere));
    }
}
