//! Paths and operations → client methods: names, parameters, bodies, responses.

use super::aliases::Resolved;
use super::docs;
use super::spec::Spec;
use super::Shaper;
use crate::model::{
    Body, BodyKind, Field, HttpMethod, Members, Operation, Param, ParamLocation, ParamStyle,
    ParamType, ParamsStruct, Part, PartKind, PathPart, Presence, ResponseKind, StatusMatch, Struct,
    SuccessShape, SuccessVariant, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{self, pointer_token, Hint, Scope, Wanted};
use crate::shared::{follow_refs, GenerateError};
use indexmap::IndexMap;
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, ReferenceOr, Response, Schema, SchemaKind,
    StatusCode, Type,
};

/// Where an operation is in the spec: its path template, method, JSON pointer and its
/// path item's.
struct Site<'p> {
    path: &'p str,
    method: HttpMethod,
    pointer: &'p str,
    path_pointer: &'p str,
}

/// Where the spec puts a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    Query,
    Header,
    Path,
    Cookie,
}

impl Place {
    fn of(param: &Parameter) -> Place {
        match param {
            Parameter::Query { .. } => Place::Query,
            Parameter::Header { .. } => Place::Header,
            Parameter::Path { .. } => Place::Path,
            Parameter::Cookie { .. } => Place::Cookie,
        }
    }
}

/// How a media type is read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Media {
    Json,
    Form,
    Binary,
    Text,
    Multipart,
}

use crate::shared::media_essence as essence;

/// Whether `text` is one media type, `type/subtype` with optional parameters, each
/// name an RFC 9110 token (what a part's `Content-Type` can carry).
fn is_media_type(text: &str) -> bool {
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let mut params = text.split(';');
    let essence = params.next().unwrap_or_default().trim();
    let well_formed = essence
        .split_once('/')
        .is_some_and(|(kind, sub)| token(kind) && token(sub));
    well_formed
        && params.all(|param| {
            param.split_once('=').is_some_and(|(name, value)| {
                let value = value.trim();
                token(name.trim())
                    && (token(value)
                        || (value.len() >= 2
                            && value.starts_with('"')
                            && value.ends_with('"')
                            && value
                                .bytes()
                                .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))))
            })
        })
}

/// `*/*` or `application/*`: any type the server likes.
fn is_wildcard(media_type: &str) -> bool {
    essence(media_type).ends_with("/*")
}

/// Whether a schema is an inline `type: string, format: binary`.
fn is_binary_string(schema: Option<&ReferenceOr<Schema>>) -> bool {
    matches!(schema, Some(ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::String(s)), .. }))
        if matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)))
}

fn media(media_type: &str, schema: Option<&ReferenceOr<Schema>>) -> Media {
    let essence = essence(media_type);
    if essence == "application/json" || essence.ends_with("+json") || essence == "text/json" {
        Media::Json
    } else if essence == "application/x-www-form-urlencoded" {
        Media::Form
    } else if essence.starts_with("multipart/") {
        Media::Multipart
    } else if essence.starts_with("text/") || essence.ends_with("/xml") || essence.ends_with("+xml")
    {
        Media::Text
    } else if is_wildcard(&essence) && schema.is_some() && !is_binary_string(schema) {
        // Generated specs (springdoc, for one) often declare `*/*` for JSON bodies.
        Media::Json
    } else {
        Media::Binary
    }
}

/// The media type to use from `content`: JSON, then form, then binary, then text; an
/// explicit type before a wildcard; first in spec order.
pub(super) fn pick_media(
    content: &IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType, Media)> {
    content
        .iter()
        .map(|(name, mt)| (name, mt, media(name, mt.schema.as_ref())))
        .enumerate()
        .min_by_key(|(index, (name, _, kind))| (*kind, is_wildcard(name), *index))
        .map(|(_, picked)| picked)
}

/// The object schemas sent as `multipart/form-data` bodies (inline, or the
/// component a body's `$ref` leads to), by JSON pointer. What cannot be read here
/// is reported when the operation is lowered. The first pass: their binary
/// properties are files, whichever operation or component lowers them first.
pub(super) fn multipart_objects(spec: Spec<'_>) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    for (path, item) in &spec.doc.paths.paths {
        let path_pointer = format!("#/paths/{}", pointer_token(path));
        let Ok(item) = spec.path_item(item, &path_pointer) else {
            continue;
        };
        let Ok(operations) = spec.operations(path, &item, &path_pointer) else {
            continue;
        };
        for (_, pointer, op) in operations {
            let Some(body) = &op.request_body else {
                continue;
            };
            let at = format!("{pointer}/requestBody");
            let Ok((body, at)) = spec.resolve(body, &at, "requestBodies", |c| &c.request_bodies)
            else {
                continue;
            };
            let Some((media_type, content, Media::Multipart)) = pick_media(&body.content) else {
                continue;
            };
            match &content.schema {
                Some(ReferenceOr::Item(_)) => {
                    found.insert(format!("{at}/content/{}/schema", pointer_token(media_type)));
                }
                Some(ReferenceOr::Reference { reference }) => {
                    if let Ok((_, pointer)) = follow_refs(spec.raw, reference) {
                        found.insert(pointer);
                    }
                }
                None => {}
            }
        }
    }
    found
}

