//! What a spec change means to the crates that depend on the generated one: two
//! lowered models compared item by item, since the model is where the Rust API is
//! decided. Each change names its place in the new spec (the old one for a removal),
//! the Rust item it touches, its kind and its semver class; the whole change gets the
//! largest class as its verdict.
//!
//! The classes follow what `cargo-semver-checks` reports on the two generated crates
//! (structs and enums are `#[non_exhaustive]`, so additions are minor), and go beyond
//! it where it has no lint: a field whose type changed, and a behaviour change with no
//! Rust item changed (a constraint tightened: a request that was sent is now refused).

use crate::model::{
    Api, Body, BodyKind, Field, Operation, Presence, Rule, Struct, TypeDef, TypeKind, TypeRef,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How a change must be released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Added,
    Removed,
    TypeChanged,
    NowRequired,
    NowOptional,
    SignatureChanged,
    ConstraintTightened,
    ConstraintWidened,
    Deprecated,
    RequestChanged,
    DocsOnly,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::TypeChanged => "type changed",
            Kind::NowRequired => "now required",
            Kind::NowOptional => "now optional",
            Kind::SignatureChanged => "signature changed",
            Kind::ConstraintTightened => "constraint tightened",
            Kind::ConstraintWidened => "constraint widened",
            Kind::Deprecated => "deprecated",
            Kind::RequestChanged => "request changed",
            Kind::DocsOnly => "docs only",
        }
    }
}

/// One change to the generated API or to what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// JSON pointer into the new spec (into the old one for what was removed).
    pub pointer: String,
    /// The Rust item, as a dependent names it (`types::Member::email`, `Client::send`).
    pub item: String,
    pub kind: Kind,
    pub class: Bump,
    /// What changed, in a sentence.
    pub detail: String,
    /// `cargo-semver-checks` has no lint for this change (it would call it less).
    pub beyond_semver_checks: bool,
}

/// Every change, and the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub bump: Bump,
    pub changes: Vec<Change>,
}

/// Compare the model of the old spec with the model of the new one.
pub fn diff(old: &Api, new: &Api) -> Diff {
    let mut out = Changes(Vec::new());
    operations(old, new, &mut out);
    types(old, new, &mut out);
    servers_and_auth(old, new, &mut out);
    let changes = out.0;
    let bump = changes.iter().map(|c| c.class).max().unwrap_or(Bump::None);
    Diff { bump, changes }
}

struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, pointer: &str, item: String, kind: Kind, class: Bump, detail: String) {
        self.0.push(Change {
            pointer: pointer.to_owned(),
            item,
            kind,
            class,
            detail,
            beyond_semver_checks: false,
        });
    }

    /// A change `cargo-semver-checks` does not see.
    fn push_beyond(
        &mut self,
        pointer: &str,
        item: String,
        kind: Kind,
        class: Bump,
        detail: String,
    ) {
        self.push(pointer, item, kind, class, detail);
        if let Some(last) = self.0.last_mut() {
            last.beyond_semver_checks = true;
        }
    }
}

/// Items by their Rust name (what a dependent names them by).
fn by_name<'a, T>(items: &'a [T], name: impl Fn(&'a T) -> &'a String) -> BTreeMap<&'a str, &'a T> {
    items
        .iter()
        .map(|item| (name(item).as_str(), item))
        .collect()
}

