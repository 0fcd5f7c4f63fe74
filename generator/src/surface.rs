//! The public API of a generated crate, as text: one line per public item, its
//! module and its signature, sorted, so that two releases can be compared
//! (`release --check`). It reads the crate's Rust files, the runtime's among them, so
//! a change to the runtime's public API shows as much as one the spec made.
//!
//! It errs on the side of counting: a `pub` item of a private module counts, though
//! only what the crate re-exports is reachable, and so does every trait an item
//! implements. Bodies, private items and documentation do not.

use crate::shared::GeneratedFile;
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};

/// The public API of the crate `files` make: one sorted line per item.
///
/// A private module whose items its parent re-exports whole (`mod send;` beside
/// `pub use send::*;`) is no module of the API: its items are listed as its parent's,
/// so moving an item between such modules changes nothing.
///
/// The features of groups of operations (those `full` turns on) are on by default, so
/// an item gated by them is listed as if it were not: with the default features,
/// which item compiles under which group changes nothing a dependent can see.
pub fn public_api(files: &[GeneratedFile]) -> String {
    let groups = group_features(files);
    // A file that does not parse has no API to show; the crate does not build.
    let mut parsed: Vec<(String, syn::File)> = files
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .filter_map(|f| Some((module_of(&f.path), syn::parse_file(&f.contents).ok()?)))
        .map(|(module, mut file)| {
            if !groups.is_empty() {
                syn::visit_mut::VisitMut::visit_file_mut(&mut Ungate(&groups), &mut file);
            }
            (module, file)
        })
        .collect();
    let files: BTreeMap<&str, &[syn::Item]> = (parsed.iter())
        .map(|(module, file)| (module.as_str(), file.items.as_slice()))
        .collect();
    let mut folded = BTreeSet::new();
    let mut gates = BTreeMap::new();
    for (module, file) in &parsed {
        folded_children(module, &file.items, &files, &mut folded, &mut gates);
    }
    // What a folded module's `cfg` gates, each of its items carries, as it would in
    // its parent.
    for (module, file) in &mut parsed {
        let mut carried = Vec::new();
        let mut at = module.clone();
        while folded.contains(&at) {
            carried.extend(gates.get(&at).into_iter().flatten().cloned());
            at = at
                .rsplit_once("::")
                .map_or("crate", |(parent, _)| parent)
                .to_owned();
        }
        carry(&mut file.items, &carried);
    }
    let shown = |module: &str| {
        let mut shown = module.to_owned();
        while folded.contains(&shown) {
            shown = shown
                .rsplit_once("::")
                .map_or("crate", |(parent, _)| parent)
                .to_owned();
        }
        shown
    };
    // A private type is one of its own module's; a private trait, one of the crate's.
    let mut private_types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut private_traits = BTreeSet::new();
    for (module, file) in &parsed {
        let (types, traits) = private_names(&file.items);
        private_types
            .entry(shown(module))
            .or_default()
            .extend(types);
        private_traits.extend(traits);
    }
    let mut lines = BTreeSet::new();
    for (module, file) in &parsed {
        let shown = shown(module);
        let private = Private {
            types: &private_types[&shown],
            traits: &private_traits,
        };
        let context = Context {
            private: &private,
            folded: &folded,
        };
        items(&shown, &file.items, &context, &mut lines);
    }
    lines.into_iter().map(|line| line + "\n").collect()
}

/// The module a file of the crate holds: `crate` for `src/lib.rs`, `runtime` for
/// `src/runtime/mod.rs`, `runtime::send` for `src/runtime/send.rs`.
fn module_of(path: &str) -> String {
    let module = path
        .trim_start_matches("src/")
        .trim_end_matches(".rs")
        .trim_end_matches("/mod")
        .replace('/', "::");
    if module == "lib" {
        "crate".to_owned()
    } else {
        module
    }
}

