//! Whole-model passes run after every type exists: boxing recursive fields, dropping
//! rules that cannot apply, and the [`Analysis`]: request types and how they are
//! built, what is validated.

use crate::model::{
    Analysis, Features, Operation, ParamType, Presence, Rule, Struct, TypeDef, TypeKind, TypeRef,
    Warning,
};
use std::collections::{BTreeMap, BTreeSet};

/// The named type a field refers to without indirection (through `Option` only).
fn direct_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Option(inner) => direct_target(inner),
        _ => None,
    }
}

/// Put the named type inside `ty` (behind any `Option`s) in a `Box`.
fn boxed(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(boxed(*inner))),
        other => TypeRef::Box(Box::new(other)),
    }
}

/// Strongly connected components of the direct-reference graph (Kosaraju, iterative).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            if next < edges[node].len() {
                stack.push((node, next + 1));
                let to = edges[node][next];
                if !seen[to] {
                    seen[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(node);
            }
        }
    }
    let mut reverse = vec![Vec::new(); n];
    for (from, tos) in edges.iter().enumerate() {
        for &to in tos {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    let mut count = 0;
    for &start in order.iter().rev() {
        if component[start] != usize::MAX {
            continue;
        }
        let mut stack = vec![start];
        component[start] = count;
        while let Some(node) = stack.pop() {
            for &from in &reverse[node] {
                if component[from] == usize::MAX {
                    component[from] = count;
                    stack.push(from);
                }
            }
        }
        count += 1;
    }
    component
}

/// Box every field and union variant whose direct reference lies on a cycle,
/// so that recursive types have a finite size.
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.rust_name.clone(), i))
        .collect();
    let targets = |ty: &TypeRef| direct_target(ty).and_then(|name| index.get(name).copied());
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(|f| targets(&f.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().filter_map(|v| targets(&v.ty)).collect(),
            _ => Vec::new(),
        })
        .collect();
    let component = components(&edges);
    for (i, def) in types.iter_mut().enumerate() {
        let on_cycle = |ty: &TypeRef| targets(ty).is_some_and(|to| component[to] == component[i]);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in s.fields.iter_mut().filter(|f| on_cycle(&f.ty)) {
                    field.ty = boxed(field.ty.clone());
                }
            }
            TypeKind::Union(u) => {
                for variant in u.variants.iter_mut().filter(|v| on_cycle(&v.ty)) {
                    variant.ty = boxed(variant.ty.clone());
                }
            }
            _ => {}
        }
    }
}

/// The type a rule applies to, behind `Option`s and `Box`es.
fn rule_fits(rule: &Rule, ty: &TypeRef) -> bool {
    let ty = ty.inner();
    match rule {
        Rule::MinLength(_) | Rule::MaxLength(_) | Rule::Pattern(_) => *ty == TypeRef::String,
        Rule::Minimum { .. } | Rule::Maximum { .. } => {
            matches!(
                ty,
                TypeRef::I32
                    | TypeRef::I64
                    | TypeRef::U32
                    | TypeRef::U64
                    | TypeRef::F32
                    | TypeRef::F64
            )
        }
        Rule::MinItems(_) | Rule::MaxItems(_) => matches!(ty, TypeRef::Vec(_)),
    }
}

/// Queue the named type `ty` holds, if any.
fn named_in(ty: &TypeRef, out: &mut Vec<String>) {
    out.extend(ty.named().map(str::to_owned));
}

/// The types a caller builds to make a request: request bodies, parameter structs and
/// everything they contain. Only these get constructors and `validate` methods.
pub fn request_types(types: &[TypeDef], operations: &[Operation]) -> BTreeSet<String> {
    let mut pending = Vec::new();
    for op in operations {
        if let Some(body) = &op.body {
            if let Some(ty) = body.kind.typed() {
                named_in(ty, &mut pending);
            }
        }
        if let Some(params) = &op.params_struct {
            pending.push(params.type_name.clone());
        }
        for param in &op.path_params {
            let (ParamType::Scalar(ty) | ParamType::List(ty) | ParamType::Json(ty)) = &param.ty;
            named_in(ty, &mut pending);
        }
    }
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.rust_name.clone(), i))
        .collect();
    let mut reached = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        let Some(&i) = index.get(&name) else { continue };
        match &types[i].kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    named_in(&field.ty, &mut pending);
                }
                if let Some(extra) = &s.extra {
                    named_in(extra, &mut pending);
                }
            }
            TypeKind::Union(u) => {
                for variant in &u.variants {
                    named_in(&variant.ty, &mut pending);
                }
            }
            TypeKind::Alias(ty) => named_in(ty, &mut pending),
            TypeKind::Enum(_) | TypeKind::ResponseEnum(_) => {}
        }
    }
    reached
}

