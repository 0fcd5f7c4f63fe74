//! Part of loading: a Swagger 2.0 document rewritten as OpenAPI 3.0.3 before anything
//! else reads it, by the rules swagger2openapi and swagger-parser's v2 converter
//! share.
//!
//! - `definitions`, `parameters`, `responses` and `securityDefinitions` become the
//!   `components`' `schemas`, `parameters` (a `body` parameter: `requestBodies`),
//!   `responses` and `securitySchemes`, and every reference to them follows.
//! - `host`, `basePath` and `schemes` become one server: `https` unless `schemes`
//!   lists only `http`. With no `host`, a `basePath` is a relative server (the
//!   caller passes the base URL); with neither there is no server.
//! - A `body` parameter becomes the request body, in each media type `consumes`
//!   names (the operation's, else the document's, else JSON). `formData` parameters
//!   become the properties of one object body: `multipart/form-data` when `consumes`
//!   says so or a part is a file, else `application/x-www-form-urlencoded`. A path
//!   item's `body` and `formData` parameters join each of its operations' body
//!   unless the operation has its own of that name.
//! - A response's `schema` becomes its content in each media type `produces` names,
//!   with the `examples` entry of that type as its example; a header's type becomes
//!   its schema.
//! - A parameter's type, format, bounds and items become its schema;
//!   `collectionFormat` becomes `style` and `explode` (`csv` comma-joined, `ssv`
//!   `spaceDelimited`, `pipes` `pipeDelimited`, `multi` repeated). What has no 3.0
//!   equivalent (`tsv`, or `ssv`, `pipes` and `multi` outside the query) is written
//!   comma-joined, with a warning. `x-example` is the parameter's example.
//! - In schemas: `type: file` is a binary string, `x-nullable` is `nullable`, a
//!   `discriminator` that names a property is a discriminator object. A bare
//!   `$ref: Pet` naming a definition is read as `#/definitions/Pet`, with a warning.
//! - `basic` security is HTTP basic; `apiKey` stays; `oauth2`'s one flow becomes
//!   the 3.0 flow of that kind (`application` is `clientCredentials`, `accessCode`
//!   `authorizationCode`).
//! - Dropped, as they mean nothing to a client: an operation's `schemes`, and
//!   `allowEmptyValue` outside the query.
//!
//! Every part that moves is recorded with the place it came from (`Converted::moves`),
//! so that what later stages report points into the file as written.

use crate::model::Warning;
use crate::naming::{pointer_token, token_text};
use crate::shared::{media_essence, GenerateError};
use serde_json::{json, Map, Value};

mod components;

use components::*;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
const JSON: &str = "application/json";
/// What a 2.0 parameter, header or items object says of its value: the keywords of
/// its schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];
/// Members whose values are data, not objects of the document: never looked into,
/// unless they are names in a map of names.
const DATA: &[&str] = &["example", "examples", "default", "enum", "x-example"];
/// Maps whose keys are names (a property, a status, a component…), not keywords.
const NAMED: &[&str] = &[
    "properties",
    "responses",
    "headers",
    "parameters",
    "requestBodies",
    "schemas",
    "securitySchemes",
    "content",
    "paths",
    "encoding",
    "patternProperties",
];

/// What converting did.
#[derive(Debug, Default)]
pub struct Converted {
    /// What was read in another way than written, at places in the file as written.
    pub warnings: Vec<Warning>,
    /// Each part that moved: its pointer in the 3.0 document, and the place in the
    /// file as written it came from.
    pub moves: Vec<(String, String)>,
}

/// Whether `raw` is a Swagger document (it has `swagger` and no `openapi`).
pub fn is_swagger(raw: &Value) -> bool {
    raw.get("swagger").is_some() && raw.get("openapi").is_none()
}

