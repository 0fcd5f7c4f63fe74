//! The `Serialize` of each struct, written out: what `#[derive(Serialize)]` with the
//! spec's renames, `skip_serializing_if = "Option::is_none"` on the optional fields,
//! `skip_serializing` on the read-only ones and a flattened map of the additional
//! properties writes, without a derive to expand.

use super::ident;
use crate::model::{Field, Presence, Struct};
use proc_macro2::TokenStream;
use quote::quote;

/// A struct's `Serialize`: its members in declaration order, each under its wire
/// name; an optional one only when set, a read-only one never (the server's to send).
/// With additional properties, a map of the declared members and then those.
pub(crate) fn struct_serialize(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let sent: Vec<&Field> = s.fields.iter().filter(|f| !f.read_only).collect();
    let (begin, write, extra) = match &s.extra {
        None => {
            let label = name.to_string();
            let len = member_count(&sent);
            // Nothing to write (every member read-only): the value is only ended.
            let out = if sent.is_empty() {
                quote!(out)
            } else {
                quote!(mut out)
            };
            (
                quote! {
                    use serde::ser::SerializeStruct;
                    let #out = serializer.serialize_struct(#label, #len)?;
                },
                quote!(serialize_field),
                quote!(),
            )
        }
        Some(_) => (
            quote! {
                use serde::ser::SerializeMap;
                let mut out = serializer.serialize_map(None)?;
            },
            quote!(serialize_entry),
            quote! {
                for (name, value) in &self.additional_properties {
                    out.serialize_entry(name, value)?;
                }
            },
        ),
    };
    let members = sent.iter().map(|f| {
        let (field, wire) = (ident(&f.rust_name), &f.wire_name);
        let one = quote!(out.#write(#wire, &self.#field)?;);
        if optional(f) {
            quote!(if self.#field.is_some() { #one })
        } else {
            one
        }
    });
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #begin
                #(#members)*
                #extra
                out.end()
            }
        }
    }
}

/// How many members the value writes: those always sent, and the optional ones set.
fn member_count(sent: &[&Field]) -> TokenStream {
    let always = sent.iter().filter(|f| !optional(f)).count();
    let mut terms: Vec<TokenStream> = Vec::new();
    if always > 0 {
        let always = proc_macro2::Literal::usize_unsuffixed(always);
        terms.push(quote!(#always));
    }
    terms.extend(sent.iter().filter(|f| optional(f)).map(|f| {
        let field = ident(&f.rust_name);
        quote!(usize::from(self.#field.is_some()))
    }));
    if terms.is_empty() {
        quote!(0)
    } else {
        quote!(#(#terms)+*)
    }
}

/// Whether the field is left out when unset.
fn optional(field: &Field) -> bool {
    matches!(
        field.presence,
        Presence::Optional | Presence::OptionalNullable
    )
}