fn operations(old: &Api, new: &Api, out: &mut Changes) {
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

/// What changes no caller's code: deprecation, the operation's own server (a change on
/// the wire), its documentation.
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

fn types(old: &Api, new: &Api, out: &mut Changes) {
    let before = by_name(&old.types, |t| &t.rust_name);
    let after = by_name(&new.types, |t| &t.rust_name);
    for def in &old.types {
        if !after.contains_key(def.rust_name.as_str()) {
            out.push(
                &def.pointer,
                format!("types::{}", def.rust_name),
                Kind::Removed,
                Bump::Major,
                "the type is gone".to_owned(),
            );
        }
    }
    for def in &new.types {
        let Some(was) = before.get(def.rust_name.as_str()) else {
            out.push(
                &def.pointer,
                format!("types::{}", def.rust_name),
                Kind::Added,
                Bump::Minor,
                "a new type".to_owned(),
            );
            continue;
        };
        let request = new.analysis.request_types.contains(&def.rust_name)
            || old.analysis.request_types.contains(&def.rust_name);
        type_def(was, def, request, out);
        derived_items(old, new, def, out);
    }
}

/// The items the analysis gives a type (`new` and setters, `builder()`, `validate`,
/// `Default`, `Display`): one that goes is breaking, one that comes is an addition.
fn derived_items(old: &Api, new: &Api, def: &TypeDef, out: &mut Changes) {
    let name = &def.rust_name;
    let sets = [
        (
            &old.analysis.request_types,
            &new.analysis.request_types,
            "new",
        ),
        (&old.analysis.builders, &new.analysis.builders, "builder"),
        (&old.analysis.validated, &new.analysis.validated, "validate"),
        (&old.analysis.defaults, &new.analysis.defaults, "Default"),
        (
            &old.analysis.scalar_unions,
            &new.analysis.scalar_unions,
            "Display",
        ),
    ];
    for (before, after, what) in sets {
        let item = format!("types::{name}::{what}");
        match (before.contains(name), after.contains(name)) {
            (true, false) => out.push(
                &def.pointer,
                item,
                Kind::Removed,
                Bump::Major,
                format!("`{what}` is gone: the type's use in requests and responses changed"),
            ),
            (false, true) => out.push(
                &def.pointer,
                item,
                Kind::Added,
                Bump::Minor,
                format!("the type now has `{what}`"),
            ),
            _ => {}
        }
    }
}

fn type_def(was: &TypeDef, now: &TypeDef, request: bool, out: &mut Changes) {
    let item = format!("types::{}", now.rust_name);
    if was.doc != now.doc {
        out.push(
            &now.pointer,
            item.clone(),
            Kind::DocsOnly,
            Bump::Patch,
            "its documentation changed".to_owned(),
        );
    }
    match (&was.kind, &now.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => struct_fields(a, b, now, request, out),
        (TypeKind::Enum(a), TypeKind::Enum(b)) => enum_values(a, b, now, request, out),
        (TypeKind::Union(a), TypeKind::Union(b)) => union_variants(a, b, now, out),
        (TypeKind::Alias(a), TypeKind::Alias(b)) if a != b => {
            out.push_beyond(
                &now.pointer,
                item,
                Kind::TypeChanged,
                Bump::Major,
                format!("now {} (was {})", type_name(b), type_name(a)),
            );
        }
        (TypeKind::ResponseEnum(a), TypeKind::ResponseEnum(b)) => {
            for v in a {
                if !b
                    .iter()
                    .any(|w| w.rust_name == v.rust_name && w.kind == v.kind)
                {
                    out.push(
                        &now.pointer,
                        format!("{item}::{}", v.rust_name),
                        Kind::Removed,
                        Bump::Major,
                        "a success response changed or is gone".to_owned(),
                    );
                }
            }
            for v in b {
                if !a.iter().any(|w| w.rust_name == v.rust_name) {
                    out.push(
                        &now.pointer,
                        format!("{item}::{}", v.rust_name),
                        Kind::Added,
                        Bump::Minor,
                        "a new success response".to_owned(),
                    );
                }
            }
        }
        (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => {
            out.push(
                &now.pointer,
                item,
                Kind::TypeChanged,
                Bump::Major,
                "the type is now of another kind".to_owned(),
            );
        }
        _ => {}
    }
}

/// Values added to an enum (minor: enums are `#[non_exhaustive]`) or taken away.
fn enum_values(
    a: &crate::model::Enum,
    b: &crate::model::Enum,
    now: &TypeDef,
    request: bool,
    out: &mut Changes,
) {
    let item = format!("types::{}", now.rust_name);
    let names = |e: &crate::model::Enum| -> Vec<(String, String)> {
        e.variants
            .iter()
            .map(|v| (v.rust_name.clone(), v.wire.clone()))
            .collect()
    };
    let (a_values, b_values) = (names(a), names(b));
    for (variant, wire) in &a_values {
        if !b_values.iter().any(|(v, _)| v == variant) {
            let detail = match request {
                true => {
                    format!("the value `{wire}` is gone: a request that sent it no longer compiles")
                }
                false => format!("the value `{wire}` is gone"),
            };
            out.push(
                &format!("{}/enum", now.pointer),
                format!("{item}::{variant}"),
                Kind::Removed,
                Bump::Major,
                detail,
            );
        }
    }
    for (variant, wire) in &b_values {
        match a_values.iter().find(|(v, _)| v == variant) {
            None => out.push(
                &format!("{}/enum", now.pointer),
                format!("{item}::{variant}"),
                Kind::Added,
                Bump::Minor,
                format!("a new value, `{wire}`"),
            ),
            Some((_, was)) if was != wire => out.push(
                &format!("{}/enum", now.pointer),
                format!("{item}::{variant}"),
                Kind::RequestChanged,
                Bump::Patch,
                format!("written `{wire}` on the wire (was `{was}`)"),
            ),
            Some(_) => {}
        }
    }
    if a.fallback.is_some() != b.fallback.is_some() || a.repr != b.repr {
        out.push(
            &now.pointer,
            item,
            Kind::TypeChanged,
            Bump::Major,
            "the enum's shape changed".to_owned(),
        );
    }
}

/// Variants of a `oneOf`/`anyOf` added, taken away or holding another type.
fn union_variants(
    a: &crate::model::Union,
    b: &crate::model::Union,
    now: &TypeDef,
    out: &mut Changes,
) {
    let item = format!("types::{}", now.rust_name);
    let variant_types = |u: &crate::model::Union| -> Vec<(String, TypeRef)> {
        u.variants
            .iter()
            .map(|v| (v.rust_name.clone(), v.ty.clone()))
            .collect()
    };
    let (a_variants, b_variants) = (variant_types(a), variant_types(b));
    for (name, ty) in &a_variants {
        match b_variants.iter().find(|(n, _)| n == name) {
            None => out.push(
                &now.pointer,
                format!("{item}::{name}"),
                Kind::Removed,
                Bump::Major,
                "a variant is gone".to_owned(),
            ),
            Some((_, now_ty)) if now_ty != ty => out.push_beyond(
                &now.pointer,
                format!("{item}::{name}"),
                Kind::TypeChanged,
                Bump::Major,
                format!("now holds {} (was {})", type_name(now_ty), type_name(ty)),
            ),
            Some(_) => {}
        }
    }
    for (name, _) in &b_variants {
        if !a_variants.iter().any(|(n, _)| n == name) {
            out.push(
                &now.pointer,
                format!("{item}::{name}"),
                Kind::Added,
                Bump::Minor,
                "a new variant".to_owned(),
            );
        }
    }
    if a.discriminator != b.discriminator {
        out.push_beyond(
            &now.pointer,
            item,
            Kind::TypeChanged,
            Bump::Major,
            "its discriminator changed".to_owned(),
        );
    }
}

fn struct_fields(was: &Struct, now: &Struct, def: &TypeDef, request: bool, out: &mut Changes) {
    let item = format!("types::{}", def.rust_name);
    let place = |f: &Field| {
        format!(
            "{}/properties/{}",
            def.pointer,
            crate::naming::pointer_token(&f.wire_name)
        )
    };
    for f in &was.fields {
        if !now.fields.iter().any(|g| g.rust_name == f.rust_name) {
            out.push(
                &place(f),
                format!("{item}::{}", f.rust_name),
                Kind::Removed,
                Bump::Major,
                format!("the field `{}` is gone", f.wire_name),
            );
        }
    }
    for f in &now.fields {
        let field_item = format!("{item}::{}", f.rust_name);
        let Some(old) = was.fields.iter().find(|g| g.rust_name == f.rust_name) else {
            let constructor_argument =
                request && matches!(f.presence, Presence::Required | Presence::RequiredNullable);
            match constructor_argument {
                true => out.push(
                    &place(f),
                    field_item,
                    Kind::NowRequired,
                    Bump::Major,
                    format!(
                        "a new required field, `{}`: a new constructor argument",
                        f.wire_name
                    ),
                ),
                false => out.push(
                    &place(f),
                    field_item,
                    Kind::Added,
                    Bump::Minor,
                    format!("a new field, `{}`", f.wire_name),
                ),
            }
            continue;
        };
        field(old, f, &place(f), field_item, request, out);
    }
    match (&was.extra, &now.extra) {
        (Some(_), None) => out.push(
            &def.pointer,
            format!("{item}::additional_properties"),
            Kind::Removed,
            Bump::Major,
            "other members are no longer kept".to_owned(),
        ),
        (None, Some(_)) => out.push(
            &def.pointer,
            format!("{item}::additional_properties"),
            Kind::Added,
            Bump::Minor,
            "other members are kept".to_owned(),
        ),
        (Some(a), Some(b)) if a != b => out.push_beyond(
            &def.pointer,
            format!("{item}::additional_properties"),
            Kind::TypeChanged,
            Bump::Major,
            format!(
                "other members are now {} (was {})",
                type_name(b),
                type_name(a)
            ),
        ),
        _ => {}
    }
}

fn field(was: &Field, now: &Field, at: &str, item: String, request: bool, out: &mut Changes) {
    let required = |p: Presence| matches!(p, Presence::Required | Presence::RequiredNullable);
    if was.ty != now.ty {
        out.push_beyond(
            at,
            item.clone(),
            Kind::TypeChanged,
            Bump::Major,
            format!("now {} (was {})", type_name(&now.ty), type_name(&was.ty)),
        );
    } else if was.presence != now.presence {
        let (kind, detail) = match (required(was.presence), required(now.presence)) {
            (false, true) => (Kind::NowRequired, "now required"),
            (true, false) => (Kind::NowOptional, "now optional"),
            _ => (Kind::TypeChanged, "now nullable or no longer nullable"),
        };
        let detail = match request {
            true => format!("{detail}: the constructor and the field's type change"),
            false => format!("{detail}: the field's type changes"),
        };
        out.push(at, item.clone(), kind, Bump::Major, detail);
    }
    if was.rules != now.rules {
        let (tighter, wider) = compare_rules(&was.rules, &now.rules);
        if request && tighter {
            out.push_beyond(
                at,
                item.clone(),
                Kind::ConstraintTightened,
                Bump::Major,
                format!(
                    "a request that passed validation may now be refused before the wire ({})",
                    rules_text(&was.rules, &now.rules)
                ),
            );
        } else if tighter || wider {
            let kind = if tighter {
                Kind::ConstraintTightened
            } else {
                Kind::ConstraintWidened
            };
            out.push(
                at,
                item.clone(),
                kind,
                Bump::Patch,
                rules_text(&was.rules, &now.rules),
            );
        }
    }
    if was.wire_name != now.wire_name || was.read_only != now.read_only {
        let how = |f: &Field| match f.read_only {
            true => format!("`{}`, read-only", f.wire_name),
            false => format!("`{}`", f.wire_name),
        };
        out.push(
            at,
            item.clone(),
            Kind::RequestChanged,
            Bump::Patch,
            format!("on the wire as {} (was {})", how(now), how(was)),
        );
    }
    if was.doc != now.doc {
        out.push(
            at,
            item,
            Kind::DocsOnly,
            Bump::Patch,
            "its documentation changed".to_owned(),
        );
    }
}

/// Whether the new rules refuse something the old accepted (`tighter`), and whether
/// they accept something the old refused (`wider`); a changed pattern may do both.
fn compare_rules(was: &[Rule], now: &[Rule]) -> (bool, bool) {
    let mut tighter = false;
    let mut wider = false;
    let lower =
        |rules: &[Rule], pick: fn(&Rule) -> Option<(f64, bool)>| rules.iter().find_map(pick);
    type Pick = fn(&Rule) -> Option<(f64, bool)>;
    let bounds: [(Pick, bool); 6] = [
        (
            |r| match r {
                Rule::MinLength(n) => Some((*n as f64, false)),
                _ => None,
            },
            true,
        ),
        (
            |r| match r {
                Rule::MaxLength(n) => Some((*n as f64, false)),
                _ => None,
            },
            false,
        ),
        (
            |r| match r {
                Rule::Minimum { value, exclusive } => Some((*value, *exclusive)),
                _ => None,
            },
            true,
        ),
        (
            |r| match r {
                Rule::Maximum { value, exclusive } => Some((*value, *exclusive)),
                _ => None,
            },
            false,
        ),
        (
            |r| match r {
                Rule::MinItems(n) => Some((*n as f64, false)),
                _ => None,
            },
            true,
        ),
        (
            |r| match r {
                Rule::MaxItems(n) => Some((*n as f64, false)),
                _ => None,
            },
            false,
        ),
    ];
    for (pick, is_lower) in bounds {
        match (lower(was, pick), lower(now, pick)) {
            (None, Some(_)) => tighter = true,
            (Some(_), None) => wider = true,
            (Some(a), Some(b)) if a != b => {
                // A lower bound that rises, or an upper bound that falls, refuses more.
                let raises = b.0 > a.0 || (b.0 == a.0 && b.1 && !a.1);
                if raises == is_lower {
                    tighter = true;
                } else {
                    wider = true;
                }
            }
            _ => {}
        }
    }
    let pattern = |rules: &[Rule]| {
        rules.iter().find_map(|r| match r {
            Rule::Pattern(p) => Some(p.clone()),
            _ => None,
        })
    };
    match (pattern(was), pattern(now)) {
        (None, Some(_)) => tighter = true,
        (Some(_), None) => wider = true,
        (Some(a), Some(b)) if a != b => tighter = true,
        _ => {}
    }
    (tighter, wider)
}

fn rules_text(was: &[Rule], now: &[Rule]) -> String {
    let text = |rules: &[Rule]| {
        let parts: Vec<String> = rules.iter().map(rule_text).collect();
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", ")
        }
    };
    format!("rules now {} (were {})", text(now), text(was))
}