/// Rewrite the Swagger 2.0 document `raw` as OpenAPI 3.0.3, in place.
pub fn convert(raw: &mut Value) -> Result<Converted, GenerateError> {
    let version = raw.get("swagger").cloned().unwrap_or_default();
    let is_2 = match &version {
        Value::String(text) => text == "2.0",
        Value::Number(number) => number.as_f64() == Some(2.0),
        _ => false,
    };
    if !is_2 {
        return Err(GenerateError::new(
            "#/swagger",
            format!(
                "Swagger {version} is not supported; only 2.0 (and OpenAPI 3.0, 3.1 and 3.2) are"
            ),
        ));
    }
    let Value::Object(old) = std::mem::take(raw) else {
        return Ok(Converted::default());
    };
    let mut converter = Converter::new(&old);
    *raw = Value::Object(converter.document());
    let mut converted = converter.out;
    rewrite_refs(raw, &old, &mut Vec::new(), &mut converted.warnings);
    // Warnings found in the new document are moved to the file as written.
    for warning in &mut converted.warnings {
        warning.pointer = super::bundle::moved_once(&converted.moves, &warning.pointer);
    }
    Ok(converted)
}

/// A parameter of an operation or a path item, sorted by what it becomes.
enum Classified<'a> {
    /// Still a parameter: converted, or a reference.
    Kept { value: Value, place: String },
    /// The request body, with the place it is written at; `component` when it is a
    /// reference to a body in `parameters`.
    Body {
        param: &'a Value,
        place: String,
        component: Option<String>,
    },
    /// A part of a form body.
    Form { param: &'a Value, place: String },
}

impl Classified<'_> {
    /// The `(in, name)` a parameter is known by, for a path item's parameters an
    /// operation overrides.
    fn key(&self) -> Option<(String, String)> {
        let param = match self {
            Classified::Body { param, .. } | Classified::Form { param, .. } => param,
            Classified::Kept { .. } => return None,
        };
        let get = |k: &str| param.get(k).and_then(Value::as_str).map(str::to_owned);
        Some((get("in")?, get("name")?))
    }
}

struct Converter<'a> {
    doc: &'a Map<String, Value>,
    consumes: Vec<String>,
    produces: Vec<String>,
    out: Converted,
}

impl<'a> Converter<'a> {
    fn new(doc: &'a Map<String, Value>) -> Self {
        Converter {
            doc,
            consumes: media_types(doc.get("consumes")).unwrap_or_default(),
            produces: media_types(doc.get("produces")).unwrap_or_default(),
            out: Converted::default(),
        }
    }

    fn moved(&mut self, to: impl Into<String>, from: impl Into<String>) {
        let (to, from) = (to.into(), from.into());
        if to != from {
            self.out.moves.push((to, from));
        }
    }

    fn warn(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.out.warnings.push(Warning::new(at, message));
    }

    /// The 3.0 document: the version, what is the same in both (in the order
    /// written), the servers, the paths and the components.
    fn document(&mut self) -> Map<String, Value> {
        let doc = self.doc;
        let mut out = Map::new();
        out.insert("openapi".into(), json!("3.0.3"));
        const CONVERTED: &[&str] = &[
            "swagger",
            "host",
            "basePath",
            "schemes",
            "consumes",
            "produces",
            "paths",
            "definitions",
            "parameters",
            "responses",
            "securityDefinitions",
        ];
        for (key, value) in doc {
            if !CONVERTED.contains(&key.as_str()) {
                out.insert(key.clone(), value.clone());
            }
        }
        if let Some(servers) = self.servers() {
            out.insert("servers".into(), servers);
        }
        if let Some(paths) = doc.get("paths") {
            out.insert("paths".into(), self.paths(paths));
        }
        let components = self.components();
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        out
    }

