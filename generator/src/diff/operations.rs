//! Operations compared: their signatures, parameters on the wire, and notes.

use super::{by_name, Bump, Changes, Kind};
use crate::model::{Api, Body, BodyKind, Operation};

pub(super) fn operations(old: &Api, new: &Api, out: &mut Changes) {
    let before = by_name(&old.operations, |op| &op.rust_name);
    let after = by_name(&new.operations, |op| &op.rust_name);
    for op in &old.operations {
        if !after.contains_key(op.rust_name.as_str()) {
            out.push(
                &op.pointer,
                format!("Client::{}", op.rust_name),
                Kind::Removed,
                Bump::Major,
                format!(
                    "the operation `{} {}` is gone (or renamed)",
                    op.method.token(),
                    op.path
                ),
            );
        }
    }
    for op in &new.operations {
        match before.get(op.rust_name.as_str()) {
            None => out.push(
                &op.pointer,
                format!("Client::{}", op.rust_name),
                Kind::Added,
                Bump::Minor,
                format!("a new operation, `{} {}`", op.method.token(), op.path),
            ),
            Some(was) => operation(was, op, out),
        }
    }
}

fn operation(was: &Operation, now: &Operation, out: &mut Changes) {
    let item = format!("Client::{}", now.rust_name);
    let at = now.pointer.as_str();
    if (&was.method, &was.path) != (&now.method, &now.path) {
        out.push_beyond(
            at,
            item.clone(),
            Kind::RequestChanged,
            Bump::Major,
            format!(
                "now sends `{} {}` instead of `{} {}`",
                now.method.token(),
                now.path,
                was.method.token(),
                was.path
            ),
        );
    }
    let signature_changed = signature_changed(was, now);
    if signature_changed {
        out.push(
            at,
            item.clone(),
            Kind::SignatureChanged,
            Bump::Major,
            "its arguments or its result changed".to_owned(),
        );
    } else if was.params_struct.is_none() && now.params_struct.is_some() {
        if let Some(with) = &now.with_params {
            out.push(
                &format!("{at}/parameters"),
                format!("Client::{with}"),
                Kind::Added,
                Bump::Minor,
                "its first parameters, all optional: a method that takes them".to_owned(),
            );
        }
    }
    if let (Some(a), Some(b)) = (&was.body, &now.body) {
        if a.media_type != b.media_type {
            out.push(
                &format!("{at}/requestBody"),
                item.clone(),
                Kind::RequestChanged,
                Bump::Patch,
                format!(
                    "its body is sent as `{}` (was `{}`)",
                    b.media_type, a.media_type
                ),
            );
        }
    }
    parameters_on_the_wire(was, now, at, &item, out);
    notes(was, now, at, item, out);
}

/// Parameters whose names stay but which are now sent differently (their location,
/// wire name, `explode` or `deepObject`): seen only on the wire.
fn parameters_on_the_wire(
    was: &Operation,
    now: &Operation,
    at: &str,
    item: &str,
    out: &mut Changes,
) {
    let wire = |op: &Operation| -> Vec<(String, String)> {
        op.path_params
            .iter()
            .chain(op.params_struct.iter().flat_map(|p| p.params.iter()))
            .map(|p| {
                (
                    p.rust_name.clone(),
                    format!(
                        "{:?} `{}` style {:?} explode {}",
                        p.location, p.wire_name, p.style, p.explode
                    ),
                )
            })
            .collect()
    };
    let before = wire(was);
    for (name, how) in wire(now) {
        if before.iter().any(|(n, h)| *n == name && *h != how) {
            out.push(
                &format!("{at}/parameters"),
                format!("{item}::{name}"),
                Kind::RequestChanged,
                Bump::Patch,
                format!("the parameter is now sent as {how}"),
            );
        }
    }
}

/// What changes no caller's code: deprecation, the operation's own server and its
/// idempotency key (changes on the wire), its documentation.
fn notes(was: &Operation, now: &Operation, at: &str, item: String, out: &mut Changes) {
    if !was.deprecated && now.deprecated {
        out.push(
            at,
            item.clone(),
            Kind::Deprecated,
            Bump::Minor,
            "now deprecated".to_owned(),
        );
    }
    if was.server != now.server {
        out.push(
            &format!("{at}/servers"),
            item.clone(),
            Kind::RequestChanged,
            Bump::Patch,
            format!(
                "its own server is now {:?} (was {:?})",
                now.server, was.server
            ),
        );
    }
    if was.idempotency_key != now.idempotency_key {
        let said = |key: &Option<String>| {
            key.as_ref().map_or("no idempotency key".to_owned(), |h| {
                format!("an idempotency key in `{h}`")
            })
        };
        out.push(
            at,
            item.clone(),
            Kind::RequestChanged,
            Bump::Patch,
            format!(
                "each call now carries {} (was {}), which decides whether a retry may resend it",
                said(&now.idempotency_key),
                said(&was.idempotency_key)
            ),
        );
    }
    if (&was.summary, &was.description) != (&now.summary, &now.description) {
        out.push(
            at,
            item,
            Kind::DocsOnly,
            Bump::Patch,
            "its documentation changed".to_owned(),
        );
    }
}

/// Whether a dependent's call of the operation stops compiling: its path arguments,
/// parameters, body, success or error type changed. Its first parameters, all
/// optional, do not count: they add a method and change none.
fn signature_changed(was: &Operation, now: &Operation) -> bool {
    let path_args = |op: &Operation| -> Vec<(String, String)> {
        op.path_params
            .iter()
            .map(|p| (p.rust_name.clone(), format!("{:?}", p.ty)))
            .collect()
    };
    let params_arg = |op: &Operation| match &op.params_struct {
        None => None,
        Some(p) if op.with_params.is_some() => Some((p.type_name.clone(), false)),
        Some(p) => Some((p.type_name.clone(), true)),
    };
    path_args(was) != path_args(now)
        || body_signature(was.body.as_ref()) != body_signature(now.body.as_ref())
        || success_signature(was) != success_signature(now)
        || was.error_type != now.error_type
        || match (params_arg(was), params_arg(now)) {
            (None, Some((_, false))) => false,
            (before, after) => before != after,
        }
}

/// What a method returns on success (the statuses it accepts aside).
fn success_signature(op: &Operation) -> String {
    match &op.success {
        crate::model::SuccessShape::Single { ty, .. } => format!("{ty:?}"),
        crate::model::SuccessShape::Enum { type_name, .. } => type_name.clone(),
    }
}

/// What a body means to a method's signature: its kind, type and whether it is required.
fn body_signature(body: Option<&Body>) -> Option<(String, bool)> {
    body.map(|b| {
        let shape = match &b.kind {
            BodyKind::Json { ty } => format!("json {ty:?}"),
            BodyKind::Form { ty } => format!("form {ty:?}"),
            BodyKind::Multipart { ty, .. } => format!("multipart {ty:?}"),
            BodyKind::Bytes => "bytes".to_owned(),
            BodyKind::Text => "text".to_owned(),
        };
        (shape, b.required)
    })
}
