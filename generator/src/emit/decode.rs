//! The `Deserialize` of each struct, written out: what `#[derive(Deserialize)]` with
//! `default` on the optional fields reads, in a fraction of the code, with the shared
//! parts in the runtime's `decode` module.

use super::ident;
use super::types::field_type;
use crate::model::{Analysis, Field, Presence, Struct};
use proc_macro2::TokenStream;
use quote::quote;

/// A struct's `Deserialize`, through the runtime's `decode::Members`: one match arm
/// per member, the rest shared in the runtime's `decode`. It reads what
/// `#[derive(Deserialize)]` with `default` on the optional fields would, in a fraction
/// of the code.
pub(crate) fn struct_deserialize(
    name: &proc_macro2::Ident,
    s: &Struct,
    analysis: &Analysis,
) -> TokenStream {
    let label = name.to_string();
    let taken: Vec<&str> = s.fields.iter().map(|f| f.rust_name.as_str()).collect();
    let map = ident(&fresh("map", &taken));
    let key = ident(&fresh("key", &taken));
    let wire: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
    // Each slot's type written out, for the reader.
    let slots = s.fields.iter().map(|f| {
        let (slot, ty) = (ident(&f.rust_name), field_type(f));
        match f.presence {
            Presence::OptionalNullable => quote!(let mut #slot: #ty = None;),
            _ => quote!(let mut #slot: Option<#ty> = None;),
        }
    });
    // Required members that are an error when left out: checked together, below.
    let is_checked =
        |f: &Field| f.presence == Presence::Required && !analysis.none_when_absent(&f.ty);
    let checked: Vec<&Field> = s.fields.iter().filter(|f| is_checked(f)).collect();
    let fills = s.fields.iter().map(|f| {
        let (field, wire) = (ident(&f.rust_name), &f.wire_name);
        match f.presence {
            _ if is_checked(f) => quote!(#field),
            // An alias of an `Option`: `None` when left out.
            Presence::Required => quote!(#field: decode::required(&#map, #field, #wire)?),
            // Absent and `null` are both `None`.
            Presence::RequiredNullable | Presence::Optional => quote!(#field: #field.flatten()),
            // Absent is `None`, `null` is `Some(None)`.
            Presence::OptionalNullable => quote!(#field),
        }
    });
    let (extra_slot, extra_fill) = match &s.extra {
        Some(_) => (
            quote!(let mut additional_properties = std::collections::BTreeMap::new();),
            quote!(additional_properties,),
        ),
        None => (quote!(), quote!()),
    };
    let read = read_members(s, &map, &key);
    let value = quote!(Ok(#name { #(#fills,)* #extra_fill }));
    let build = checked_build(&checked, value);
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                decode::structure(deserializer)
            }
        }

        impl<'de> decode::Members<'de> for #name {
            const NAME: &'static str = #label;
            const FIELDS: &'static [&'static str] = &[#(#wire),*];

            fn read<A: serde::de::MapAccess<'de>>(mut #map: A) -> Result<Self, A::Error> {
                #(#slots)*
                #extra_slot
                #read
                #build
            }
        }
    }
}

/// `value` once every checked member is there, else the error for the first left out:
/// one match for them all, rather than one per member.
fn checked_build(checked: &[&Field], value: TokenStream) -> TokenStream {
    let names: Vec<_> = checked.iter().map(|f| ident(&f.rust_name)).collect();
    let wires = checked.iter().map(|f| &f.wire_name);
    match names.as_slice() {
        [] => value,
        [one] => {
            let wire = &checked[0].wire_name;
            quote! {
                match #one {
                    Some(#one) => #value,
                    None => Err(serde::de::Error::missing_field(#wire)),
                }
            }
        }
        _ => quote! {
            match (#(#names),*) {
                (#(Some(#names)),*) => #value,
                (#(#names),*) => Err(decode::missing(&[#((#wires, #names.is_none())),*])),
            }
        },
    }
}

/// The loop over the members of the input: each declared one into its slot, the
/// others skipped or, with additional properties, kept.
fn read_members(s: &Struct, map: &proc_macro2::Ident, key: &proc_macro2::Ident) -> TokenStream {
    let arms = s.fields.iter().map(|f| {
        let (slot, wire) = (ident(&f.rust_name), &f.wire_name);
        quote!(#wire => decode::member(&mut #map, &mut #slot, #wire),)
    });
    let unknown = match &s.extra {
        Some(_) => quote!(decode::extra(&mut #map, &mut additional_properties, #key)),
        None => quote!(decode::skip(&mut #map)),
    };
    if s.fields.is_empty() && s.extra.is_none() {
        quote! {
            while #map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                decode::skip(&mut #map)?;
            }
        }
    } else if s.fields.is_empty() {
        quote! {
            while let Some(#key) = #map.next_key::<decode::Key<'de>>()? {
                #unknown?;
            }
        }
    } else {
        quote! {
            while let Some(#key) = #map.next_key::<decode::Key<'de>>()? {
                match #key.as_str() {
                    #(#arms)*
                    _ => #unknown,
                }?;
            }
        }
    }
}

/// `base`, or `base` with underscores added, whichever no field of the struct is named.
fn fresh(base: &str, taken: &[&str]) -> String {
    let mut name = base.to_owned();
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    name
}