/// The modules under `module` that are no module of the API, added to `folded`: those
/// declared without `pub` that their parent re-exports whole with `pub use`, and those
/// that declare nothing public but `impl`s (methods of their parent's types, such as
/// a group's operations), with modules of that kind. `files` holds each file's items,
/// by module, for the modules declared without a body; `gates` gets the `cfg`s of
/// each folded module that has them.
fn folded_children(
    module: &str,
    all: &[syn::Item],
    files: &BTreeMap<&str, &[syn::Item]>,
    folded: &mut BTreeSet<String>,
    gates: &mut BTreeMap<String, Vec<syn::Attribute>>,
) {
    let globbed: BTreeSet<String> = all
        .iter()
        .filter_map(|item| match item {
            syn::Item::Use(u) if public(&u.vis) => match &u.tree {
                syn::UseTree::Path(path) if matches!(*path.tree, syn::UseTree::Glob(_)) => {
                    Some(path.ident.to_string())
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    for item in all {
        let syn::Item::Mod(m) = item else {
            continue;
        };
        let name = m.ident.to_string();
        let path = match module {
            "crate" => name.clone(),
            _ => format!("{module}::{name}"),
        };
        let content: &[syn::Item] = match &m.content {
            Some((_, content)) => content,
            None => files.get(path.as_str()).copied().unwrap_or_default(),
        };
        if m.content.is_some() {
            folded_children(&path, content, files, folded, gates);
        }
        if !matches!(m.vis, syn::Visibility::Inherited) {
            continue;
        }
        let only_impls = content.iter().all(|item| match item {
            syn::Item::Impl(_) => true,
            syn::Item::Use(u) => !public(&u.vis),
            syn::Item::Mod(inner) => {
                matches!(inner.vis, syn::Visibility::Inherited)
                    && folded.contains(&format!("{path}::{}", inner.ident))
            }
            _ => false,
        });
        if globbed.contains(&name) || (only_impls && !content.is_empty()) {
            let cfg: Vec<syn::Attribute> = (m.attrs.iter())
                .filter(|a| a.path().is_ident("cfg"))
                .cloned()
                .collect();
            if !cfg.is_empty() {
                gates.insert(path.clone(), cfg);
            }
            folded.insert(path);
        }
    }
}

/// `attrs` added to each of `all`'s items, and to those of the public modules among
/// them rather than to the module.
fn carry(all: &mut [syn::Item], attrs: &[syn::Attribute]) {
    if attrs.is_empty() {
        return;
    }
    for item in all {
        let own = match item {
            syn::Item::Mod(m) if public(&m.vis) && m.content.is_some() => {
                if let Some((_, content)) = &mut m.content {
                    carry(content, attrs);
                }
                continue;
            }
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Trait(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Const(i) => &mut i.attrs,
            syn::Item::Use(i) => &mut i.attrs,
            syn::Item::Mod(i) => &mut i.attrs,
            _ => continue,
        };
        own.splice(0..0, attrs.iter().cloned());
    }
}

/// What [`items`] needs to know of the crate beside the items it lists.
struct Context<'a> {
    private: &'a Private<'a>,
    /// The modules that are no module of the API ([`folded_children`]).
    folded: &'a BTreeSet<String>,
}

/// Whether a `use` path, from `module`, goes through a module that is no module of
/// the API: re-exporting what such a module holds moves it, and adds nothing.
fn through_folded(module: &str, path: &str, folded: &BTreeSet<String>) -> bool {
    let mut at: Vec<&str> = match module {
        "crate" => Vec::new(),
        _ => module.split("::").collect(),
    };
    let mut segments = path.split("::").peekable();
    match segments.peek() {
        Some(&"crate") => {
            at.clear();
            segments.next();
        }
        Some(&"self") => {
            segments.next();
        }
        _ => {}
    }
    while segments.peek() == Some(&"super") {
        at.pop();
        segments.next();
    }
    for segment in segments {
        at.push(segment);
        if folded.contains(&at.join("::")) {
            return true;
        }
    }
    false
}

/// What changed between two public APIs: the lines gone, and the lines new.
pub fn changes<'a>(was: &'a str, now: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let before: BTreeSet<&str> = was.lines().collect();
    let after: BTreeSet<&str> = now.lines().collect();
    (
        before.difference(&after).copied().collect(),
        after.difference(&before).copied().collect(),
    )
}

/// The features `full` turns on in the crate's `Cargo.toml`: its groups'.
fn group_features(files: &[GeneratedFile]) -> BTreeSet<String> {
    let manifest = files.iter().find(|f| f.path == "Cargo.toml");
    let full = manifest.and_then(|m| m.contents.lines().find_map(|l| l.strip_prefix("full = [")));
    full.map(|list| {
        (list.trim_end_matches(']').split(','))
            .map(|name| name.trim().trim_matches('"').to_owned())
            .filter(|name| !name.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// Drops the `cfg` attributes that name only group features.
struct Ungate<'a>(&'a BTreeSet<String>);

impl Ungate<'_> {
    fn keep(&self, attr: &syn::Attribute) -> bool {
        if !attr.path().is_ident("cfg") {
            return true;
        }
        let mut features = Vec::new();
        let mut other = false;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("any") {
                meta.parse_nested_meta(|inner| {
                    match inner.path.is_ident("feature") {
                        true => features.push(inner.value()?.parse::<syn::LitStr>()?.value()),
                        false => other = true,
                    }
                    Ok(())
                })
            } else if meta.path.is_ident("feature") {
                features.push(meta.value()?.parse::<syn::LitStr>()?.value());
                Ok(())
            } else {
                other = true;
                Ok(())
            }
        });
        other || features.is_empty() || !features.iter().all(|f| self.0.contains(f))
    }
}

impl syn::visit_mut::VisitMut for Ungate<'_> {
    fn visit_attributes_mut(&mut self, attrs: &mut Vec<syn::Attribute>) {
        attrs.retain(|attr| self.keep(attr));
    }
}

fn public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// The `cfg` and `non_exhaustive` attributes of an item, which change what a
/// dependent may write.
fn marks(attrs: &[syn::Attribute]) -> String {
    marks_where(attrs, |a| {
        a.path().is_ident("cfg") || a.path().is_ident("non_exhaustive")
    })
}

/// The attributes `keep` chooses, each as text followed by a space.
fn marks_where(attrs: &[syn::Attribute], keep: impl Fn(&syn::Attribute) -> bool) -> String {
    attrs
        .iter()
        .filter(|a| keep(a))
        .map(|a| format!("{} ", a.to_token_stream()))
        .collect()
}

/// Tokens as text, without the trailing commas a printer adds or leaves out as lines
/// break.
fn text(tokens: impl ToTokens) -> String {
    let mut text = tokens.to_token_stream().to_string();
    for close in [">", ")", "]", "}"] {
        text = text
            .replace(&format!(" , {close}"), &format!(" {close}"))
            .replace(&format!(" ,{close}"), close);
    }
    text
}

/// What a module keeps to itself, for the `impl`s it holds: no trait implemented for
/// one of its private types is API, and no impl of a trait the crate keeps private.
struct Private<'a> {
    /// The module's types declared without `pub`.
    types: &'a BTreeSet<String>,
    /// The crate's traits declared without `pub`, in any module.
    traits: &'a BTreeSet<String>,
}

/// The names of the types, and those of the traits, a file declares without `pub`.
fn private_names(all: &[syn::Item]) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut types, mut traits) = (BTreeSet::new(), BTreeSet::new());
    for item in all {
        match item {
            syn::Item::Struct(s) if !public(&s.vis) => types.insert(s.ident.to_string()),
            syn::Item::Enum(e) if !public(&e.vis) => types.insert(e.ident.to_string()),
            syn::Item::Trait(t) if !public(&t.vis) => traits.insert(t.ident.to_string()),
            _ => false,
        };
    }
    (types, traits)
}

