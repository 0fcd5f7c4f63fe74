//! Part of loading: mistakes real specs make that other tools accept, and
//! references `openapiv3` cannot read, repaired in the raw document before it is
//! parsed, each mistake with a warning that names where it was. `--deny-warnings`
//! refuses them.
//!
//! - A path key without its leading `/` is read with it.
//! - `info.version` (or `title`) written as a number is read as text.
//! - A response without a `description` gets an empty one.
//! - A parameter `style` its location does not allow is dropped (the location's
//!   default is used); a parameter with neither `schema` nor `content` is a string.
//! - A callback given by `$ref` is read as what it names (callbacks are ignored
//!   later, with a warning, like every callback).
//! - Schema references: to a response (`#/components/responses/X`), the response's
//!   JSON schema; to a part of a schema or of another object
//!   (`#/components/schemas/Tag/allOf/0`), that part, copied into a component of
//!   its own, with no warning (it is valid); to nothing, any value.
//! - A schema `type` that is not JSON Schema's is the type it plainly means (`str`
//!   is `string`, `int` `integer`, `file` a binary `string`), or none.
//! - An `allOf` with a part that is a `oneOf` without a discriminator is the union of
//!   each branch with the other parts (valid as written; no warning).
//! - An inline schema nested more than ten schemas deep is moved into a component
//!   of its own (valid as written; no warning): `openapiv3` reads nesting in time
//!   exponential in its depth.
//! - Numbers in schemas: a bound written as text is read as a number; an integer
//!   schema's bound that is not a 64-bit integer is rounded into range or dropped; a
//!   length or count that is negative, fractional or too large is dropped or rounded.

mod numbers;

use crate::model::Warning;
use crate::naming::{pointer_of, pointer_token};
use crate::shared::{follow_refs, RefProblem};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const RESPONSE_PREFIX: &str = "#/components/responses/";
const SCHEMA_PREFIX: &str = "#/components/schemas/";
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];
/// How many times the parts references name are looked for: parts copied into
/// components may name further parts.
const COPY_ROUNDS: usize = 16;

/// Repair `raw` in place; one warning per repair, and the components added, each
/// with the pointer of the place it stands for.
pub fn repair(raw: &mut Value) -> (Vec<Warning>, Vec<(String, String)>) {
    let mut warnings = Vec::new();
    let mut moved = Vec::new();
    path_keys(raw, &mut warnings, &mut moved);
    info_text(raw, &mut warnings);
    responses_described(raw, &mut warnings);
    parameter_styles(raw, &mut warnings);
    parameter_schemas(raw, &mut warnings);
    callbacks_by_ref(raw, &mut warnings);
    numbers::repair(raw, &mut warnings);
    schema_types(raw, &mut warnings);
    distribute_all_of(raw, &mut moved);
    schema_refs(raw, &mut warnings, &mut moved);
    deep_schemas(raw, &mut moved);
    (warnings, moved)
}

/// A path key without its leading `/` (`pets`) read as `/pets`, unless that key is
/// there too; the item's place is recorded in `moved`.
fn path_keys(raw: &mut Value, warnings: &mut Vec<Warning>, moved: &mut Vec<(String, String)>) {
    let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let fix = |key: &String| !key.starts_with('/') && !key.starts_with("x-");
    if !paths.keys().any(fix) {
        return;
    }
    let old = std::mem::take(paths);
    let taken: Vec<String> = old.keys().cloned().collect();
    for (key, item) in old {
        let fixed = format!("/{key}");
        if fix(&key) && !taken.contains(&fixed) {
            let place = format!("#/paths/{}", pointer_token(&key));
            warnings.push(Warning::new(
                place.clone(),
                format!("a path starts with `/`: `{key}` is read as `{fixed}`"),
            ));
            moved.push((format!("#/paths/{}", pointer_token(&fixed)), place));
            paths.insert(fixed, item);
        } else {
            paths.insert(key, item);
        }
    }
}

