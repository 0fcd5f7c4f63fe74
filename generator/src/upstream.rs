//! Keeping a hand-written spec in step with the provider's published one: for every
//! operation of ours found in theirs (by method and path, whatever the path
//! parameters are called), each request and response field (JSON bodies, through
//! `$ref`s and `allOf`, nested objects and array items) that is on one side only,
//! differs in type, or differs in being required.
//!
//! What ours adds on purpose counts as agreement: patterns, bounds, formats, an enum
//! where theirs has a plain value, named properties where theirs has a free-form
//! object, responses theirs does not describe (error bodies).

use crate::load::load_with;
use crate::shared::{follow_refs, GenerateError, NoFiles, Resolve};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Which side a spec that failed to load is.
#[derive(Debug)]
pub struct Error {
    /// `true`: theirs; `false`: ours.
    pub theirs: bool,
    pub error: GenerateError,
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// `POST /v1/otps/sms/send`.
    pub operation: String,
    /// `request`, or `response 200`.
    pub part: String,
    /// The field's path in the body: `member.roles[].role_id`; empty for the operation.
    pub field: String,
    /// `only in ours`, `only in theirs`, `type`, `required`, `operation only in ours`.
    pub kind: &'static str,
    /// What each side says: a type (`string`, `object`, …), `required`/`optional`.
    pub ours: String,
    pub theirs: String,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Our operations found in theirs.
    pub compared: usize,
    pub differences: Vec<Difference>,
}

/// Compare our spec with theirs (each in one file).
pub fn compare(ours: &str, theirs: &str) -> Result<Report, Error> {
    compare_with(ours, &NoFiles, theirs, &NoFiles)
}

/// [`compare`], each side's other files read through its resolver.
pub fn compare_with(
    ours: &str,
    ours_files: &dyn Resolve,
    theirs: &str,
    theirs_files: &dyn Resolve,
) -> Result<Report, Error> {
    let side = |theirs: bool| move |error| Error { theirs, error };
    let ours = load_with(ours, ours_files).map_err(side(false))?.raw;
    let theirs = load_with(theirs, theirs_files).map_err(side(true))?.raw;
    let mut report = Report {
        compared: 0,
        differences: Vec::new(),
    };
    for (path, method, op) in operations(&ours) {
        let name = format!("{} {path}", method.to_ascii_uppercase());
        let Some(their_op) = find(&theirs, &path, &method) else {
            report.differences.push(Difference {
                operation: name,
                part: String::new(),
                field: String::new(),
                kind: "operation only in ours",
                ours: "present".to_owned(),
                theirs: "absent".to_owned(),
            });
            continue;
        };
        report.compared += 1;
        compare_bodies(
            &ours,
            json_schema(&ours, op.get("requestBody")),
            &theirs,
            json_schema(&theirs, their_op.get("requestBody")),
            &name,
            "request",
            &mut report,
        );
        let responses = op.get("responses").and_then(Value::as_object);
        for (status, response) in responses.into_iter().flatten() {
            let Some(theirs_response) = their_op.get("responses").and_then(|r| r.get(status))
            else {
                continue;
            };
            compare_bodies(
                &ours,
                json_schema(&ours, Some(response)),
                &theirs,
                json_schema(&theirs, Some(theirs_response)),
                &name,
                &format!("response {status}"),
                &mut report,
            );
        }
    }
    Ok(report)
}

/// The methods a path item gives fields of their own (OpenAPI 3.2's `query` among
/// them); any other is an entry of its `additionalOperations`.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// A path item's operation for `method`: a field, else an `additionalOperations` entry.
fn operation_of<'d>(item: &'d Value, method: &str) -> Option<&'d Value> {
    if METHODS.contains(&method) {
        item.get(method)
    } else {
        item.get("additionalOperations")?.get(method)
    }
}

