//! Part of loading: what OpenAPI 3.2 adds to 3.1, read in place before the 3.1
//! rewrite (`downgrade`), so that pointers stay true to the file as written.
//!
//! - A path item's `query` and `additionalOperations` stay where they are: lowering
//!   reads them from the raw JSON as operations sending `QUERY` or the entry's key.
//!   Here they are given the empty `responses` 3.1 allows them to leave out, and
//!   checked as operations once the document is parsed (`check_operations`).
//! - `components/mediaTypes` are resolved in place: a `content` entry that is a
//!   `$ref` to one becomes a copy of it (errors inside it then point at the entry),
//!   and the section is removed.
//! - A response may leave out its `description` (`openapiv3` needs one: it becomes
//!   empty); an example's `dataValue` is its `value` when it has none.
//! - Warned about and ignored: `$self` (references are resolved against the file
//!   they are in), `itemSchema`, `itemEncoding` and `prefixEncoding` (a stream is
//!   read whole, as its media type is read: text for `text/*`, else bytes), a
//!   discriminator's `defaultMapping`; `style: cookie` is read as `form`.
//! - Refused at its pointer: a parameter `in: querystring` (the whole query string
//!   as one value), which the client cannot write.
//! - Ignored silently, as `openapiv3` ignores them: what only documents the API (a
//!   tag's `summary`, `parent` and `kind`, a response's `summary`, a server's `name`,
//!   `xml.nodeType`, an example's `serializedValue`, a security scheme's
//!   `deprecated` and `oauth2MetadataUrl`, the `deviceAuthorization` OAuth flow: an
//!   OAuth2 scheme is a bearer token to the client whatever its flows).
//!
//! A document of an earlier version that uses `query` or `additionalOperations` has
//! them removed with a warning (`not_before_3_2`): they mean nothing there.

use super::tolerate::is_schema;
use crate::model::Warning;
use crate::naming::{pointer_of, pointer_token};
use crate::shared::{follow_refs, GenerateError, RefProblem};
use serde_json::{json, Value};

const MEDIA_TYPES: &str = "#/components/mediaTypes/";

/// Where path items are: each section's place in the document, and its pointer.
const PATH_ITEMS: [(&str, &str); 2] = [
    ("/paths", "#/paths"),
    ("/components/pathItems", "#/components/pathItems"),
];

/// Members whose values are data, not OpenAPI objects, in the objects that have
/// them (schemas, parameters, headers, media types, examples): never looked into.
const DATA: &[&str] = &[
    "example",
    "examples",
    "default",
    "enum",
    "const",
    "value",
    "dataValue",
    "serializedValue",
];

/// Read what 3.2 adds, in place, leaving a 3.1 document; the warnings say what was
/// ignored.
pub fn read(raw: &mut Value) -> Result<Vec<Warning>, GenerateError> {
    let mut warnings = Vec::new();
    let Some(root) = raw.as_object_mut() else {
        return Ok(warnings);
    };
    if root.remove("$self").is_some() {
        warnings.push(Warning::new(
            "#/$self",
            "`$self` is ignored: references are resolved against the file they are in",
        ));
    }
    resolve_media_types(raw)?;
    for pointer in extra_operations(raw) {
        if let Some(Value::Object(op)) = raw.pointer_mut(&pointer[1..]) {
            op.entry("responses").or_insert_with(|| json!({}));
        }
    }
    walk(raw, &mut Vec::new(), &mut warnings)?;
    Ok(warnings)
}

/// The pointers of every `query` and `additionalOperations` entry of the path items
/// in `paths` and `components/pathItems`, in spec order.
pub fn extra_operations(raw: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for (section, at) in PATH_ITEMS {
        let Some(Value::Object(items)) = raw.pointer(section) else {
            continue;
        };
        for (path, item) in items {
            let item_pointer = format!("{at}/{}", pointer_token(path));
            if item.get("query").is_some() {
                found.push(format!("{item_pointer}/query"));
            }
            if let Some(Value::Object(more)) = item.get("additionalOperations") {
                for method in more.keys() {
                    found.push(format!(
                        "{item_pointer}/additionalOperations/{}",
                        pointer_token(method)
                    ));
                }
            }
        }
    }
    found
}