/// `info.version: 1` and `info.title: 2024` as text.
fn info_text(raw: &mut Value, warnings: &mut Vec<Warning>) {
    let Some(info) = raw.get_mut("info").and_then(Value::as_object_mut) else {
        return;
    };
    for field in ["version", "title"] {
        if let Some(value @ (Value::Number(_) | Value::Bool(_))) = info.get_mut(field) {
            let text = value.to_string();
            warnings.push(Warning::new(
                format!("#/info/{field}"),
                format!("`{field}` is not a string: read as \"{text}\""),
            ));
            *value = json!(text);
        }
    }
}

/// The operations of the document as written: their paths as tokens.
fn operations(raw: &Value) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (section, items) in [
        ("paths", raw.get("paths")),
        ("components", raw.pointer("/components/pathItems")),
    ] {
        let Some(items) = items.and_then(Value::as_object) else {
            continue;
        };
        for (name, item) in items {
            let Some(item) = item.as_object() else {
                continue;
            };
            let base: Vec<String> = match section {
                "paths" => vec!["paths".into(), name.clone()],
                _ => vec!["components".into(), "pathItems".into(), name.clone()],
            };
            for method in item.keys().filter(|k| METHODS.contains(&k.as_str())) {
                let mut path = base.clone();
                path.push(method.clone());
                found.push(path);
            }
            // 3.2's other methods.
            let others = item.get("additionalOperations").and_then(Value::as_object);
            for method in others.into_iter().flat_map(|others| others.keys()) {
                let mut path = base.clone();
                path.extend(["additionalOperations".to_owned(), method.clone()]);
                found.push(path);
            }
        }
    }
    found
}

fn at<'v>(raw: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    raw.pointer_mut(&pointer_of(path)[1..])
}

/// A response object without its required `description` gets `""`.
fn responses_described(raw: &mut Value, warnings: &mut Vec<Warning>) {
    let mut places: Vec<Vec<String>> = Vec::new();
    for op in operations(raw) {
        let mut responses = op.clone();
        responses.push("responses".into());
        if let Some(Value::Object(map)) = raw.pointer(&pointer_of(&responses)[1..]) {
            for code in map.keys().filter(|k| !k.starts_with("x-")) {
                let mut place = responses.clone();
                place.push(code.clone());
                places.push(place);
            }
        }
    }
    if let Some(Value::Object(map)) = raw.pointer("/components/responses") {
        for name in map.keys() {
            places.push(vec!["components".into(), "responses".into(), name.clone()]);
        }
    }
    for place in places {
        if let Some(Value::Object(response)) = at(raw, &place) {
            if !response.contains_key("$ref") && !response.contains_key("description") {
                response.insert("description".to_owned(), json!(""));
                warnings.push(Warning::new(
                    pointer_of(&place),
                    "a response needs a `description`: read as empty",
                ));
            }
        }
    }
}

/// Every parameter object's path: on path items, operations and in components.
fn parameters(raw: &Value) -> Vec<Vec<String>> {
    let mut lists: Vec<Vec<String>> = operations(raw);
    for op in operations(raw) {
        let item = match op.len() >= 2 && op[op.len() - 2] == "additionalOperations" {
            true => op.len() - 2,
            false => op.len() - 1,
        };
        lists.push(op[..item].to_vec());
    }
    lists.sort();
    lists.dedup();
    let mut found = Vec::new();
    for mut list in lists {
        list.push("parameters".into());
        if let Some(Value::Array(items)) = raw.pointer(&pointer_of(&list)[1..]) {
            for i in 0..items.len() {
                let mut path = list.clone();
                path.push(i.to_string());
                found.push(path);
            }
        }
    }
    if let Some(Value::Object(map)) = raw.pointer("/components/parameters") {
        for name in map.keys() {
            found.push(vec!["components".into(), "parameters".into(), name.clone()]);
        }
    }
    found
}

