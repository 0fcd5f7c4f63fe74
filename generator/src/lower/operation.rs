//! Paths and operations → client methods: each operation's names, path and server
//! here; its parameters (`parameters`), body and media types (`media`) and responses
//! (`responses`) in the modules below.

mod media;
mod parameters;
mod responses;

pub(super) use media::{multipart_objects, pick_media, Media};
use parameters::LoweredParams;

use super::aliases::Resolved;
use super::docs;
use super::Shaper;
use crate::model::{
    BodyKind, HttpMethod, Operation, Param, ParamLocation, ParamStyle, ParamType, ParamsStruct,
    PathPart, TypeKind, TypeRef,
};
use crate::naming::{self, pointer_token, Scope, Wanted};
use crate::shared::GenerateError;

/// Where an operation is in the spec: its path template, method, JSON pointer and its
/// path item's.
struct Site<'p> {
    path: &'p str,
    method: HttpMethod,
    pointer: &'p str,
    path_pointer: &'p str,
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
        let idempotency_key = self.idempotency_key(op, params_struct.as_ref(), pointer);
        let stream = self.stream_method(&op.responses, pointer, &rust_name, &type_base)?;
        let upload = body
            .as_ref()
            .filter(|body| matches!(body.kind, BodyKind::Bytes))
            .map(|_| {
                let wanted = Wanted::AsIs(naming::upload_method(&rust_name));
                self.propose(Scope::Methods, pointer, wanted)
            });

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
            idempotency_key,
            stream,
            upload,
            tags: op.tags.clone(),
            gate: Vec::new(),
            pages: None,
        })
    }

    /// The header an operation's calls carry an idempotency key in: the one
    /// `x-idempotency-key` names (on the operation, else on the document; `false`
    /// says there is none), else a header parameter named `Idempotency-Key`.
    fn idempotency_key(
        &mut self,
        op: &openapiv3::Operation,
        params: Option<&ParamsStruct>,
        pointer: &str,
    ) -> Option<String> {
        const EXTENSION: &str = "x-idempotency-key";
        let declared = match op.extensions.get(EXTENSION) {
            Some(value) => Some((value, format!("{pointer}/{EXTENSION}"))),
            None => (self.spec.doc.extensions.get(EXTENSION))
                .map(|value| (value, format!("#/{EXTENSION}"))),
        };
        match declared {
            Some((serde_json::Value::Bool(false), _)) => return None,
            Some((serde_json::Value::String(name), _)) if !parameters::not_a_token(name) => {
                return Some(name.clone());
            }
            Some((_, at)) => self.warn(
                at,
                "`x-idempotency-key` is a header name or `false`: ignored",
            ),
            None => {}
        }
        params
            .into_iter()
            .flat_map(|p| &p.params)
            .find(|p| {
                p.location == ParamLocation::Header
                    && p.wire_name.eq_ignore_ascii_case("idempotency-key")
            })
            .map(|p| p.wire_name.clone())
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
}