/// Request structs whose fields are all optional: the empty value is `Default`.
fn defaults(types: &[TypeDef], requests: &BTreeSet<String>) -> BTreeSet<String> {
    request_structs(types, requests)
        .filter(|(_, s)| {
            s.fields
                .iter()
                .all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable))
        })
        .map(|(name, _)| name.to_owned())
        .collect()
}

/// Request structs with a setter named like a standard trait's method.
fn trait_like_setters(types: &[TypeDef], requests: &BTreeSet<String>) -> BTreeSet<String> {
    request_structs(types, requests)
        .filter(|(_, s)| {
            s.fields
                .iter()
                .any(|f| crate::naming::is_trait_method_name(&f.rust_name))
        })
        .map(|(name, _)| name.to_owned())
        .collect()
}

fn request_structs<'t>(
    types: &'t [TypeDef],
    requests: &'t BTreeSet<String>,
) -> impl Iterator<Item = (&'t str, &'t crate::model::Struct)> {
    types.iter().filter_map(move |def| match &def.kind {
        TypeKind::Struct(s) if requests.contains(&def.rust_name) => {
            Some((def.rust_name.as_str(), s))
        }
        _ => None,
    })
}

/// The values a Rust integer type holds, as floats (the rules compare as `f64`).
fn integer_range(ty: &TypeRef) -> Option<(f64, f64)> {
    #[allow(clippy::cast_precision_loss)]
    match ty.inner() {
        TypeRef::I32 => Some((f64::from(i32::MIN), f64::from(i32::MAX))),
        TypeRef::U32 => Some((0.0, f64::from(u32::MAX))),
        TypeRef::I64 => Some((i64::MIN as f64, i64::MAX as f64)),
        TypeRef::U64 => Some((0.0, u64::MAX as f64)),
        _ => None,
    }
}

/// Why a bound does not fit an integer field's type, when every value of the type
/// meets it (so it is dropped: nothing can break it).
fn bound_beyond_type(rule: &Rule, ty: &TypeRef) -> Option<String> {
    let (low, high) = integer_range(ty)?;
    match rule {
        Rule::Minimum { value, .. } if *value < low => Some(format!(
            "`minimum` {value} is below every value the field's type holds"
        )),
        Rule::Maximum { value, .. } if *value > high => Some(format!(
            "`maximum` {value} is above every value the field's type holds"
        )),
        _ => None,
    }
}

/// Drop the rules that cannot apply to a field's final type (a length on a number,
/// say, once aliases are resolved), and the bounds an integer field's type meets
/// whatever its value (`minimum: -99999999999` on an `int32`), with a warning.
pub fn drop_rules_that_do_not_fit(types: &mut [TypeDef]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for def in types.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in s.fields.iter_mut() {
                let ty = field.ty.clone();
                let name = &field.wire_name;
                field.rules.retain(|rule| {
                    if let Some(why) = bound_beyond_type(rule, &ty) {
                        warnings.push(Warning::new(
                            &def.pointer,
                            format!("`{name}`: {why}: it is not checked"),
                        ));
                        return false;
                    }
                    rule_fits(rule, &ty)
                });
            }
        }
    }
    warnings
}

/// The request types that get a `validate` method: enums that can hold unknown
/// values, and structs and unions with a rule somewhere inside.
fn validated_types(types: &[TypeDef], requests: &BTreeSet<String>) -> BTreeSet<String> {
    let mut validated: BTreeSet<String> = types
        .iter()
        .filter(|t| {
            requests.contains(&t.rust_name)
                && matches!(&t.kind, TypeKind::Enum(e) if e.fallback.is_some())
        })
        .map(|t| t.rust_name.clone())
        .collect();
    loop {
        let reaches = |ty: &TypeRef| ty.named().is_some_and(|n| validated.contains(n));
        let found: Vec<String> = types
            .iter()
            .filter(|def| !validated.contains(&def.rust_name) && requests.contains(&def.rust_name))
            .filter(|def| match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .any(|f| !f.rules.is_empty() || reaches(&f.ty)),
                TypeKind::Union(u) => u.variants.iter().any(|v| reaches(&v.ty)),
                _ => false,
            })
            .map(|def| def.rust_name.clone())
            .collect();
        if found.is_empty() {
            return validated;
        }
        validated.extend(found);
    }
}