/// A `style` the parameter's location does not allow is dropped.
fn parameter_styles(raw: &mut Value, warnings: &mut Vec<Warning>) {
    for place in parameters(raw) {
        let Some(Value::Object(param)) = at(raw, &place) else {
            continue;
        };
        let (Some(location), Some(style)) = (
            param.get("in").and_then(Value::as_str),
            param.get("style").and_then(Value::as_str),
        ) else {
            continue;
        };
        let allowed: &[&str] = match location {
            "path" => &["matrix", "label", "simple"],
            "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
            "header" => &["simple"],
            "cookie" => &["form"],
            _ => continue,
        };
        if !allowed.contains(&style) {
            warnings.push(Warning::new(
                format!("{}/style", pointer_of(&place)),
                format!(
                    "a {location} parameter cannot have the style `{style}`: its default, `{}`, is used",
                    allowed[if location == "path" { 2 } else { 0 }]
                ),
            ));
            param.remove("style");
        }
    }
}

/// A parameter with neither `schema` nor `content` as a string: what it is on the
/// wire, whatever else it was meant to be.
fn parameter_schemas(raw: &mut Value, warnings: &mut Vec<Warning>) {
    for place in parameters(raw) {
        let Some(Value::Object(param)) = at(raw, &place) else {
            continue;
        };
        if ["$ref", "schema", "content"]
            .iter()
            .any(|key| param.contains_key(*key))
        {
            continue;
        }
        warnings.push(Warning::new(
            pointer_of(&place),
            "a parameter has neither `schema` nor `content`: it is read as a string",
        ));
        param.insert("schema".into(), json!({ "type": "string" }));
    }
}

/// A schema `type` that is not one of JSON Schema's: the type it plainly means
/// (`str`, `int`, `file`, …), else none (any value).
fn schema_types(raw: &mut Value, warnings: &mut Vec<Warning>) {
    const TYPES: &[&str] = &[
        "string", "number", "integer", "boolean", "array", "object", "null",
    ];
    each_schema(raw, &mut Vec::new(), &mut |node, path| {
        let Some(schema) = node.as_object_mut() else {
            return;
        };
        let Some(Value::String(written)) = schema.get("type") else {
            return;
        };
        if TYPES.contains(&written.as_str()) {
            return;
        }
        let written = written.clone();
        let meant = match written.to_ascii_lowercase().as_str() {
            "str" | "text" => Some(("string", None)),
            "int" | "long" | "int32" | "int64" => Some(("integer", None)),
            "bool" => Some(("boolean", None)),
            "float" | "double" | "decimal" => Some(("number", None)),
            "file" | "binary" => Some(("string", Some("binary"))),
            "date" => Some(("string", Some("date"))),
            "datetime" | "date-time" => Some(("string", Some("date-time"))),
            "map" | "dict" => Some(("object", None)),
            "list" => Some(("array", None)),
            _ => None,
        };
        let at = format!("{}/type", pointer_of(path));
        match meant {
            Some((kind, format)) => {
                warnings.push(Warning::new(
                    at,
                    format!("`{written}` is not a JSON Schema type: read as `{kind}`"),
                ));
                schema.insert("type".into(), json!(kind));
                if let Some(format) = format {
                    schema.entry("format").or_insert_with(|| json!(format));
                }
            }
            None => {
                warnings.push(Warning::new(
                    at,
                    format!("`{written}` is not a JSON Schema type: any JSON value is read"),
                ));
                schema.remove("type");
            }
        }
    });
}