fn rule_text(rule: &Rule) -> String {
    match rule {
        Rule::MinLength(n) => format!("minLength {n}"),
        Rule::MaxLength(n) => format!("maxLength {n}"),
        Rule::Pattern(p) => format!("pattern `{p}`"),
        Rule::Minimum {
            value,
            exclusive: false,
        } => format!("minimum {value}"),
        Rule::Minimum {
            value,
            exclusive: true,
        } => format!("exclusive minimum {value}"),
        Rule::Maximum {
            value,
            exclusive: false,
        } => format!("maximum {value}"),
        Rule::Maximum {
            value,
            exclusive: true,
        } => format!("exclusive maximum {value}"),
        Rule::MinItems(n) => format!("minItems {n}"),
        Rule::MaxItems(n) => format!("maxItems {n}"),
    }
}

/// A type as Rust spells it, for messages.
fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::File => "FilePart".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Vec(t) => format!("Vec<{}>", type_name(t)),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", type_name(t)),
        TypeRef::Option(t) => format!("Option<{}>", type_name(t)),
        TypeRef::Box(t) => format!("Box<{}>", type_name(t)),
    }
}

fn servers_and_auth(old: &Api, new: &Api, out: &mut Changes) {
    for s in &old.servers {
        if !new.servers.iter().any(|t| t.rust_name == s.rust_name) {
            out.push(
                "#/servers",
                format!("Server::{}", s.rust_name),
                Kind::Removed,
                Bump::Major,
                format!("the server `{}` is gone", s.url),
            );
        }
    }
    for s in &new.servers {
        match old.servers.iter().find(|t| t.rust_name == s.rust_name) {
            None => out.push(
                "#/servers",
                format!("Server::{}", s.rust_name),
                Kind::Added,
                Bump::Minor,
                format!("a new server, `{}`", s.url),
            ),
            Some(was) if was.url != s.url => out.push(
                "#/servers",
                format!("Server::{}", s.rust_name),
                Kind::RequestChanged,
                Bump::Patch,
                format!("now `{}` (was `{}`)", s.url, was.url),
            ),
            Some(_) => {}
        }
    }
    for a in &old.auth {
        if !new
            .auth
            .iter()
            .any(|b| b.method_name == a.method_name && b.kind == a.kind)
        {
            out.push(
                "#/components/securitySchemes",
                format!("ClientBuilder::{}", a.method_name),
                Kind::Removed,
                Bump::Major,
                format!("the credentials `{}` are gone or changed", a.scheme_name),
            );
        }
    }
    for a in &new.auth {
        if !old.auth.iter().any(|b| b.method_name == a.method_name) {
            out.push(
                "#/components/securitySchemes",
                format!("ClientBuilder::{}", a.method_name),
                Kind::Added,
                Bump::Minor,
                format!("new credentials, `{}`", a.scheme_name),
            );
        }
    }
}

