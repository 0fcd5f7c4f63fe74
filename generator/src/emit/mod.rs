//! Stage 3: model → tokens (and the crate's small text files). Nothing here decides:
//! every name, type and choice comes from the model as it is.

mod client;
mod decode;
mod encode;
pub mod manifest;
mod mock;
mod root;
mod types;

use crate::model::{Api, Passing, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// One file of the generated crate before rendering.
pub enum Emitted {
    Rust {
        path: String,
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
        modules: Vec<(&'static str, String)>,
    },
}

/// The hand-written runtime, shipped unchanged as the files of the crate's `runtime`
/// module, `mod.rs` first.
pub const RUNTIME: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../runtime/core/mod.rs")),
    (
        "src/runtime/check.rs",
        include_str!("../runtime/core/check.rs"),
    ),
    (
        "src/runtime/config.rs",
        include_str!("../runtime/core/config.rs"),
    ),
    (
        "src/runtime/decode.rs",
        include_str!("../runtime/core/decode.rs"),
    ),
    (
        "src/runtime/encode.rs",
        include_str!("../runtime/core/encode.rs"),
    ),
    (
        "src/runtime/error.rs",
        include_str!("../runtime/core/error.rs"),
    ),
    (
        "src/runtime/send.rs",
        include_str!("../runtime/core/send.rs"),
    ),
];

/// The runtime as one module's text: `mod.rs` with each of its `mod name;` lines
/// replaced by `mod name { … }` holding that file.
fn runtime_inline() -> String {
    let (_, root) = RUNTIME[0];
    let mut out = String::new();
    for line in root.lines() {
        let declared = line
            .strip_suffix(';')
            .and_then(|rest| rest.rsplit_once("mod "))
            .and_then(|(visibility, name)| {
                let (_, text) = RUNTIME
                    .iter()
                    .find(|(path, _)| *path == format!("src/runtime/{name}.rs"))?;
                Some((visibility, name, text))
            });
        match declared {
            Some((visibility, name, text)) => {
                out.push_str(&format!("{visibility}mod {name} {{\n{text}}}\n"));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// What a call records with the crate's `tracing` feature, and without it.
const TRACED: &str = include_str!("../runtime/traced.rs");
const QUIET: &str = include_str!("../runtime/quiet.rs");

/// `multipart/form-data` bodies, for crates whose spec sends them.
const MULTIPART: &str = include_str!("../runtime/multipart.rs");

/// Operations that page, for crates whose spec has one.
const PAGES: &str = include_str!("../runtime/pages.rs");

/// Responses read as they arrive, for crates whose spec streams.
const STREAMS: &str = include_str!("../runtime/streams.rs");

/// Bodies read as they are sent, for crates whose spec sends binary or multipart ones.
const UPLOAD: &str = include_str!("../runtime/upload.rs");

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
                path: path.to_owned(),
                tokens: make(api, 0, 1),
            },
            File::Gated { path, index, make } => Emitted::Rust {
                path,
                tokens: make(api, index),
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
    /// A Rust file of gated items, `make(api, index)`: by its index among the groups'
    /// features (`operations/`) or among the files of `types/`.
    Gated {
        path: String,
        index: usize,
        make: fn(&Api, usize) -> TokenStream,
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
            path: "src/lib.rs".to_owned(),
            tokens: root::lib_rs(api),
        }),
        File::Parts {
            path: "src/types.rs",
            count: types::part_count(api),
            make: types::types_part,
        },
    ];
    for (index, file) in api.gates.type_files.iter().enumerate() {
        files.push(File::Gated {
            path: format!("src/types/{}.rs", file.module),
            index,
            make: types::type_file_rs,
        });
    }
    for (index, feature) in api.gates.features.iter().enumerate() {
        if !feature.operations.is_empty() {
            files.push(File::Gated {
                path: format!("src/operations/{}.rs", feature.module),
                index,
                make: root::group_operations_rs,
            });
        }
    }
    files.extend(
        RUNTIME
            .iter()
            .map(|&(path, source)| text(path, source.to_owned())),
    );
    files.extend([
        text("src/traced.rs", TRACED.to_owned()),
        text("src/quiet.rs", QUIET.to_owned()),
        File::Make(|api| Emitted::Rust {
            path: "src/mock.rs".to_owned(),
            tokens: mock::mock_rs(api),
        }),
        text("src/mock_support.rs", MOCK_SUPPORT.to_owned()),
    ]);
    if api.features.multipart {
        files.push(text("src/multipart.rs", MULTIPART.to_owned()));
    }
    if api.features.streams {
        files.push(text("src/streams.rs", STREAMS.to_owned()));
    }
    if api.features.pages {
        files.push(text("src/pages.rs", PAGES.to_owned()));
    }
    if api.features.uploads {
        files.push(text("src/upload.rs", UPLOAD.to_owned()));
    }
    files
}

/// The client as one module file for another crate to include (a build script's
/// output): the same types, items and runtime as the crate, nested. A module has no
/// features of its own, so its calls record nothing (`quiet.rs`).
pub fn emit_module(api: &Api) -> Vec<Emitted> {
    let lints = root::lint_allowances();
    let types = types::types_rs(api, Some(lints));
    let items = root::module_items(api);
    vec![Emitted::Module {
        path: "client.rs",
        tokens: quote! {
            pub mod types {
                #types
            }

            #items
        },
        modules: [
            Some(("runtime", runtime_inline())),
            Some(("observe", QUIET.to_owned())),
            (api.features.multipart).then(|| ("multipart", MULTIPART.to_owned())),
            (api.features.streams).then(|| ("streams", STREAMS.to_owned())),
            (api.features.pages).then(|| ("pages", PAGES.to_owned())),
            (api.features.uploads).then(|| ("upload", UPLOAD.to_owned())),
        ]
        .into_iter()
        .flatten()
        .collect(),
    }]
}

/// `#[cfg(…)]` for what compiles under any one of `features`; nothing for no gate.
pub(crate) fn cfg_attr(features: &[String]) -> TokenStream {
    if features.is_empty() {
        return TokenStream::new();
    }
    let predicate = cfg_predicate(features);
    quote!(#[cfg(#predicate)])
}

/// `feature = "a"`, or `any(feature = "a", …)` for several.
pub(crate) fn cfg_predicate(features: &[String]) -> TokenStream {
    match features {
        [one] => quote!(feature = #one),
        several => quote!(any(#(feature = #several),*)),
    }
}

/// `items`, each with `#[cfg(…)]` for `features` (unchanged without a gate).
pub(crate) fn gated_items(items: TokenStream, features: &[String]) -> TokenStream {
    if features.is_empty() {
        return items;
    }
    let cfg = cfg_attr(features);
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items;
            quote!(#(#cfg #items)*)
        }
        // Emit makes whole items; should it not, the items stay ungated and compile.
        Err(_) => items,
    }
}

/// Methods for an `impl` block, each with `#[cfg(…)]` for `features`.
pub(crate) fn gated_methods(methods: TokenStream, features: &[String]) -> TokenStream {
    if features.is_empty() {
        return methods;
    }
    let cfg = cfg_attr(features);
    match syn::parse2::<syn::ItemImpl>(quote!(impl Gated { #methods })) {
        Ok(block) => {
            let items = block.items;
            quote!(#(#cfg #items)*)
        }
        Err(_) => methods,
    }
}

/// An identifier the model has already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = …]` lines for a piece of documentation, its prose wrapped ([`wrap_doc`]).
pub(crate) fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else {
        return TokenStream::new();
    };
    let lines = wrap_doc(doc, DOC_WIDTH).into_iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// How many characters of text a doc comment's line holds before it is wrapped.
const DOC_WIDTH: usize = 80;

/// `doc`'s lines with each line of prose longer than `width` wrapped at spaces, as
/// Markdown reads it the same: a list item's or a quote's lines go on under it, and a
/// line never starts with what would begin a block of its own (a list marker, a
/// heading, a quote, a table row, HTML, a fence, an underline). Code (fenced or
/// indented), headings, tables and link definitions are left as they are, and so is a
/// word longer than the width.
pub(crate) fn wrap_doc(doc: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    // A table's rows may have no leading `|`: with a delimiter row anywhere, every
    // line holding a `|` is kept whole.
    let table = doc.lines().any(is_delimiter_row);
    for line in doc.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            out.push(line.to_owned());
            continue;
        }
        let kept = fenced
            || line.chars().count() <= width
            || line.starts_with("    ")
            || line.starts_with('\t')
            || trimmed.starts_with('#')
            || trimmed.starts_with('[')
            || trimmed.starts_with('|')
            || (table && line.contains('|'));
        if kept {
            out.push(line.to_owned());
            continue;
        }
        out.extend(wrap_line(line, width));
    }
    out
}

/// Whether `line` is a table's delimiter row (`|---|:--:|`, `--- | ---`).
fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim();
    line.contains('-')
        && line.contains('|')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// One long line of prose, wrapped: its continuation lines are indented to where its
/// text starts (under a list item's marker, after a quote's `>`).
fn wrap_line(line: &str, width: usize) -> Vec<String> {
    let trimmed = line.trim_start();
    let lead = &line[..line.len() - trimmed.len()];
    let quote = trimmed.len() - trimmed.trim_start_matches(['>', ' ']).len();
    let after_quote = &trimmed[quote..];
    let marker = list_marker(after_quote).unwrap_or(0);
    let first_prefix = &line[..lead.len() + quote + marker];
    let mut rest_prefix = String::from(lead);
    rest_prefix.push_str(&trimmed[..quote]);
    rest_prefix.push_str(&" ".repeat(marker));
    let hard_break = line.ends_with("  ");
    let mut lines = Vec::new();
    let mut current = first_prefix.to_owned();
    let mut empty = true;
    for word in line[first_prefix.len()..]
        .split(' ')
        .filter(|w| !w.is_empty())
    {
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if empty || fits || starts_block(word) {
            if !empty {
                current.push(' ');
            }
            current.push_str(word);
            empty = false;
        } else {
            lines.push(current);
            current = format!("{rest_prefix}{word}");
        }
    }
    if hard_break {
        current.push_str("  ");
    }
    lines.push(current);
    lines
}

/// The width of a list item's marker and the space after it (`- `, `* `, `+ `,
/// `1. `, `1) `), when `text` starts with one.
fn list_marker(text: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| text.starts_with(m)) {
        return Some(2);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let after = &text[digits..];
    (digits > 0 && digits < 10 && (after.starts_with(". ") || after.starts_with(") ")))
        .then_some(digits + 2)
}

/// Whether a word at the start of a line would begin a Markdown block of its own: a
/// list marker, a heading, a quote, a table row, HTML, a fence, a thematic break or
/// a heading's underline.
fn starts_block(word: &str) -> bool {
    let only = |c: char| word.chars().all(|w| w == c);
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && matches!(&word[digits..], "." | ")");
    numbered
        || ['-', '*', '+', '=', '_', '#'].into_iter().any(only)
        || ['>', '|', '<'].iter().any(|c| word.starts_with(*c))
        || word.starts_with("```")
        || word.starts_with("~~~")
}

/// Where a type reference is written: inside `types`, inside `types::builders`, or in
/// `lib.rs`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
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
pub fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
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

#[cfg(test)]
mod tests {
    use super::wrap_doc;

    fn wrapped(doc: &str) -> Vec<String> {
        wrap_doc(doc, 40)
    }

    #[test]
    fn a_long_line_of_prose_wraps_at_spaces_within_the_width() {
        let doc =
            "Globally unique UUID that is returned with every API call, to log for debugging.";
        let lines = wrapped(doc);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{lines:?}");
        assert_eq!(lines.join(" "), doc);
    }

    #[test]
    fn a_list_items_and_a_quotes_lines_go_on_under_their_text() {
        let lines = wrapped("- the first item of a list that is longer than the width");
        assert!(lines[0].starts_with("- "), "{lines:?}");
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with("  ") && !l.starts_with("   ")),
            "{lines:?}"
        );
        let lines = wrapped("> a quoted line of text that is longer than the width");
        assert!(lines.iter().all(|l| l.starts_with("> ")), "{lines:?}");
        let lines = wrapped("12. a numbered item of a list that is longer than the width");
        assert!(
            lines[1..].iter().all(|l| l.starts_with("    ")),
            "{lines:?}"
        );
    }

    #[test]
    fn no_wrapped_line_starts_what_markdown_reads_as_a_block_of_its_own() {
        for doc in [
            "the values are these ones and then there is - a dash",
            "a sentence that goes on for a while with # a hash inside",
            "a sentence that goes on for quite some words 1. then a number",
            "a sentence that goes on for quite some words > then a quote",
            "a sentence that goes on for quite some words === then equals",
        ] {
            let lines = wrapped(doc);
            for line in &lines[1..] {
                let first = line.split(' ').next().unwrap_or_default();
                assert!(!super::starts_block(first), "{doc:?} → {lines:?}");
            }
            assert_eq!(lines.join(" "), doc);
        }
    }

    #[test]
    fn code_headings_tables_and_long_words_are_left_as_they_are() {
        let table =
            "a | b\n--- | ---\nthe first cell of a row that is long | and the second cell of it";
        assert_eq!(wrapped(table).join("\n"), table);
        let doc = "```\nlet a_very_long_line_of_code = \"that must never be wrapped at all\";\n```\n    indented code that is longer than the width of forty\n## A heading that is longer than the width of forty\n| a | table | row | that is longer than the width |\nhttps://example.com/a/very/long/address/that/has/no/spaces/in/it";
        assert_eq!(wrapped(doc).join("\n"), doc);
    }
}