/// Everything the analysis decides, from the complete types and operations.
pub fn analyse(
    types: &[TypeDef],
    operations: &[Operation],
    scalar_unions: BTreeSet<String>,
) -> Analysis {
    let request_types = request_types(types, operations);
    Analysis {
        best_fit: best_fit(types),
        builders: builders(types, &request_types),
        defaults: defaults(types, &request_types),
        trait_like_setters: trait_like_setters(types, &request_types),
        validated: validated_types(types, &request_types),
        request_types,
        scalar_unions,
        none_when_absent: none_when_absent(types),
    }
}

/// The aliases of an `Option`, through other aliases and boxes (see
/// [`Analysis::none_when_absent`]).
fn none_when_absent(types: &[TypeDef]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    loop {
        let more: Vec<String> = (types.iter())
            .filter(|def| !found.contains(&def.rust_name))
            .filter(|def| matches!(&def.kind, TypeKind::Alias(ty) if ty.none_when_absent(&found)))
            .map(|def| def.rust_name.clone())
            .collect();
        if more.is_empty() {
            return found;
        }
        found.extend(more);
    }
}

/// The untagged unions a value can fit several variants of, and the members each
/// variant knows (see [`Analysis::best_fit`]).
fn best_fit(types: &[TypeDef]) -> BTreeMap<String, Vec<Option<Vec<String>>>> {
    let by_name: BTreeMap<&str, &TypeDef> =
        types.iter().map(|t| (t.rust_name.as_str(), t)).collect();
    let object = |ty: &TypeRef| -> Option<&Struct> {
        let mut ty = ty;
        while let TypeRef::Box(inner) = ty {
            ty = inner;
        }
        match ty {
            TypeRef::Named(name) => match &by_name.get(name.as_str())?.kind {
                TypeKind::Struct(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    };
    let mut found = BTreeMap::new();
    for def in types {
        let TypeKind::Union(u) = &def.kind else {
            continue;
        };
        if u.discriminator.is_some() {
            continue;
        }
        let objects: Vec<Option<&Struct>> = u.variants.iter().map(|v| object(&v.ty)).collect();
        if objects.iter().flatten().count() < 2 {
            continue;
        }
        let known = objects
            .iter()
            .map(|s| {
                s.filter(|s| s.extra.is_none())
                    .map(|s| s.fields.iter().map(|f| f.wire_name.clone()).collect())
            })
            .collect();
        found.insert(def.rust_name.clone(), known);
    }
    found
}

/// The structs that are not request types (nor parameter structs): they get builders.
fn builders(types: &[TypeDef], request_types: &BTreeSet<String>) -> BTreeSet<String> {
    types
        .iter()
        .filter(|t| matches!(&t.kind, TypeKind::Struct(s) if !s.params))
        .filter(|t| !request_types.contains(&t.rust_name))
        .map(|t| t.rust_name.clone())
        .collect()
}

/// What the generated crate needs beyond its fixed dependencies: `regex-lite` only
/// when some validated type checks a pattern.
pub fn features(types: &[TypeDef], operations: &[Operation], analysis: &Analysis) -> Features {
    let patterns = types.iter().any(|t| {
        analysis.validated.contains(&t.rust_name)
            && matches!(&t.kind, TypeKind::Struct(s)
                if s.fields.iter().any(|f| f.rules.iter().any(|r| matches!(r, Rule::Pattern(_)))))
    });
    let multipart = operations.iter().any(Operation::sends_multipart);
    let streams = operations.iter().any(|op| op.stream.is_some());
    let pages = operations.iter().any(|op| op.pages.is_some());
    let uploads = operations.iter().any(Operation::sends_uploads);
    Features {
        patterns,
        multipart,
        streams,
        pages,
        uploads,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, Presence, Struct};

    fn field(name: &str, ty: TypeRef, rules: Vec<Rule>) -> Field {
        Field {
            pattern_static: None,
            wire_name: name.into(),
            rust_name: name.into(),
            doc: None,
            ty,
            presence: Presence::Required,
            sensitive: false,
            read_only: false,
            rules,
        }
    }

    fn strukt(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            rust_name: name.into(),
            pointer: format!("#/components/schemas/{name}"),
            doc: None,
            kind: TypeKind::Struct(Struct {
                fields,
                extra: None,
                redacted_debug: false,
                params: false,
            }),
        }
    }

    fn fields(def: &TypeDef) -> &[Field] {
        match &def.kind {
            TypeKind::Struct(s) => &s.fields,
            _ => unreachable!("a struct"),
        }
    }

    #[test]
    fn self_and_mutual_recursion_is_boxed_but_lists_are_not() {
        let mut types = vec![
            strukt(
                "Node",
                vec![field(
                    "next",
                    TypeRef::Option(Box::new(TypeRef::Named("Node".into()))),
                    vec![],
                )],
            ),
            strukt("A", vec![field("b", TypeRef::Named("B".into()), vec![])]),
            strukt(
                "B",
                vec![field(
                    "a",
                    TypeRef::Option(Box::new(TypeRef::Named("A".into()))),
                    vec![],
                )],
            ),
            strukt(
                "Tree",
                vec![field(
                    "children",
                    TypeRef::Vec(Box::new(TypeRef::Named("Tree".into()))),
                    vec![],
                )],
            ),
            strukt("Leaf", vec![field("a", TypeRef::Named("A".into()), vec![])]),
        ];
        box_recursive_fields(&mut types);
        assert_eq!(
            fields(&types[0])[0].ty,
            TypeRef::Option(Box::new(TypeRef::Box(Box::new(TypeRef::Named(
                "Node".into()
            )))))
        );
        fn has_box(ty: &TypeRef) -> bool {
            match ty {
                TypeRef::Box(_) => true,
                TypeRef::Option(t) | TypeRef::Vec(t) | TypeRef::Map(t) => has_box(t),
                _ => false,
            }
        }
        let is_boxed = |def: &TypeDef| has_box(&fields(def)[0].ty);
        assert!(is_boxed(&types[1]) && is_boxed(&types[2]));
        assert!(!is_boxed(&types[3]), "Vec already has indirection");
        assert!(!is_boxed(&types[4]), "Leaf is not on the cycle");
    }

    #[test]
    fn validation_spreads_to_types_that_contain_checked_fields() {
        let mut types = vec![
            strukt(
                "Inner",
                vec![field("code", TypeRef::String, vec![Rule::MaxLength(3)])],
            ),
            strukt(
                "Outer",
                vec![field(
                    "inner",
                    TypeRef::Vec(Box::new(TypeRef::Named("Inner".into()))),
                    vec![],
                )],
            ),
            strukt(
                "Plain",
                vec![field("n", TypeRef::I64, vec![Rule::Pattern("x".into())])],
            ),
        ];
        let requests = ["Inner", "Outer", "Plain"]
            .map(String::from)
            .into_iter()
            .collect();
        drop_rules_that_do_not_fit(&mut types);
        let validated = validated_types(&types, &requests);
        assert!(validated.contains("Inner") && validated.contains("Outer"));
        assert!(
            !validated.contains("Plain"),
            "a pattern on an integer does not apply"
        );
        assert!(fields(&types[2])[0].rules.is_empty());
    }

    #[test]
    fn only_aliases_of_an_option_read_a_missing_member_as_none() {
        let alias = |name: &str, ty: TypeRef| TypeDef {
            rust_name: name.into(),
            pointer: format!("#/components/schemas/{name}"),
            doc: None,
            kind: TypeKind::Alias(ty),
        };
        let named = |name: &str| TypeRef::Named(name.into());
        let types = vec![
            alias("Outer", named("Maybe")),
            alias("Maybe", TypeRef::Option(Box::new(TypeRef::String))),
            alias("Boxed", TypeRef::Box(Box::new(named("Outer")))),
            alias("Text", TypeRef::String),
            strukt("Record", vec![]),
        ];
        let analysis = Analysis {
            none_when_absent: none_when_absent(&types),
            ..Analysis::default()
        };
        for name in ["Outer", "Maybe", "Boxed"] {
            assert!(analysis.none_when_absent(&named(name)), "{name}");
        }
        for name in ["Text", "Record"] {
            assert!(!analysis.none_when_absent(&named(name)), "{name}");
        }
        assert!(!analysis.none_when_absent(&TypeRef::Vec(Box::new(named("Maybe")))));
    }
}