impl Shaper<'_> {
    /// Whether a type can be written as a parameter value (it has `Display`).
    pub(super) fn is_scalar(&self, ty: &TypeRef, resolved: &Resolved) -> bool {
        match &resolved.resolved(ty) {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64 => true,
            TypeRef::Named(name) => self.type_def(name).is_some_and(|def| match &def.kind {
                TypeKind::Enum(_) => true,
                TypeKind::Union(_) => resolved.scalar_unions.contains(name),
                _ => false,
            }),
            _ => false,
        }
    }

    /// Every operation, in spec order, shaped: its method names, parameters, body,
    /// responses and the types they make; `resolved` gives the components' aliases.
    pub(super) fn lower_operations(
        &mut self,
        resolved: &Resolved,
    ) -> Result<Vec<Operation>, GenerateError> {
        let mut operations = Vec::new();
        let base = self
            .spec
            .doc
            .components
            .as_ref()
            .map_or(0, |c| c.schemas.len());
        for (path, item) in &self.spec.doc.paths.paths {
            let path_pointer = format!("#/paths/{}", pointer_token(path));
            let item = self.spec.path_item(item, &path_pointer)?;
            let item = item.as_ref();
            for (method, pointer, op) in self.spec.operations(path, item, &path_pointer)? {
                self.origin = base + operations.len();
                let lowercase = method.token().to_ascii_lowercase();
                let wanted = match &op.operation_id {
                    Some(id) => naming::snake(id),
                    None => naming::operation_fallback(&lowercase, path),
                };
                let rust_name = self.propose(Scope::Methods, &pointer, Wanted::text(wanted));
                let site = Site {
                    path,
                    method,
                    pointer: &pointer,
                    path_pointer: &path_pointer,
                };
                let lowered = self.lower_operation(site, &op, item, rust_name, resolved)?;
                operations.push(lowered);
            }
        }
        Ok(operations)
    }

    /// The operation's own server: the first of its `servers`, else of its path
    /// item's, that is an absolute URL (the others are warned about).
    fn operation_server(
        &mut self,
        op: &openapiv3::Operation,
        item: &openapiv3::PathItem,
        pointer: &str,
        path_pointer: &str,
    ) -> Option<String> {
        let (servers, at) = if op.servers.is_empty() {
            (&item.servers, format!("{path_pointer}/servers"))
        } else {
            (&op.servers, format!("{pointer}/servers"))
        };
        let mut chosen = None;
        for (i, server) in servers.iter().enumerate() {
            match super::credentials::server_url(server) {
                Some(url) if chosen.is_none() => chosen = Some(url),
                Some(_) => {}
                None => self.warn(
                    format!("{at}/{i}"),
                    format!(
                        "the server `{}` is not an absolute URL and is not used",
                        server.url
                    ),
                ),
            }
        }
        chosen
    }

    fn lower_operation(
        &mut self,
        site: Site<'_>,
        op: &openapiv3::Operation,
        item: &openapiv3::PathItem,
        rust_name: String,
        resolved: &Resolved,
    ) -> Result<Operation, GenerateError> {
        let Site {
            path,
            method,
            pointer,
            path_pointer,
        } = site;
        let server = self.operation_server(op, item, pointer, path_pointer);
        let shared = &item.parameters;
        let type_base = naming::type_base(&rust_name);
        if !op.callbacks.is_empty() {
            self.warn(format!("{pointer}/callbacks"), "callbacks are ignored");
        }

        let params = self.spec.collect_parameters(op, shared, pointer)?;
        let params_pointer = format!("{pointer}/parameters");
        let LoweredParams {
            mut path_params,
            params,
            fields,
        } = self.lower_parameters(&params, &type_base, pointer, &params_pointer, resolved)?;
        let (template, fixed_query) = self.split_path_key(path, pointer);
        let path_parts = self.path_parts(template, &mut path_params, pointer)?;
        let params_struct = self.params_struct(fields, params, &type_base, params_pointer);
        // With every parameter optional, a plain method goes beside `…_with_params`.
        let with_params = params_struct
            .as_ref()
            .filter(|p| p.params.iter().all(|param| !param.required))
            .map(|_| {
                let wanted = Wanted::AsIs(naming::with_params(&rust_name));
                self.propose(Scope::Methods, pointer, wanted)
            });

        let body = match &op.request_body {
            Some(body) => {
                let at = format!("{pointer}/requestBody");
                self.lower_body(body, &at, &type_base, resolved)?
            }
            None => None,
        };
        let (success, error_type, accept) =
            self.lower_responses(&op.responses, &format!("{pointer}/responses"), &type_base)?;
        let security = op.security.as_ref().or(self.spec.doc.security.as_ref());
        let authenticated = security.is_some_and(|s| !s.is_empty());

        Ok(Operation {
            rust_name,
            operation_id: op.operation_id.clone(),
            pointer: pointer.to_owned(),
            method,
            path: path.to_owned(),
            path_parts,
            fixed_query,
            accept,
            summary: docs::trimmed(op.summary.as_deref()),
            description: docs::trimmed(op.description.as_deref()),
            deprecated: op.deprecated,
            path_params,
            params_struct,
            with_params,
            body,
            example: self.spec.success_example(&op.responses, pointer),
            server,
            success,
            error_type,
            authenticated,
        })
    }

    fn parameter_type(
        &mut self,
        format: &ParameterSchemaOrContent,
        pointer: &str,
        hint: Hint,
    ) -> Result<(TypeRef, Vec<crate::model::Rule>), GenerateError> {
        match format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_pointer = format!("{pointer}/schema");
                let ty = self.schema_type(schema, &schema_pointer, hint)?;
                let rules = match schema {
                    ReferenceOr::Item(s) => self.rules_of(s, &schema_pointer),
                    ReferenceOr::Reference { .. } => Vec::new(),
                };
                // A parameter without a type is still text on the wire.
                Ok((
                    if ty == TypeRef::Json {
                        TypeRef::String
                    } else {
                        ty
                    },
                    rules,
                ))
            }
            // A parameter given by `content` is serialized text the caller supplies.
            ParameterSchemaOrContent::Content(_) => Ok((TypeRef::String, Vec::new())),
        }
    }

    /// A path key's template, and the query pairs it holds. OpenAPI's path keys hold
    /// neither a query nor a fragment, but real specs write both: a query
    /// (`/?Action=List`) is sent as written, and a fragment (`/#X-Amz-Target=…`, to
    /// keep keys apart) is not sent, as a fragment never is; each with a warning.
    fn split_path_key<'p>(
        &mut self,
        path: &'p str,
        pointer: &str,
    ) -> (&'p str, Vec<(String, String)>) {
        let (path, fragment) = match path.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (path, None),
        };
        if let Some(fragment) = fragment {
            self.warn(
                pointer,
                format!("the path key holds a fragment, `#{fragment}`: it is not sent"),
            );
        }
        let Some((template, query)) = path.split_once('?') else {
            return (path, Vec::new());
        };
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((name, value)) => (name.to_owned(), value.to_owned()),
                None => (pair.to_owned(), String::new()),
            })
            .collect();
        self.warn(
            pointer,
            format!("the path key holds a query, `?{query}`: it is sent on every call"),
        );
        (template, pairs)
    }

    /// Split the path template; a `{name}` without a declared parameter becomes a string argument.
    fn path_parts(
        &mut self,
        path: &str,
        params: &mut Vec<Param>,
        pointer: &str,
    ) -> Result<Vec<PathPart>, GenerateError> {
        let mut parts = Vec::new();
        let mut rest = path;
        let mut used = vec![false; params.len()];
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                return Err(GenerateError::new(
                    pointer,
                    format!("the path `{path}` has an unclosed `{{`"),
                ));
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            let index = match params.iter().position(|p| p.wire_name == name) {
                Some(index) => index,
                None => {
                    self.warn(
                        pointer,
                        format!(
                            "the path parameter `{name}` is not declared; it is taken as a string"
                        ),
                    );
                    let rust = self.propose(
                        Scope::Arguments(pointer.to_owned()),
                        pointer,
                        Wanted::snake(name),
                    );
                    params.push(Param {
                        wire_name: name.to_owned(),
                        rust_name: rust,
                        location: ParamLocation::Path,
                        doc: None,
                        ty: ParamType::Scalar(TypeRef::String),
                        required: true,
                        explode: false,
                        style: ParamStyle::Simple,
                    });
                    used.push(false);
                    params.len() - 1
                }
            };
            used[index] = true;
            parts.push(PathPart::Param(index));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        // Declared path parameters that the template does not mention are dropped.
        let mut kept = Vec::new();
        let mut remap = vec![0; params.len()];
        for (i, param) in params.drain(..).enumerate() {
            if used[i] {
                remap[i] = kept.len();
                kept.push(param);
            } else {
                self.warn(
                    pointer,
                    format!(
                        "the path parameter `{}` does not appear in the path; it is ignored",
                        param.wire_name
                    ),
                );
            }
        }
        *params = kept;
        for part in parts.iter_mut() {
            if let PathPart::Param(i) = part {
                *i = remap[*i];
            }
        }
        Ok(parts)
    }

    fn lower_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
        type_base: &Hint,
        resolved: &Resolved,
    ) -> Result<Option<Body>, GenerateError> {
        let (body, pointer) = self
            .spec
            .resolve(body, pointer, "requestBodies", |c| &c.request_bodies)?;
        let Some((media_type, content, kind)) = pick_media(&body.content) else {
            return Ok(None);
        };
        let content_pointer = format!("{pointer}/content/{}", pointer_token(media_type));
        if body.content.len() > 1 {
            self.warn(
                format!("{pointer}/content"),
                format!("several media types are offered; the client sends `{media_type}`"),
            );
        }
        let hint = Hint::words(type_base.clone(), "body");
        let schema_pointer = format!("{content_pointer}/schema");
        let kind = match kind {
            Media::Json => {
                let ty = match &content.schema {
                    Some(schema) => self.schema_type(schema, &schema_pointer, hint.clone())?,
                    None => TypeRef::Json,
                };
                BodyKind::Json { ty }
            }
            Media::Form => {
                let ty = match &content.schema {
                    Some(schema) => self.schema_type(schema, &schema_pointer, hint.clone())?,
                    None => TypeRef::JsonObject,
                };
                let object = match &resolved.resolved(&ty) {
                    TypeRef::Named(name) => self
                        .type_def(name)
                        .is_some_and(|d| matches!(d.kind, TypeKind::Struct(_))),
                    TypeRef::JsonObject | TypeRef::Map(_) => true,
                    _ => false,
                };
                if object {
                    BodyKind::Form { ty }
                } else {
                    self.warn(
                        &schema_pointer,
                        "a form body that is not an object is sent as the text the caller gives, which must be form-encoded already",
                    );
                    BodyKind::Text
                }
            }
            Media::Binary => BodyKind::Bytes,
            Media::Text => BodyKind::Text,
            Media::Multipart => self.multipart_body(content, &content_pointer, hint, resolved)?,
        };
        // A wildcard says nothing about what is sent: name the type the client writes.
        let media_type = match (&kind, is_wildcard(media_type)) {
            (BodyKind::Json { .. }, true) => "application/json".to_owned(),
            (_, true) => "application/octet-stream".to_owned(),
            _ => media_type.clone(),
        };
        Ok(Some(Body {
            media_type,
            kind,
            required: body.required,
            doc: docs::trimmed(body.description.as_deref()),
        }))
    }

    /// A `multipart/form-data` body: an object whose fields are sent as parts, each as
    /// its type and the `encoding` object say (files, text, lists, JSON, pairs).
    fn multipart_body(
        &mut self,
        content: &MediaType,
        content_pointer: &str,
        hint: Hint,
        aliases: &Resolved,
    ) -> Result<BodyKind, GenerateError> {
        let schema_pointer = format!("{content_pointer}/schema");
        let not_an_object = || {
            GenerateError::new(
                &schema_pointer,
                "a multipart/form-data body must be an object",
            )
        };
        let schema = content.schema.as_ref().ok_or_else(not_an_object)?;
        let ty = self.schema_type(schema, &schema_pointer, hint)?;
        let resolved = aliases.resolved(&ty);
        if matches!(resolved, TypeRef::JsonObject | TypeRef::Map(_)) {
            let members = Members::Whole;
            return Ok(BodyKind::Multipart {
                ty,
                parts: Vec::new(),
                members,
            });
        }
        let Some(TypeDef {
            kind: TypeKind::Struct(shape),
            pointer: struct_pointer,
            ..
        }) = resolved.named().and_then(|name| self.type_def(name))
        else {
            return Err(not_an_object());
        };
        let fields = shape.fields.clone();
        let struct_pointer = struct_pointer.clone();
        let members = match shape.extra {
            Some(_) => Members::Extra,
            None => Members::None,
        };
        let mut parts = Vec::new();
        for field in fields {
            let at = format!(
                "{content_pointer}/encoding/{}",
                pointer_token(&field.wire_name)
            );
            let encoding = content.encoding.get(&field.wire_name);
            if encoding.is_some_and(|e| !e.headers.is_empty()) {
                self.warn(format!("{at}/headers"), "part headers are not sent");
            }
            // The `encoding`'s type, else a 3.1 `contentMediaType` on the property.
            let property = format!(
                "{struct_pointer}/properties/{}",
                pointer_token(&field.wire_name)
            );
            let content_type = match encoding.and_then(|e| e.content_type.as_deref()) {
                Some(listed) => self.part_content_type(listed, &format!("{at}/contentType")),
                None => match self.spec.content_media_type(&property) {
                    Some(own) => {
                        self.part_content_type(&own, &format!("{property}/contentMediaType"))
                    }
                    None => None,
                },
            };
            let deep = encoding
                .is_some_and(|e| matches!(e.style, Some(openapiv3::QueryStyle::DeepObject)));
            parts.push(Part {
                kind: self.part_kind(&field.ty, deep, aliases),
                wire_name: field.wire_name,
                field: field.rust_name,
                presence: field.presence,
                content_type,
            });
        }
        Ok(BodyKind::Multipart { ty, parts, members })
    }

    /// How a multipart field's value becomes parts.
    fn part_kind(&self, ty: &TypeRef, deep: bool, resolved: &Resolved) -> PartKind {
        let value = match ty {
            TypeRef::Option(inner) => match &**inner {
                TypeRef::Option(inner) => &**inner,
                other => other,
            },
            other => other,
        };
        match resolved.resolved(value) {
            TypeRef::File => PartKind::File,
            TypeRef::Vec(item) if *item == TypeRef::File => PartKind::Files,
            TypeRef::Vec(item) if self.is_scalar(&item, resolved) => PartKind::Texts,
            scalar if self.is_scalar(&scalar, resolved) => PartKind::Text,
            TypeRef::Named(_) | TypeRef::JsonObject | TypeRef::Map(_) if deep => PartKind::Pairs,
            _ => PartKind::Json,
        }
    }

    /// The one media type a part is sent with, from an `encoding` `contentType`: the
    /// first of a list; a wildcard or a malformed type is left to the default, with a
    /// warning.
    fn part_content_type(&mut self, listed: &str, pointer: &str) -> Option<String> {
        let first = listed.split(',').next().unwrap_or_default().trim();
        if is_media_type(first) && !first.contains('*') {
            return Some(first.to_owned());
        }
        self.warn(
            pointer,
            format!("`{listed}` is not one media type; the part is sent with its default type"),
        );
        None
    }

    /// What a response's body is read as, and the media type it is read from (none
    /// for a response without content).
    fn response_kind(
        &mut self,
        response: &ReferenceOr<Response>,
        pointer: &str,
        hint: Hint,
    ) -> Result<(ResponseKind, Option<String>), GenerateError> {
        let (response, pointer) = self
            .spec
            .resolve(response, pointer, "responses", |c| &c.responses)?;
        if !response.links.is_empty() {
            self.warn(format!("{pointer}/links"), "links are ignored");
        }
        let Some((media_type, content, kind)) = pick_media(&response.content) else {
            return Ok((ResponseKind::Empty, None));
        };
        let read = match kind {
            Media::Json => match &content.schema {
                Some(schema) => {
                    let schema_pointer =
                        format!("{pointer}/content/{}/schema", pointer_token(media_type));
                    let mut ty = self.schema_type(schema, &schema_pointer, hint)?;
                    if self.spec.nullable(schema, &schema_pointer) {
                        ty = TypeRef::Option(Box::new(ty));
                    }
                    ResponseKind::Json(ty)
                }
                None => ResponseKind::Json(TypeRef::Json),
            },
            Media::Text | Media::Form => ResponseKind::Text,
            Media::Binary | Media::Multipart => ResponseKind::Bytes,
        };
        Ok((read, Some(media_type.clone())))
    }

    fn lower_responses(
        &mut self,
        responses: &openapiv3::Responses,
        pointer: &str,
        type_base: &Hint,
    ) -> Result<(SuccessShape, TypeRef, Option<String>), GenerateError> {
        let mut success: Vec<(StatusMatch, ResponseKind)> = Vec::new();
        let mut errors: Vec<ResponseKind> = Vec::new();
        // The media types the responses are read from, in spec order, once each.
        let mut accept: Vec<String> = Vec::new();
        let mut read_from = |media_type: Option<String>| {
            if let Some(media_type) = media_type.filter(|m| !accept.contains(m)) {
                accept.push(media_type);
            }
        };
        // A declared redirect (`302`, `3XX`) is an outcome the operation returns, as
        // the client follows no redirects: it counts with the successes.
        // With several success statuses, inline bodies are named by status, leaving
        // `{Op}Response` to the enum of them.
        let several = responses
            .responses
            .keys()
            .filter(|status| match status {
                StatusCode::Code(code) => (200..400).contains(code),
                StatusCode::Range(class) => matches!(class, 2 | 3),
            })
            .count()
            > 1;
        for (status, response) in &responses.responses {
            let status_pointer = format!("{pointer}/{status}");
            let (matcher, is_success, is_error) = match status {
                StatusCode::Code(code) => (
                    StatusMatch::Exact(*code),
                    (200..400).contains(code),
                    *code >= 400,
                ),
                StatusCode::Range(class) => (
                    StatusMatch::Range(*class),
                    matches!(class, 2 | 3),
                    *class >= 4,
                ),
            };
            if !is_success && !is_error {
                continue;
            }
            let hint = if is_success {
                if !several {
                    "response".to_owned()
                } else {
                    format!("response {status}")
                }
            } else {
                format!("error {status}")
            };
            let hint = Hint::words(type_base.clone(), hint);
            let (kind, media_type) = self.response_kind(response, &status_pointer, hint)?;
            read_from(media_type);
            if is_success {
                success.push((matcher, kind));
            } else {
                errors.push(kind);
            }
        }
        if let Some(default) = &responses.default {
            let words = if success.is_empty() {
                "response"
            } else {
                "error"
            };
            let hint = Hint::words(type_base.clone(), words);
            let (kind, media_type) =
                self.response_kind(default, &format!("{pointer}/default"), hint)?;
            read_from(media_type);
            if success.is_empty() {
                success.push((StatusMatch::Any, kind.clone()));
            }
            errors.push(kind);
        }
        if success.is_empty() {
            success.push((StatusMatch::Range(2), ResponseKind::Empty));
        }
        // Exact codes first, then ranges, then `default`, each in spec order.
        success.sort_by_key(|(status, _)| match status {
            StatusMatch::Exact(_) => 0,
            StatusMatch::Range(_) => 1,
            StatusMatch::Any => 2,
        });

        let error_type = error_type(errors);
        let shape = self.success_shape(success, pointer, type_base);
        let accept = (!accept.is_empty()).then(|| accept.join(", "));
        Ok((shape, error_type, accept))
    }
}