/// The first part of a `query` or `additionalOperations` operation that is not a
/// valid operation, as an error at its pointer (`openapiv3` reads neither, so the
/// document's own parse passes them by).
pub fn check_operations(raw: &Value) -> Result<(), GenerateError> {
    for pointer in extra_operations(raw) {
        let Some(op) = raw.pointer(&pointer[1..]) else {
            continue;
        };
        if let Some((at, message)) = super::locate_operation(op, &pointer) {
            return Err(GenerateError::new(
                at,
                format!("not a valid OpenAPI 3.0 operation: {message}"),
            ));
        }
    }
    Ok(())
}

/// In a document before 3.2, `query` and `additionalOperations` are removed with a
/// warning.
pub fn not_before_3_2(raw: &mut Value, version: &str) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (section, at) in PATH_ITEMS {
        let Some(Value::Object(items)) = raw.pointer_mut(section) else {
            continue;
        };
        for (path, item) in items.iter_mut() {
            let Value::Object(item) = item else { continue };
            for field in ["query", "additionalOperations"] {
                if item.remove(field).is_some() {
                    warnings.push(Warning::new(
                        format!("{at}/{}/{field}", pointer_token(path)),
                        format!("`{field}` is an OpenAPI 3.2 field: ignored in an OpenAPI {version} document"),
                    ));
                }
            }
        }
    }
    warnings
}

/// Every `content` entry that is a `$ref` to `components/mediaTypes` replaced by
/// what it names; then the section removed.
fn resolve_media_types(raw: &mut Value) -> Result<(), GenerateError> {
    let mut found = Vec::new();
    find_media_refs(raw, &mut Vec::new(), &mut found);
    let mut resolved = Vec::new();
    for (path, reference) in found {
        let pointer = pointer_of(&path);
        if !reference.starts_with(MEDIA_TYPES) {
            return Err(GenerateError::new(
                pointer,
                format!("`{reference}` is not a media type: a `content` entry's `$ref` points into {MEDIA_TYPES}"),
            ));
        }
        let (target, _) = follow_refs(raw, &reference).map_err(|problem| {
            let why = match problem {
                RefProblem::External => "points outside this document",
                RefProblem::Missing => "points at nothing",
                RefProblem::Cycle => "is part of a cycle of references",
            };
            GenerateError::new(
                &pointer,
                format!("the media type reference `{reference}` {why}"),
            )
        })?;
        resolved.push((pointer, target.clone()));
    }
    for (pointer, target) in resolved {
        if let Some(node) = raw.pointer_mut(&pointer[1..]) {
            *node = target;
        }
    }
    if let Some(Value::Object(components)) = raw.get_mut("components") {
        components.remove("mediaTypes");
    }
    Ok(())
}

/// Every `content` entry (outside `components/mediaTypes`) that is a `$ref`.
fn find_media_refs(value: &Value, path: &mut Vec<String>, found: &mut Vec<(Vec<String>, String)>) {
    let n = path.len();
    if n >= 2 && path[n - 2] == "content" && !is_schema(&path[..n - 1]) {
        if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            found.push((path.clone(), reference.to_owned()));
            return;
        }
    }
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                find_media_refs(item, path, found);
                path.pop();
            }
        }
        return;
    };
    for (key, child) in map {
        let skip = (n == 1 && path[0] == "components" && key == "mediaTypes")
            || is_data(path, key)
            || key.starts_with("x-");
        if !skip {
            path.push(key.clone());
            find_media_refs(child, path, found);
            path.pop();
        }
    }
}

/// Whether the member `key` of the object at `path` holds data: an example, a
/// default, an enum's values. (Elsewhere such a key is a name: a `default`
/// response, a property or a component called `example`.) A schema's `examples`
/// are data; the `examples` of the other objects are Example Objects.
fn is_data(path: &[String], key: &str) -> bool {
    let header = path.len() >= 2 && path[path.len() - 2] == "headers";
    match place(path) {
        Place::Schema => DATA.contains(&key),
        Place::Parameter | Place::MediaType | Place::Example => {
            key != "examples" && DATA.contains(&key)
        }
        _ => header && key != "examples" && DATA.contains(&key),
    }
}

/// What the object at `path` is, as far as 3.2's additions go.
#[derive(PartialEq)]
enum Place {
    Schema,
    Parameter,
    MediaType,
    Response,
    Example,
    Other,
}

