//! Part of loading: an OpenAPI 3.1 document rewritten, in place, into the 3.0 shape
//! `openapiv3` reads. Nodes keep their places, so pointers into the rewritten
//! document are pointers into the one the user wrote. What 3.0 cannot express is
//! dropped with a warning where it only narrows what is valid, or read as the
//! nearest thing 3.0 has (a `$dynamicRef` as the `$ref` it reaches without a dynamic
//! scope, a boolean schema as an empty one), with a warning.

use super::tolerate::each_schema;
use crate::model::Warning;
use crate::naming::{pointer_of, pointer_token};
use crate::shared::GenerateError;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The dialect 3.1 schemas use unless a document names another.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";
/// The dated dialects the OpenAPI Initiative publishes (`…/dialect/2024-11-10`).
const OAS_DIALECTS: &str = "https://spec.openapis.org/oas/3.1/dialect/";
/// JSON Schema 2020-12 itself: the default dialect without OpenAPI's vocabulary,
/// which only adds keywords.
const JSON_SCHEMA_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Keywords dropped with a warning: they only narrow what the server accepts or
/// sends, so a client that ignores them sends nothing the schema allows less of.
const DROPPED: &[&str] = &[
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
];

/// Keywords dropped silently: annotations with no effect on the client.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "contentSchema",
];

/// Rewrite a 3.1 document as 3.0.3; the warnings say what was dropped.
pub fn downgrade(raw: &mut Value) -> Result<Vec<Warning>, GenerateError> {
    let mut warnings = Vec::new();
    let Some(root) = raw.as_object_mut() else {
        return Ok(warnings);
    };
    if let Some(dialect) = root.remove("jsonSchemaDialect") {
        let uri = dialect.as_str().unwrap_or_default().trim_end_matches('#');
        let known =
            uri == DEFAULT_DIALECT || uri.starts_with(OAS_DIALECTS) || uri == JSON_SCHEMA_2020_12;
        if !known {
            warnings.push(Warning::new(
                "#/jsonSchemaDialect",
                format!(
                    "the dialect `{dialect}` is read as OpenAPI 3.1's own (JSON Schema 2020-12)"
                ),
            ));
        }
    }
    if root.remove("webhooks").is_some() {
        warnings.push(Warning::new("#/webhooks", "webhooks are ignored"));
    }
    root.entry("paths").or_insert_with(|| json!({}));
    root.insert("openapi".to_owned(), json!("3.0.3"));
    operations_have_responses(raw);
    mutual_tls(raw, &mut warnings);
    let mut anchors = BTreeMap::new();
    find_anchors(raw, &mut Vec::new(), &mut anchors);
    let mut rewrite = Rewrite { anchors, warnings };
    walk(raw, &mut rewrite)?;
    Ok(rewrite.warnings)
}

/// What rewriting schemas reads and writes: where each anchor is, and the warnings.
struct Rewrite {
    /// `$anchor` and `$dynamicAnchor` names, each with the pointer of its schema (the
    /// first written, when several have the same name).
    anchors: BTreeMap<String, String>,
    warnings: Vec<Warning>,
}

/// Every anchor of the document's schemas, and where it is.
fn find_anchors(value: &Value, path: &mut Vec<String>, anchors: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for keyword in ["$anchor", "$dynamicAnchor"] {
                if let Some(name) = map.get(keyword).and_then(Value::as_str) {
                    anchors
                        .entry(name.to_owned())
                        .or_insert_with(|| pointer_of(path));
                }
            }
            for (key, child) in map {
                path.push(key.clone());
                find_anchors(child, path, anchors);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(index.to_string());
                find_anchors(child, path, anchors);
                path.pop();
            }
        }
        _ => {}
    }
}

