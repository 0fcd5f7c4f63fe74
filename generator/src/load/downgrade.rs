//! Part of loading: an OpenAPI 3.1 document rewritten, in place, into the 3.0 shape
//! `openapiv3` reads. Nodes keep their places, so pointers into the rewritten
//! document are pointers into the one the user wrote. What 3.0 cannot express is
//! refused with its pointer, or dropped with a warning where nothing depends on it.

use crate::model::Warning;
use crate::naming::{pointer_of, pointer_token};
use crate::shared::GenerateError;
use serde_json::{json, Map, Value};

/// The dialect 3.1 schemas use unless a document names another.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Keywords of JSON Schema 2020-12 with no 3.0 equivalent that change which values
/// are valid: a client that ignored them would accept what the API refuses.
const REFUSED: &[&str] = &[
    "$dynamicRef",
    "$dynamicAnchor",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "unevaluatedItems",
];

/// Keywords dropped with a warning: they only narrow what the server accepts or sends.
const DROPPED: &[&str] = &[
    "unevaluatedProperties",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
];

/// Keywords dropped silently: annotations with no effect on the client.
const ANNOTATIONS: &[&str] = &["$schema", "$id", "$anchor", "$comment", "contentSchema"];

/// Rewrite a 3.1 document as 3.0.3; the warnings say what was dropped.
pub fn downgrade(raw: &mut Value) -> Result<Vec<Warning>, GenerateError> {
    let mut warnings = Vec::new();
    let Some(root) = raw.as_object_mut() else {
        return Ok(warnings);
    };
    if let Some(dialect) = root.get("jsonSchemaDialect") {
        if dialect.as_str() != Some(DEFAULT_DIALECT) {
            return Err(GenerateError::new(
                "#/jsonSchemaDialect",
                format!("only the default dialect ({DEFAULT_DIALECT}) is supported"),
            ));
        }
        root.remove("jsonSchemaDialect");
    }
    if root.remove("webhooks").is_some() {
        warnings.push(Warning::new("#/webhooks", "webhooks are ignored"));
    }
    root.entry("paths").or_insert_with(|| json!({}));
    root.insert("openapi".to_owned(), json!("3.0.3"));
    operations_have_responses(raw);
    let mut path = Vec::new();
    walk(raw, &mut path, &mut warnings)?;
    Ok(warnings)
}

/// 3.1 makes an operation's `responses` optional; 3.0 reads none as no responses.
fn operations_have_responses(raw: &mut Value) {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    for items in ["/paths", "/components/pathItems"] {
        let Some(Value::Object(items)) = raw.pointer_mut(items) else {
            continue;
        };
        for item in items.values_mut().filter_map(Value::as_object_mut) {
            for (_, op) in item
                .iter_mut()
                .filter(|(k, _)| METHODS.contains(&k.as_str()))
            {
                if let Some(op) = op.as_object_mut() {
                    op.entry("responses").or_insert_with(|| json!({}));
                }
            }
        }
    }
}

/// Whether the value at `path` is a schema: under `components/schemas`, the value of
/// a `schema` member (parameters, media types, headers), or a subschema of a schema.
fn is_schema(path: &[String]) -> bool {
    let n = path.len();
    let key = |i: usize| path.get(n.wrapping_sub(i)).map(String::as_str);
    match (key(2), key(1)) {
        (Some("schemas"), Some(_)) if n == 3 && path[0] == "components" => true,
        (Some("properties" | "allOf" | "oneOf" | "anyOf" | "prefixItems"), Some(_))
            if is_schema(&path[..n - 2]) =>
        {
            true
        }
        (_, Some("schema")) => true,
        (_, Some("items" | "not" | "additionalProperties")) => is_schema(&path[..n - 1]),
        _ => false,
    }
}