/// Each path a `use` tree names, as its own line: a name added to a list of
/// re-exports is one item more, not the list changed.
fn use_paths(prefix: &str, tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => {
            use_paths(&format!("{prefix}{}::", path.ident), &path.tree, out)
        }
        syn::UseTree::Name(name) => out.push(format!("{prefix}{}", name.ident)),
        syn::UseTree::Rename(rename) => {
            out.push(format!("{prefix}{} as {}", rename.ident, rename.rename));
        }
        syn::UseTree::Glob(_) => out.push(format!("{prefix}*")),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                use_paths(prefix, tree, out);
            }
        }
    }
}

fn items(module: &str, all: &[syn::Item], context: &Context, out: &mut BTreeSet<String>) {
    let private = context.private;
    for item in all {
        match item {
            syn::Item::Fn(f) if public(&f.vis) => {
                out.insert(format!("{module}: {}{}", marks(&f.attrs), text(&f.sig)));
            }
            syn::Item::Struct(s) if public(&s.vis) => structure(module, s, out),
            syn::Item::Enum(e) if public(&e.vis) => enumeration(module, e, out),
            syn::Item::Impl(i) => implementation(module, i, private, out),
            syn::Item::Trait(t) if public(&t.vis) => {
                let name = &t.ident;
                out.insert(format!("{module}: {}pub trait {name}", marks(&t.attrs)));
                for member in &t.items {
                    if let syn::TraitItem::Fn(f) = member {
                        out.insert(format!("{module}: trait {name}: {}", text(&f.sig)));
                    }
                }
            }
            syn::Item::Type(t) if public(&t.vis) => {
                let (name, generics, ty) = (&t.ident, text(&t.generics), text(&t.ty));
                out.insert(format!(
                    "{module}: {}pub type {name}{generics} = {ty}",
                    marks(&t.attrs)
                ));
            }
            syn::Item::Const(c) if public(&c.vis) => {
                let (name, ty) = (&c.ident, &c.ty);
                out.insert(format!("{module}: pub const {name}: {}", text(ty)));
            }
            syn::Item::Use(u) if public(&u.vis) => {
                let mut paths = Vec::new();
                use_paths("", &u.tree, &mut paths);
                for path in paths {
                    if !through_folded(module, &path, context.folded) {
                        out.insert(format!("{module}: {}pub use {path}", marks(&u.attrs)));
                    }
                }
            }
            syn::Item::Mod(m) if public(&m.vis) => {
                let inner = format!("{module}::{}", m.ident);
                out.insert(format!("{module}: {}pub mod {}", marks(&m.attrs), m.ident));
                if let Some((_, content)) = &m.content {
                    let (types, _) = private_names(content);
                    let private = Private {
                        types: &types,
                        traits: private.traits,
                    };
                    let context = Context {
                        private: &private,
                        folded: context.folded,
                    };
                    items(&inner, content, &context, out);
                }
            }
            syn::Item::Mod(m) => {
                let path = match module {
                    "crate" => m.ident.to_string(),
                    _ => format!("{module}::{}", m.ident),
                };
                if let (Some((_, content)), true) = (&m.content, context.folded.contains(&path)) {
                    items(module, content, context, out);
                }
            }
            _ => {}
        }
    }
}

