//! The spec being lowered, as every pass reads it: the typed document, the raw JSON
//! (for what `openapiv3` drops, such as the siblings of a `$ref`), and references
//! followed within it. Nothing here changes; it is shared by copy.

use crate::model::HttpMethod;
use crate::naming::pointer_token;
use crate::shared::{follow_refs, GenerateError, RefProblem};
use indexmap::IndexMap;
use openapiv3::{Operation, ReferenceOr, Schema};
use serde_json::Value;
use std::borrow::Cow;

/// The methods a path item names with fields of their own (OpenAPI 3.2's `query`
/// among them), which its `additionalOperations` must not repeat.
const FIELD_METHODS: &[&str] = &[
    "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "QUERY",
];

/// The method of an `additionalOperations` entry: its key, sent as written, which
/// must be a token (RFC 9110: `tchar`s, so that `reqwest::Method::from_bytes` takes
/// it) and not a method with a field of its own.
fn additional_method(token: &str, pointer: &str) -> Result<HttpMethod, GenerateError> {
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if token.is_empty() || !token.bytes().all(tchar) {
        return Err(GenerateError::new(
            pointer,
            format!("`{token}` is not an HTTP method: a method is a token (RFC 9110)"),
        ));
    }
    if let Some(field) = FIELD_METHODS.iter().find(|m| m.eq_ignore_ascii_case(token)) {
        return Err(GenerateError::new(
            pointer,
            format!(
                "`{token}` has a field of its own on a path item: write this operation under `{}`",
                field.to_ascii_lowercase()
            ),
        ));
    }
    Ok(HttpMethod::Other(token.to_owned()))
}

/// How deep references between schema components are followed.
const MAX_REF_DEPTH: usize = 64;

#[derive(Clone, Copy)]
pub(crate) struct Spec<'d> {
    pub doc: &'d openapiv3::OpenAPI,
    pub raw: &'d Value,
}