/// The error body type `E`: the one JSON type all error responses share, or any JSON.
fn error_type(errors: Vec<ResponseKind>) -> TypeRef {
    let mut error_types: Vec<TypeRef> = errors
        .into_iter()
        .filter_map(|kind| match kind {
            ResponseKind::Json(ty) => Some(ty),
            _ => None,
        })
        .collect();
    error_types.sort();
    error_types.dedup();
    match error_types.as_slice() {
        [single] => single.clone(),
        _ => TypeRef::Json,
    }
}

impl Shaper<'_> {
    /// One success type for every success status, or an enum of them by status.
    fn success_shape(
        &mut self,
        success: Vec<(StatusMatch, ResponseKind)>,
        pointer: &str,
        type_base: &Hint,
    ) -> SuccessShape {
        let mut kinds: Vec<&ResponseKind> = success.iter().map(|(_, kind)| kind).collect();
        kinds.sort();
        kinds.dedup();
        if kinds.len() == 1 {
            let ty = success[0].1.clone();
            SuccessShape::Single {
                ty,
                statuses: success.into_iter().map(|(status, _)| status).collect(),
            }
        } else {
            let type_name = self.propose_type(
                pointer,
                Wanted::AsIs(naming::response_enum(type_base.clone())),
            );
            let owner = format!("{pointer}/responses");
            let variants: Vec<SuccessVariant> = success
                .into_iter()
                .map(|(status, kind)| SuccessVariant {
                    rust_name: self.propose(
                        Scope::Variants(type_name.clone()),
                        &owner,
                        Wanted::text(naming::status_variant(status)),
                    ),
                    status,
                    kind,
                })
                .collect();
            self.push_type(TypeDef {
                rust_name: type_name.clone(),
                pointer: pointer.to_owned(),
                doc: Some("A successful response, by status.".to_owned()),
                kind: TypeKind::ResponseEnum(variants.clone()),
            });
            SuccessShape::Enum {
                type_name,
                variants,
            }
        }
    }
}

