//! Media types: which one a body or response is read or written in, request bodies,
//! and multipart bodies part by part.

use crate::lower::aliases::Resolved;
use crate::lower::docs;
use crate::lower::spec::Spec;
use crate::lower::Shaper;
use crate::model::{Body, BodyKind, Members, Part, PartKind, TypeDef, TypeKind, TypeRef};
use crate::naming::{pointer_token, Hint};
use crate::shared::{follow_refs, GenerateError};
use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, Schema, SchemaKind, Type};

/// How a media type is read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(in crate::lower) enum Media {
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

pub(super) fn media(media_type: &str, schema: Option<&ReferenceOr<Schema>>) -> Media {
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
pub(in crate::lower) fn pick_media(
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
pub(in crate::lower) fn multipart_objects(spec: Spec<'_>) -> std::collections::BTreeSet<String> {
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
    pub(super) fn lower_body(
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