    fn servers(&mut self) -> Option<Value> {
        let text = |key: &str| self.doc.get(key).and_then(Value::as_str).unwrap_or("");
        let host = text("host").trim_end_matches('/');
        let base = text("basePath").trim_end_matches('/');
        let base = match base {
            "" => String::new(),
            path if path.starts_with('/') => path.to_owned(),
            path => format!("/{path}"),
        };
        if host.is_empty() {
            if base.is_empty() {
                return None;
            }
            self.moved("#/servers/0/url", "#/basePath");
            return Some(json!([{ "url": base }]));
        }
        let schemes: Vec<&str> = self
            .doc
            .get("schemes")
            .and_then(Value::as_array)
            .map(|all| all.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let scheme = if schemes.contains(&"http") && !schemes.contains(&"https") {
            "http"
        } else {
            "https"
        };
        self.moved("#/servers/0/url", "#/host");
        Some(json!([{ "url": format!("{scheme}://{host}{base}") }]))
    }

    fn paths(&mut self, paths: &'a Value) -> Value {
        let Some(paths) = paths.as_object() else {
            return paths.clone();
        };
        let mut out = Map::new();
        for (path, item) in paths {
            let at = format!("#/paths/{}", pointer_token(path));
            let value = match item {
                Value::Object(item) if !path.starts_with("x-") => self.path_item(item, &at),
                other => other.clone(),
            };
            out.insert(path.clone(), value);
        }
        Value::Object(out)
    }

    fn path_item(&mut self, item: &'a Map<String, Value>, at: &str) -> Value {
        let shared = self.classify_all(item.get("parameters"), at);
        let mut out = Map::new();
        let mut bodies = Vec::new();
        let mut kept = Vec::new();
        for param in shared {
            match param {
                Classified::Kept { value, place } => kept.push((value, place)),
                other => bodies.push(other),
            }
        }
        for (key, value) in item {
            match key.as_str() {
                "parameters" => {
                    self.put_parameters(&mut out, std::mem::take(&mut kept), at);
                }
                method if METHODS.contains(&method) && value.is_object() => {
                    let op = self.operation(value, &format!("{at}/{method}"), &bodies);
                    out.insert(key.clone(), op);
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        Value::Object(out)
    }

    /// The parameters of a list (`parameters`, at `at`), sorted.
    fn classify_all(&mut self, list: Option<&'a Value>, at: &str) -> Vec<Classified<'a>> {
        let Some(list) = list.and_then(Value::as_array) else {
            return Vec::new();
        };
        list.iter()
            .enumerate()
            .map(|(i, param)| self.classify(param, format!("{at}/parameters/{i}")))
            .collect()
    }

    fn classify(&mut self, param: &'a Value, place: String) -> Classified<'a> {
        let doc = self.doc;
        if let Some(reference) = param.get("$ref").and_then(Value::as_str) {
            let Some(name) = reference.strip_prefix("#/parameters/") else {
                return Classified::Kept {
                    value: param.clone(),
                    place,
                };
            };
            let target = doc
                .get("parameters")
                .and_then(|all| all.get(token_text(name)));
            let component = format!("#/parameters/{name}");
            return match target.and_then(|t| t.get("in")).and_then(Value::as_str) {
                Some("body") => Classified::Body {
                    param: target.unwrap_or(param),
                    place: component,
                    component: Some(name.to_owned()),
                },
                Some("formData") => Classified::Form {
                    param: target.unwrap_or(param),
                    place: component,
                },
                _ => Classified::Kept {
                    value: json!({ "$ref": format!("#/components/parameters/{name}") }),
                    place,
                },
            };
        }
        match param.get("in").and_then(Value::as_str) {
            Some("body") => Classified::Body {
                param,
                place,
                component: None,
            },
            Some("formData") => Classified::Form { param, place },
            _ => {
                let value = self.parameter(param, &place);
                Classified::Kept { value, place }
            }
        }
    }

    /// The kept parameters as the `parameters` of `out` (the path item or operation
    /// at `at`), each moved from where it was written; none when there are none.
    fn put_parameters(
        &mut self,
        out: &mut Map<String, Value>,
        kept: Vec<(Value, String)>,
        at: &str,
    ) {
        let list: Vec<Value> = kept
            .into_iter()
            .enumerate()
            .map(|(i, (value, place))| {
                let new = format!("{at}/parameters/{i}");
                if value.get("schema").is_some() && value.get("$ref").is_none() {
                    self.moved(format!("{new}/schema"), place.clone());
                }
                self.moved(new, place);
                value
            })
            .collect();
        if !list.is_empty() {
            out.insert("parameters".into(), Value::Array(list));
        }
    }

    fn operation(&mut self, op: &'a Value, at: &str, shared: &[Classified<'a>]) -> Value {
        let Some(map) = op.as_object() else {
            return op.clone();
        };
        let consumes = media_types(map.get("consumes")).unwrap_or_else(|| self.consumes.clone());
        let produces = media_types(map.get("produces")).unwrap_or_else(|| self.produces.clone());
        let own = self.classify_all(map.get("parameters"), at);
        let overridden: Vec<(String, String)> = own.iter().filter_map(Classified::key).collect();
        let mut kept = Vec::new();
        let mut body = Vec::new();
        let mut form = Vec::new();
        for param in own {
            match param {
                Classified::Kept { value, place } => kept.push((value, place)),
                Classified::Body { .. } => body.push(param),
                Classified::Form { .. } => form.push(param),
            }
        }
        for param in shared {
            if param.key().is_some_and(|key| overridden.contains(&key)) {
                continue;
            }
            match param {
                Classified::Body {
                    param,
                    place,
                    component,
                } => body.push(Classified::Body {
                    param,
                    place: place.clone(),
                    component: component.clone(),
                }),
                Classified::Form { param, place } => form.push(Classified::Form {
                    param,
                    place: place.clone(),
                }),
                Classified::Kept { .. } => {}
            }
        }
        let mut out = Map::new();
        for (key, value) in map {
            match key.as_str() {
                "parameters" => {
                    self.put_parameters(&mut out, std::mem::take(&mut kept), at);
                    let request = self.request_body(
                        std::mem::take(&mut body),
                        std::mem::take(&mut form),
                        &consumes,
                        at,
                    );
                    if let Some(request) = request {
                        out.insert("requestBody".into(), request);
                    }
                }
                "responses" => {
                    let responses = self.responses(value, &format!("{at}/responses"), &produces);
                    out.insert(key.clone(), responses);
                }
                "consumes" | "produces" | "schemes" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        // A path item's body for an operation with no parameters of its own.
        if let Some(request) = self.request_body(body, form, &consumes, at) {
            out.insert("requestBody".into(), request);
        }
        Value::Object(out)
    }

    /// The request body of the operation at `at`, from its `body` or `formData`
    /// parameters.
    fn request_body(
        &mut self,
        body: Vec<Classified<'a>>,
        form: Vec<Classified<'a>>,
        consumes: &[String],
        at: &str,
    ) -> Option<Value> {
        let new = format!("{at}/requestBody");
        let mut body = body.into_iter();
        if let Some(Classified::Body {
            param,
            place,
            component,
        }) = body.next()
        {
            for extra in body.chain(form) {
                if let Classified::Body { place, .. } | Classified::Form { place, .. } = extra {
                    self.warn(
                        place,
                        "an operation has one body: this parameter beside its `body` parameter is ignored",
                    );
                }
            }
            if let Some(name) = component {
                self.moved(new, place);
                return Some(json!({ "$ref": format!("#/components/requestBodies/{name}") }));
            }
            return Some(self.body(param, consumes, &new, &place));
        }
        if form.is_empty() {
            return None;
        }
        Some(self.form_body(form, consumes, &new))
    }

    /// A `body` parameter (at `place`) as a request body (at `new`).
    fn body(&mut self, param: &Value, consumes: &[String], new: &str, place: &str) -> Value {
        let mut out = Map::new();
        let mut schema = param.get("schema").cloned().unwrap_or_else(|| json!({}));
        self.schema(&mut schema);
        for (key, value) in param.as_object().into_iter().flatten() {
            if key == "description" || key == "required" || key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        let types = if consumes.is_empty() {
            vec![JSON.to_owned()]
        } else {
            consumes.to_vec()
        };
        let mut content = Map::new();
        for media_type in types {
            let token = pointer_token(&media_type);
            self.moved(
                format!("{new}/content/{token}/schema"),
                format!("{place}/schema"),
            );
            content.insert(media_type, json!({ "schema": schema.clone() }));
        }
        out.insert("content".into(), Value::Object(content));
        self.moved(new, place);
        Value::Object(out)
    }

    /// `formData` parameters as one object body (at `new`).
    fn form_body(&mut self, form: Vec<Classified<'a>>, consumes: &[String], new: &str) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        let mut has_file = false;
        let mut places = Vec::new();
        for param in form {
            let Classified::Form { param, place } = param else {
                continue;
            };
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                self.warn(
                    format!("{place}/name"),
                    "a form parameter without a name is ignored",
                );
                continue;
            };
            let mut schema = value_schema(param);
            has_file |= schema.get("type").and_then(Value::as_str) == Some("file");
            if let Some(description) = param.get("description") {
                schema.insert("description".into(), description.clone());
            }
            let mut schema = Value::Object(schema);
            self.schema(&mut schema);
            if param.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            if schema.get("type").and_then(Value::as_str) == Some("array") {
                encoding.insert(name.to_owned(), self.form_array_encoding(param, &place));
            }
            places.push((name.to_owned(), place));
            properties.insert(name.to_owned(), schema);
        }
        let types = form_media_types(consumes, has_file);
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        let schema = Value::Object(schema);
        let mut content = Map::new();
        for media_type in types {
            let token = pointer_token(&media_type);
            for (name, place) in &places {
                let property = format!(
                    "{new}/content/{token}/schema/properties/{}",
                    pointer_token(name)
                );
                self.moved(property, place.clone());
            }
            let mut entry = json!({ "schema": schema.clone() });
            if !encoding.is_empty() {
                entry["encoding"] = Value::Object(encoding.clone());
            }
            content.insert(media_type, entry);
        }
        if let Some((_, first)) = places.first() {
            self.moved(new, first.clone());
        }
        json!({ "content": content })
    }

    /// The encoding of an array form parameter: its `collectionFormat` as a style
    /// (one 3.0 has no equivalent of is warned about, and sent as `csv`).
    fn form_array_encoding(&mut self, param: &Value, place: &str) -> Value {
        let format = param
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv");
        if format != "csv" && format != "multi" {
            self.warn(
                format!("{place}/collectionFormat"),
                format!("`collectionFormat: {format}` has no OpenAPI 3 equivalent in a form body: the values are sent as `csv`"),
            );
        }
        json!({ "style": "form", "explode": format == "multi" })
    }

    /// A non-body parameter (written at `place`) in 3.0's shape.
    fn parameter(&mut self, param: &Value, place: &str) -> Value {
        let Some(map) = param.as_object() else {
            return param.clone();
        };
        let location = map.get("in").and_then(Value::as_str).unwrap_or_default();
        let mut out = Map::new();
        for (key, value) in map {
            match key.as_str() {
                "name" | "in" | "description" | "required" | "deprecated" | "example" => {
                    out.insert(key.clone(), value.clone());
                }
                "allowEmptyValue" if location == "query" => {
                    out.insert(key.clone(), value.clone());
                }
                "x-example" => {
                    out.insert("example".into(), value.clone());
                }
                "x-nullable" => {}
                extension if extension.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        let mut schema = match map.get("schema") {
            // A `schema` where a type belongs: a common mistake, read as meant.
            Some(schema) if !map.contains_key("type") => schema.clone(),
            _ => Value::Object(value_schema(param)),
        };
        self.schema(&mut schema);
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            let format = map
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let style = match (location, format) {
                ("query", "multi") => Some(("form", true)),
                ("query", "ssv") => Some(("spaceDelimited", false)),
                ("query", "pipes") => Some(("pipeDelimited", false)),
                ("query", _) => Some(("form", false)),
                _ => None,
            };
            let fits = matches!(
                (location, format),
                (_, "csv") | ("query", "ssv" | "pipes" | "multi")
            );
            if !fits {
                self.warn(
                    format!("{place}/collectionFormat"),
                    format!("`collectionFormat: {format}` has no OpenAPI 3 equivalent for a {location} parameter: the values are joined with commas"),
                );
            }
            if let Some((style, explode)) = style {
                out.insert("style".into(), json!(style));
                out.insert("explode".into(), json!(explode));
            }
        }
        out.insert("schema".into(), schema);
        Value::Object(out)
    }

    fn responses(&mut self, responses: &Value, at: &str, produces: &[String]) -> Value {
        let Some(map) = responses.as_object() else {
            return responses.clone();
        };
        let mut out = Map::new();
        for (code, response) in map {
            let place = format!("{at}/{}", pointer_token(code));
            let value = if code.starts_with("x-") {
                response.clone()
            } else {
                self.response(response, &place, &place, produces)
            };
            out.insert(code.clone(), value);
        }
        Value::Object(out)
    }

    /// A response written at `place` in 3.0's shape, at `new`.
    fn response(&mut self, response: &Value, new: &str, place: &str, produces: &[String]) -> Value {
        let Some(map) = response.as_object() else {
            return response.clone();
        };
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            let reference = match reference.strip_prefix("#/responses/") {
                Some(name) => format!("#/components/responses/{name}"),
                None => reference.to_owned(),
            };
            return json!({ "$ref": reference });
        }
        let mut out = Map::new();
        for (key, value) in map {
            match key.as_str() {
                "schema" | "examples" => {}
                "headers" => {
                    let mut headers = Map::new();
                    for (name, header) in value.as_object().into_iter().flatten() {
                        let token = pointer_token(name);
                        self.moved(
                            format!("{new}/headers/{token}/schema"),
                            format!("{place}/headers/{token}"),
                        );
                        headers.insert(name.clone(), self.header(header));
                    }
                    out.insert(key.clone(), Value::Object(headers));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if let Some(schema) = map.get("schema") {
            let mut schema = schema.clone();
            self.schema(&mut schema);
            let types = if produces.is_empty() {
                vec![JSON.to_owned()]
            } else {
                produces.to_vec()
            };
            let examples = map.get("examples").and_then(Value::as_object);
            let mut content = Map::new();
            for media_type in types {
                let token = pointer_token(&media_type);
                self.moved(
                    format!("{new}/content/{token}/schema"),
                    format!("{place}/schema"),
                );
                let mut entry = json!({ "schema": schema.clone() });
                if let Some(example) = examples.and_then(|e| e.get(&media_type)) {
                    entry["example"] = example.clone();
                }
                content.insert(media_type, entry);
            }
            out.insert("content".into(), Value::Object(content));
        }
        self.moved(new, place);
        Value::Object(out)
    }

    /// A response header in 3.0's shape: its description and extensions, and its type
    /// as a schema.
    fn header(&mut self, header: &Value) -> Value {
        let Some(map) = header.as_object() else {
            return header.clone();
        };
        if map.contains_key("$ref") {
            return header.clone();
        }
        let mut out = Map::new();
        for (key, value) in map {
            if key == "description" || (key.starts_with("x-") && key != "x-nullable") {
                out.insert(key.clone(), value.clone());
            }
        }
        let mut schema = Value::Object(value_schema(header));
        self.schema(&mut schema);
        out.insert("schema".into(), schema);
        Value::Object(out)
    }
}

/// The media types a `consumes` or `produces` list names, when it is a list.
fn media_types(value: Option<&Value>) -> Option<Vec<String>> {
    let list = value?.as_array()?;
    Some(
        list.iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    )
}

/// The media types a form body is sent in: the form types of `consumes`, else
/// multipart when a parameter is a file and URL-encoded otherwise.
fn form_media_types(consumes: &[String], has_file: bool) -> Vec<String> {
    let forms: Vec<String> = consumes
        .iter()
        .filter(|t| media_essence(t) == FORM || media_essence(t) == MULTIPART)
        .cloned()
        .collect();
    match forms.is_empty() {
        true if has_file => vec![MULTIPART.to_owned()],
        true => vec![FORM.to_owned()],
        false => forms,
    }
}
