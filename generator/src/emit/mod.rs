//! Stage 3: model → tokens (and the crate's small text files). Nothing here decides:
//! every name, type and choice comes from the model as it is.

mod client;
pub mod manifest;
mod mock;
mod types;

use crate::model::{Api, Passing, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// One file of the generated crate before rendering.
pub enum Emitted {
    Rust {
        path: &'static str,
        tokens: TokenStream,
    },
    Text {
        path: &'static str,
        text: String,
    },
    /// The whole client as one module file: `tokens`, then each hand-written module,
    /// verbatim, as `mod name { ... }`.
    Module {
        path: &'static str,
        tokens: TokenStream,
        modules: Vec<(&'static str, &'static str)>,
    },
}

/// The hand-written runtime, shipped unchanged.
const RUNTIME: &str = include_str!("../runtime/runtime.rs");

/// What a call records with the crate's `tracing` feature, and without it.
const TRACED: &str = include_str!("../runtime/traced.rs");
const QUIET: &str = include_str!("../runtime/quiet.rs");

/// `multipart/form-data` bodies, for crates whose spec sends them.
const MULTIPART: &str = include_str!("../runtime/multipart.rs");

/// The machinery behind `mock.rs`, with the crate's `mock` feature.
const MOCK_SUPPORT: &str = include_str!("../runtime/mock.rs");

/// Everything the generated crate consists of, each file made whole (the crate's
/// `generate` makes `types.rs` in parts; the text is the same as of its one part).
pub fn emit(api: &Api) -> Vec<Emitted> {
    files(api)
        .into_iter()
        .map(|file| match file {
            File::Text { path, text } => Emitted::Text { path, text },
            File::Make(make) => make(api),
            File::Parts { path, make, .. } => Emitted::Rust {
                path,
                tokens: make(api, 0, 1),
            },
        })
        .collect()
}

/// A file of the crate: made already (text), or made from the model by a function
/// (Rust), so that each Rust file can be made and printed on a thread of its own (see
/// [`crate::generate_with`]); tokens never cross threads.
pub enum File {
    Text {
        path: &'static str,
        text: String,
    },
    Make(fn(&Api) -> Emitted),
    /// A Rust file made in `count` parts, `make(api, part, count)`, each printed on its
    /// own and joined in order: the same text as its one part, `make(api, 0, 1)`,
    /// printed at once.
    Parts {
        path: &'static str,
        count: usize,
        make: fn(&Api, usize, usize) -> TokenStream,
    },
}

/// The crate's files, in order.
pub fn files(api: &Api) -> Vec<File> {
    let text = |path: &'static str, text: String| File::Text { path, text };
    let mut files = vec![
        text("Cargo.toml", manifest::cargo_toml(api)),
        text("rustfmt.toml", manifest::rustfmt_toml()),
        text("README.md", manifest::readme(api)),
        File::Make(|api| Emitted::Rust {
            path: "src/lib.rs",
            tokens: client::lib_rs(api),
        }),
        File::Parts {
            path: "src/types.rs",
            count: types::part_count(api),
            make: types::types_part,
        },
        text("src/runtime.rs", RUNTIME.to_owned()),
        text("src/traced.rs", TRACED.to_owned()),
        text("src/quiet.rs", QUIET.to_owned()),
        File::Make(|api| Emitted::Rust {
            path: "src/mock.rs",
            tokens: mock::mock_rs(api),
        }),
        text("src/mock_support.rs", MOCK_SUPPORT.to_owned()),
    ];
    if api.features.multipart {
        files.push(text("src/multipart.rs", MULTIPART.to_owned()));
    }
    files
}

/// The client as one module file for another crate to include (a build script's
/// output): the same types, items and runtime as the crate, nested. A module has no
/// features of its own, so its calls record nothing (`quiet.rs`).
pub fn emit_module(api: &Api) -> Vec<Emitted> {
    let lints = client::lint_allowances();
    let types = types::types_rs(api, Some(lints));
    let items = client::module_items(api);
    vec![Emitted::Module {
        path: "client.rs",
        tokens: quote! {
            pub mod types {
                #types
            }

            #items
        },
        modules: if api.features.multipart {
            vec![
                ("runtime", RUNTIME),
                ("observe", QUIET),
                ("multipart", MULTIPART),
            ]
        } else {
            vec![("runtime", RUNTIME), ("observe", QUIET)]
        },
    }]
}

/// An identifier the model has already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = …]` lines for a piece of documentation.
pub(crate) fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else {
        return TokenStream::new();
    };
    let lines = doc.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// Where a type reference is written: inside `types`, inside `types::builders`, or in
/// `lib.rs`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Types,
    Builders,
    Crate,
}

/// An argument's type, and how the value passed becomes the value stored (`None`: as
/// it is).
pub(crate) fn passing_tokens(
    passing: &Passing,
    value: &Ident,
    scope: Scope,
) -> (TokenStream, Option<TokenStream>) {
    match passing {
        Passing::Owned(ty) => (type_tokens(ty, scope), None),
        Passing::Boxed(ty) => (type_tokens(ty, scope), Some(quote!(Box::new(#value)))),
        Passing::IntoString => (quote!(impl Into<String>), Some(quote!(#value.into()))),
        Passing::Str => (quote!(&str), None),
        Passing::Slice(item) => {
            let item = type_tokens(item, scope);
            (quote!(&[#item]), None)
        }
        Passing::Borrowed(ty) => {
            let ty = type_tokens(ty, scope);
            (quote!(&#ty), None)
        }
    }
}

/// The Rust spelling of a type reference.
pub(crate) fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::File => match scope {
            Scope::Types => quote!(super::runtime::FilePart),
            Scope::Builders => quote!(super::super::runtime::FilePart),
            Scope::Crate => quote!(runtime::FilePart),
        },
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Builders => quote!(super::#name),
                Scope::Crate => quote!(types::#name),
            }
        }
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Option<#inner>)
        }
        TypeRef::Box(inner) => {
            let inner = type_tokens(inner, scope);
            quote!(Box<#inner>)
        }
    }
}