impl Diff {
    /// For people: the verdict, then one line per change.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}: {} change(s)\n", self.bump.as_str(), self.changes.len());
        for c in &self.changes {
            let _ = writeln!(
                out,
                "{:<5}  {}  {}: {}  ({})",
                c.class.as_str(),
                c.item,
                c.kind.as_str(),
                c.detail,
                c.pointer
            );
        }
        out
    }

    /// For tools: `{"bump": …, "changes": [{pointer, item, kind, class, detail, beyond_semver_checks}]}`.
    pub fn to_json(&self) -> String {
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|c| {
                serde_json::json!({
                    "pointer": c.pointer,
                    "item": c.item,
                    "kind": c.kind.as_str(),
                    "class": c.class.as_str(),
                    "detail": c.detail,
                    "beyond_semver_checks": c.beyond_semver_checks,
                })
            })
            .collect();
        let doc = serde_json::json!({"bump": self.bump.as_str(), "changes": changes});
        serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
    }

    /// A changelog section (without its heading): changes grouped by class.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for (class, title) in [
            (Bump::Major, "Breaking"),
            (Bump::Minor, "Added"),
            (Bump::Patch, "Changed"),
        ] {
            let lines: Vec<&Change> = self.changes.iter().filter(|c| c.class == class).collect();
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {title}\n");
            for c in lines {
                let _ = writeln!(
                    out,
                    "- `{}`: {} — {} (`{}`)",
                    c.item,
                    c.kind.as_str(),
                    c.detail,
                    c.pointer
                );
            }
            out.push('\n');
        }
        if out.is_empty() {
            out.push_str("No change to the API.\n");
        }
        out
    }
}
