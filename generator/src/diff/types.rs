//! Types compared: their items, fields, enum values, union variants and rules.

use super::{by_name, Bump, Changes, Kind};
use crate::model::{Api, Field, Presence, Rule, Struct, TypeDef, TypeKind, TypeRef};

pub(super) fn types(old: &Api, new: &Api, out: &mut Changes) {
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