impl<'d> Spec<'d> {
    /// A path item, or the one its `$ref` points at in this document (through
    /// further references; a cycle is refused).
    pub(super) fn path_item<'i>(
        &self,
        item: &'i ReferenceOr<openapiv3::PathItem>,
        pointer: &str,
    ) -> Result<std::borrow::Cow<'i, openapiv3::PathItem>, GenerateError> {
        let reference = match item {
            ReferenceOr::Item(item) => return Ok(std::borrow::Cow::Borrowed(item)),
            ReferenceOr::Reference { reference } => reference,
        };
        let (node, at) = follow_refs(self.raw, reference).map_err(|problem| {
            let why = match problem {
                RefProblem::External => {
                    "points outside this document; external references are not supported"
                }
                RefProblem::Missing => "points at nothing",
                RefProblem::Cycle => "is part of a cycle of references",
            };
            GenerateError::new(
                pointer,
                format!("the path item reference `{reference}` {why}"),
            )
        })?;
        serde_json::from_value(node.clone())
            .map(std::borrow::Cow::Owned)
            .map_err(|err| GenerateError::new(at, format!("not a path item: {err}")))
    }

    /// Every operation of a path item, each with its method and pointer: the fixed
    /// fields (`get` … `trace`), then OpenAPI 3.2's `query` and its
    /// `additionalOperations` in spec order. `openapiv3` knows neither of the last
    /// two, so they are read from the raw JSON (of the path item a `$ref` leads to).
    pub(super) fn operations<'i>(
        &self,
        path: &str,
        item: &'i openapiv3::PathItem,
        path_pointer: &str,
    ) -> Result<Vec<(HttpMethod, String, Cow<'i, Operation>)>, GenerateError> {
        let fixed = [
            (HttpMethod::Get, &item.get),
            (HttpMethod::Put, &item.put),
            (HttpMethod::Post, &item.post),
            (HttpMethod::Delete, &item.delete),
            (HttpMethod::Options, &item.options),
            (HttpMethod::Head, &item.head),
            (HttpMethod::Patch, &item.patch),
            (HttpMethod::Trace, &item.trace),
        ];
        let mut found: Vec<_> = fixed
            .into_iter()
            .filter_map(|(method, op)| {
                let pointer = format!("{path_pointer}/{}", method.token().to_ascii_lowercase());
                op.as_ref().map(|op| (method, pointer, Cow::Borrowed(op)))
            })
            .collect();
        let Some(raw) = self.raw_path_item(path) else {
            return Ok(found);
        };
        let mut extra = Vec::new();
        if let Some(op) = raw.get("query") {
            extra.push((
                HttpMethod::Other("QUERY".to_owned()),
                format!("{path_pointer}/query"),
                op,
            ));
        }
        let additional = raw.get("additionalOperations").and_then(Value::as_object);
        for (token, op) in additional.into_iter().flatten() {
            let pointer = format!(
                "{path_pointer}/additionalOperations/{}",
                pointer_token(token)
            );
            extra.push((additional_method(token, &pointer)?, pointer, op));
        }
        for (method, pointer, op) in extra {
            let op = serde_json::from_value(op.clone())
                .map_err(|err| GenerateError::new(&pointer, format!("not an operation: {err}")))?;
            found.push((method, pointer, Cow::Owned(op)));
        }
        Ok(found)
    }

    /// The raw JSON of the path item at `path`, or of the one its `$ref` leads to.
    fn raw_path_item(&self, path: &str) -> Option<&'d Value> {
        let item = self.raw.get("paths")?.get(path)?;
        match item.get("$ref").and_then(Value::as_str) {
            Some(reference) => follow_refs(self.raw, reference).ok().map(|(node, _)| node),
            None => Some(item),
        }
    }

    /// The object a component reference points at, with its pointer, following
    /// components that are references themselves (a cycle of them is refused).
    pub(super) fn resolve<'a, T>(
        &self,
        item: &'a ReferenceOr<T>,
        pointer: &str,
        section: &str,
        entries: impl Fn(&'a openapiv3::Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(&'a T, String), GenerateError>
    where
        'd: 'a,
    {
        let doc: &'a openapiv3::OpenAPI = self.doc;
        let mut item = item;
        let mut at = pointer.to_owned();
        let mut seen: Vec<&str> = Vec::new();
        loop {
            let reference = match item {
                ReferenceOr::Item(found) => return Ok((found, at)),
                ReferenceOr::Reference { reference } => reference,
            };
            let name = component_ref(reference, section, &at)?;
            if seen.contains(&name) {
                return Err(GenerateError::new(
                    at,
                    format!(
                        "`{reference}` is part of a cycle of references in #/components/{section}"
                    ),
                ));
            }
            seen.push(name);
            item = doc
                .components
                .as_ref()
                .map(&entries)
                .and_then(|e| e.get(name))
                .ok_or_else(|| {
                    GenerateError::new(
                        &at,
                        format!(
                            "the reference `{reference}` names nothing in #/components/{section}"
                        ),
                    )
                })?;
            at = format!("#/components/{section}/{}", pointer_token(name));
        }
    }

    /// The raw JSON at `pointer` (`#/…`) in this document, for what `openapiv3` drops.
    pub(super) fn raw_at(&self, pointer: &str) -> Option<&'d Value> {
        self.raw.pointer(pointer.strip_prefix('#')?)
    }

    /// The schema behind a `$ref` (following references between components), with its name.
    pub(super) fn schema_component<'s>(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(String, &'s Schema), GenerateError>
    where
        'd: 's,
    {
        let doc: &'s openapiv3::OpenAPI = self.doc;
        let mut reference = reference.to_owned();
        for _ in 0..MAX_REF_DEPTH {
            let name = component_ref(&reference, "schemas", pointer)?.to_owned();
            match doc.components.as_ref().and_then(|c| c.schemas.get(&name)) {
                Some(ReferenceOr::Item(schema)) => return Ok((name, schema)),
                Some(ReferenceOr::Reference { reference: next }) => reference = next.clone(),
                None => {
                    return Err(GenerateError::new(
                        pointer,
                        format!(
                            "the reference `{reference}` names no schema in #/components/schemas"
                        ),
                    ))
                }
            }
        }
        Err(GenerateError::new(
            pointer,
            "a cycle of schema references never reaches a schema",
        ))
    }
}

/// The component name a local `$ref` points at.
pub(super) fn component_ref<'r>(
    reference: &'r str,
    section: &str,
    pointer: &str,
) -> Result<&'r str, GenerateError> {
    let prefix = format!("#/components/{section}/");
    match reference.strip_prefix(&prefix) {
        Some(name) if !name.contains('/') => Ok(name),
        _ if !reference.starts_with('#') => Err(GenerateError::new(
            pointer,
            format!("the reference `{reference}` points outside this document; external references are not supported"),
        )),
        _ => Err(GenerateError::new(
            pointer,
            format!("the reference `{reference}` does not point at #/components/{section}/<name>, which is the only kind supported here"),
        )),
    }
}