fn walk(
    value: &mut Value,
    path: &mut Vec<String>,
    warnings: &mut Vec<Warning>,
) -> Result<(), GenerateError> {
    if is_schema(path) {
        if let Some(schema) = value.as_object_mut() {
            rewrite_schema(schema, &pointer_of(path), warnings)?;
        }
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                path.push(key.clone());
                walk(child, path, warnings)?;
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                path.push(index.to_string());
                walk(child, path, warnings)?;
                path.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

/// One schema object, from 2020-12 keywords to 3.0's.
fn rewrite_schema(
    schema: &mut Map<String, Value>,
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Result<(), GenerateError> {
    for keyword in REFUSED {
        if schema.contains_key(*keyword) {
            return Err(GenerateError::new(
                format!("{pointer}/{}", pointer_token(keyword)),
                format!(
                    "`{keyword}` (JSON Schema 2020-12) cannot be expressed for OpenAPI 3.0 clients"
                ),
            ));
        }
    }
    for keyword in DROPPED {
        if schema.remove(*keyword).is_some() {
            warnings.push(Warning::new(
                format!("{pointer}/{keyword}"),
                format!("`{keyword}` is ignored: the client does not check it"),
            ));
        }
    }
    for keyword in ANNOTATIONS {
        schema.remove(*keyword);
    }
    if schema.contains_key("$ref") {
        // A reference with siblings (`description`): they annotate it, and 3.0 reads
        // only the reference.
        return Ok(());
    }
    type_array(schema, pointer)?;
    null_alternatives(schema);
    if let Some(value) = schema.remove("const") {
        schema.insert("enum".to_owned(), json!([value]));
    }
    if let Some(Value::Array(mut examples)) = schema.remove("examples") {
        if !schema.contains_key("example") && !examples.is_empty() {
            schema.insert("example".to_owned(), examples.swap_remove(0));
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(number) = schema.get(exclusive).filter(|v| v.is_number()).cloned() {
            schema.insert(bound.to_owned(), number);
            schema.insert(exclusive.to_owned(), json!(true));
        }
    }
    if schema.remove("prefixItems").is_some() {
        warnings.push(Warning::new(
            format!("{pointer}/prefixItems"),
            "`prefixItems` (a tuple) is read as an array of any values",
        ));
        schema.entry("items").or_insert_with(|| json!({}));
    }
    if schema.get("type").and_then(Value::as_str) == Some("string")
        && !schema.contains_key("format")
    {
        // Kept beside the new format: a multipart file part takes it as its type.
        let binary = schema.contains_key("contentMediaType");
        let base64 = schema
            .remove("contentEncoding")
            .and_then(|e| e.as_str().map(str::to_owned));
        match (base64.as_deref(), binary) {
            (Some("base64"), _) => {
                schema.insert("format".to_owned(), json!("byte"));
            }
            (_, true) => {
                schema.insert("format".to_owned(), json!("binary"));
            }
            _ => {}
        }
    } else {
        schema.remove("contentMediaType");
        schema.remove("contentEncoding");
    }
    Ok(())
}

/// `type: [T, "null"]` as `type: T` with `nullable`; several types as a `oneOf`.
fn type_array(schema: &mut Map<String, Value>, pointer: &str) -> Result<(), GenerateError> {
    let Some(Value::Array(types)) = schema.get("type").cloned() else {
        return Ok(());
    };
    let mut names = Vec::new();
    for t in &types {
        match t.as_str() {
            Some(name) => names.push(name.to_owned()),
            None => {
                return Err(GenerateError::new(
                    format!("{pointer}/type"),
                    "a type must be a string",
                ))
            }
        }
    }
    let nullable = names.iter().any(|n| n == "null");
    names.retain(|n| n != "null");
    schema.remove("type");
    match names.as_slice() {
        [] => {}
        [single] => {
            schema.insert("type".to_owned(), json!(single));
        }
        several => {
            let parts: Vec<Value> = several.iter().map(|t| json!({ "type": t })).collect();
            schema.insert("oneOf".to_owned(), Value::Array(parts));
        }
    }
    if nullable {
        schema.insert("nullable".to_owned(), json!(true));
    }
    Ok(())
}

/// `oneOf`/`anyOf` with a `{type: "null"}` part: the part dropped, `nullable` set; a
/// single part left is the schema itself (through a one-part `allOf` for a `$ref`).
fn null_alternatives(schema: &mut Map<String, Value>) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(parts)) = schema.get_mut(keyword) else {
            continue;
        };
        let is_null = |part: &Value| part.get("type").and_then(Value::as_str) == Some("null");
        if !parts.iter().any(is_null) {
            continue;
        }
        parts.retain(|part| !is_null(part));
        let left = parts.clone();
        schema.insert("nullable".to_owned(), json!(true));
        if let [only] = left.as_slice() {
            schema.remove(keyword);
            match only {
                Value::Object(part) if part.contains_key("$ref") => {
                    schema.insert("allOf".to_owned(), json!([only]));
                }
                Value::Object(part) => {
                    for (key, value) in part {
                        schema.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
                _ => {}
            }
        }
    }
}