/// Whether a header or cookie name is not a token (visible ASCII without separators).
fn not_a_token(name: &str) -> bool {
    name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// An operation's parameters by place and name: path-level ones first, replaced by
/// operation-level ones of the same name and place.
type ParamsByPlace<'p> = IndexMap<(Place, String), (&'p Parameter, String)>;

/// What an operation's parameters lower to.
struct LoweredParams {
    path_params: Vec<Param>,
    /// The query parameters, then the header parameters, then the cookies.
    params: Vec<Param>,
    /// The fields of the parameters struct: the query, header and cookie parameters.
    fields: Vec<Field>,
}

/// The field of the parameters struct that holds a query or header parameter.
fn param_field(
    data: &openapiv3::ParameterData,
    rust: &str,
    doc: Option<String>,
    ty: TypeRef,
    rules: Vec<crate::model::Rule>,
    pattern_static: Option<String>,
) -> Field {
    Field {
        pattern_static,
        wire_name: data.name.clone(),
        rust_name: rust.to_owned(),
        doc,
        ty,
        presence: if data.required {
            Presence::Required
        } else {
            Presence::Optional
        },
        sensitive: data
            .extensions
            .get("x-sensitive")
            .is_some_and(|v| v == &serde_json::Value::Bool(true)),
        read_only: false,
        rules,
    }
}

