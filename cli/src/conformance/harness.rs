//! The harness: a program that calls every operation of a generated client and prints
//! one line per call (`operation`, `call`, `status`, `accepted`, `decoded`, the start
//! of a body the client did not decode, `detail`, tab-separated). Each operation is called with only what it requires, with every
//! optional part set, and once per status it declares, asking the server for that
//! status (`Prefer: code=N`, which Prism reads).
//!
//! Arguments are values of the client's own types, read from JSON the value maker
//! chose (`v::<T>(json)`: every generated type reads JSON), so a value made from the
//! schema that the client's types cannot hold is a failure of its own kind. A spec's
//! example is read the same way (`v_or::<T>(example, made)`), and when the client's
//! type cannot read it the made value is sent and the harness says so on its error
//! output.

use super::examples;
use super::values::{Chosen, Maker};
use openapi_clientgen::internal::emit::{type_tokens, Scope};
use openapi_clientgen::internal::model::{
    body_passing, Api, AuthKind, BodyKind, Operation, ParamLocation, Passing, Presence, TypeKind,
    TypeRef,
};
use openapi_clientgen::internal::naming::pointer_token;
use openapi_clientgen::internal::shared::{dereferenced, media_essence};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{json, Value};

/// The harness's `main.rs` for `api` (the client crate is `client`), made from the
/// schemas of `raw` (the document as loaded), and how many calls it makes.
pub fn harness(api: &Api, raw: &Value) -> (String, usize) {
    let mut maker = Maker::new(raw);
    let mut functions = Vec::new();
    let mut names = Vec::new();
    let mut count = 0;
    for (index, op) in api.operations.iter().enumerate() {
        let name = op
            .operation_id
            .clone()
            .unwrap_or_else(|| op.rust_name.clone());
        let mut plan: Vec<(String, bool, Option<u16>)> = vec![
            ("required".to_owned(), false, None),
            ("every part".to_owned(), true, None),
        ];
        for status in declared_statuses(raw, op) {
            plan.push((format!("status {status}"), true, Some(status)));
        }
        let auth = auth(api, raw, op);
        let mut calls = Vec::new();
        for (label, full, prefer) in plan {
            let call = call(api, op, raw, &mut maker, full);
            let prefer = match prefer {
                Some(code) => quote!(Some(#code)),
                None => quote!(None),
            };
            calls.push(quote! {
                if begin() {
                let outcome = Box::pin(async {
                    let client = client::Client::builder().base_url(url).http_client(http(#prefer)?) #auth
                        .build()
                        .map_err(|e| e.to_string())?;
                    Ok::<Outcome, String>(classify(#call.await))
                })
                .await
                .unwrap_or_else(Outcome::unmade);
                report(#name, #label, outcome);
                }
            });
        }
        count += calls.len();
        // One function per operation: small functions build fast, and one future
        // at a time stays small.
        let function = format_ident!("operation_{index}");
        functions.push(quote! {
            async fn #function(url: &str) {
                #(#calls)*
            }
        });
        names.push(function);
    }
    let file = quote! {
        //! Calls every operation of the client; see `generator conformance`.
        #![allow(clippy::all, unused_imports, unused_mut, deprecated, dead_code)]
        use client::types;
        mod runtime {
            pub use client::*;
        }

        async fn calls() {
            let url = std::env::var("CONFORMANCE_URL").expect("CONFORMANCE_URL names the server");
            #(Box::pin(#names(&url)).await;)*
        }

        #(#functions)*
    };
    let parsed = syn::parse2::<syn::File>(file).map(|file| prettyplease::unparse(&file));
    let text = parsed
        .map(|calls| format!("{calls}\n{}", include_str!("harness_support.rs")))
        .unwrap_or_default();
    (text, count)
}

/// The name an operation is reported by: its `operationId`, else its method's.
pub fn operation_name(op: &Operation) -> String {
    op.operation_id
        .clone()
        .unwrap_or_else(|| op.rust_name.clone())
}

/// The builder calls that give the client the credentials `op` asks for: those of
/// every scheme of its first requirement (the document's when it has none) that the
/// client has a method for, else the client's first.
fn auth(api: &Api, raw: &Value, op: &Operation) -> TokenStream {
    if !op.authenticated {
        return quote!();
    }
    let requirement = raw
        .pointer(&format!("{}/security", &op.pointer[1..]))
        .or_else(|| raw.get("security"))
        .and_then(Value::as_array)
        .and_then(|all| all.iter().find_map(Value::as_object));
    // A scheme's method, or the method of its kind (one method serves every bearer
    // scheme, say).
    let kind_of = |name: &str| {
        let scheme = raw.pointer(&format!(
            "/components/securitySchemes/{}",
            pointer_token(name)
        ))?;
        let text = |k: &str| {
            scheme
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Some(
            match (
                text("type").as_str(),
                text("scheme").to_ascii_lowercase().as_str(),
            ) {
                ("http", "basic") => AuthKind::Basic,
                ("http", _) | ("oauth2", _) | ("openIdConnect", _) => AuthKind::Bearer,
                ("apiKey", _) if text("in") == "query" => {
                    AuthKind::ApiKeyQuery { name: text("name") }
                }
                _ => AuthKind::ApiKeyHeader { name: text("name") },
            },
        )
    };
    let mut methods: Vec<&openapi_clientgen::internal::model::AuthMethod> = Vec::new();
    for name in requirement
        .into_iter()
        .flat_map(|requirement| requirement.keys())
    {
        let method = api
            .auth
            .iter()
            .find(|m| m.scheme_name == *name)
            .or_else(|| {
                let kind = kind_of(name)?;
                api.auth.iter().find(|m| m.kind == kind)
            });
        if let Some(method) = method.filter(|m| !methods.contains(m)) {
            methods.push(method);
        }
    }
    if methods.is_empty() {
        methods.extend(api.auth.first());
    }
    let calls = methods.into_iter().map(|method| {
        let name = format_ident!("{}", method.method_name);
        match method.kind {
            AuthKind::Basic => quote!(.#name("conformance-user", "conformance-secret")),
            _ => quote!(.#name("conformance-secret")),
        }
    });
    quote!(#(#calls)*)
}

/// The responses `op` declares, as written (by status key).
pub(super) fn responses<'d>(
    raw: &'d Value,
    op: &Operation,
) -> Option<&'d serde_json::Map<String, Value>> {
    raw.pointer(&format!("{}/responses", &op.pointer[1..]))
        .and_then(Value::as_object)
}

/// The statuses `op` declares, as numbers, in the order written.
fn declared_statuses(raw: &Value, op: &Operation) -> Vec<u16> {
    let Some(responses) = responses(raw, op) else {
        return Vec::new();
    };
    responses
        .keys()
        .filter_map(|code| code.parse::<u16>().ok())
        .filter(|code| (100..600).contains(code))
        .collect()
}

/// The call of `op`'s method with values for its arguments.
fn call(api: &Api, op: &Operation, raw: &Value, maker: &mut Maker<'_>, full: bool) -> TokenStream {
    let method = format_ident!("{}", op.with_params.as_deref().unwrap_or(&op.rust_name));
    let params = raw_parameters(raw, op);
    let mut args = Vec::new();
    for param in &op.path_params {
        let json = parameter_value(raw, &params, "path", &param.wire_name, maker, full);
        args.push(argument(&param.passing(), &json));
    }
    if let Some(params_struct) = &op.params_struct {
        args.push(params_argument(
            api,
            params_struct,
            raw,
            &params,
            maker,
            full,
        ));
    }
    if let Some(body) = &op.body {
        let entry = body_entry(raw, op, &body.media_type);
        let schema = entry.get("schema").cloned().unwrap_or(json!({}));
        let json = maker.chosen(&schema, &examples::entry_examples(raw, &entry), full);
        let value = match &body.kind {
            BodyKind::Json { ty } | BodyKind::Form { ty } | BodyKind::Multipart { ty, .. } => {
                argument(&body_passing(ty), &json)
            }
            BodyKind::Bytes => quote!(b"conformance".to_vec()),
            BodyKind::Text => match &json.value {
                Value::String(text) => quote!(#text.to_owned()),
                other => {
                    let text = other.to_string();
                    quote!(#text.to_owned())
                }
            },
        };
        args.push(match (body.required, full) {
            (true, _) => value,
            (false, true) => quote!(Some(#value)),
            (false, false) => quote!(None),
        });
    }
    // Called as a path: an operation may be named like a prelude trait's method
    // (`try_into`), which a method call on an owned client would reach instead.
    quote!(client::Client::#method(&client, #(#args),*))
}

/// The parameters struct's value for a call: built with its constructor from the
/// required parameters, and for the `full` call with every optional one set.
fn params_argument(
    api: &Api,
    params_struct: &openapi_clientgen::internal::model::ParamsStruct,
    raw: &Value,
    params: &[&Value],
    maker: &mut Maker<'_>,
    full: bool,
) -> TokenStream {
    let fields = match api
        .types
        .iter()
        .find(|t| t.rust_name == params_struct.type_name)
        .map(|t| &t.kind)
    {
        Some(TypeKind::Struct(s)) => s.fields.clone(),
        _ => Vec::new(),
    };
    let mut required = Vec::new();
    let mut setters = Vec::new();
    for field in &fields {
        let location = params_struct
            .params
            .iter()
            .find(|p| p.rust_name == field.rust_name)
            .map(|p| match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            })
            .unwrap_or("query");
        let json = parameter_value(raw, params, location, &field.wire_name, maker, full);
        let name = format_ident!("{}", field.rust_name);
        match field.presence {
            Presence::Required => required.push(argument(&field.passing(), &json)),
            Presence::RequiredNullable => {
                let value = value_of(&field.ty, &json);
                required.push(quote!(Some(#value)));
            }
            Presence::Optional if full => {
                let value = argument(&field.passing(), &json);
                setters.push(quote!(.#name(#value)));
            }
            Presence::OptionalNullable if full => {
                let value = value_of(&field.ty, &json);
                setters.push(quote!(.#name(Some(#value))));
            }
            _ => {}
        }
    }
    let ty = format_ident!("{}", params_struct.type_name);
    quote!(&types::#ty::new(#(#required),*) #(#setters)*)
}

/// An argument passed as `passing` says, of the value `json`.
fn argument(passing: &Passing, json: &Chosen) -> TokenStream {
    match passing {
        Passing::Owned(ty) | Passing::Boxed(ty) => value_of(ty, json),
        Passing::IntoString => value_of(&TypeRef::String, json),
        Passing::Str => {
            let value = value_of(&TypeRef::String, json);
            quote!(&#value)
        }
        Passing::Slice(item) => {
            let value = value_of(&TypeRef::Vec(Box::new(item.clone())), json);
            quote!(&#value)
        }
        Passing::Borrowed(ty) => {
            let value = value_of(ty, json);
            quote!(&#value)
        }
    }
}

/// A value of `ty` read from `json`: the example, else the made value.
fn value_of(ty: &TypeRef, json: &Chosen) -> TokenStream {
    let ty = type_tokens(ty, Scope::Crate);
    let made = json.made.to_string();
    if json.value == json.made {
        return quote!(v::<#ty>(#made)?);
    }
    let example = json.value.to_string();
    quote!(v_or::<#ty>(#example, #made)?)
}

/// The parameters that apply to `op` as written (the path item's, then its own),
/// references followed.
fn raw_parameters<'d>(raw: &'d Value, op: &Operation) -> Vec<&'d Value> {
    let op_pointer = &op.pointer[1..];
    let item_pointer = match op_pointer.rsplit_once('/') {
        Some((item, _)) if item.ends_with("/additionalOperations") => {
            item.trim_end_matches("/additionalOperations").to_owned()
        }
        Some((item, _)) => item.to_owned(),
        None => String::new(),
    };
    let mut found = Vec::new();
    for place in [
        format!("{item_pointer}/parameters"),
        format!("{op_pointer}/parameters"),
    ] {
        for param in raw
            .pointer(&place)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            found.extend(dereferenced(raw, param));
        }
    }
    found
}

/// A value for the parameter `name` in `location` (the last one written, as an
/// operation's overrides its path item's): its example or its schema's where one
/// fits, else made from its schema; JSON text for one given by `content`.
fn parameter_value(
    raw: &Value,
    params: &[&Value],
    location: &str,
    name: &str,
    maker: &mut Maker<'_>,
    full: bool,
) -> Chosen {
    let Some(param) = params.iter().rev().find(|p| {
        p.get("in").and_then(Value::as_str) == Some(location)
            && p.get("name").and_then(Value::as_str) == Some(name)
    }) else {
        return Chosen {
            value: json!("value"),
            made: json!("value"),
        };
    };
    if let Some(schema) = param.get("schema") {
        return maker.chosen(schema, &examples::entry_examples(raw, param), full);
    }
    let media = param
        .get("content")
        .and_then(Value::as_object)
        .and_then(|content| content.values().next())
        .cloned()
        .unwrap_or(json!({}));
    let schema = media.get("schema").cloned().unwrap_or(json!({}));
    let mut written = examples::entry_examples(raw, param);
    written.extend(examples::entry_examples(raw, &media));
    maker
        .chosen(&schema, &written, full)
        .map(|value| json!(value.to_string()))
}

/// The media type object of `op`'s request body for `media_type` (empty when there is
/// none).
fn body_entry(raw: &Value, op: &Operation, media_type: &str) -> Value {
    let at = raw.pointer(&format!("{}/requestBody", &op.pointer[1..]));
    let Some(body) = at.and_then(|body| dereferenced(raw, body)) else {
        return json!({});
    };
    // The entry the client sends; a wildcard (`*/*`) the client sends as a media type
    // of its own, and one with parameters, are the entry of that essence or the first.
    let content = body.get("content").and_then(Value::as_object);
    let entry = body
        .pointer(&format!("/content/{}", pointer_token(media_type)))
        .or_else(|| {
            content.and_then(|c| {
                c.iter()
                    .find(|(key, _)| media_essence(key) == media_essence(media_type))
                    .or_else(|| c.iter().next())
                    .map(|(_, entry)| entry)
            })
        });
    entry.cloned().unwrap_or(json!({}))
}