fn place(path: &[String]) -> Place {
    let n = path.len();
    if is_schema(path) {
        return Place::Schema;
    }
    let (Some(parent), Some(key)) = (n.checked_sub(2).map(|i| &path[i]), path.last()) else {
        return Place::Other;
    };
    if is_schema(&path[..n - 1]) {
        return Place::Other;
    }
    let component = n == 3 && path[0] == "components";
    match parent.as_str() {
        "parameters" if component || key.parse::<usize>().is_ok() => Place::Parameter,
        "content" => Place::MediaType,
        "responses" if component || n >= 4 => Place::Response,
        "examples" => Place::Example,
        _ => Place::Other,
    }
}

fn walk(
    value: &mut Value,
    path: &mut Vec<String>,
    warnings: &mut Vec<Warning>,
) -> Result<(), GenerateError> {
    match value {
        Value::Object(map) => {
            let pointer = || pointer_of(path);
            match place(path) {
                Place::Schema => schema(map, &pointer(), warnings),
                Place::Parameter => parameter(map, &pointer(), warnings)?,
                Place::MediaType => media_type(map, path, warnings),
                Place::Response if !map.contains_key("$ref") => {
                    map.entry("description").or_insert_with(|| json!(""));
                }
                Place::Example if !map.contains_key("value") => {
                    if let Some(data) = map.get("dataValue").cloned() {
                        map.insert("value".to_owned(), data);
                    }
                }
                _ => {}
            }
            for (key, child) in map.iter_mut() {
                if is_data(path, key) || key.starts_with("x-") {
                    continue;
                }
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

/// A schema's 3.2 additions: a discriminator's `defaultMapping` is warned about.
fn schema(map: &serde_json::Map<String, Value>, pointer: &str, warnings: &mut Vec<Warning>) {
    let default = map
        .get("discriminator")
        .and_then(|d| d.get("defaultMapping"));
    if default.is_some() {
        warnings.push(Warning::new(
            format!("{pointer}/discriminator/defaultMapping"),
            "`defaultMapping` is ignored: a value whose discriminator names no mapped schema is not read as the default's",
        ));
    }
}

/// A parameter's: `in: querystring` is refused, `style: cookie` read as `form`.
fn parameter(
    map: &mut serde_json::Map<String, Value>,
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Result<(), GenerateError> {
    let location = map.get("in").and_then(Value::as_str);
    if location == Some("querystring") {
        return Err(GenerateError::new(
            format!("{pointer}/in"),
            "a `querystring` parameter (the whole query string as one value) is not supported",
        ));
    }
    if location == Some("cookie") && map.get("style").and_then(Value::as_str) == Some("cookie") {
        map.insert("style".to_owned(), json!("form"));
        warnings.push(Warning::new(
            format!("{pointer}/style"),
            "`style: cookie` is read as `form`: a byte a cookie cannot carry is percent-encoded",
        ));
    }
    Ok(())
}

/// A media type's: what describes a stream item by item is warned about.
fn media_type(map: &serde_json::Map<String, Value>, path: &[String], warnings: &mut Vec<Warning>) {
    let media = path.last().map(String::as_str).unwrap_or_default();
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let read_as = if essence.starts_with("text/") {
        "text"
    } else {
        "bytes"
    };
    let pointer = pointer_of(path);
    if map.contains_key("itemSchema") {
        let message = if essence == "text/event-stream" {
            "`itemSchema` is ignored: the operation's `…_stream` method reads the events one \
             by one, each event's data as the media type's `schema` says, else as text"
                .to_owned()
        } else {
            format!("`itemSchema` is ignored: the stream's items are not read one by one; the `{media}` body is read whole, as {read_as} unless its `schema` says otherwise")
        };
        warnings.push(Warning::new(format!("{pointer}/itemSchema"), message));
    }
    for field in ["itemEncoding", "prefixEncoding"] {
        if map.contains_key(field) {
            warnings.push(Warning::new(
                format!("{pointer}/{field}"),
                format!("`{field}` is ignored: the parts of a sequence are not read one by one"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::load;

    const HEAD: &str = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\n";

    fn warnings(body: &str) -> Vec<String> {
        let loaded = load(&format!("{HEAD}{body}")).unwrap_or_else(|e| panic!("{e}"));
        loaded.warnings.iter().map(ToString::to_string).collect()
    }

    fn refusal(body: &str) -> crate::shared::GenerateError {
        load(&format!("{HEAD}{body}")).err().expect("refused")
    }

    #[test]
    fn a_3_2_document_loads_as_3_0_with_nothing_to_say() {
        let loaded = load(HEAD).unwrap();
        assert_eq!(loaded.raw["openapi"], "3.0.3");
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn query_and_additional_operations_stay_in_place_with_responses() {
        let loaded = load(&format!(
            "{HEAD}paths:\n  /a:\n    query: {{operationId: find}}\n    additionalOperations:\n      LINK: {{operationId: link}}\n"
        ))
        .unwrap();
        assert_eq!(
            loaded.raw["paths"]["/a"]["query"]["responses"],
            serde_json::json!({})
        );
        assert_eq!(
            loaded.raw["paths"]["/a"]["additionalOperations"]["LINK"]["responses"],
            serde_json::json!({})
        );
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn an_additional_operation_that_is_not_an_operation_is_refused_at_its_part() {
        let err = refusal("paths:\n  /a:\n    additionalOperations:\n      LINK:\n        parameters: [{name: p, in: nowhere}]\n");
        assert_eq!(
            err.pointer,
            "#/paths/~1a/additionalOperations/LINK/parameters/0"
        );
    }

    #[test]
    fn a_schema_in_a_query_operation_is_rewritten_from_3_1() {
        let loaded = load(&format!(
            "{HEAD}paths:\n  /a:\n    query:\n      requestBody:\n        content:\n          application/json:\n            schema: {{type: [string, 'null']}}\n"
        ))
        .unwrap();
        let schema = &loaded.raw["paths"]["/a"]["query"]["requestBody"]["content"]
            ["application/json"]["schema"];
        assert_eq!(
            schema,
            &serde_json::json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn a_media_type_reference_is_resolved_in_place() {
        let loaded = load(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {{$ref: '#/components/mediaTypes/Pet'}}\ncomponents:\n  mediaTypes:\n    Pet: {{$ref: '#/components/mediaTypes/Animal'}}\n    Animal:\n      schema: {{type: string}}\n"
        ))
        .unwrap();
        assert_eq!(
            loaded.raw["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"],
            serde_json::json!({"schema": {"type": "string"}})
        );
        assert!(loaded.raw["components"].get("mediaTypes").is_none());
    }

    #[test]
    fn a_media_type_reference_to_nothing_is_refused_at_its_entry() {
        let err = refusal("paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            text/plain: {$ref: '#/components/mediaTypes/Gone'}\n");
        assert_eq!(
            err.pointer,
            "#/paths/~1a/get/responses/200/content/text~1plain"
        );
        assert!(err.message.contains("points at nothing"), "{}", err.message);
    }

    #[test]
    fn a_content_reference_that_is_no_media_type_is_refused() {
        let err = refusal("paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            text/plain: {$ref: '#/components/schemas/A'}\n");
        assert_eq!(
            err.pointer,
            "#/paths/~1a/get/responses/200/content/text~1plain"
        );
    }

    #[test]
    fn an_item_schema_is_warned_about_at_its_pointer_and_what_is_read_instead() {
        let found = warnings("paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            text/event-stream:\n              itemSchema: {type: object}\n            application/jsonl:\n              itemSchema: {type: object}\n              itemEncoding: {contentType: application/json}\n");
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with(
            "#/paths/~1a/get/responses/200/content/text~1event-stream/itemSchema: `itemSchema` is ignored"
        ));
        assert!(
            found[0].contains("reads the events one by one"),
            "{}",
            found[0]
        );
        assert!(found[1]
            .starts_with("#/paths/~1a/get/responses/200/content/application~1jsonl/itemSchema: "));
        assert!(found[1].contains("as bytes"), "{}", found[1]);
        assert!(found[2].starts_with(
            "#/paths/~1a/get/responses/200/content/application~1jsonl/itemEncoding: "
        ));
    }

    #[test]
    fn self_is_ignored_with_a_warning() {
        assert_eq!(
            warnings("$self: https://example.com/openapi.yaml\n"),
            ["#/$self: `$self` is ignored: references are resolved against the file they are in"]
        );
    }

    #[test]
    fn a_querystring_parameter_is_refused_at_its_location() {
        let err = refusal("paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: querystring, content: {application/x-www-form-urlencoded: {}}}\n");
        assert_eq!(err.pointer, "#/paths/~1a/get/parameters/0/in");
        let err = refusal("components:\n  parameters:\n    Q: {name: q, in: querystring}\n");
        assert_eq!(err.pointer, "#/components/parameters/Q/in");
    }

    #[test]
    fn the_cookie_style_is_read_as_form_with_a_warning() {
        let found = warnings("paths:\n  /a:\n    parameters:\n      - {name: c, in: cookie, style: cookie, schema: {type: string}}\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0]
            .starts_with("#/paths/~1a/parameters/0/style: `style: cookie` is read as `form`"));
    }

    #[test]
    fn a_default_mapping_is_warned_about_at_its_pointer() {
        let found = warnings("components:\n  schemas:\n    A:\n      oneOf: [{type: object}]\n      discriminator: {propertyName: kind, defaultMapping: '#/components/schemas/A'}\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with("#/components/schemas/A/discriminator/defaultMapping: "));
    }

    #[test]
    fn what_only_documents_the_api_loads_with_nothing_to_say() {
        let found = warnings(concat!(
            "servers: [{url: 'https://a.example', name: production}]\n",
            "tags:\n  - {name: pets, summary: Pets, kind: nav}\n  - {name: cats, parent: pets}\n",
            "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          summary: Fine\n          description: ok\n",
            "          content:\n            application/json:\n              schema: {type: object, xml: {nodeType: element}}\n",
            "              examples:\n                one: {dataValue: {a: 1}, serializedValue: '{\"a\":1}'}\n",
            "components:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      deprecated: true\n",
            "      oauth2MetadataUrl: https://a.example/.well-known/oauth-authorization-server\n",
            "      flows:\n        deviceAuthorization:\n          deviceAuthorizationUrl: https://a.example/device\n",
            "          tokenUrl: https://a.example/token\n          scopes: {}\n",
        ));
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn an_examples_data_value_is_its_value() {
        let loaded = load(&format!(
            "{HEAD}components:\n  examples:\n    One: {{dataValue: {{a: 1}}}}\n"
        ))
        .unwrap();
        let example = &loaded.doc.components.as_ref().unwrap().examples["One"];
        let openapiv3::ReferenceOr::Item(example) = example else {
            panic!("an example")
        };
        assert_eq!(example.value, Some(serde_json::json!({"a": 1})));
    }

    #[test]
    fn a_response_may_leave_out_its_description() {
        let loaded = load(&format!(
            "{HEAD}paths:\n  /a:\n    query:\n      responses:\n        '204': {{}}\n"
        ))
        .unwrap();
        assert_eq!(
            loaded.raw["paths"]["/a"]["query"]["responses"]["204"]["description"],
            ""
        );
    }

    #[test]
    fn a_default_response_may_leave_out_its_description_and_refer_to_a_media_type() {
        let loaded = load(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        default:\n          content:\n            text/plain: {{$ref: '#/components/mediaTypes/Text'}}\ncomponents:\n  mediaTypes:\n    Text: {{schema: {{type: string}}}}\n"
        ))
        .unwrap();
        let default = &loaded.raw["paths"]["/a"]["get"]["responses"]["default"];
        assert_eq!(default["description"], "");
        assert_eq!(
            default["content"]["text/plain"],
            serde_json::json!({"schema": {"type": "string"}})
        );
    }

    #[test]
    fn what_a_property_called_default_holds_is_read() {
        let found = warnings("components:\n  schemas:\n    A:\n      properties:\n        default:\n          oneOf: [{type: object}]\n          discriminator: {propertyName: k, defaultMapping: x}\n");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with(
            "#/components/schemas/A/properties/default/discriminator/defaultMapping: "
        ));
    }

    #[test]
    fn query_in_an_earlier_version_is_removed_with_a_warning() {
        let loaded = load("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    query: {}\n    additionalOperations: {LINK: {}}\n").unwrap();
        let found: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "#/paths/~1a/query: `query` is an OpenAPI 3.2 field: ignored in an OpenAPI 3.1.0 document",
                "#/paths/~1a/additionalOperations: `additionalOperations` is an OpenAPI 3.2 field: ignored in an OpenAPI 3.1.0 document",
            ]
        );
        assert!(loaded.raw["paths"]["/a"].get("query").is_none());
    }

    #[test]
    fn a_version_after_3_2_is_refused_at_its_version_field() {
        for version in ["3.3.0", "4.0.0"] {
            let err = load(&format!(
                "openapi: {version}\ninfo: {{title: t, version: '1'}}\n"
            ))
            .err()
            .expect("refused");
            assert_eq!(err.pointer, "#/openapi");
            assert!(err.message.contains(version), "{}", err.message);
        }
    }
}