/// Every operation: path, method, the operation object.
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let item = follow(doc, item);
        let additional = item.get("additionalOperations").and_then(Value::as_object);
        let methods = METHODS
            .iter()
            .map(|m| (*m).to_owned())
            .chain(additional.into_iter().flat_map(|a| a.keys().cloned()));
        for method in methods {
            if let Some(op) = operation_of(item, &method) {
                found.push((path.clone(), method, op));
            }
        }
    }
    found
}

/// `/users/{id}` and `/users/{user_id}` are the same path.
fn path_shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out.trim_end_matches('/').to_owned()
}

fn find<'d>(doc: &'d Value, path: &str, method: &str) -> Option<&'d Value> {
    let shape = path_shape(path);
    doc.get("paths")?
        .as_object()?
        .iter()
        .find(|(p, _)| path_shape(p) == shape)
        .and_then(|(_, item)| operation_of(follow(doc, item), method))
}

/// A node, or what its local `$ref` leads to (a few steps at most).
fn follow<'d>(doc: &'d Value, node: &'d Value) -> &'d Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => follow_refs(doc, reference).map_or(node, |(target, _)| target),
        None => node,
    }
}

/// The JSON schema of a request body or response, if it has one.
fn json_schema<'d>(doc: &'d Value, holder: Option<&'d Value>) -> Option<&'d Value> {
    let content = follow(doc, holder?).get("content")?.as_object()?;
    content
        .iter()
        .find(|(media, _)| {
            let essence = media.split(';').next().unwrap_or_default().trim();
            essence == "application/json" || essence.ends_with("+json")
        })
        .or_else(|| content.iter().next())
        .and_then(|(_, media)| media.get("schema"))
}

/// One field: its type, whether it is required, whether it is a free-form object.
#[derive(Debug, Clone)]
struct FieldInfo {
    ty: String,
    required: bool,
    free_form: bool,
}

/// Every field of a schema, by its path in the body.
fn fields(doc: &Value, schema: &Value) -> BTreeMap<String, FieldInfo> {
    let mut out = BTreeMap::new();
    let top = schema
        .get("$ref")
        .and_then(Value::as_str)
        .unwrap_or_default();
    walk(doc, schema, "", &mut out, &mut vec![top.to_owned()]);
    out
}

/// The properties and `required` of an object schema, `allOf` parts merged in.
fn object_parts<'d>(
    doc: &'d Value,
    schema: &'d Value,
    depth: usize,
) -> (Vec<(&'d String, &'d Value)>, Vec<String>) {
    let schema = follow(doc, schema);
    let mut properties: Vec<(&String, &Value)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().collect())
        .unwrap_or_default();
    let mut required: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if depth < 32 {
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (more, also) = object_parts(doc, part, depth + 1);
            for (name, property) in more {
                if !properties.iter().any(|(n, _)| *n == name) {
                    properties.push((name, property));
                }
            }
            required.extend(also);
        }
    }
    (properties, required)
}

/// A schema's type as the comparison reads it.
fn type_of(doc: &Value, schema: &Value, depth: usize) -> String {
    let schema = follow(doc, schema);
    if let Some(ty) = schema.get("type").and_then(Value::as_str) {
        return ty.to_owned();
    }
    if schema.get("properties").is_some() {
        return "object".to_owned();
    }
    if depth < 32 {
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            if let Some(ty) = parts
                .iter()
                .map(|p| type_of(doc, p, depth + 1))
                .find(|t| t != "any")
            {
                return ty;
            }
        }
    }
    if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
        return "one of several".to_owned();
    }
    if schema.get("items").is_some() {
        return "array".to_owned();
    }
    "any".to_owned()
}