fn structure(module: &str, s: &syn::ItemStruct, out: &mut BTreeSet<String>) {
    let name = &s.ident;
    let generics = text(&s.generics);
    out.insert(format!(
        "{module}: {}pub struct {name}{generics}",
        marks(&s.attrs)
    ));
    derived(module, name, &s.generics, &s.attrs, out);
    for (index, field) in s.fields.iter().enumerate() {
        if public(&field.vis) {
            let field_name = field
                .ident
                .as_ref()
                .map_or_else(|| index.to_string(), ToString::to_string);
            out.insert(format!(
                "{module}: {name}.{field_name}: {}",
                text(&field.ty)
            ));
        }
    }
}

fn enumeration(module: &str, e: &syn::ItemEnum, out: &mut BTreeSet<String>) {
    let name = &e.ident;
    out.insert(format!("{module}: {}pub enum {name}", marks(&e.attrs)));
    derived(module, name, &e.generics, &e.attrs, out);
    for variant in &e.variants {
        out.insert(format!(
            "{module}: {name}::{}{}",
            variant.ident,
            fields(&variant.fields)
        ));
    }
}

/// The traits a type derives, each as the line its `impl` written by hand gives
/// ([`trait_name`]): deriving a trait or implementing it is the same promise.
fn derived(
    module: &str,
    name: &syn::Ident,
    generics: &syn::Generics,
    attrs: &[syn::Attribute],
    out: &mut BTreeSet<String>,
) {
    let (_, arguments, _) = generics.split_for_impl();
    let target = text(quote::quote!(#name #arguments));
    // An impl's own marks: the type's `cfg`s (its `non_exhaustive` is the type's).
    let marks = marks_where(attrs, |a| a.path().is_ident("cfg"));
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        for path in paths {
            let Some(last) = path.segments.last() else {
                continue;
            };
            // The one derived trait with a lifetime a hand-written impl must name.
            let name = match last.ident.to_string().as_str() {
                "Deserialize" => "Deserialize < 'de >".to_owned(),
                _ => text(last),
            };
            out.insert(format!("{module}: {marks}impl {name} for {target}"));
        }
    }
}

/// A trait as the API records it: its last name and its arguments, however the `impl`
/// spells its path (`fmt::Debug`, `std::fmt::Debug` and `Debug` are one trait).
fn trait_name(path: &syn::Path) -> String {
    path.segments.last().map(text).unwrap_or_default()
}

/// A variant's fields by their names and types alone (no attributes, no docs).
fn fields(fields: &syn::Fields) -> String {
    let each = |f: &syn::Field| match &f.ident {
        Some(name) => format!("{name}: {}", text(&f.ty)),
        None => text(&f.ty),
    };
    let all: Vec<String> = fields.iter().map(each).collect();
    match fields {
        syn::Fields::Named(_) => format!(" {{ {} }}", all.join(", ")),
        syn::Fields::Unnamed(_) => format!("({})", all.join(", ")),
        syn::Fields::Unit => String::new(),
    }
}

/// An `impl`: a trait's, as one line, or a type's own, one line per public method.
fn implementation(module: &str, i: &syn::ItemImpl, private: &Private, out: &mut BTreeSet<String>) {
    let target = text(&i.self_ty);
    let named = match &*i.self_ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    };
    if named.is_some_and(|name| private.types.contains(&name)) {
        return;
    }
    let marks = marks(&i.attrs);
    if let Some((_, path, _)) = &i.trait_ {
        // A dependent cannot name a trait the crate keeps to itself.
        let named = path.segments.last().map(|s| s.ident.to_string());
        if named.is_some_and(|name| private.traits.contains(&name)) {
            return;
        }
        out.insert(format!(
            "{module}: {marks}impl {} for {target}",
            trait_name(path)
        ));
        return;
    }
    for member in &i.items {
        if let syn::ImplItem::Fn(f) = member {
            if public(&f.vis) {
                out.insert(format!("{module}: {marks}{target}: {}", text(&f.sig)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gated_items_in_files_of_their_own_are_the_same_api() {
        let spec = include_str!("../../tests/fixtures/kitchen-sink.yaml");
        let options = crate::Options::default();
        let (mut api, _) = crate::model_with(spec, &crate::NoFiles, &options).expect("lowers");
        assert!(
            (api.gates.features.iter()).any(|g| !g.operations.is_empty())
                && api.gates.type_files.len() > 1,
            "the kitchen sink has files of operations and of types"
        );
        let split = crate::parallel::render_crate(&api, &options).expect("renders");
        for group in &mut api.gates.features {
            group.operations.clear();
        }
        api.gates.type_files.clear();
        let inline = crate::parallel::render_crate(&api, &options).expect("renders");
        assert!(split.len() > inline.len(), "the groups' files are gone");
        let (was, now) = (public_api(&inline), public_api(&split));
        assert_eq!(changes(&was, &now), (vec![], vec![]));
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn the_public_api_is_the_public_items_signatures_without_bodies_or_docs() {
        let api = public_api(&[file(
            "src/types.rs",
            "/// A thing.\n#[non_exhaustive]\npub struct Thing { pub name: String, secret: u8 }\nimpl Thing {\n    /// New.\n    pub fn new(name: String) -> Self { Self { name, secret: 1 } }\n    fn hidden(&self) {}\n}\nimpl Default for Thing { fn default() -> Self { Self::new(String::new()) } }\nfn private() {}\n",
        )]);
        let lines: Vec<&str> = api.lines().collect();
        assert_eq!(lines.len(), 4, "{api}");
        assert!(
            api.contains("types: # [non_exhaustive] pub struct Thing"),
            "{api}"
        );
        assert!(api.contains("types: Thing.name: String"), "{api}");
        assert!(
            api.contains("types: Thing: fn new (name : String) -> Self"),
            "{api}"
        );
        assert!(api.contains("types: impl Default for Thing"), "{api}");
    }

    #[test]
    fn deriving_a_trait_and_implementing_it_by_hand_are_the_same_api() {
        let derived = public_api(&[file(
            "src/types.rs",
            "#[derive(Debug, serde::Deserialize)]\npub struct Thing<T> { pub value: T }\n",
        )]);
        let by_hand = public_api(&[file(
            "src/types.rs",
            "pub struct Thing<T> { pub value: T }\nimpl<T> std::fmt::Debug for Thing<T> { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) } }\nimpl<'de, T> serde::Deserialize<'de> for Thing<T> { fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> { todo!() } }\n",
        )]);
        assert_eq!(derived, by_hand);
        assert!(
            derived.contains("types: impl Debug for Thing < T >"),
            "{derived}"
        );
        assert!(
            derived.contains("types: impl Deserialize < 'de > for Thing < T >"),
            "{derived}"
        );
    }

    #[test]
    fn a_derived_impl_carries_the_types_cfg_but_not_its_non_exhaustive() {
        let api = public_api(&[file(
            "src/types.rs",
            "#[cfg(feature = \"mock\")]\n#[derive(Clone)]\n#[non_exhaustive]\npub struct Thing;\n",
        )]);
        assert!(
            api.contains("types: # [cfg (feature = \"mock\")] impl Clone for Thing\n"),
            "{api}"
        );
    }

    #[test]
    fn traits_of_a_private_generic_type_are_none() {
        let api = public_api(&[file(
            "src/runtime.rs",
            "pub(crate) struct Missing<E>(E);\nimpl<E> Clone for Missing<E> { fn clone(&self) -> Self { todo!() } }\n",
        )]);
        assert_eq!(api, "");
    }

    #[test]
    fn a_derive_taken_away_is_a_change_of_the_api() {
        let with = public_api(&[file(
            "src/types.rs",
            "#[derive(Clone, PartialEq)]\npub struct Thing;\n",
        )]);
        let without = public_api(&[file(
            "src/types.rs",
            "#[derive(Clone)]\npub struct Thing;\n",
        )]);
        assert_ne!(with, without);
        assert!(with.contains("types: impl PartialEq for Thing"), "{with}");
    }

    #[test]
    fn each_re_export_is_an_item_and_a_private_types_traits_are_none() {
        let api = public_api(&[file(
            "src/lib.rs",
            "pub use runtime::{Client, Error as ClientError, check::*};\nstruct Inner;\nimpl Clone for Inner { fn clone(&self) -> Self { Inner } }\n",
        )]);
        assert_eq!(
            api,
            "crate: pub use runtime::Client\ncrate: pub use runtime::Error as ClientError\ncrate: pub use runtime::check::*\n"
        );
    }

    #[test]
    fn a_trait_the_crate_keeps_to_itself_implemented_is_no_part_of_the_api() {
        let api = public_api(&[
            file(
                "src/runtime/decode.rs",
                "pub(crate) trait Members<'de> { fn read(); }\n",
            ),
            file(
                "src/types.rs",
                "pub struct Thing;\nimpl<'de> decode::Members<'de> for Thing { fn read() {} }\nimpl Clone for Thing { fn clone(&self) -> Self { Thing } }\n",
            ),
        ]);
        assert_eq!(
            api,
            "types: impl Clone for Thing\ntypes: pub struct Thing\n"
        );
    }

    #[test]
    fn a_public_type_named_like_another_modules_private_one_keeps_its_api() {
        let api = public_api(&[
            file("src/runtime/mod.rs", "mod send;\npub use send::*;\n"),
            file(
                "src/runtime/send.rs",
                "struct Request;\nimpl Clone for Request { fn clone(&self) -> Self { Request } }\n",
            ),
            file(
                "src/types.rs",
                "pub struct Request;\nimpl Request { pub fn new() -> Self { Request } }\nimpl Clone for Request { fn clone(&self) -> Self { Request } }\n",
            ),
        ]);
        assert_eq!(
            api,
            "types: Request: fn new () -> Self\ntypes: impl Clone for Request\ntypes: pub struct Request\n"
        );
    }

    #[test]
    fn items_of_a_private_module_re_exported_whole_are_the_parents() {
        let split = public_api(&[
            file(
                "src/runtime/mod.rs",
                "mod send;\npub use send::*;\npub mod open;\n",
            ),
            file("src/runtime/send.rs", "pub struct Client;\n"),
            file("src/runtime/open.rs", "pub struct Other;\n"),
        ]);
        let whole = public_api(&[
            file("src/runtime/mod.rs", "pub struct Client;\npub mod open;\n"),
            file("src/runtime/open.rs", "pub struct Other;\n"),
        ]);
        assert_eq!(split, whole);
        assert!(split.contains("runtime: pub struct Client"), "{split}");
        assert!(split.contains("runtime::open: pub struct Other"), "{split}");
    }

    #[test]
    fn docs_and_attributes_of_aliases_and_variants_are_no_part_of_the_api() {
        let one = public_api(&[file(
            "src/lib.rs",
            "/// One.\npub type Id = String;\npub enum E { /// A.\n A(#[doc = \"x\"] u8), B { /// b\n b: u8 } }\n",
        )]);
        let other = public_api(&[file(
            "src/lib.rs",
            "/// Two.\npub type Id = String;\npub enum E { A(u8), B { b: u8 } }\n",
        )]);
        assert_eq!(one, other);
        assert!(one.contains("crate: pub type Id = String"), "{one}");
        assert!(one.contains("crate: E::A(u8)"), "{one}");
        assert!(one.contains("crate: E::B { b: u8 }"), "{one}");
    }

    #[test]
    fn a_trailing_comma_changes_nothing() {
        let one = public_api(&[file("src/lib.rs", "pub fn f(a: u8, b: Vec<u8>) {}\n")]);
        let other = public_api(&[file(
            "src/lib.rs",
            "pub fn f(\n    a: u8,\n    b: Vec<u8,>,\n) {}\n",
        )]);
        assert_eq!(one, other);
    }

    #[test]
    fn a_body_or_a_doc_changes_nothing_and_a_signature_does() {
        let was = public_api(&[file(
            "src/lib.rs",
            "/// One.\npub fn f(a: u8) -> u8 { a }\n",
        )]);
        let docs = public_api(&[file(
            "src/lib.rs",
            "/// Two.\npub fn f(a: u8) -> u8 { a + 1 }\n",
        )]);
        assert_eq!(was, docs);
        let now = public_api(&[file("src/lib.rs", "pub fn f(a: u16) -> u8 { 0 }\n")]);
        let (gone, new) = changes(&was, &now);
        assert_eq!(gone, ["crate: fn f (a : u8) -> u8"]);
        assert_eq!(new, ["crate: fn f (a : u16) -> u8"]);
    }
}