/// An `allOf` with one part that is a `oneOf` (or `anyOf`) without a discriminator,
/// `allOf: [Base, {oneOf: [Cat, Dog]}]`, as the union it means: `oneOf: [{allOf:
/// [Base, Cat]}, {allOf: [Base, Dog]}]`. Members beside the `allOf` that describe the
/// value (`properties`, `required`) join each branch; the others stay outside. Each
/// branch's parts are recorded in `moved` at the places they were written.
fn distribute_all_of(raw: &mut Value, moved: &mut Vec<(String, String)>) {
    const JOINING: &[&str] = &["properties", "required", "additionalProperties", "type"];
    each_schema(raw, &mut Vec::new(), &mut |node, path| {
        let Some(schema) = node.as_object_mut() else {
            return;
        };
        let Some(Value::Array(parts)) = schema.get("allOf") else {
            return;
        };
        let unions: Vec<usize> = (0..parts.len())
            .filter(|&i| {
                let part = &parts[i];
                ["oneOf", "anyOf"]
                    .iter()
                    .any(|k| part.get(*k).is_some_and(Value::is_array))
                    && part.get("discriminator").is_none()
            })
            .collect();
        let [index] = unions[..] else {
            return;
        };
        let here = pointer_of(path);
        let Some(Value::Array(mut parts)) = schema.remove("allOf") else {
            return;
        };
        let Value::Object(mut union) = parts.remove(index) else {
            return;
        };
        let keyword = if union.contains_key("oneOf") {
            "oneOf"
        } else {
            "anyOf"
        };
        let Some(Value::Array(variants)) = union.remove(keyword) else {
            return;
        };
        // The other parts, in order, with the places they were written.
        let mut shared: Vec<(Value, String)> = parts
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let written = if i < index { i } else { i + 1 };
                (part, format!("{here}/allOf/{written}"))
            })
            .collect();
        if !union.is_empty() {
            shared.push((Value::Object(union), format!("{here}/allOf/{index}")));
        }
        let beside: serde_json::Map<String, Value> = JOINING
            .iter()
            .filter_map(|k| schema.remove(*k).map(|v| ((*k).to_owned(), v)))
            .collect();
        if !beside.is_empty() {
            shared.push((Value::Object(beside), here.clone()));
        }
        let branches: Vec<Value> = variants
            .into_iter()
            .enumerate()
            .map(|(i, variant)| {
                let branch = format!("{here}/{keyword}/{i}/allOf");
                let mut all = Vec::new();
                for (k, (part, place)) in shared.iter().enumerate() {
                    moved.push((format!("{branch}/{k}"), place.clone()));
                    all.push(part.clone());
                }
                let variant_place = format!("{here}/allOf/{index}/{keyword}/{i}");
                moved.push((format!("{branch}/{}", shared.len()), variant_place));
                all.push(variant);
                json!({ "allOf": all })
            })
            .collect();
        schema.insert(keyword.to_owned(), Value::Array(branches));
    });
}

/// Callbacks given by `$ref` (which `openapiv3` cannot read) as what they name.
fn callbacks_by_ref(raw: &mut Value, warnings: &mut Vec<Warning>) {
    let mut places = Vec::new();
    for op in operations(raw) {
        let mut callbacks = op.clone();
        callbacks.push("callbacks".into());
        if let Some(Value::Object(map)) = raw.pointer(&pointer_of(&callbacks)[1..]) {
            for (name, callback) in map {
                if let Some(reference) = callback.get("$ref").and_then(Value::as_str) {
                    let mut place = callbacks.clone();
                    place.push(name.clone());
                    places.push((place, reference.to_owned()));
                }
            }
        }
    }
    for (place, reference) in places {
        let target = follow_refs(raw, &reference).map(|(node, _)| node.clone());
        let Some(Value::Object(callbacks)) = at(raw, &place[..place.len() - 1]) else {
            continue;
        };
        match target {
            Ok(target @ Value::Object(_)) => {
                callbacks.insert(place[place.len() - 1].clone(), target);
            }
            _ => {
                callbacks.remove(&place[place.len() - 1]);
                warnings.push(Warning::new(
                    pointer_of(&place),
                    format!("the callback `{reference}` names nothing: it is left out"),
                ));
            }
        }
    }
}

