//! The methods of `Client`: one per operation, and its streaming, upload and paging
//! variants.

use super::{doc_attrs, gated_methods, ident, passing_tokens, type_tokens, Scope};
use crate::model::{
    body_passing, Analysis, BodyKind, HttpMethod, Members, NextPage, Operation, Pagination, Param,
    ParamLocation, ParamStyle, ParamType, Part, PartKind, PathPart, Presence, ResponseKind,
    StatusMatch, StreamKind, StreamMethod, SuccessShape,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// An operation's methods, compiled with its groups' features.
pub fn methods(op: &Operation, analysis: &Analysis) -> TokenStream {
    gated_methods(ungated_methods(op, analysis), &op.gate)
}

/// An operation's methods, for a group's module, which its feature gates whole.
pub fn ungated_methods(op: &Operation, analysis: &Analysis) -> TokenStream {
    let whole = operation(op, analysis);
    let stream = (op.stream.as_ref()).map(|stream| stream_operation(op, stream, analysis));
    let upload = (op.upload.as_deref()).map(|name| upload_operation(op, name, analysis));
    let pages = (op.pages.as_ref()).map(|pages| pages_operation(op, pages, analysis));
    quote!(#whole #upload #stream #pages)
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Exact(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = Literal::u16_unsuffixed(class * 100);
            let high = Literal::u16_unsuffixed(class * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Any => quote!(200..=299),
    }
}

fn decode_call(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Json(_) => quote!(response.json()),
        ResponseKind::Text => quote!(response.text()),
        ResponseKind::Bytes => quote!(response.bytes()),
        ResponseKind::Empty => quote!(response.empty()),
    }
}

fn response_type(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Json(ty) => type_tokens(ty, Scope::Crate),
        ResponseKind::Text => quote!(String),
        ResponseKind::Bytes => quote!(Vec<u8>),
        ResponseKind::Empty => quote!(()),
    }
}

/// What every method of an operation does before it sends: its arguments, what they
/// need done first, and the statements that make the request, asking for `accept`.
struct Call {
    args: Vec<TokenStream>,
    prepare: Vec<TokenStream>,
    request: TokenStream,
}

impl Call {
    /// The closure that makes the request, for the runtime's `exchange` to run.
    fn build(&self) -> TokenStream {
        let (prepare, request) = (&self.prepare, &self.request);
        quote! {
            || {
                #(#prepare)*
                #request
                Ok(request)
            }
        }
    }
}

/// How a method takes the operation's body.
#[derive(Clone, Copy, PartialEq)]
enum BodyArg {
    /// As the spec declares it, in memory.
    Declared,
    /// A binary body as a `BodyStream`, read as it is sent.
    Streamed,
}

fn call(op: &Operation, analysis: &Analysis, accept: Option<&str>, body: BodyArg) -> Call {
    let (args, prepare, mut fill) = operation_args(op, analysis, body);
    let fixed = op
        .fixed_query
        .iter()
        .map(|(name, value)| quote!(request.query(#name, #value);));
    fill.splice(0..0, fixed);
    if let Some(accept) = accept {
        fill.insert(0, quote!(request.header("accept", #accept)?;));
    }
    if let Some(server) = &op.server {
        fill.insert(0, quote!(request.server(#server);));
    }
    if let Some(header) = &op.idempotency_key {
        fill.insert(0, quote!(request.idempotency_key(#header);));
    }
    let path = operation_path(op);
    let method = match &op.method {
        HttpMethod::Other(token) => {
            // A token, checked when lowered: `from_bytes` takes every token.
            let token = Literal::byte_string(token.as_bytes());
            quote!(reqwest::Method::from_bytes(#token)
                .map_err(|_| ValidationError::new("method", "is not an HTTP method token"))?)
        }
        known => {
            let known = ident(known.token());
            quote!(reqwest::Method::#known)
        }
    };
    let authenticated = op.authenticated;
    let mutable = if fill.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    Call {
        args,
        prepare,
        request: quote! {
            let #mutable request = self.request(#method, #path, #authenticated);
            #(#fill)*
        },
    }
}

fn operation(op: &Operation, analysis: &Analysis) -> TokenStream {
    let name = op.with_params.as_deref().unwrap_or(&op.rust_name);
    let doc = operation_doc(op, true);
    let method = whole_method(op, analysis, name, doc, BodyArg::Declared);
    let without_params = without_params(op, &method.args, &method.success_ty, &method.error_ty);
    let tokens = method.tokens;
    quote! {
        #without_params

        #tokens
    }
}

/// A method that sends the operation's request and reads its response whole, and
/// what its signature is made of.
struct WholeMethod {
    args: Vec<TokenStream>,
    success_ty: TokenStream,
    error_ty: TokenStream,
    tokens: TokenStream,
}

fn whole_method(
    op: &Operation,
    analysis: &Analysis,
    name: &str,
    doc: TokenStream,
    body: BodyArg,
) -> WholeMethod {
    let span_name = name;
    let name = ident(name);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let call = call(op, analysis, op.accept.as_deref(), body);
    let build = call.build();
    let args = call.args;
    let error_ty = type_tokens(&op.error_type, Scope::Crate);
    let (success_ty, arms) = success_arms(&op.success);
    // A span is named after the operation, whichever of its methods made the call.
    let span_name = match body {
        BodyArg::Declared => &op.rust_name,
        BodyArg::Streamed => span_name,
    };
    let method_name = op.method.token();
    let template = &op.path;
    let tokens = quote! {
        #doc
        #deprecated
        pub async fn #name(&self, #(#args),*) -> Result<ResponseValue<#success_ty>, Error<#error_ty>> {
            self.exchange(
                observe::call_span!(#span_name, #method_name, #template),
                #build,
                |response| match response.status() {
                    #arms
                    _ => Err(response.error()),
                },
            )
            .await
        }
    };
    WholeMethod {
        args,
        success_ty,
        error_ty,
        tokens,
    }
}

/// The method that reads an operation's success response as it arrives: it takes
/// every argument the operation's method takes, asks for the stream's media type and
/// hands back the body unread.
fn stream_operation(op: &Operation, stream: &StreamMethod, analysis: &Analysis) -> TokenStream {
    let name = ident(&stream.rust_name);
    let whole = ident(op.with_params.as_deref().unwrap_or(&op.rust_name));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let media_type = &stream.media_type;
    let call = call(op, analysis, Some(media_type), BodyArg::Declared);
    let build = call.build();
    let args = call.args;
    let error_ty = type_tokens(&op.error_type, Scope::Crate);
    let (body_ty, read, doc) = match &stream.kind {
        StreamKind::Events(Some(ty)) => {
            let ty = type_tokens(ty, Scope::Crate);
            (
                quote!(EventStream<#ty>),
                quote!(|taken| streams::events(taken, streams::json::<#ty>)),
                "each event's data decoded as JSON",
            )
        }
        StreamKind::Events(None) => (
            quote!(EventStream<String>),
            quote!(|taken| streams::events(taken, streams::text)),
            "each event's data as text",
        ),
        StreamKind::Bytes => (
            quote!(ByteStream),
            quote!(streams::bytes),
            "its body chunk by chunk, with no limit on its size",
        ),
    };
    let doc = doc_attrs(Some(&format!(
        "The response of [`Self::{whole}`] read as it arrives (`{media_type}`): {doc}. \
         Only the response's head must arrive within the client's timeout; then each wait \
         for more bytes is bounded by the stream's idle timeout. Dropping the stream closes \
         the connection."
    )));
    let span_name = &stream.rust_name;
    let method_name = op.method.token();
    let template = &op.path;
    quote! {
        #doc
        #deprecated
        pub async fn #name(&self, #(#args),*) -> Result<ResponseValue<#body_ty>, Error<#error_ty>> {
            self.exchange_open(
                observe::call_span!(#span_name, #method_name, #template),
                #build,
                #read,
            )
            .await
        }
    }
}

/// The method that sends a binary body as it is read from a stream or a file: it
/// takes every argument the operation's method takes, the body as a `BodyStream`.
fn upload_operation(op: &Operation, rust_name: &str, analysis: &Analysis) -> TokenStream {
    let whole = op.with_params.as_deref().unwrap_or(&op.rust_name);
    let doc = doc_attrs(Some(&format!(
        "[`Self::{whole}`] with its body read as it is sent, from a stream or a file \
         ([`BodyStream`]), never held in memory whole. A body read once cannot be sent \
         again: the call is attempted once, whatever the retry policy says."
    )));
    whole_method(op, analysis, rust_name, doc, BodyArg::Streamed).tokens
}

/// The method that fetches an operation's pages one by one: it makes the first page's
/// request as the operation's method does, and leaves the rest to `pages::Pages`.
fn pages_operation(op: &Operation, pages: &Pagination, analysis: &Analysis) -> TokenStream {
    let name = ident(&pages.rust_name);
    let whole = ident(op.with_params.as_deref().unwrap_or(&op.rust_name));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let Call {
        args,
        prepare,
        request,
    } = call(op, analysis, op.accept.as_deref(), BodyArg::Declared);
    let error_ty = type_tokens(&op.error_type, Scope::Crate);
    let item_ty = type_tokens(&pages.item, Scope::Crate);
    let items = &pages.items;
    let (next, how) = match &pages.next {
        NextPage::Cursor { param, from } => (
            quote!(pages::Next::Cursor { param: #param, from: &[#(#from),*] }),
            format!("the cursor at `{}` going in `{param}`", from.join(".")),
        ),
        NextPage::AfterLast {
            param,
            field,
            has_more,
        } => (
            quote!(pages::Next::AfterLast { param: #param, field: #field, has_more: &[#(#has_more),*] }),
            format!(
                "while `{}` is true, the last item's `{field}` going in `{param}`",
                has_more.join(".")
            ),
        ),
        NextPage::Offset { param } => (
            quote!(pages::Next::Offset { param: #param }),
            format!("`{param}` advanced by the number of items"),
        ),
        NextPage::Link => (
            quote!(pages::Next::Link),
            "the `Link` header's `rel=\"next\"`".to_owned(),
        ),
    };
    let doc = doc_attrs(Some(&format!(
        "The pages of [`Self::{whole}`], fetched one by one as they are asked for: each \
         next page by {how}. A cursor given twice ends them with an error; \
         `Pages::max_pages` caps how many are fetched."
    )));
    quote! {
        #doc
        #deprecated
        pub fn #name(&self, #(#args),*) -> Result<Pages<#item_ty, #error_ty>, Error<#error_ty>> {
            static PAGING: pages::Paging = pages::Paging {
                items: &[#(#items),*],
                next: #next,
            };
            #(#prepare)*
            #request
            Ok(Pages::new(self, request, &PAGING, pages::json::<#item_ty>))
        }
    }
}

/// For an operation whose parameters are all optional, the method without them: it
/// calls the one that takes them (`with_params`) with every parameter unset.
fn without_params(
    op: &Operation,
    args: &[TokenStream],
    success_ty: &TokenStream,
    error_ty: &TokenStream,
) -> Option<TokenStream> {
    let full = op.with_params.as_deref()?;
    let params = op.params_struct.as_ref()?;
    let doc = operation_doc(op, false);
    let name = ident(&op.rust_name);
    let full = ident(full);
    let params_ty = ident(&params.type_name);
    let position = op.path_params.len();
    let args = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != position)
        .map(|(_, arg)| arg);
    let path_args = op.path_params.iter().map(|p| ident(&p.rust_name));
    let body = op.body.as_ref().map(|_| quote!(body));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let see = format!("With every parameter unset; [`Self::{full}`] takes them.");
    let see = doc_attrs(Some(&see));
    let allow = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    Some(quote! {
        #doc
        ///
        #see
        #deprecated
        #allow
        pub async fn #name(&self, #(#args),*) -> Result<ResponseValue<#success_ty>, Error<#error_ty>> {
            self.#full(#(#path_args,)* &types::#params_ty::new(), #body).await
        }
    })
}

/// The method's rustdoc: summary, description, method and path, arguments (`params`
/// among them when `with_params`).
fn operation_doc(op: &Operation, with_params: bool) -> TokenStream {
    let mut doc = Vec::new();
    if let Some(summary) = &op.summary {
        doc.push(summary.clone());
    }
    if let Some(description) = &op.description {
        doc.push(description.clone());
    }
    doc.push(format!("`{} {}`", op.method.token(), op.path));
    let mut args_doc = Vec::new();
    for p in &op.path_params {
        args_doc.push(match &p.doc {
            Some(d) => format!(
                "- `{}`: {}",
                p.rust_name,
                d.lines().next().unwrap_or_default()
            ),
            None => format!("- `{}`", p.rust_name),
        });
    }
    if let Some(params) = op.params_struct.as_ref().filter(|_| with_params) {
        args_doc.push(format!(
            "- `params`: query and header parameters ([`types::{}`])",
            params.type_name
        ));
    }
    if let Some(body) = &op.body {
        args_doc.push(match &body.doc {
            Some(d) => format!("- `body`: {}", d.lines().next().unwrap_or_default()),
            None => format!("- `body`: the request body, sent as `{}`", body.media_type),
        });
    }
    if !args_doc.is_empty() {
        doc.push(format!("Arguments:\n{}", args_doc.join("\n")));
    }
    doc_attrs(Some(&doc.join("\n\n")))
}

/// The method's arguments, the checks before anything is sent, and the statements
/// that fill in the request.
fn operation_args(
    op: &Operation,
    analysis: &Analysis,
    body_arg: BodyArg,
) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<TokenStream>) {
    let mut args = Vec::new();
    for p in &op.path_params {
        let arg = ident(&p.rust_name);
        let (ty, _) = passing_tokens(&p.passing(), &arg, Scope::Crate);
        args.push(quote!(#arg: #ty));
    }
    let mut prepare = Vec::new();
    let mut fill = Vec::new();
    if let Some(params) = &op.params_struct {
        let ty = ident(&params.type_name);
        args.push(quote!(params: &types::#ty));
        if analysis.validated.contains(&params.type_name) {
            prepare.push(quote!(params.validate()?;));
        }
        for param in &params.params {
            fill.push(param_fill(param));
        }
    }
    if let Some(body) = &op.body {
        let media = &body.media_type;
        let (arg_ty, validate, send) = match &body.kind {
            BodyKind::Json { ty } => (
                passing_tokens(&body_passing(ty), &ident("body"), Scope::Crate).0,
                analysis.has_validate(ty),
                quote!(request.json(body, #media)?;),
            ),
            BodyKind::Form { ty } => (
                passing_tokens(&body_passing(ty), &ident("body"), Scope::Crate).0,
                analysis.has_validate(ty),
                quote!(request.form(body, #media)?;),
            ),
            BodyKind::Multipart { ty, parts, members } => (
                passing_tokens(&body_passing(ty), &ident("body"), Scope::Crate).0,
                analysis.has_validate(ty),
                multipart_fill(parts, *members),
            ),
            BodyKind::Bytes => (quote!(Vec<u8>), false, quote!(request.raw(body, #media);)),
            BodyKind::Text => (quote!(String), false, quote!(request.raw(body, #media);)),
        };
        let check = validate.then(|| quote!(body.validate()?;));
        if body_arg == BodyArg::Streamed {
            args.push(quote!(body: BodyStream));
            fill.push(quote!(request.streamed(body, #media);));
        } else if body.required {
            args.push(quote!(body: #arg_ty));
            prepare.push(quote!(#check));
            fill.push(send);
        } else {
            args.push(quote!(body: Option<#arg_ty>));
            if validate {
                prepare.push(quote!(if let Some(body) = &body {
                    body.validate()?;
                }));
            }
            fill.push(quote!(if let Some(body) = body { #send }));
        }
    }
    (args, prepare, fill)
}

/// The request path: the template with each path parameter percent-encoded.
fn operation_path(op: &Operation) -> TokenStream {
    let mut format_string = String::new();
    let mut format_args = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => {
                format_string.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(index) => {
                format_string.push_str("{}");
                let param = &op.path_params[*index];
                let arg = ident(&param.rust_name);
                let wire = &param.wire_name;
                let explode = param.explode;
                let styled = match param.style {
                    ParamStyle::Label => Some(quote!(runtime::PathStyle::Label)),
                    ParamStyle::Matrix => Some(quote!(runtime::PathStyle::Matrix)),
                    _ => None,
                };
                format_args.push(match (&param.ty, styled) {
                    (ParamType::List(_), None) => {
                        quote!(runtime::encode_path(#wire, runtime::join(#arg))?)
                    }
                    (ParamType::Scalar(_), None) => quote!(runtime::encode_path(#wire, #arg)?),
                    (ParamType::Json(_), None) => {
                        quote!(runtime::encode_path(#wire, runtime::param_text(#wire, #arg, #explode)?)?)
                    }
                    (ParamType::List(_), Some(style)) => {
                        quote!(runtime::styled_path(#wire, #style, #explode, #arg)?)
                    }
                    (ParamType::Scalar(_), Some(style)) => {
                        quote!(runtime::styled_path(#wire, #style, #explode, &[#arg])?)
                    }
                    (ParamType::Json(_), Some(style)) => {
                        quote!(runtime::styled_path(#wire, #style, #explode, &[runtime::param_text(#wire, #arg, #explode)?])?)
                    }
                });
            }
        }
    }
    if format_args.is_empty() {
        quote!(#format_string.to_owned())
    } else {
        quote!(format!(#format_string, #(#format_args),*))
    }
}

/// The success type and the `match` arms that decode each success status.
fn success_arms(success: &SuccessShape) -> (TokenStream, TokenStream) {
    match success {
        SuccessShape::Single { ty, statuses } => {
            let patterns = statuses.iter().map(|s| status_pattern(*s));
            let call = decode_call(ty);
            (response_type(ty), quote!(#(#patterns)|* => #call,))
        }
        SuccessShape::Enum {
            type_name,
            variants,
        } => {
            let enum_ty = ident(type_name);
            let arms = variants.iter().map(|v| {
                let pattern = status_pattern(v.status);
                let variant = ident(&v.rust_name);
                let call = match &v.kind {
                    ResponseKind::Json(ty) => {
                        let ty = type_tokens(ty, Scope::Crate);
                        quote!(response.json::<#ty, _>())
                    }
                    other => decode_call(other),
                };
                match v.kind {
                    ResponseKind::Empty => quote!(#pattern => #call.map(|value| value.map(|()| types::#enum_ty::#variant)),),
                    _ => quote!(#pattern => #call.map(|value| value.map(types::#enum_ty::#variant)),),
                }
            });
            (quote!(types::#enum_ty), quote!(#(#arms)*))
        }
    }
}

/// Statements adding one query, header or cookie parameter from `params`.
fn param_fill(param: &Param) -> TokenStream {
    // Headers and cookies hold one text per parameter (`simple` and `form` style
    // without `explode`); only the query repeats a name.
    let one_text = matches!(
        param.location,
        ParamLocation::Header | ParamLocation::Cookie
    );
    let field = ident(&param.rust_name);
    let wire = &param.wire_name;
    let add = |value: TokenStream| match param.location {
        ParamLocation::Header => quote!(request.header(#wire, #value)?;),
        ParamLocation::Cookie => quote!(request.cookie(#wire, #value);),
        ParamLocation::Query | ParamLocation::Path => quote!(request.query(#wire, #value);),
    };
    // A required parameter is read in place; an optional one only when set.
    let value = if param.required {
        quote!(&params.#field)
    } else {
        quote!(value)
    };
    let explode = param.explode;
    let deep = param.style == ParamStyle::DeepObject;
    let statement = match (&param.ty, param.explode && !one_text) {
        (ParamType::List(_), true) => {
            let add = add(quote!(item));
            quote!(for item in #value { #add })
        }
        (ParamType::List(_), false) => match param.style.delimiter() {
            "," => add(quote!(&runtime::join(#value))),
            delimiter => add(quote!(&runtime::join_with(#value, #delimiter))),
        },
        (ParamType::Scalar(_), _) => add(value),
        (ParamType::Json(_), _) if one_text => {
            add(quote!(&runtime::param_text(#wire, #value, #explode)?))
        }
        (ParamType::Json(_), _) => {
            quote!(request.query_pairs(runtime::param_pairs(#wire, #value, #explode, #deep)?);)
        }
    };
    if param.required {
        statement
    } else {
        quote!(if let Some(value) = &params.#field { #statement })
    }
}

/// Build a multipart body from `body`'s fields, one call per part, and send it.
fn multipart_fill(parts: &[Part], members: Members) -> TokenStream {
    let parts = parts.iter().map(|part| {
        let field = ident(&part.field);
        let name = &part.wire_name;
        let content_type = match &part.content_type {
            Some(content_type) => quote!(Some(#content_type)),
            None => quote!(None),
        };
        let add = |value: TokenStream| match part.kind {
            PartKind::File => quote!(form.file(#name, #value, #content_type)?;),
            PartKind::Files => quote! {
                for file in #value {
                    form.file(#name, file, #content_type)?;
                }
            },
            PartKind::Text => quote!(form.text(#name, #value, #content_type);),
            PartKind::Texts => quote! {
                for item in #value {
                    form.text(#name, item, #content_type);
                }
            },
            PartKind::Json => quote!(form.json(#name, #value, #content_type)?;),
            PartKind::Pairs => quote!(form.pairs(#name, #value)?;),
        };
        match part.presence {
            Presence::Required => add(quote!(&body.#field)),
            Presence::RequiredNullable | Presence::Optional => {
                let add = add(quote!(value));
                quote!(if let Some(value) = &body.#field { #add })
            }
            Presence::OptionalNullable => {
                let add = add(quote!(value));
                quote!(if let Some(Some(value)) = &body.#field { #add })
            }
        }
    });
    let extra = match members {
        Members::None => None,
        Members::Extra => Some(quote!(form.members(&body.additional_properties)?;)),
        Members::Whole => Some(quote!(form.members(body)?;)),
    };
    quote! {
        let mut form = multipart::Form::new();
        #(#parts)*
        #extra
        form.send_in(&mut request);
    }
}
