//! The module generated at build time has the same public API as the committed crate
//! generated from the same spec (`tests/kitchen-sink/`, from the same fixture).

use quote::ToTokens;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const MODULE: &str = include_str!(concat!(env!("OUT_DIR"), "/client.rs"));

/// The committed crate's `src/`.
fn crate_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/kitchen-sink/src")
}

/// The items of a module declared without a body: `dir/<name>.rs` or
/// `dir/<name>/mod.rs`; none for one whose file is named otherwise (`#[path]`).
fn module_file(dir: Option<&Path>, name: &str) -> Vec<syn::Item> {
    let Some(dir) = dir else {
        panic!("unexpected out-of-line module {name}");
    };
    let file = [
        dir.join(format!("{name}.rs")),
        dir.join(name).join("mod.rs"),
    ]
    .into_iter()
    .find_map(|path| std::fs::read_to_string(path).ok());
    file.map(|source| syn::parse_file(&source).expect("parses").items)
        .unwrap_or_default()
}

/// The module a `use` tree re-exports whole (`name::*`).
fn glob_of(tree: &syn::UseTree) -> Option<String> {
    match tree {
        syn::UseTree::Path(path) if matches!(*path.tree, syn::UseTree::Glob(_)) => {
            Some(path.ident.to_string())
        }
        _ => None,
    }
}

/// Whether a private module adds nothing but methods to its parent's types.
fn only_impls(items: &[syn::Item], dir: Option<&Path>) -> bool {
    items.iter().all(|item| match item {
        syn::Item::Impl(_) => true,
        syn::Item::Use(u) => !is_pub(&u.vis),
        syn::Item::Mod(m) if !is_pub(&m.vis) => match &m.content {
            Some((_, inner)) => {
                only_impls(inner, dir.map(|d| d.join(m.ident.to_string())).as_deref())
            }
            None => {
                let name = m.ident.to_string();
                let inner = dir.map(|d| d.join(&name));
                only_impls(&module_file(dir, &name), inner.as_deref())
            }
        },
        _ => false,
    })
}

