//! The module generated at build time has the same public API as the committed crate
//! generated from the same spec (`tests/kitchen-sink/`, from the same fixture).

use quote::ToTokens;
use std::collections::BTreeSet;

const MODULE: &str = include_str!(concat!(env!("OUT_DIR"), "/client.rs"));
const CRATE_LIB: &str = include_str!("../../../tests/kitchen-sink/src/lib.rs");
const CRATE_TYPES: &str = include_str!("../../../tests/kitchen-sink/src/types.rs");

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

/// Every public item, field, variant, method and trait impl, with its signature.
fn public_api(items: &[syn::Item], prefix: &str, out: &mut BTreeSet<String>) {
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
            syn::Item::Use(u) if is_pub(&u.vis) => {
                out.insert(format!("use {prefix}{}", tokens(&u.tree)));
            }
            // A crate's feature-gated modules (`mock`): a module has no features.
            syn::Item::Mod(m) if is_pub(&m.vis) && behind_a_feature(&m.attrs) => {}
            syn::Item::Mod(m) if is_pub(&m.vis) => {
                let inner = format!("{prefix}{}::", m.ident);
                match &m.content {
                    Some((_, items)) => public_api(items, &inner, out),
                    None if m.ident == "types" => {
                        let types = syn::parse_file(CRATE_TYPES).expect("types.rs parses");
                        public_api(&types.items, &inner, out);
                    }
                    None => panic!("unexpected out-of-line module {}", m.ident),
                }
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

fn api_of(source: &str) -> BTreeSet<String> {
    let file = syn::parse_file(source).expect("parses");
    let mut out = BTreeSet::new();
    public_api(&file.items, "", &mut out);
    out
}

#[test]
fn the_build_time_module_and_the_committed_crate_have_the_same_public_api() {
    let module = api_of(MODULE);
    let committed = api_of(CRATE_LIB);
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
