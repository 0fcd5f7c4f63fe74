//! Which operations page, and how: what an operation's `x-pagination` says, else the
//! shapes recognised with confidence without it. An operation pages only when it
//! sends no body and its success response is JSON with a list of items.
//!
//! Recognised without the extension:
//! - a list body, or an object holding one list, and a `Link` header declared on the
//!   response: `rel="next"`;
//! - a list member beside a member `next_{p}` (or `next{P}`, at the top or one object
//!   below) where `p` is a query parameter: Stytch's `results_metadata.next_cursor`
//!   for `cursor`, Google's `nextPageToken` for `pageToken`;
//! - Stripe's `has_more` beside a list `data`, with a query parameter `starting_after`:
//!   the last item's `id`.

use super::spec::Spec;
use crate::model::{
    HttpMethod, NextPage, Operation, Pagination, ParamLocation, ResponseKind, SuccessShape,
    TypeDef, TypeKind, TypeRef, Warning,
};
use crate::naming::{self, Proposal, Scope, Wanted};
use serde_json::Value;

const EXTENSION: &str = "x-pagination";

/// Decide, for every operation, whether it pages; propose each `…_pages` method.
pub(super) fn pagination(
    spec: Spec<'_>,
    types: &[TypeDef],
    operations: &mut [Operation],
    proposals: &mut Vec<Proposal>,
    warnings: &mut Vec<Warning>,
) {
    for op in operations.iter_mut() {
        let raw = spec.raw_at(&op.pointer);
        let declared = raw.and_then(|raw| raw.get(EXTENSION));
        let at = format!("{}/{EXTENSION}", op.pointer);
        let found = match declared {
            Some(Value::Bool(false)) => None,
            Some(declared) => match declared_paging(declared, op, types) {
                Ok(found) => Some(found),
                Err(why) => {
                    warnings.push(Warning::new(
                        at,
                        format!("{why}: the operation does not page"),
                    ));
                    None
                }
            },
            None => recognised(spec, raw, op, types),
        };
        if let Some((items, item, next)) = found {
            let wanted = Wanted::AsIs(naming::pages_method(&op.rust_name));
            op.pages = Some(Pagination {
                rust_name: naming::propose(proposals, Scope::Methods, &op.pointer, wanted),
                items,
                item,
                next,
            });
        }
    }
}

type Found = (Vec<String>, TypeRef, NextPage);

/// The body type an operation that may page reads, when it sends no body.
fn page_type(op: &Operation) -> Option<&TypeRef> {
    if op.body.is_some() || op.method != HttpMethod::Get {
        return None;
    }
    match &op.success {
        SuccessShape::Single {
            ty: ResponseKind::Json(ty),
            ..
        } => Some(ty.inner()),
        _ => None,
    }
}

/// The fields of a struct type, by reference.
fn fields<'t>(ty: &TypeRef, types: &'t [TypeDef]) -> Option<&'t [crate::model::Field]> {
    let TypeRef::Named(name) = ty.inner() else {
        return None;
    };
    types
        .iter()
        .find(|def| &def.rust_name == name)
        .and_then(|def| match &def.kind {
            TypeKind::Struct(s) => Some(s.fields.as_slice()),
            _ => None,
        })
}

/// The type at a path of wire names from `ty`.
fn type_at<'t>(ty: &'t TypeRef, path: &[String], types: &'t [TypeDef]) -> Option<&'t TypeRef> {
    path.iter().try_fold(ty.inner(), |ty, member| {
        let field = fields(ty, types)?.iter().find(|f| &f.wire_name == member)?;
        Some(field.ty.inner())
    })
}

/// The wire names of the operation's query parameters.
fn query_params(op: &Operation) -> impl Iterator<Item = &str> {
    op.params_struct
        .iter()
        .flat_map(|p| &p.params)
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| p.wire_name.as_str())
}

/// The query parameter of that wire name.
fn query_param<'o>(op: &'o Operation, name: &str) -> Option<&'o str> {
    query_params(op).find(|param| *param == name)
}

