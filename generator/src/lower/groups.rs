//! Which cargo feature compiles what: operations grouped by tag (or, when the spec's
//! operations carry no tags or all the same one, by the first path segment after any
//! version prefix), and each type gated by the groups whose operations reach it.
//! A type no operation reaches compiles with `full`. A spec with fewer than two groups
//! gets no features.

use crate::model::{
    Gates, GroupFeature, Operation, SuccessShape, TypeDef, TypeFile, TypeRef, Warning,
};
use crate::naming;
use std::collections::{BTreeMap, BTreeSet};

/// The group of operations without a tag, when others have one.
const UNTAGGED: &str = "untagged";

/// The feature that turns on every group.
const FULL: &str = "full";

/// From how many operations on the gated operations and types are in files of their
/// gate's own, which the compiler does not read while the gate's features are off. In
/// a smaller crate each item keeps its `cfg` in `lib.rs` and `types.rs`: there is too
/// little to skip for the files to pay.
const OWN_FILES_FROM: usize = 20;

/// The features, each operation's gate set on it, and the types' gates.
pub fn gates(
    operations: &mut [Operation],
    types: &mut [TypeDef],
    warnings: &mut Vec<Warning>,
) -> Gates {
    let labels_of = labels(operations);
    let mut labels: Vec<String> = Vec::new();
    for label in labels_of.iter().flatten() {
        if !labels.contains(label) {
            labels.push(label.clone());
        }
    }
    if labels.len() < 2 {
        return Gates::default();
    }
    let names = naming::feature_names(&labels, "#/tags", warnings);
    let feature = |label: &String| labels.iter().position(|l| l == label).unwrap_or_default();
    // By type name, the groups whose operations reach it.
    let index: BTreeMap<String, usize> = (types.iter().enumerate())
        .map(|(i, def)| (def.rust_name.clone(), i))
        .collect();
    let refs: Vec<BTreeSet<usize>> = types.iter_mut().map(|def| type_refs(def, &index)).collect();
    let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); types.len()];
    for (op, labels) in operations.iter_mut().zip(&labels_of) {
        let groups: BTreeSet<usize> = labels.iter().map(feature).collect();
        for ty in reachable(operation_refs(op, &index), &refs) {
            reached[ty].extend(&groups);
        }
        if groups.len() < names.len() {
            op.gate = groups.iter().map(|g| names[*g].clone()).collect();
        }
    }
    // A type no operation reaches compiles with `full`, which turns on every group,
    // so whatever it refers to compiles with it.
    let gated: BTreeMap<String, Vec<String>> = (types.iter().zip(&reached))
        .filter(|(_, groups)| groups.len() < names.len())
        .map(|(def, groups)| {
            let features = match groups.is_empty() {
                true => vec![FULL.to_owned()],
                false => groups.iter().map(|g| names[*g].clone()).collect(),
            };
            (def.rust_name.clone(), features)
        })
        .collect();
    let modules = module_gates(operations, &names);
    let homes = naming::group_modules(&names, "#/tags", warnings);
    let own_files = operations.len() >= OWN_FILES_FROM;
    let type_files = match own_files {
        true => type_files(types, &gated, &names, &homes),
        false => Vec::new(),
    };
    let features = (names.iter().zip(&labels).zip(homes))
        .map(|((name, label), module)| GroupFeature {
            name: name.clone(),
            label: label.clone(),
            module,
            operations: (operations.iter())
                .filter(|op| own_files && alone_in(&op.gate, name))
                .map(|op| op.rust_name.clone())
                .collect(),
        })
        .collect();
    Gates {
        modules,
        features,
        types: gated,
        type_files,
    }
}

/// The gated types by gate, a file each, in the order of their first types; each
/// file's module named by [`naming::type_file_modules`].
fn type_files(
    types: &[TypeDef],
    gated: &BTreeMap<String, Vec<String>>,
    names: &[String],
    homes: &[String],
) -> Vec<TypeFile> {
    let mut gates: Vec<(&Vec<String>, BTreeSet<String>)> = Vec::new();
    let mut place: BTreeMap<&Vec<String>, usize> = BTreeMap::new();
    for def in types {
        let Some(features) = gated.get(&def.rust_name) else {
            continue;
        };
        let at = *place.entry(features).or_insert_with(|| {
            gates.push((features, BTreeSet::new()));
            gates.len() - 1
        });
        gates[at].1.insert(def.rust_name.clone());
    }
    let group = |feature: &String| names.iter().position(|name| name == feature);
    let gate_groups: Vec<Vec<usize>> = (gates.iter())
        .map(|(gate, _)| gate.iter().filter_map(group).collect())
        .collect();
    let modules = naming::type_file_modules(&gate_groups, homes);
    (gates.into_iter().zip(modules))
        .map(|((features, types), module)| TypeFile {
            module,
            features: features.clone(),
            types,
        })
        .collect()
}