/// Record the fields of `schema` under `prefix`. `through` holds the references on the
/// way here: a schema met again (a recursive one) is recorded but not entered again.
fn walk(
    doc: &Value,
    schema: &Value,
    prefix: &str,
    out: &mut BTreeMap<String, FieldInfo>,
    through: &mut Vec<String>,
) {
    let depth = through.len();
    if depth > 32 {
        return;
    }
    let (properties, required) = object_parts(doc, schema, depth);
    for (name, property) in properties {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let ty = type_of(doc, property, depth);
        let (inner, free_form) = match ty.as_str() {
            "object" => {
                let (props, _) = object_parts(doc, property, depth + 1);
                (Some((property, path.clone())), props.is_empty())
            }
            "array" => {
                let items = follow(doc, property).get("items");
                let item_props = items
                    .map(|i| object_parts(doc, i, depth + 1).0.len())
                    .unwrap_or(0);
                (
                    items
                        .filter(|_| item_props > 0)
                        .map(|i| (i, format!("{path}[]"))),
                    false,
                )
            }
            _ => (None, false),
        };
        out.insert(
            path.clone(),
            FieldInfo {
                ty,
                required: required.iter().any(|r| r == name),
                free_form,
            },
        );
        let Some((inner, inner_path)) = inner else {
            continue;
        };
        let reference = inner
            .get("$ref")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if !reference.is_empty() && through.contains(&reference) {
            continue;
        }
        through.push(reference);
        walk(doc, inner, &inner_path, out, through);
        through.pop();
    }
}

#[allow(clippy::too_many_arguments)]
fn compare_bodies(
    ours_doc: &Value,
    ours: Option<&Value>,
    theirs_doc: &Value,
    theirs: Option<&Value>,
    operation: &str,
    part: &str,
    report: &mut Report,
) {
    let (Some(ours), Some(theirs)) = (ours, theirs) else {
        return;
    };
    let ours = fields(ours_doc, ours);
    let theirs = fields(theirs_doc, theirs);
    let mut push = |field: &str, kind: &'static str, a: String, b: String| {
        report.differences.push(Difference {
            operation: operation.to_owned(),
            part: part.to_owned(),
            field: field.to_owned(),
            kind,
            ours: a,
            theirs: b,
        })
    };
    // Below a free-form object of theirs, our named properties are a refinement.
    let under_free_form = |field: &str| {
        theirs
            .iter()
            .any(|(name, info)| info.free_form && field.starts_with(&format!("{name}.")))
    };
    let presence = |required: bool| if required { "required" } else { "optional" }.to_owned();
    for (field, info) in &ours {
        match theirs.get(field) {
            None if under_free_form(field) => {}
            None => push(field, "only in ours", info.ty.clone(), "absent".to_owned()),
            Some(other) => {
                let refinement =
                    other.ty == "any" || (other.ty == "number" && info.ty == "integer");
                if info.ty != other.ty && !refinement {
                    push(field, "type", info.ty.clone(), other.ty.clone());
                }
                if info.required != other.required {
                    push(
                        field,
                        "required",
                        presence(info.required),
                        presence(other.required),
                    );
                }
            }
        }
    }
    for (field, info) in &theirs {
        let under_ours_free_form = ours
            .iter()
            .any(|(name, o)| o.free_form && field.starts_with(&format!("{name}.")));
        if !ours.contains_key(field) && !under_ours_free_form {
            push(
                field,
                "only in theirs",
                "absent".to_owned(),
                info.ty.clone(),
            );
        }
    }
}

impl Report {
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{} operation(s) compared, {} difference(s)\n",
            self.compared,
            self.differences.len()
        );
        let mut last = "";
        for d in &self.differences {
            if d.operation != last {
                let _ = writeln!(out, "{}", d.operation);
                last = &d.operation;
            }
            if d.field.is_empty() {
                let _ = writeln!(out, "  {}", d.kind);
            } else {
                let _ = writeln!(
                    out,
                    "  {} {}: {} (ours: {}, theirs: {})",
                    d.part, d.field, d.kind, d.ours, d.theirs
                );
            }
        }
        out
    }

    pub fn to_json(&self) -> String {
        let differences: Vec<Value> = self
            .differences
            .iter()
            .map(|d| {
                serde_json::json!({
                    "operation": d.operation,
                    "part": d.part,
                    "field": d.field,
                    "kind": d.kind,
                    "ours": d.ours,
                    "theirs": d.theirs,
                })
            })
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({
            "compared": self.compared,
            "differences": differences,
        }))
        .unwrap_or_default()
            + "\n"
    }
}
