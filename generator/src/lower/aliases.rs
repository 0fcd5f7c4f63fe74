//! References to aliases replaced by what they stand for, so that every later
//! decision (boxing, validation, parameters) sees the real type.

use super::Shaper;
use crate::model::{Operation, TypeKind, TypeRef};
use crate::naming::Names;
use crate::shared::GenerateError;
use std::collections::{BTreeMap, BTreeSet};

/// `ty` with its alias (if it names one) replaced by the alias's target.
fn substitute(ty: &mut TypeRef, aliases: &BTreeMap<String, TypeRef>) {
    let leaf = ty.leaf_mut();
    if let Some(target) = leaf.named().and_then(|name| aliases.get(name)) {
        *leaf = target.clone();
    }
}

/// What resolving aliases finds: each alias's final target, and the unions whose
/// variants are all scalars (they can be parameters).
#[derive(Debug, Default)]
pub(super) struct Resolved {
    aliases: BTreeMap<String, TypeRef>,
    pub(super) scalar_unions: BTreeSet<String>,
}

impl Resolved {
    /// The unions of scalars, by the names the naming pass gave them.
    pub(super) fn scalar_unions_named(&self, names: &Names) -> BTreeSet<String> {
        self.scalar_unions
            .iter()
            .map(|key| names.name_of(key).to_owned())
            .collect()
    }

    /// A type with aliases replaced (for decisions made before the final substitution).
    pub(super) fn resolved(&self, ty: &TypeRef) -> TypeRef {
        let mut ty = ty.clone();
        substitute(&mut ty, &self.aliases);
        ty
    }
}

impl Shaper<'_> {
    /// Resolve alias targets (refusing aliases defined through themselves), then
    /// substitute them everywhere in the types and `operations`; which unions are of
    /// scalars follows.
    pub(super) fn resolve_aliases(
        &mut self,
        operations: &mut [Operation],
    ) -> Result<Resolved, GenerateError> {
        let aliases = self.alias_targets()?;
        self.substitute_in_types(&aliases);
        for op in operations.iter_mut() {
            op.each_type_ref_mut(&mut |ty| substitute(ty, &aliases));
        }
        let mut resolved = Resolved {
            aliases,
            scalar_unions: BTreeSet::new(),
        };
        self.mark_scalar_unions(&mut resolved);
        Ok(resolved)
    }

    /// Each alias's final target, through chains of aliases, each alias followed once
    /// (linear in the number of aliases). An alias defined only through itself is
    /// refused; one that reaches itself through an array or a map (`Tree: [Tree]`) has
    /// the innermost reference read as any value, with a warning.
    fn alias_targets(&mut self) -> Result<BTreeMap<String, TypeRef>, GenerateError> {
        // In the order the aliases were made (the spec's), so that the cycle reported
        // is the first one written.
        let aliases: Vec<(String, TypeRef, String)> = self
            .types
            .iter()
            .filter_map(|(_, _, def)| match &def.kind {
                TypeKind::Alias(target) => {
                    Some((def.rust_name.clone(), target.clone(), def.pointer.clone()))
                }
                _ => None,
            })
            .collect();
        let targets: BTreeMap<&str, (&TypeRef, &String)> = aliases
            .iter()
            .map(|(name, target, pointer)| (name.as_str(), (target, pointer)))
            .collect();
        let mut resolved: BTreeMap<String, TypeRef> = BTreeMap::new();
        for (name, _, pointer) in &aliases {
            if resolved.contains_key(name) {
                continue;
            }
            // Follow the chain to a type that is not an alias, an alias already
            // resolved, or back to an alias on the chain.
            let mut chain: Vec<&str> = vec![name.as_str()];
            let mut closing = None;
            while let Some(next) = chain
                .last()
                .and_then(|last| targets[last].0.named())
                .filter(|n| targets.contains_key(n))
            {
                if resolved.contains_key(next) {
                    break;
                }
                let Some(start) = chain.iter().position(|n| *n == next) else {
                    chain.push(next);
                    continue;
                };
                let through_container = chain[start..]
                    .iter()
                    .any(|n| !matches!(targets[n].0, TypeRef::Named(_)));
                if !through_container {
                    return Err(GenerateError::new(
                        pointer.clone(),
                        "this schema is defined only in terms of itself (through references); it has no values",
                    ));
                }
                closing = chain.last().copied();
                break;
            }
            if let Some(last) = closing {
                let at = targets[last].1.clone();
                self.warn(
                    at,
                    "this schema holds itself through arrays or maps alone: its innermost reference to itself is read as any JSON value",
                );
            }
            for alias in chain.iter().rev() {
                let mut ty = targets[alias].0.clone();
                if Some(*alias) == closing {
                    *ty.leaf_mut() = TypeRef::Json;
                } else if let Some(next) = ty.named().and_then(|n| resolved.get(n)).cloned() {
                    *ty.leaf_mut() = next;
                }
                resolved.insert((*alias).to_owned(), ty);
            }
        }
        Ok(resolved)
    }

    /// Every type's references with aliases replaced; an alias's own target is its
    /// final one.
    fn substitute_in_types(&mut self, resolved: &BTreeMap<String, TypeRef>) {
        for (_, _, def) in self.types.iter_mut() {
            match (&mut def.kind, resolved.get(&def.rust_name)) {
                (TypeKind::Alias(target), Some(last)) => *target = last.clone(),
                _ => def.each_type_ref_mut(&mut |ty| substitute(ty, resolved)),
            }
        }
    }

    /// Unions whose variants are all scalars get `Display` (they can be parameters);
    /// a union of such unions is one too. Added to `resolved`, whose aliases are final.
    fn mark_scalar_unions(&self, resolved: &mut Resolved) {
        loop {
            let found: Vec<String> = self
                .types
                .iter()
                .filter_map(|(_, _, def)| match &def.kind {
                    TypeKind::Union(u)
                        if !resolved.scalar_unions.contains(&def.rust_name)
                            && u.variants.iter().all(|v| self.is_scalar(&v.ty, resolved)) =>
                    {
                        Some(def.rust_name.clone())
                    }
                    _ => None,
                })
                .collect();
            if found.is_empty() {
                return;
            }
            resolved.scalar_unions.extend(found);
        }
    }
}