/// Whether the value at `path` is a schema: under `components/schemas`, the value of
/// a `schema` member (parameters, media types, headers), or a subschema of a schema.
pub(super) fn is_schema(path: &[String]) -> bool {
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

/// Call `visit` on every node of `value` at a schema's place (see [`is_schema`]),
/// each before the nodes inside it, with its path.
pub(super) fn each_schema(
    value: &mut Value,
    path: &mut Vec<String>,
    visit: &mut dyn FnMut(&mut Value, &[String]),
) {
    if is_schema(path) {
        visit(value, path);
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                path.push(key.clone());
                each_schema(child, path, visit);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                path.push(index.to_string());
                each_schema(child, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Every schema `$ref` in `value`, with its path.
fn find_schema_refs(value: &mut Value) -> Vec<(Vec<String>, String)> {
    let mut found = Vec::new();
    each_schema(value, &mut Vec::new(), &mut |node, path| {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            found.push((path.to_vec(), reference.to_owned()));
        }
    });
    found
}

/// What a schema reference stands for when `openapiv3` cannot follow it.
enum Stands {
    /// As written: a whole component, or what lowering reports (external references
    /// and cycles).
    AsWritten,
    /// The schema at this pointer, with a warning where the reference is a mistake.
    At(String, Option<String>),
    /// Any value, and why.
    Any(String),
}

fn stands_for(raw: &Value, reference: &str) -> Stands {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Stands::AsWritten;
    };
    if let Some(name) = reference
        .strip_prefix(SCHEMA_PREFIX)
        .filter(|n| !n.contains('/'))
    {
        return match follow_refs(raw, reference) {
            Err(RefProblem::Missing) => Stands::Any(format!(
                "no schema is named `{name}`: any JSON value is read"
            )),
            _ => Stands::AsWritten,
        };
    }
    if reference
        .strip_prefix(RESPONSE_PREFIX)
        .is_some_and(|n| !n.contains('/'))
    {
        return match response_schema(raw, reference) {
            Some((media_type, at)) => Stands::At(
                at,
                Some(format!(
                    "`{reference}` is a response, not a schema: its `{media_type}` schema is used"
                )),
            ),
            None => Stands::Any(format!(
                "`{reference}` is a response with no schema, not a schema: any JSON value is read"
            )),
        };
    }
    match raw.pointer(pointer) {
        _ if pointer.is_empty() => Stands::Any(format!(
            "`{reference}` is the whole document, not a schema: any JSON value is read"
        )),
        Some(Value::Object(_) | Value::Bool(true)) => Stands::At(reference.to_owned(), None),
        _ => Stands::Any(format!(
            "`{reference}` names no schema: any JSON value is read"
        )),
    }
}

/// Schema references to responses, to parts of schemas and to nothing (see the
/// module's doc). A part a reference names is copied, once, into a component of its
/// own that every reference to it then names (so a part that refers to itself is a
/// recursive type); `moved` gets each new component's pointer and the place it
/// stands for.
fn schema_refs(raw: &mut Value, warnings: &mut Vec<Warning>, moved: &mut Vec<(String, String)>) {
    let mut components: BTreeMap<String, String> = BTreeMap::new();
    for _round in 0..COPY_ROUNDS {
        let mut added = Vec::new();
        for (path, reference) in find_schema_refs(raw) {
            let replacement = match stands_for(raw, &reference) {
                Stands::AsWritten => continue,
                Stands::Any(message) => {
                    warnings.push(Warning::new(pointer_of(&path), message));
                    json!({})
                }
                Stands::At(at, warning) => {
                    if let Some(message) = warning {
                        warnings.push(Warning::new(pointer_of(&path), message));
                    }
                    let name = match components.get(&at) {
                        Some(name) => name.clone(),
                        None => {
                            let name = component_for(raw, &at, &components);
                            let part = raw.pointer(&at[1..]).cloned().unwrap_or(json!({}));
                            added.push((name.clone(), part));
                            moved.push((
                                format!("{SCHEMA_PREFIX}{}", pointer_token(&name)),
                                at.clone(),
                            ));
                            components.insert(at, name.clone());
                            name
                        }
                    };
                    json!({ "$ref": format!("{SCHEMA_PREFIX}{}", pointer_token(&name)) })
                }
            };
            if let Some(node) = at(raw, &path) {
                *node = replacement;
            }
        }
        if added.is_empty() {
            return;
        }
        let Some(root) = raw.as_object_mut() else {
            return;
        };
        let schemas = root
            .entry("components")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .map(|c| c.entry("schemas").or_insert_with(|| json!({})));
        if let Some(Value::Object(schemas)) = schemas {
            schemas.extend(added);
        }
    }
}

/// A component name for the part at `pointer`: its pointer's words, without those
/// every pointer has, and a number when that is taken.
fn component_for(raw: &Value, pointer: &str, given: &BTreeMap<String, String>) -> String {
    const STRUCTURE: &[&str] = &[
        "components",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "paths",
        "content",
        "schema",
        "properties",
        "items",
    ];
    let words: Vec<String> = pointer
        .trim_start_matches("#/")
        .split('/')
        .map(crate::naming::token_text)
        .filter(|token| !STRUCTURE.contains(&token.as_str()) && !token.contains('/'))
        .collect();
    let wanted = match words.join(" ") {
        text if text.is_empty() => "Part".to_owned(),
        text => text,
    };
    let taken = |name: &str| {
        raw.pointer("/components/schemas")
            .and_then(|s| s.get(name))
            .is_some()
            || given.values().any(|g| g == name)
    };
    let mut name = wanted.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{wanted} {n}");
        n += 1;
    }
    name
}

/// How many schemas deep an inline schema may sit inside a component, a parameter or
/// a body before it is moved into a component of its own.
const MOST_NESTED: usize = 10;

/// Inline schemas nested more than [`MOST_NESTED`] deep, each moved into a component
/// of its own that its place then refers to (recorded in `moved`). `openapiv3` reads
/// nested schemas in time exponential in their depth; a component is read on its own.
/// The document means the same; nothing is warned about.
fn deep_schemas(raw: &mut Value, moved: &mut Vec<(String, String)>) {
    let mut given: BTreeMap<String, String> = BTreeMap::new();
    for _round in 0..COPY_ROUNDS {
        let mut deep: Vec<Vec<String>> = Vec::new();
        each_schema(raw, &mut Vec::new(), &mut |node, path| {
            let depth = (1..=path.len()).filter(|&i| is_schema(&path[..i])).count();
            if depth > MOST_NESTED && node.is_object() && node.get("$ref").is_none() {
                // Only the outermost of a deep run: what is inside moves with it.
                if !deep.iter().any(|outer| path.starts_with(outer)) {
                    deep.push(path.to_vec());
                }
            }
        });
        if deep.is_empty() {
            return;
        }
        for path in deep {
            let place = pointer_of(&path);
            let name = component_for(raw, &place, &given);
            // Where the component goes: `components/schemas`, made when missing; a
            // document whose `components` is no object keeps the schema in place.
            let Some(root) = raw.as_object_mut() else {
                return;
            };
            let components = root.entry("components").or_insert_with(|| json!({}));
            let Some(components) = components.as_object_mut() else {
                return;
            };
            match components.get("schemas") {
                None => {
                    components.insert("schemas".into(), json!({}));
                }
                Some(Value::Object(_)) => {}
                Some(_) => return,
            }
            let Some(node) = raw.pointer_mut(&place[1..]) else {
                continue;
            };
            let reference = json!({ "$ref": format!("{SCHEMA_PREFIX}{}", pointer_token(&name)) });
            let part = std::mem::replace(node, reference);
            if let Some(Value::Object(schemas)) = raw.pointer_mut("/components/schemas") {
                schemas.insert(name.clone(), part);
            }
            moved.push((
                format!("{SCHEMA_PREFIX}{}", pointer_token(&name)),
                place.clone(),
            ));
            given.insert(place, name);
        }
    }
}

/// The pointer of a response's JSON body schema (the first `…json` media type, else
/// the first with a schema), through responses that refer to responses.
fn response_schema(raw: &Value, reference: &str) -> Option<(String, String)> {
    let (response, at) = follow_refs(raw, reference).ok()?;
    let content = response.get("content")?.as_object()?;
    let with_schema = || content.iter().filter(|(_, m)| m.get("schema").is_some());
    let (media_type, _) = with_schema()
        .find(|(media_type, _)| media_type.contains("json"))
        .or_else(|| with_schema().next())?;
    Some((
        media_type.clone(),
        format!("{at}/content/{}/schema", pointer_token(media_type)),
    ))
}