/// A parameter's `explode` and `style`. `explode` is `true` by default for the
/// `form` style (and `deepObject`, which has no other meaning), else `false`.
fn param_style(param: &Parameter) -> (bool, ParamStyle) {
    use openapiv3::{PathStyle, QueryStyle};
    let (data, style) = match param {
        Parameter::Query {
            parameter_data,
            style,
            ..
        } => (
            parameter_data,
            match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
        ),
        Parameter::Path {
            parameter_data,
            style,
        } => (
            parameter_data,
            match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            },
        ),
        // `simple` style: `explode` writes objects as `k=v,…` instead of `k,v,…`.
        Parameter::Header { parameter_data, .. } => (parameter_data, ParamStyle::Simple),
        Parameter::Cookie { parameter_data, .. } => (parameter_data, ParamStyle::Form),
    };
    let exploding = matches!(style, ParamStyle::Form | ParamStyle::DeepObject)
        && !matches!(param, Parameter::Cookie { .. });
    (data.explode.unwrap_or(exploding), style)
}

impl Shaper<'_> {
    /// Each parameter's type, Rust name and style: path parameters become arguments,
    /// query, header and cookie parameters fields of the parameters struct.
    fn lower_parameters(
        &mut self,
        params: &ParamsByPlace<'_>,
        type_base: &Hint,
        pointer: &str,
        struct_pointer: &str,
        resolved: &Resolved,
    ) -> Result<LoweredParams, GenerateError> {
        let mut path_params = Vec::new();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        let mut cookies = Vec::new();
        let mut fields = Vec::new();
        for ((place, name), (param, param_pointer)) in params {
            let data = param.parameter_data_ref();
            let hint = Hint::words(type_base.clone(), name);
            let (ty, rules) = self.parameter_type(&data.format, param_pointer, hint)?;
            let ty = resolved.resolved(&ty);
            let doc = docs::trimmed(data.description.as_deref());
            if self.skip_parameter(*place, name, param_pointer)? {
                continue;
            }
            let (explode, style) = param_style(param);
            let param_ty = self.param_type(&ty, resolved);
            if *place == Place::Path {
                let scope = Scope::Arguments(pointer.to_owned());
                let rust = self.propose(scope, param_pointer, Wanted::snake(name));
                path_params.push(Param {
                    wire_name: name.clone(),
                    rust_name: rust,
                    location: ParamLocation::Path,
                    doc,
                    ty: param_ty,
                    required: true,
                    explode,
                    style,
                });
                continue;
            }
            let rust = self.propose_field(struct_pointer, param_pointer, name);
            let pattern = self.propose_pattern(param_pointer, &rust, &rules);
            let required = data.required;
            fields.push(param_field(data, &rust, doc.clone(), ty, rules, pattern));
            let location = match place {
                Place::Query => ParamLocation::Query,
                Place::Cookie => ParamLocation::Cookie,
                _ => ParamLocation::Header,
            };
            let param = Param {
                wire_name: name.clone(),
                rust_name: rust,
                location,
                doc,
                ty: param_ty,
                required,
                explode,
                style,
            };
            match location {
                ParamLocation::Query => query.push(param),
                ParamLocation::Cookie => cookies.push(param),
                _ => headers.push(param),
            }
        }
        query.extend(headers);
        query.extend(cookies);
        Ok(LoweredParams {
            path_params,
            params: query,
            fields,
        })
    }

    /// How a parameter value becomes text: scalars and lists of scalars directly;
    /// anything else (unions, objects) through serde, as its style says.
    fn param_type(&self, ty: &TypeRef, resolved: &Resolved) -> ParamType {
        match ty {
            TypeRef::Vec(item) if self.is_scalar(item, resolved) => {
                ParamType::List((**item).clone())
            }
            scalar if self.is_scalar(scalar, resolved) => ParamType::Scalar(scalar.clone()),
            other => ParamType::Json(other.clone()),
        }
    }

    /// Whether a parameter is left out, with a warning (headers OpenAPI reserves); an
    /// invalid header or cookie name is refused.
    fn skip_parameter(
        &mut self,
        place: Place,
        name: &str,
        param_pointer: &str,
    ) -> Result<bool, GenerateError> {
        match place {
            Place::Cookie if not_a_token(name) => Err(GenerateError::new(
                param_pointer,
                format!("`{name}` is not a valid cookie name"),
            )),
            Place::Header
                if ["accept", "content-type", "authorization"]
                    .contains(&name.to_ascii_lowercase().as_str()) =>
            {
                self.warn(
                    param_pointer,
                    format!("the `{name}` header parameter is ignored, as OpenAPI requires"),
                );
                Ok(true)
            }
            Place::Header if not_a_token(name) => Err(GenerateError::new(
                param_pointer,
                format!("`{name}` is not a valid HTTP header name"),
            )),
            _ => Ok(false),
        }
    }

    /// The parameters struct of an operation with query or header parameters.
    fn params_struct(
        &mut self,
        fields: Vec<Field>,
        params: Vec<Param>,
        type_base: &Hint,
        pointer: String,
    ) -> Option<ParamsStruct> {
        if fields.is_empty() {
            None
        } else {
            let type_name = self.propose_type(
                &pointer,
                Wanted::AsIs(naming::params_type(type_base.clone())),
            );
            let redacted_debug = fields.iter().any(|f| f.sensitive);
            self.push_type(TypeDef {
                rust_name: type_name.clone(),
                pointer,
                // Written once its operation's method has a name (`docs::params_structs`).
                doc: None,
                kind: TypeKind::Struct(Struct {
                    fields,
                    extra: None,
                    redacted_debug,
                    params: true,
                }),
            });
            Some(ParamsStruct { type_name, params })
        }
    }
}