/// Whether `gate` is the one feature `name`: what compiles with that group alone
/// lives in the group's own modules.
fn alone_in(gate: &[String], name: &str) -> bool {
    matches!(gate, [only] if only == name)
}

/// The optional runtime modules each compiled only with the groups of the operations
/// that use them; none gated when an operation outside every group uses it.
fn module_gates(operations: &[Operation], names: &[String]) -> BTreeMap<String, Vec<String>> {
    type Uses = fn(&Operation) -> bool;
    let uses: [(&str, Uses); 4] = [
        ("multipart", Operation::sends_multipart),
        ("pages", |op| op.pages.is_some()),
        ("streams", |op| op.stream.is_some()),
        ("upload", Operation::sends_uploads),
    ];
    let mut modules = BTreeMap::new();
    for (module, uses) in uses {
        let users: Vec<&Operation> = operations.iter().filter(|op| uses(op)).collect();
        if users.is_empty() || users.iter().any(|op| op.gate.is_empty()) {
            continue;
        }
        let features = names
            .iter()
            .filter(|name| users.iter().any(|op| op.gate.contains(name)))
            .cloned()
            .collect();
        modules.insert(module.to_owned(), features);
    }
    modules
}

/// Each operation's groups: its tags, when the spec's operations carry two or more
/// tags among them (`untagged` for one without), else its first path segment.
fn labels(operations: &[Operation]) -> Vec<Vec<String>> {
    let tags: BTreeSet<&String> = operations.iter().flat_map(|op| &op.tags).collect();
    if tags.len() >= 2 {
        return operations
            .iter()
            .map(|op| {
                let mut labels: Vec<String> = Vec::new();
                for tag in &op.tags {
                    if !labels.contains(tag) {
                        labels.push(tag.clone());
                    }
                }
                if labels.is_empty() {
                    labels.push(UNTAGGED.to_owned());
                }
                labels
            })
            .collect();
    }
    operations
        .iter()
        .map(|op| vec![first_segment(&op.path)])
        .collect()
}

/// The first segment of a path after any version prefix (`/v1/customers/{id}` →
/// `customers`, Twilio's `/2010-04-01/Accounts` → `Accounts`), braces dropped.
fn first_segment(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    while let Some(segment) = segments.peek() {
        if is_version(segment) {
            segments.next();
        } else {
            break;
        }
    }
    match segments.next() {
        Some(segment) => segment.trim_matches(['{', '}']).to_owned(),
        None => "root".to_owned(),
    }
}

/// `v1`, `v2beta1`, `1.0`, `2010-04-01`: a version, not a resource.
fn is_version(segment: &str) -> bool {
    let rest = segment.strip_prefix(['v', 'V']).unwrap_or(segment);
    rest.starts_with(|c: char| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// The indices of the types a type refers to directly.
fn type_refs(def: &mut TypeDef, index: &BTreeMap<String, usize>) -> BTreeSet<usize> {
    let mut found = BTreeSet::new();
    def.each_type_ref_mut(&mut |ty| named(ty, index, &mut found));
    found
}

/// The indices of the types an operation names: in its arguments and results, and
/// its parameters' struct and its successes' enum.
fn operation_refs(op: &mut Operation, index: &BTreeMap<String, usize>) -> BTreeSet<usize> {
    let mut found = BTreeSet::new();
    op.each_type_ref_mut(&mut |ty| named(ty, index, &mut found));
    let params = op.params_struct.as_ref().map(|p| &p.type_name);
    let success = match &op.success {
        SuccessShape::Enum { type_name, .. } => Some(type_name),
        SuccessShape::Single { .. } => None,
    };
    found.extend(
        params
            .into_iter()
            .chain(success)
            .filter_map(|n| index.get(n)),
    );
    found
}

fn named(ty: &TypeRef, index: &BTreeMap<String, usize>, found: &mut BTreeSet<usize>) {
    match ty {
        TypeRef::Named(name) => found.extend(index.get(name)),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner) => named(inner, index, found),
        _ => {}
    }
}

/// `roots` and every type they reach through `refs`.
fn reachable(roots: BTreeSet<usize>, refs: &[BTreeSet<usize>]) -> BTreeSet<usize> {
    let mut seen = roots.clone();
    let mut todo: Vec<usize> = roots.into_iter().collect();
    while let Some(ty) = todo.pop() {
        for next in &refs[ty] {
            if seen.insert(*next) {
                todo.push(*next);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::first_segment;

    #[test]
    fn the_first_segment_skips_version_prefixes() {
        assert_eq!(first_segment("/v1/customers/{id}/balance"), "customers");
        assert_eq!(first_segment("/2010-04-01/Accounts/{Sid}.json"), "Accounts");
        assert_eq!(first_segment("/api/v2/users"), "api");
        assert_eq!(first_segment("/{owner}/repos"), "owner");
        assert_eq!(first_segment("/"), "root");
        assert_eq!(first_segment("/v1"), "root");
    }
}