/// A path written `$.a.b`, `a.b` or `$` (the body).
fn path(text: &str) -> Vec<String> {
    let text = text.trim();
    let text = text.strip_prefix('$').unwrap_or(text);
    let text = text.strip_prefix('.').unwrap_or(text);
    text.split('.')
        .filter(|member| !member.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What an operation's `x-pagination` says, checked against the operation.
fn declared_paging(declared: &Value, op: &Operation, types: &[TypeDef]) -> Result<Found, String> {
    let page = page_type(op).ok_or("only an operation that sends no body and reads JSON pages")?;
    let text = |key: &str| declared.get(key).and_then(Value::as_str);
    let items = path(text("items").unwrap_or("$"));
    let TypeRef::Vec(item) = type_at(page, &items, types).ok_or("`items` names no member")? else {
        return Err("`items` is not a list".to_owned());
    };
    let param = |key: &str| -> Result<Option<String>, String> {
        match text(key) {
            None => Ok(None),
            Some(name) => query_param(op, name)
                .map(|name| Some(name.to_owned()))
                .ok_or_else(|| format!("`{key}` names no query parameter of the operation")),
        }
    };
    let next = if let Some(param) = param("cursor")? {
        let from = path(text("next").ok_or("`cursor` needs `next`, where the next cursor is")?);
        type_at(page, &from, types).ok_or("`next` names no member")?;
        NextPage::Cursor { param, from }
    } else if let Some(param) = param("after")? {
        let has_more = path(text("has-more").unwrap_or("has_more"));
        if type_at(page, &has_more, types) != Some(&TypeRef::Bool) {
            return Err("`has-more` names no boolean member".to_owned());
        }
        let field = text("field").unwrap_or("id").to_owned();
        NextPage::AfterLast {
            param,
            field,
            has_more,
        }
    } else if let Some(param) = param("offset")? {
        NextPage::Offset { param }
    } else if declared.get("link").is_some() {
        NextPage::Link
    } else {
        return Err("it names none of `cursor`, `after`, `offset` and `link`".to_owned());
    };
    Ok((items, item.inner().clone(), next))
}

/// The shapes recognised without the extension.
fn recognised(
    spec: Spec<'_>,
    raw: Option<&Value>,
    op: &Operation,
    types: &[TypeDef],
) -> Option<Found> {
    let page = page_type(op)?;
    if let TypeRef::Vec(item) = page {
        return declares_link(spec, raw?)
            .then(|| (Vec::new(), item.inner().clone(), NextPage::Link));
    }
    let members = fields(page, types)?;
    let lists: Vec<&crate::model::Field> = members
        .iter()
        .filter(|f| matches!(f.ty.inner(), TypeRef::Vec(_)))
        .collect();
    let [list] = lists.as_slice() else {
        return None;
    };
    let TypeRef::Vec(item) = list.ty.inner() else {
        return None;
    };
    let items = vec![list.wire_name.clone()];
    let item = item.inner().clone();
    let has_more = members
        .iter()
        .any(|f| f.wire_name == "has_more" && *f.ty.inner() == TypeRef::Bool);
    if has_more && list.wire_name == "data" {
        if let Some(param) = query_param(op, "starting_after") {
            let next = NextPage::AfterLast {
                param: param.to_owned(),
                field: "id".to_owned(),
                has_more: vec!["has_more".to_owned()],
            };
            return Some((items, item, next));
        }
    }
    if let Some(from) = next_cursor(op, page, types) {
        return Some((items, item, from));
    }
    // An object holding one list, the next page in its `Link` header (GitHub's
    // `{total_count, workflow_runs: […]}`).
    declares_link(spec, raw?).then_some((items, item, NextPage::Link))
}

/// A member `next_{p}` or `next{P}` (at the top, or one object below) for a query
/// parameter `p`.
fn next_cursor(op: &Operation, page: &TypeRef, types: &[TypeDef]) -> Option<NextPage> {
    // Each member, then the members of the object it holds.
    let mut candidates = fields(page, types)?.iter().flat_map(|outer| {
        let inner = fields(&outer.ty, types).unwrap_or_default();
        std::iter::once(vec![outer]).chain(inner.iter().map(move |inner| vec![outer, inner]))
    });
    candidates.find_map(|path| {
        let last = path.last()?;
        if !matches!(
            last.ty.inner(),
            TypeRef::String | TypeRef::I64 | TypeRef::I32
        ) {
            return None;
        }
        let rest = (last.wire_name.strip_prefix("next_"))
            .or_else(|| last.wire_name.strip_prefix("next"))
            .filter(|rest| !rest.is_empty())?;
        let param = query_params(op).find(|param| param.eq_ignore_ascii_case(rest))?;
        Some(NextPage::Cursor {
            param: param.to_owned(),
            from: path.iter().map(|f| f.wire_name.clone()).collect(),
        })
    })
}

/// Whether the operation's first `2XX` response declares a `Link` header.
fn declares_link(spec: Spec<'_>, raw: &Value) -> bool {
    let Some(responses) = raw.get("responses").and_then(Value::as_object) else {
        return false;
    };
    let first = responses.iter().find(|(status, _)| status.starts_with('2'));
    let Some((_, response)) = first else {
        return false;
    };
    let Some(response) = crate::shared::dereferenced(spec.raw, response) else {
        return false;
    };
    response
        .get("headers")
        .and_then(Value::as_object)
        .is_some_and(|headers| headers.keys().any(|name| name.eq_ignore_ascii_case("link")))
}