impl<'d> Spec<'d> {
    /// A 3.1 `contentMediaType` written on the property at `pointer` (or on the items
    /// of an array there).
    fn content_media_type(&self, pointer: &str) -> Option<String> {
        let property = self.raw_at(pointer)?;
        let own = property.get("contentMediaType").or_else(|| {
            property
                .get("items")
                .and_then(|items| items.get("contentMediaType"))
        });
        own.and_then(serde_json::Value::as_str).map(str::to_owned)
    }

    /// The parameters an operation takes, by place and name (see [`ParamsByPlace`]).
    fn collect_parameters<'p>(
        &self,
        op: &'p openapiv3::Operation,
        shared: &'p [ReferenceOr<Parameter>],
        pointer: &str,
    ) -> Result<ParamsByPlace<'p>, GenerateError>
    where
        Self: 'p,
    {
        let mut params: ParamsByPlace<'p> = IndexMap::new();
        let shared_pointer = pointer
            .rsplit_once('/')
            .map_or(pointer, |(p, _)| p)
            .to_owned();
        for (list, list_pointer) in [
            (shared, format!("{shared_pointer}/parameters")),
            (&op.parameters[..], format!("{pointer}/parameters")),
        ] {
            for (i, param) in list.iter().enumerate() {
                let (param, param_pointer) =
                    self.resolve(param, &format!("{list_pointer}/{i}"), "parameters", |c| {
                        &c.parameters
                    })?;
                let data = param.parameter_data_ref();
                params.insert(
                    (Place::of(param), data.name.clone()),
                    (param, param_pointer),
                );
            }
        }
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_classified_by_essence() {
        assert_eq!(media("application/json; charset=utf-8", None), Media::Json);
        assert_eq!(media("application/problem+json", None), Media::Json);
        assert_eq!(
            media("application/x-www-form-urlencoded", None),
            Media::Form
        );
        assert_eq!(media("multipart/form-data", None), Media::Multipart);
        assert_eq!(media("text/plain", None), Media::Text);
        assert_eq!(media("application/octet-stream", None), Media::Binary);
    }

    #[test]
    fn wildcards_with_a_schema_are_json_unless_the_schema_is_binary() {
        let object: ReferenceOr<Schema> =
            serde_json::from_value(serde_json::json!({"type": "object"})).unwrap();
        let binary: ReferenceOr<Schema> =
            serde_json::from_value(serde_json::json!({"type": "string", "format": "binary"}))
                .unwrap();
        assert_eq!(media("*/*", Some(&object)), Media::Json);
        assert_eq!(media("*/*", Some(&binary)), Media::Binary);
        assert_eq!(media("*/*", None), Media::Binary);
    }

    #[test]
    fn json_is_preferred_whatever_the_order() {
        let mut content = IndexMap::new();
        content.insert("application/xml".to_owned(), MediaType::default());
        content.insert(
            "application/x-www-form-urlencoded".to_owned(),
            MediaType::default(),
        );
        content.insert("application/json".to_owned(), MediaType::default());
        assert_eq!(
            pick_media(&content).map(|(name, _, _)| name.as_str()),
            Some("application/json")
        );
    }
}