/// An item's tokens as text; trailing commas (where the printer wrapped a line) dropped.
fn tokens(item: &impl ToTokens) -> String {
    item.to_token_stream()
        .to_string()
        .replace(" ,)", ")")
        .replace(" ,>", ">")
        .replace(" ,}", "}")
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn derives(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .map(tokens)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an item is compiled only with one of the crate's features.
fn behind_a_feature(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && tokens(a).contains("feature"))
}

/// Every public item, field, variant, method and trait impl, with its signature. A
/// private module re-exported whole, or adding only methods, counts as its parent;
/// `dir` holds the files of the modules declared without a body.
fn public_api(items: &[syn::Item], prefix: &str, dir: Option<&Path>, out: &mut BTreeSet<String>) {
    // The modules this one declares without `pub`, and those it re-exports whole.
    let private: BTreeSet<String> = (items.iter())
        .filter_map(|item| match item {
            syn::Item::Mod(m) if !is_pub(&m.vis) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    let globbed: BTreeSet<String> = (items.iter())
        .filter_map(|item| match item {
            syn::Item::Use(u) if is_pub(&u.vis) => glob_of(&u.tree),
            _ => None,
        })
        .collect();
    for item in items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                out.insert(format!("struct {prefix}{} {}", s.ident, derives(&s.attrs)));
                for field in s.fields.iter().filter(|f| is_pub(&f.vis)) {
                    let name = field
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    out.insert(format!(
                        "field {prefix}{}.{name}: {}",
                        s.ident,
                        tokens(&field.ty)
                    ));
                }
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                out.insert(format!("enum {prefix}{} {}", e.ident, derives(&e.attrs)));
                for variant in &e.variants {
                    out.insert(format!(
                        "variant {prefix}{}::{} {}",
                        e.ident,
                        variant.ident,
                        tokens(&variant.fields)
                    ));
                }
            }
            syn::Item::Fn(f) if is_pub(&f.vis) => {
                out.insert(format!("fn {prefix}{}", tokens(&f.sig)));
            }
            syn::Item::Const(c) if is_pub(&c.vis) => {
                out.insert(format!("const {prefix}{}: {}", c.ident, tokens(&c.ty)));
            }
            syn::Item::Type(t) if is_pub(&t.vis) => {
                out.insert(format!("type {prefix}{} = {}", t.ident, tokens(&t.ty)));
            }
            // What a private module holds, re-exported: its items are counted as ours.
            syn::Item::Use(u) if is_pub(&u.vis) => {
                let tree = tokens(&u.tree);
                let moved = tree.starts_with("super ::")
                    || glob_of(&u.tree).is_some_and(|name| private.contains(&name));
                if !moved {
                    out.insert(format!("use {prefix}{tree}"));
                }
            }
            // A crate's feature-gated modules (`mock`): a module has no features.
            syn::Item::Mod(m) if is_pub(&m.vis) && behind_a_feature(&m.attrs) => {}
            syn::Item::Mod(m) => {
                let name = m.ident.to_string();
                let inner_dir = dir.map(|d| d.join(&name));
                let content = match &m.content {
                    Some((_, content)) => content.clone(),
                    None => module_file(dir, &name),
                };
                let prefix = match is_pub(&m.vis) {
                    true => format!("{prefix}{name}::"),
                    false
                        if globbed.contains(&name)
                            || only_impls(&content, inner_dir.as_deref()) =>
                    {
                        prefix.to_owned()
                    }
                    false => continue,
                };
                public_api(&content, &prefix, inner_dir.as_deref(), out);
            }
            syn::Item::Impl(i) => {
                let target = tokens(&i.self_ty);
                if let Some((_, trait_path, _)) = &i.trait_ {
                    out.insert(format!("impl {} for {prefix}{target}", tokens(trait_path)));
                }
                for inner in &i.items {
                    if let syn::ImplItem::Fn(f) = inner {
                        if is_pub(&f.vis) {
                            out.insert(format!("method {prefix}{target}::{}", tokens(&f.sig)));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn api_of(source: &str, dir: Option<&Path>) -> BTreeSet<String> {
    let file = syn::parse_file(source).expect("parses");
    let mut out = BTreeSet::new();
    public_api(&file.items, "", dir, &mut out);
    out
}

#[test]
fn the_build_time_module_and_the_committed_crate_have_the_same_public_api() {
    let module = api_of(MODULE, None);
    let src = crate_src();
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("the committed crate");
    let committed = api_of(&lib, Some(&src));
    assert!(
        committed.len() > 100,
        "too few items to compare: {}",
        committed.len()
    );
    let only_module: Vec<&String> = module.difference(&committed).collect();
    let only_crate: Vec<&String> = committed.difference(&module).collect();
    assert!(
        only_module.is_empty() && only_crate.is_empty(),
        "only in the module: {only_module:#?}\nonly in the crate: {only_crate:#?}"
    );
}

#[test]
fn the_build_time_module_holds_the_runtime_unchanged() {
    let files = [
        (
            "check",
            include_str!("../../../generator/src/runtime/core/check.rs"),
        ),
        (
            "config",
            include_str!("../../../generator/src/runtime/core/config.rs"),
        ),
        (
            "encode",
            include_str!("../../../generator/src/runtime/core/encode.rs"),
        ),
        (
            "error",
            include_str!("../../../generator/src/runtime/core/error.rs"),
        ),
        (
            "send",
            include_str!("../../../generator/src/runtime/core/send.rs"),
        ),
    ];
    assert!(MODULE.contains("mod runtime {\n"));
    for (name, source) in files {
        assert!(
            MODULE.contains(&format!("mod {name} {{\n{source}}}")),
            "{name} changed"
        );
    }
}
