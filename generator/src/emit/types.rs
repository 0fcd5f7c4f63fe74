//! The `types` module: one Rust type per model type.

use super::{cfg_attr, doc_attrs, gated_items, ident, passing_tokens, type_tokens, Scope};
use crate::model::{
    Analysis, Api, Enum, EnumRepr, Field, Presence, ResponseKind, Rule, Struct, SuccessVariant,
    TypeDef, TypeFile, TypeKind, TypeRef, Union,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// The `types` module's contents. `module_lints` are allowed in it besides its own:
/// those a crate allows crate-wide, when there is no crate to allow them.
pub fn types_rs(api: &Api, module_lints: Option<TokenStream>) -> TokenStream {
    let chunks = chunks(api);
    types_run(api, Some(head(api, module_lints)), &chunks)
}

/// A top-level item of `types.rs`: a type outside every file of `types/` (with its
/// gate, if any), the declaration of such a file's module, or `builders`.
enum Chunk<'a> {
    Type(&'a TypeDef),
    File(&'a TypeFile),
    Builders,
}

/// The names of the types in the files of `types/`.
fn filed(api: &Api) -> BTreeSet<&str> {
    let files = api.gates.type_files.iter();
    files
        .flat_map(|file| file.types.iter().map(String::as_str))
        .collect()
}

/// The module's items in order: the types outside every file of `types/`, in the
/// spec's order, then each file's module, then `builders`.
fn chunks(api: &Api) -> Vec<Chunk<'_>> {
    let filed = filed(api);
    let types = (api.types.iter())
        .filter(|def| !filed.contains(def.rust_name.as_str()))
        .map(Chunk::Type);
    let files = api.gates.type_files.iter().map(Chunk::File);
    types.chain(files).chain([Chunk::Builders]).collect()
}

/// How many parts the crate's `types.rs` is made and printed in, each on whichever
/// thread is free: one per 64 items besides `builders`, at most 16.
pub fn part_count(api: &Api) -> usize {
    (chunks(api).len().saturating_sub(1) / 64).clamp(1, 16)
}

/// Part `part` of `count` of the crate's `types.rs`: the first has the module's head,
/// the last its builders, and each a run of its items, in order. Together they are
/// [`types_rs`] (`None` for its lints), item for item; part 0 of 1 is all of it.
pub fn types_part(api: &Api, part: usize, count: usize) -> TokenStream {
    let chunks = chunks(api);
    let n = chunks.len();
    let count = count.max(1);
    let run = chunks
        .get(part * n / count..(part + 1) * n / count)
        .unwrap_or_default();
    let head = (part == 0).then(|| head(api, None));
    types_run(api, head, run)
}

/// The module's `head` (if given) and a run of its items.
fn types_run(api: &Api, head: Option<TokenStream>, chunks: &[Chunk]) -> TokenStream {
    let items = chunks.iter().map(|chunk| match chunk {
        Chunk::Type(def) => match api.gates.types.get(&def.rust_name) {
            Some(features) => gated_items(type_def(def, &api.analysis), features),
            None => type_def(def, &api.analysis),
        },
        Chunk::File(file) => file_module(file),
        Chunk::Builders => builders_module(api).unwrap_or_default(),
    });
    quote! {
        #head
        #(#items)*
    }
}

/// The module's doc, its lint allowances and its imports (`runtime` itself for the
/// files of `types/`, which name it from here).
fn head(api: &Api, module_lints: Option<TokenStream>) -> TokenStream {
    // Setters are named after their fields, `is_active` among them.
    let lints = match module_lints {
        Some(lints) => {
            quote!(dead_code, missing_docs, #lints, clippy::large_enum_variant, clippy::wrong_self_convention)
        }
        None => quote!(
            clippy::large_enum_variant,
            clippy::too_many_arguments,
            clippy::wrong_self_convention
        ),
    };
    let runtime = (!api.gates.type_files.is_empty()).then(|| quote!(self,));
    quote! {
        //! Request, response and error types of the API.
        #![allow(#lints)]

        #[allow(unused_imports)]
        use super::runtime::{#runtime check, decode, ValidationError};
    }
}

/// The declaration of a file of `types/`, compiled with its gate and re-exported
/// whole: with the gate off, the compiler does not even read the file
/// ([`type_file_rs`]).
fn file_module(file: &TypeFile) -> TokenStream {
    let cfg = cfg_attr(&file.features);
    let module = ident(&file.module);
    quote! {
        #cfg
        pub use #module::*;
        #cfg
        mod #module;
    }
}

/// `types/<module>.rs`: the types of file `index` of `types/`, and their builders, in
/// a `builders` of the module's own, which `types::builders` re-exports.
pub fn type_file_rs(api: &Api, index: usize) -> TokenStream {
    let Some(file) = api.gates.type_files.get(index) else {
        return TokenStream::new();
    };
    let own = |def: &&TypeDef| file.types.contains(&def.rust_name);
    let types = (api.types.iter().filter(own)).map(|def| type_def(def, &api.analysis));
    let builders: Vec<TokenStream> = (api.types.iter().filter(own))
        .filter_map(|def| built(api, def))
        .collect();
    let builders = (!builders.is_empty()).then(|| {
        quote! {
            /// The builders of this module's types.
            pub mod builders {
                #![allow(clippy::should_implement_trait)]

                use super::super::runtime::MissingField;

                #(#builders)*
            }
        }
    });
    // The labels of the groups whose operations reach the file's types.
    let labels: Vec<String> = (api.gates.features.iter())
        .filter(|group| file.features.contains(&group.name))
        .map(|group| format!("`{}`", group.label))
        .collect();
    let doc = match labels.as_slice() {
        [] => " The types no operation reaches; they compile with `full`.".to_owned(),
        [one] => format!(" The types only the operations of {one} reach."),
        [first @ .., last] => format!(
            " The types the operations of {} and {last} reach, and no others.",
            first.join(", ")
        ),
    };
    quote! {
        #![doc = #doc]

        #[allow(unused_imports)]
        use super::*;

        #(#types)*
        #builders
    }
}

/// A type's builder, when it has one (a struct the analysis gives one).
fn built(api: &Api, def: &TypeDef) -> Option<TokenStream> {
    match &def.kind {
        TypeKind::Struct(s) if has_builder(api, def) => Some(builder(def, s)),
        _ => None,
    }
}

/// Whether [`built`] makes a builder for the type.
fn has_builder(api: &Api, def: &TypeDef) -> bool {
    matches!(def.kind, TypeKind::Struct(_)) && api.analysis.builders.contains(&def.rust_name)
}

/// `pub mod builders`, when some type has a builder: those of the types outside every
/// file of `types/`, and each file's re-exported.
fn builders_module(api: &Api) -> Option<TokenStream> {
    let filed = filed(api);
    let own: Vec<TokenStream> = (api.types.iter())
        .filter(|def| !filed.contains(def.rust_name.as_str()))
        .filter_map(|def| {
            let builder = built(api, def)?;
            Some(match api.gates.types.get(&def.rust_name) {
                Some(features) => gated_items(builder, features),
                None => builder,
            })
        })
        .collect();
    let with_builder: BTreeSet<&str> = (api.types.iter())
        .filter(|def| has_builder(api, def))
        .map(|def| def.rust_name.as_str())
        .collect();
    let files: Vec<TokenStream> = (api.gates.type_files.iter())
        .filter(|file| {
            file.types
                .iter()
                .any(|name| with_builder.contains(name.as_str()))
        })
        .map(|file| {
            let cfg = cfg_attr(&file.features);
            let module = ident(&file.module);
            quote! {
                #cfg
                pub use super::#module::builders::*;
            }
        })
        .collect();
    // With features, a crate may compile none of its builders.
    let allow = (!api.gates.features.is_empty()).then(|| quote!(#[allow(unused_imports)]));
    (!own.is_empty() || !files.is_empty()).then(|| {
        quote! {
            /// Builders for the response and error types: values made in code, such as
            /// an application's test fakes. `build` fails while a required field is unset.
            pub mod builders {
                #![allow(clippy::should_implement_trait)]

                #allow
                use super::super::runtime::MissingField;

                #(#own)*
                #(#files)*
            }
        }
    })
}

/// A builder's parts for one field: its slot, its setter and how `build` fills it in.
fn builder_field(f: &Field, value: &proc_macro2::Ident) -> (TokenStream, TokenStream, TokenStream) {
    let field = ident(&f.rust_name);
    let wire = &f.wire_name;
    let ty = type_tokens(&f.ty, Scope::Builders);
    let (arg_ty, convert) = passing_tokens(&f.passing(), value, Scope::Builders);
    let convert = convert.unwrap_or_else(|| quote!(value));
    let (slot, set, fill) = match f.presence {
        Presence::Required => (
            quote!(Option<#ty>),
            quote!(Some(#convert)),
            quote!(#field: self.#field.ok_or(MissingField(#wire))?),
        ),
        Presence::RequiredNullable | Presence::Optional => (
            quote!(Option<#ty>),
            quote!(Some(#convert)),
            quote!(#field: self.#field),
        ),
        Presence::OptionalNullable => (
            quote!(Option<Option<#ty>>),
            quote!(Some(Some(#convert))),
            quote!(#field: self.#field),
        ),
    };
    let field_doc = doc_attrs(f.doc.as_deref());
    let setter = quote! {
        #field_doc
        pub fn #field(mut self, value: #arg_ty) -> Self {
            self.#field = #set;
            self
        }
    };
    (quote!(#field: #slot,), setter, fill)
}

/// `builders::Name`: a setter per field, and `build`, which fails while a required
/// field is unset (so that a field the spec adds later does not break a caller).
fn builder(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.rust_name);
    let doc = format!(
        "Builds a [`{0}`](super::{0}); see [`{0}::builder`](super::{0}::builder).",
        def.rust_name
    );
    let doc = doc_attrs(Some(&doc));
    let value = ident("value");
    let mut slots = Vec::new();
    let mut setters = Vec::new();
    let mut fills = Vec::new();
    for f in &s.fields {
        let (slot, setter, fill) = builder_field(f, &value);
        slots.push(slot);
        setters.push(setter);
        fills.push(fill);
    }
    let (extra_slot, extra_setter, extra_fill) = match &s.extra {
        Some(ty) => {
            let ty = type_tokens(ty, Scope::Builders);
            (
                quote!(additional_properties: std::collections::BTreeMap<String, #ty>,),
                quote! {
                    /// Members not declared by the spec.
                    pub fn additional_properties(mut self, value: std::collections::BTreeMap<String, #ty>) -> Self {
                        self.additional_properties = value;
                        self
                    }
                },
                quote!(additional_properties: self.additional_properties,),
            )
        }
        None => (quote!(), quote!(), quote!()),
    };
    quote! {
        #doc
        #[derive(Clone, Default)]
        pub struct #name {
            #(#slots)*
            #extra_slot
        }

        impl #name {
            #(#setters)*
            #extra_setter

            /// The value, or the first required field left unset.
            pub fn build(self) -> Result<super::#name, MissingField> {
                Ok(super::#name {
                    #(#fills,)*
                    #extra_fill
                })
            }
        }
    }
}

fn type_def(def: &TypeDef, analysis: &Analysis) -> TokenStream {
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.rust_name);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(def, s, doc, analysis),
        TypeKind::Enum(e) => enum_def(def, e, doc, analysis),
        TypeKind::Union(u) => union_def(def, u, doc, analysis),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, Scope::Types);
            quote! { #doc pub type #name = #ty; }
        }
        TypeKind::ResponseEnum(variants) => response_enum(&name, variants, doc),
    }
}

/// The type a field is declared with: presence wrappers around the model's type.
pub(crate) fn field_type(field: &Field) -> TokenStream {
    let ty = type_tokens(&field.ty, Scope::Types);
    match field.presence {
        Presence::Required => ty,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#ty>),
        Presence::OptionalNullable => quote!(Option<Option<#ty>>),
    }
}

/// A struct's field: its rustdoc and its declaration.
fn struct_field(f: &Field) -> TokenStream {
    let field_doc = doc_attrs(f.doc.as_deref());
    let field_name = ident(&f.rust_name);
    let ty = field_type(f);
    quote! { #field_doc pub #field_name: #ty, }
}

fn struct_def(def: &TypeDef, s: &Struct, doc: TokenStream, analysis: &Analysis) -> TokenStream {
    let name = ident(&def.rust_name);
    let fields = s.fields.iter().map(struct_field);
    let extra = s.extra.as_ref().map(|ty| {
        let ty = type_tokens(ty, Scope::Types);
        quote! {
            /// Members not declared above.
            pub additional_properties: std::collections::BTreeMap<String, #ty>,
        }
    });
    let default = analysis
        .defaults
        .contains(&def.rust_name)
        .then(|| quote!(Default,));
    let debug = (!s.redacted_debug).then(|| quote!(Debug,));
    let derives = quote!(#[derive(#debug Clone, PartialEq, #default)]);
    let serialize = (!s.params).then(|| super::encode::struct_serialize(&name, s));
    let deserialize = (!s.params).then(|| super::decode::struct_deserialize(&name, s, analysis));
    let debug_impl = s.redacted_debug.then(|| redacted_debug(&name, s));
    let trait_like = analysis.trait_like_setters.contains(&def.rust_name);
    let constructor = analysis
        .request_types
        .contains(&def.rust_name)
        .then(|| constructor(s));
    let validate = analysis
        .validated
        .contains(&def.rust_name)
        .then(|| struct_validate(s, analysis));
    let builder = analysis.builders.contains(&def.rust_name).then(|| {
        quote! {
            /// A builder for a value made in code, such as a test's fake response.
            pub fn builder() -> builders::#name {
                Default::default()
            }
        }
    });
    // One `impl` for the type's own methods; the setters may be named like a trait's.
    let allow = (trait_like && constructor.is_some())
        .then(|| quote!(#[allow(clippy::should_implement_trait)]));
    let methods: Vec<&TokenStream> = [&constructor, &builder, &validate]
        .into_iter()
        .flatten()
        .collect();
    let inherent = (!methods.is_empty()).then(|| quote!(#allow impl #name { #(#methods)* }));
    quote! {
        #doc
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #serialize
        #deserialize
        #debug_impl
        #inherent
    }
}

/// `Debug` that prints secret fields as `<redacted>`.
fn redacted_debug(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let label = name.to_string();
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let label = &f.rust_name;
        match (f.sensitive, f.presence) {
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, Presence::Required) => quote!(.field(#label, &"<redacted>")),
            (true, _) => quote!(.field(#label, &self.#field.as_ref().map(|_| "<redacted>"))),
        }
    });
    // Members the spec does not name may hold secrets too: only their names show.
    let extra = s.extra.as_ref().map(|_| {
        quote!(.field("additional_properties", &self.additional_properties.keys().collect::<Vec<_>>()))
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#fields)* #extra .finish()
            }
        }
    }
}

/// A request type's `new` and its setters, as items of the type's one `impl`.
fn constructor(s: &Struct) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let value = ident("value");
    for f in &s.fields {
        let field = ident(&f.rust_name);
        match f.presence {
            Presence::Required => {
                let (arg_ty, convert) = passing_tokens(&f.passing(), &field, Scope::Types);
                args.push(quote!(#field: #arg_ty));
                match convert {
                    Some(convert) => inits.push(quote!(#field: #convert)),
                    None => inits.push(quote!(#field)),
                }
            }
            Presence::RequiredNullable => {
                let ty = type_tokens(&f.ty, Scope::Types);
                args.push(quote!(#field: Option<#ty>));
                inits.push(quote!(#field));
            }
            Presence::Optional | Presence::OptionalNullable => {
                inits.push(quote!(#field: None));
                let doc = doc_attrs(f.doc.as_deref());
                let (arg_ty, wrapped) = if f.presence == Presence::Optional {
                    let (arg_ty, convert) = passing_tokens(&f.passing(), &value, Scope::Types);
                    let convert = convert.unwrap_or_else(|| quote!(value));
                    (arg_ty, quote!(Some(#convert)))
                } else {
                    // `Some(None)` sends an explicit `null`.
                    let ty = type_tokens(&f.ty, Scope::Types);
                    (quote!(Option<#ty>), quote!(Some(value)))
                };
                setters.push(quote! {
                    #doc
                    pub fn #field(mut self, value: #arg_ty) -> Self {
                        self.#field = #wrapped;
                        self
                    }
                });
            }
        }
    }
    let extra = s
        .extra
        .as_ref()
        .map(|_| quote!(additional_properties: std::collections::BTreeMap::new(),));
    quote! {
        /// A value with the required fields set and every optional field unset.
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits,)* #extra }
        }
        #(#setters)*
    }
}

/// Statements that check `value` (a reference) against a field's rules and contents.
fn field_checks(f: &Field, value: TokenStream, analysis: &Analysis) -> TokenStream {
    let wire = &f.wire_name;
    let rules = f.rules.iter().map(|rule| match rule {
        Rule::MinLength(n) => {
            let n = Literal::u64_unsuffixed(*n);
            quote!(check::min_length(#wire, #value, #n)?;)
        }
        Rule::MaxLength(n) => {
            let n = Literal::u64_unsuffixed(*n);
            quote!(check::max_length(#wire, #value, #n)?;)
        }
        Rule::Pattern(p) => {
            let static_name = ident(f.pattern_static.as_deref().unwrap_or("PATTERN"));
            let pattern = pattern_literal(p);
            quote! {
                static #static_name: std::sync::LazyLock<regex_lite::Regex> = std::sync::LazyLock::new(|| {
                    regex_lite::Regex::new(#pattern).expect("the generator checked this pattern")
                });
                check::pattern(#wire, #static_name.is_match(#value), #pattern)?;
            }
        }
        Rule::Minimum { value: min, exclusive } => {
            let min = Literal::f64_unsuffixed(*min);
            let number = as_f64(&f.ty, &value);
            quote!(check::minimum(#wire, #number, #min, #exclusive)?;)
        }
        Rule::Maximum { value: max, exclusive } => {
            let max = Literal::f64_unsuffixed(*max);
            let number = as_f64(&f.ty, &value);
            quote!(check::maximum(#wire, #number, #max, #exclusive)?;)
        }
        Rule::MinItems(n) => {
            let n = Literal::u64_unsuffixed(*n);
            quote!(check::min_items(#wire, #value.len(), #n)?;)
        }
        Rule::MaxItems(n) => {
            let n = Literal::u64_unsuffixed(*n);
            quote!(check::max_items(#wire, #value.len(), #n)?;)
        }
    });
    let inner = analysis
        .validates(&f.ty)
        .then(|| nested_checks(&f.ty, value.clone(), Some(quote!(#wire))));
    quote! { #(#rules)* #inner }
}

/// A numeric field's value (behind the reference `value`) as an `f64` for range checks.
fn as_f64(ty: &TypeRef, value: &TokenStream) -> TokenStream {
    match ty.inner() {
        TypeRef::F64 => quote!(*#value),
        TypeRef::I32 | TypeRef::U32 | TypeRef::F32 => quote!(f64::from(*#value)),
        _ => quote!(*#value as f64),
    }
}

/// A pattern as a raw string literal when it can be one (easier to read), else escaped:
/// a raw literal cannot escape control characters, nor the code points that change
/// the direction of text, which rustc refuses unescaped.
fn pattern_literal(pattern: &str) -> TokenStream {
    let raw = format!("r#\"{pattern}\"#");
    let plain = !pattern
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'));
    match (
        plain && !pattern.contains("\"#"),
        raw.parse::<TokenStream>(),
    ) {
        (true, Ok(tokens)) => tokens,
        _ => {
            let lit = Literal::string(pattern);
            quote!(#lit)
        }
    }
}

/// Walk wrappers down to the named type and call its `validate`, naming the path
/// (`None`: the value is the whole thing being validated).
fn nested_checks(ty: &TypeRef, value: TokenStream, path: Option<TokenStream>) -> TokenStream {
    match ty {
        TypeRef::Named(_) => match path {
            Some(path) => quote!(#value.validate().map_err(|e| e.within(#path))?;),
            None => quote!(#value.validate()?;),
        },
        TypeRef::Box(inner) => nested_checks(inner, value, path),
        TypeRef::Option(inner) => {
            let body = nested_checks(inner, quote!(item), path);
            quote!(if let Some(item) = #value { #body })
        }
        TypeRef::Vec(inner) => {
            let path = path.unwrap_or_else(|| quote!(""));
            let body = nested_checks(
                inner,
                quote!(item),
                Some(quote!(&format!("{}[{}]", #path, index))),
            );
            quote!(for (index, item) in #value.iter().enumerate() { #body })
        }
        TypeRef::Map(inner) => {
            let path = path.unwrap_or_else(|| quote!(""));
            let body = nested_checks(
                inner,
                quote!(item),
                Some(quote!(&format!("{}.{}", #path, key))),
            );
            quote!(for (key, item) in #value { #body })
        }
        _ => quote!(),
    }
}

/// A struct's `validate`, an item of the type's one `impl`.
fn struct_validate(s: &Struct, analysis: &Analysis) -> TokenStream {
    let checks = s
        .fields
        .iter()
        .filter(|f| !f.rules.is_empty() || analysis.validates(&f.ty))
        .map(|f| {
            let field = ident(&f.rust_name);
            let checks = field_checks(f, quote!(value), analysis);
            match f.presence {
                Presence::Required => quote! { { let value = &self.#field; #checks } },
                Presence::RequiredNullable | Presence::Optional => {
                    quote! { if let Some(value) = &self.#field { #checks } }
                }
                Presence::OptionalNullable => {
                    quote! { if let Some(Some(value)) = &self.#field { #checks } }
                }
            }
        });
    quote! {
        /// Check the value against the spec's rules; requests are checked before sending.
        pub fn validate(&self) -> Result<(), ValidationError> {
            #(#checks)*
            Ok(())
        }
    }
}

/// A string or integer enum with its accessor, `Display`, serde impls and `validate`.
/// Longer than most: the larger half is the one template of the enum and its impls,
/// which reads best whole.
fn enum_def(def: &TypeDef, e: &Enum, doc: TokenStream, analysis: &Analysis) -> TokenStream {
    let name = ident(&def.rust_name);
    let (raw_ty, literal) = enum_literals(&e.repr);
    let variants = enum_variants(e, &raw_ty);
    let to_wire = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let lit = literal(&v.wire);
        quote!(Self::#variant => #lit,)
    });
    let from_wire = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let lit = literal(&v.wire);
        quote!(#lit => Ok(Self::#variant),)
    });
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let (as_fn, accessor_ty, unknown_arm, serialize, deserialize_raw, display_value) =
        enum_repr_parts(e);
    let fallback_arm = enum_fallback_arm(e, &wires);
    // No `Ord`: an order by declaration would change whenever the spec inserts a value.
    let derive_eq = quote!(#[derive(Debug, Clone, PartialEq, Eq, Hash)]);
    let validate = analysis
        .validated
        .contains(&def.rust_name)
        .then(|| enum_validate(e));
    quote! {
        #doc
        #derive_eq
        #[non_exhaustive]
        pub enum #name {
            #variants
        }

        impl #name {
            /// The value as it is sent.
            pub fn #as_fn(&self) -> #accessor_ty {
                match self {
                    #(#to_wire)*
                    #unknown_arm
                }
            }

            #validate
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #display_value
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #serialize
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #deserialize_raw {
                    #(#from_wire)*
                    #fallback_arm
                }
            }
        }
    }
}

/// The type of an enum's values as sent, and how one is written as a literal.
fn enum_literals(repr: &EnumRepr) -> (TokenStream, fn(&str) -> TokenStream) {
    match repr {
        EnumRepr::String => (quote!(String), |wire| {
            let lit = Literal::string(wire);
            quote!(#lit)
        }),
        EnumRepr::Integer => (quote!(i64), |wire| {
            let number = wire.parse::<i64>().unwrap_or_default();
            let lit = Literal::u64_unsuffixed(number.unsigned_abs());
            if number < 0 {
                quote!(-#lit)
            } else {
                quote!(#lit)
            }
        }),
    }
}

/// An enum's variants, each with its value in its rustdoc, and the fallback variant
/// that holds a value the spec does not list.
fn enum_variants(e: &Enum, raw_ty: &TokenStream) -> TokenStream {
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = match &v.doc {
            Some(doc) => format!("`{}`: {doc}", v.wire),
            None => format!("`{}`", v.wire),
        };
        let doc = doc_attrs(Some(&doc));
        quote!(#doc #variant,)
    });
    let fallback = e.fallback.as_ref().map(|f| {
        let f = ident(f);
        quote!(
            /// A value this version of the spec does not list.
            #f(#raw_ty),
        )
    });
    quote!(#(#variants)* #fallback)
}

/// The arm of `Deserialize` for a value the spec does not list: the fallback variant,
/// or an error for an enum without one.
fn enum_fallback_arm(e: &Enum, wires: &[&str]) -> TokenStream {
    match &e.fallback {
        Some(f) => {
            let f = ident(f);
            quote!(_ => Ok(Self::#f(raw)),)
        }
        None => match e.repr {
            EnumRepr::String => {
                quote!(other => Err(serde::de::Error::unknown_variant(other, &[#(#wires),*])),)
            }
            EnumRepr::Integer => {
                quote!(other => Err(serde::de::Error::custom(format!("unknown value {other}"))),)
            }
        },
    }
}

/// An enum's `validate`, an item of the type's one `impl`: a value the spec does not
/// list is refused.
fn enum_validate(e: &Enum) -> TokenStream {
    let f = ident(e.fallback.as_deref().unwrap_or("Unknown"));
    let shown = match e.repr {
        EnumRepr::String => quote!(value),
        EnumRepr::Integer => quote!(&value.to_string()),
    };
    quote! {
        /// Check that the value is one the spec lists.
        pub fn validate(&self) -> Result<(), ValidationError> {
            match self {
                Self::#f(value) => Err(check::known_value(#shown)),
                _ => Ok(()),
            }
        }
    }
}

/// What differs between string and integer enums: the accessor, its type, the arm
/// for unknown values, and how the value is serialized, read and shown.
fn enum_repr_parts(
    e: &Enum,
) -> (
    TokenStream,
    TokenStream,
    Option<TokenStream>,
    TokenStream,
    TokenStream,
    TokenStream,
) {
    match e.repr {
        EnumRepr::String => (
            quote!(as_str),
            quote!(&str),
            e.fallback.as_ref().map(|f| {
                let f = ident(f);
                quote!(Self::#f(value) => value,)
            }),
            quote!(serializer.serialize_str(self.as_str())),
            quote!(let raw = <String as serde::Deserialize>::deserialize(deserializer)?; match raw.as_str()),
            quote!(f.write_str(self.as_str())),
        ),
        EnumRepr::Integer => (
            quote!(as_i64),
            quote!(i64),
            e.fallback.as_ref().map(|f| {
                let f = ident(f);
                quote!(Self::#f(value) => *value,)
            }),
            quote!(serializer.serialize_i64(self.as_i64())),
            quote!(let raw = <i64 as serde::Deserialize>::deserialize(deserializer)?; match raw),
            quote!(write!(f, "{}", self.as_i64())),
        ),
    }
}

/// A `oneOf`/`anyOf` enum with its serde impls (untagged or by discriminator),
/// `Display` for scalar unions and `validate`.
fn union_def(def: &TypeDef, u: &Union, doc: TokenStream, analysis: &Analysis) -> TokenStream {
    let name = ident(&def.rust_name);
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = type_tokens(&v.ty, Scope::Types);
        quote!(#variant(#ty),)
    });
    let (derives, serde_impls) = match (&u.discriminator, analysis.best_fit.get(&def.rust_name)) {
        (None, Some(known)) => (
            quote!(#[derive(Debug, Clone, PartialEq, serde::Serialize)] #[serde(untagged)]),
            best_fit_deserialize(&name, u, known),
        ),
        (None, None) => (
            quote!(#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)] #[serde(untagged)]),
            quote!(),
        ),
        (Some(property), _) => (
            quote!(#[derive(Debug, Clone, PartialEq)]),
            discriminated_serde(&name, u, property),
        ),
    };
    let display = analysis.scalar_unions.contains(&def.rust_name).then(|| {
        let arms = u.variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            quote!(Self::#variant(value) => value.fmt(f),)
        });
        quote! {
            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self { #(#arms)* }
                }
            }
        }
    });
    let validate = analysis.validated.contains(&def.rust_name).then(|| {
        let arms = u.variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            if analysis.validates(&v.ty) {
                let check = nested_checks(&v.ty, quote!(value), None);
                quote!(Self::#variant(value) => { #check })
            } else {
                quote!(Self::#variant(_) => {})
            }
        });
        quote! {
            impl #name {
                /// Check the value against the spec's rules; requests are checked before sending.
                pub fn validate(&self) -> Result<(), ValidationError> {
                    match self { #(#arms)* }
                    Ok(())
                }
            }
        }
    });
    quote! {
        #doc
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        #serde_impls
        #display
        #validate
    }
}

/// `Deserialize` for an untagged union a value can fit several variants of: the
/// variant that knows every member the value has, else the one that knows most.
fn best_fit_deserialize(
    name: &proc_macro2::Ident,
    u: &Union,
    known: &[Option<Vec<String>>],
) -> TokenStream {
    let count = Literal::usize_unsuffixed(u.variants.len());
    let candidates = u.variants.iter().zip(known).map(|(v, known)| {
        let variant = ident(&v.rust_name);
        let known = match known {
            Some(members) => quote!(Some(&[#(#members),*])),
            None => quote!(None),
        };
        let convert = match &v.ty {
            TypeRef::Box(_) => quote!(|inner| Self::#variant(Box::new(inner))),
            _ => quote!(Self::#variant),
        };
        quote!((#known, |value| serde_json::from_value(value).map(#convert)),)
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let variants: [super::runtime::Variant<Self>; #count] = [#(#candidates)*];
                super::runtime::best_fit(value, &variants).map_err(serde::de::Error::custom)
            }
        }
    }
}

/// The serde impls of a union told apart by a discriminator `property`: its value
/// picks the variant; writing puts the variant's first tag in, unless the value has one.
fn discriminated_serde(name: &proc_macro2::Ident, u: &Union, property: &str) -> TokenStream {
    let unknown = format!("unknown {property} `{{}}`");
    let read_arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let tags = &v.tags;
        let convert = match &v.ty {
            TypeRef::Box(_) => quote!(|inner| Self::#variant(Box::new(inner))),
            _ => quote!(Self::#variant),
        };
        quote!(#(#tags)|* => serde_json::from_value(value).map(#convert).map_err(serde::de::Error::custom),)
    });
    let write_arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let tag = v.tags.first().cloned().unwrap_or_default();
        quote!(Self::#variant(value) => (#tag, serde_json::to_string(value).and_then(|text| serde_json::from_str(&text))),)
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (tag, value) = match self {
                    #(#write_arms)*
                };
                let mut value = value.map_err(serde::ser::Error::custom)?;
                if let serde_json::Value::Object(object) = &mut value {
                    object.entry(#property).or_insert_with(|| tag.into());
                }
                serde::Serialize::serialize(&value, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value
                    .get(#property)
                    .and_then(serde_json::Value::as_str)
                    .ok_or_else(|| serde::de::Error::missing_field(#property))?
                    .to_owned();
                match tag.as_str() {
                    #(#read_arms)*
                    other => Err(serde::de::Error::custom(format!(#unknown, other))),
                }
            }
        }
    }
}

fn response_enum(
    name: &proc_macro2::Ident,
    variants: &[SuccessVariant],
    doc: TokenStream,
) -> TokenStream {
    let variants = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        match &v.kind {
            ResponseKind::Json(ty) => {
                let ty = type_tokens(ty, Scope::Types);
                quote!(#variant(#ty),)
            }
            ResponseKind::Text => quote!(#variant(String),),
            ResponseKind::Bytes => quote!(#variant(Vec<u8>),),
            ResponseKind::Empty => quote!(#variant,),
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}
