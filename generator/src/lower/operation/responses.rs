//! Responses: what each is read as, the success shape and the error type.

use super::{pick_media, Media};
use crate::lower::Shaper;
use crate::model::{
    ResponseKind, StatusMatch, StreamKind, StreamMethod, SuccessShape, SuccessVariant, TypeDef,
    TypeKind, TypeRef,
};
use crate::naming::{self, pointer_token, Hint, Scope, Wanted};
use crate::shared::media_essence;
use crate::shared::GenerateError;
use openapiv3::{ReferenceOr, Response, StatusCode};

impl Shaper<'_> {
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

    /// The method that reads the first `2XX` response as it arrives: its server-sent
    /// events (`text/event-stream`, beside any other media type it offers), or its
    /// binary body's chunks.
    pub(super) fn stream_method(
        &mut self,
        responses: &openapiv3::Responses,
        pointer: &str,
        rust_name: &str,
        type_base: &Hint,
    ) -> Result<Option<StreamMethod>, GenerateError> {
        let first = responses.responses.iter().find(|(status, _)| match status {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(class) => *class == 2,
        });
        let Some((status, response)) = first else {
            return Ok(None);
        };
        let at = format!("{pointer}/responses/{status}");
        let (response, at) = self
            .spec
            .resolve(response, &at, "responses", |c| &c.responses)?;
        let events = (response.content.iter())
            .find(|(media_type, _)| media_essence(media_type) == "text/event-stream");
        let (media_type, kind) = match events {
            Some((media_type, content)) => {
                let data = match &content.schema {
                    Some(schema) => {
                        let at = format!("{at}/content/{}/schema", pointer_token(media_type));
                        let hint = Hint::words(type_base.clone(), "event");
                        Some(self.schema_type(schema, &at, hint)?)
                    }
                    None => None,
                };
                let data = data.filter(|ty| *ty != TypeRef::String);
                (media_type.clone(), StreamKind::Events(data))
            }
            None => match pick_media(&response.content) {
                Some((media_type, _, Media::Binary)) => (media_type.clone(), StreamKind::Bytes),
                _ => return Ok(None),
            },
        };
        let wanted = Wanted::AsIs(naming::stream_method(rust_name));
        Ok(Some(StreamMethod {
            rust_name: self.propose(Scope::Methods, pointer, wanted),
            media_type,
            kind,
        }))
    }

    pub(super) fn lower_responses(
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
            .filter(|status| status_class(status).1)
            .count()
            > 1;
        for (status, response) in &responses.responses {
            let status_pointer = format!("{pointer}/{status}");
            let (matcher, is_success, is_error) = status_class(status);
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

/// How a declared status is matched, and whether it is a success (a redirect counts:
/// the client follows none) or an error; a `1XX` is neither.
fn status_class(status: &StatusCode) -> (StatusMatch, bool, bool) {
    match status {
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
    }
}

/// The error body type `E`: the one JSON type all error responses share, or any JSON.
pub(super) fn error_type(errors: Vec<ResponseKind>) -> TypeRef {
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
