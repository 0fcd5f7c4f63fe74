//! Part of loading: mistakes real specs make that other tools accept, repaired in the
//! raw document before it is parsed, each with a warning that names where it was.
//! `--deny-warnings` refuses them.
//!
//! - A schema `$ref` to a response (`#/components/responses/X`) stands for that
//!   response's JSON schema.

use crate::model::Warning;
use crate::naming::pointer_of;
use serde_json::Value;

const RESPONSE_PREFIX: &str = "#/components/responses/";

/// Repair `raw` in place; one warning per repair.
pub fn repair(raw: &mut Value) -> Vec<Warning> {
    let responses = raw
        .pointer("/components/responses")
        .cloned()
        .unwrap_or(Value::Null);
    let mut warnings = Vec::new();
    let mut path = Vec::new();
    replace_response_refs(raw, &mut path, &responses, &mut warnings);
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

fn replace_response_refs(
    value: &mut Value,
    path: &mut Vec<String>,
    responses: &Value,
    warnings: &mut Vec<Warning>,
) {
    if let Some(name) = value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(RESPONSE_PREFIX))
        .map(str::to_owned)
    {
        if !is_response_position(path) {
            if let Some((media_type, schema)) = response_schema(responses, &name) {
                let pointer = pointer_of(path);
                warnings.push(Warning {
                    pointer,
                    message: format!(
                        "`{RESPONSE_PREFIX}{name}` is a response, not a schema: its `{media_type}` schema is used"
                    ),
                });
                *value = schema;
            }
            return;
        }
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                path.push(key.clone());
                replace_response_refs(child, path, responses, warnings);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                path.push(index.to_string());
                replace_response_refs(child, path, responses, warnings);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The schema of a component response's JSON body (the first `…json` media type, else
/// the first with a schema), following responses that refer to responses.
fn response_schema(responses: &Value, name: &str) -> Option<(String, Value)> {
    let mut name = name.to_owned();
    let mut seen = Vec::new();
    loop {
        let response = responses.get(&name)?;
        match response
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix(RESPONSE_PREFIX))
        {
            Some(next) => {
                if seen.contains(&name) {
                    return None;
                }
                seen.push(name);
                name = next.to_owned();
            }
            None => {
                let content = response.get("content")?.as_object()?;
                let with_schema = || content.iter().filter(|(_, m)| m.get("schema").is_some());
                let (media_type, media) = with_schema()
                    .find(|(media_type, _)| media_type.contains("json"))
                    .or_else(|| with_schema().next())?;
                return Some((media_type.clone(), media.get("schema")?.clone()));
            }
        }
    }
}