/// `mutualTLS` security schemes (3.1), which 3.0 has no word for: dropped with a
/// warning, and from every security requirement. The client presents a certificate
/// through the `reqwest::Client` a caller gives its builder.
fn mutual_tls(raw: &mut Value, warnings: &mut Vec<Warning>) {
    let mut dropped = Vec::new();
    if let Some(Value::Object(schemes)) = raw.pointer_mut("/components/securitySchemes") {
        schemes.retain(|name, scheme| {
            let mtls = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
            if mtls {
                warnings.push(Warning::new(
                    format!("#/components/securitySchemes/{}", pointer_token(name)),
                    "a `mutualTLS` scheme is not set by the client: give the builder a \
                     `reqwest::Client` that presents the certificate (`http_client`)",
                ));
                dropped.push(name.clone());
            }
            !mtls
        });
    }
    if dropped.is_empty() {
        return;
    }
    let forget = |requirements: &mut Value| {
        for requirement in requirements.as_array_mut().into_iter().flatten() {
            if let Some(requirement) = requirement.as_object_mut() {
                requirement.retain(|name, _| !dropped.contains(name));
            }
        }
    };
    if let Some(security) = raw.get_mut("security") {
        forget(security);
    }
    for item in raw
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
    {
        for op in item.values_mut().filter_map(Value::as_object_mut) {
            if let Some(security) = op.get_mut("security") {
                forget(security);
            }
        }
    }
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

fn walk(raw: &mut Value, rewrite: &mut Rewrite) -> Result<(), GenerateError> {
    let mut failed = None;
    each_schema(raw, &mut Vec::new(), &mut |value, path| {
        if failed.is_some() {
            return;
        }
        let reads_booleans = path.last().map(String::as_str) == Some("additionalProperties");
        if let (Value::Bool(valid), false) = (&*value, reads_booleans) {
            boolean_schema(*valid, path, &mut rewrite.warnings);
            *value = json!({});
        }
        if let Some(schema) = value.as_object_mut() {
            failed = rewrite_schema(schema, &pointer_of(path), rewrite).err();
        }
    });
    failed.map_or(Ok(()), Err)
}

/// A boolean schema (`true`: any value; `false`: none), which 3.0 has no word for,
/// becomes an empty schema; `false` says so, but where 3.0 reads a boolean
/// (`additionalProperties`), which is left as it is, and for a property, which is
/// dropped by [`rewrite_schema`] before this sees it.
fn boolean_schema(valid: bool, path: &[String], warnings: &mut Vec<Warning>) {
    if !valid {
        warnings.push(Warning::new(
            pointer_of(path),
            "`false` (no value is valid) is read as any value: the client does not check it",
        ));
    }
}

/// Properties whose schema is `false` may never be present: dropped with a warning;
/// `true` ones are any value. `additionalProperties: false` is 3.0 already.
fn boolean_properties(schema: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        properties.retain(|name, value| {
            let never = *value == Value::Bool(false);
            if never {
                warnings.push(Warning::new(
                    format!("{pointer}/properties/{}", pointer_token(name)),
                    "a property whose schema is `false` is never valid: it is left out",
                ));
            }
            !never
        });
    }
}

/// `$dynamicRef`, and a `$ref` to a plain-name anchor (`#node`), as a `$ref` to the
/// schema they reach without a dynamic scope; none found: any value. With a warning
/// for `$dynamicRef`, whose meaning can differ in a dynamic scope.
fn anchor_refs(schema: &mut Map<String, Value>, pointer: &str, rewrite: &mut Rewrite) {
    let target = |reference: &str| -> Option<String> {
        match reference.strip_prefix('#') {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => Some(reference.to_owned()),
            Some(name) => rewrite.anchors.get(name).cloned(),
            None => None,
        }
    };
    if let Some(Value::String(reference)) = schema.get("$ref") {
        if let Some(found) = target(reference) {
            schema.insert("$ref".to_owned(), json!(found));
        }
    }
    let Some(dynamic) = schema.remove("$dynamicRef") else {
        return;
    };
    let found = dynamic.as_str().and_then(target);
    let message = match &found {
        Some(found) => format!(
            "`$dynamicRef` is read as a `$ref` to `{found}`, what it reaches without a dynamic scope"
        ),
        None => "`$dynamicRef` reaches no schema in this document: any value is read".to_owned(),
    };
    rewrite
        .warnings
        .push(Warning::new(format!("{pointer}/$dynamicRef"), message));
    if let Some(found) = found {
        schema.entry("$ref").or_insert(json!(found));
    }
}

/// One schema object, from 2020-12 keywords to 3.0's.
fn rewrite_schema(
    schema: &mut Map<String, Value>,
    pointer: &str,
    rewrite: &mut Rewrite,
) -> Result<(), GenerateError> {
    anchor_refs(schema, pointer, rewrite);
    let warnings = &mut rewrite.warnings;
    for keyword in DROPPED {
        if schema.remove(*keyword).is_some() {
            warnings.push(Warning::new(
                format!("{pointer}/{}", pointer_token(keyword)),
                format!("`{keyword}` is ignored: the client does not check it"),
            ));
        }
    }
    boolean_properties(schema, pointer, warnings);
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
