//! Part of loading: mistakes real specs make that other tools accept, repaired in the
//! raw document before it is parsed, each with a warning that names where it was.
//! `--deny-warnings` refuses them.
//!
//! - A schema `$ref` to a response (`#/components/responses/X`) stands for that
//!   response's JSON schema.

use crate::model::Warning;
use crate::naming::pointer_of;
use crate::shared::follow_refs;
use serde_json::Value;

const RESPONSE_PREFIX: &str = "#/components/responses/";

/// Repair `raw` in place; one warning per repair.
pub fn repair(raw: &mut Value) -> Vec<Warning> {
    // Found first, in the document as written; replaced after.
    let mut found = Vec::new();
    find_response_refs(raw, &mut Vec::new(), &mut found);
    let mut warnings = Vec::new();
    let mut repairs = Vec::new();
    for (path, reference) in found {
        if let Some((media_type, schema)) = response_schema(raw, &reference) {
            warnings.push(Warning::new(
                pointer_of(&path),
                format!(
                    "`{reference}` is a response, not a schema: its `{media_type}` schema is used"
                ),
            ));
            repairs.push((path, schema));
        }
    }
    for (path, schema) in repairs {
        if let Some(node) = raw.pointer_mut(&pointer_of(&path)[1..]) {
            *node = schema;
        }
    }
    warnings
}

/// Whether an object at `path` is where a response belongs: an operation's
/// `responses/<status>` or `components/responses/<name>`.
fn is_response_position(path: &[String]) -> bool {
    match path {
        [components, responses, _] => components == "components" && responses == "responses",
        [paths, _, _, responses, _] => paths == "paths" && responses == "responses",
        _ => false,
    }
}

/// Every `$ref` to a response outside a response's place, with its path.
fn find_response_refs(
    value: &Value,
    path: &mut Vec<String>,
    found: &mut Vec<(Vec<String>, String)>,
) {
    if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        if reference.starts_with(RESPONSE_PREFIX) && !is_response_position(path) {
            found.push((path.clone(), reference.to_owned()));
        }
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(key.clone());
                find_response_refs(child, path, found);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(index.to_string());
                find_response_refs(child, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The schema of a response's JSON body (the first `…json` media type, else the
/// first with a schema), through responses that refer to responses.
fn response_schema(raw: &Value, reference: &str) -> Option<(String, Value)> {
    let (response, _) = follow_refs(raw, reference).ok()?;
    let content = response.get("content")?.as_object()?;
    let with_schema = || content.iter().filter(|(_, m)| m.get("schema").is_some());
    let (media_type, media) = with_schema()
        .find(|(media_type, _)| media_type.contains("json"))
        .or_else(|| with_schema().next())?;
    Some((media_type.clone(), media.get("schema")?.clone()))
}
