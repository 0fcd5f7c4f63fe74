//! `mock.rs` (feature `mock`): the mock server's typed face, one expectation method
//! per operation, over the hand-written `mock_support.rs`.

use super::{doc_attrs, ident, type_tokens, Scope};
use crate::model::{Api, Operation, ResponseKind, StreamKind, StreamMethod, SuccessShape};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The methods `MockServer` has besides the operations' (see `naming::MOCK_SERVER_METHODS`).
pub fn mock_rs(api: &Api) -> TokenStream {
    let count = Literal::usize_unsuffixed(api.operations.len());
    let descriptors = api.operations.iter().map(descriptor);
    let describers = api.operations.iter().filter_map(gated_describe);
    let methods = api.operations.iter().enumerate().map(|(index, op)| {
        let whole = expectation_method(index, op);
        let stream = (op.stream.as_ref()).map(|stream| stream_expectation(index, op, stream));
        super::gated_methods(quote!(#whole #stream), &op.gate)
    });
    let server_doc = doc_attrs(Some(&format!(
        "A mock of {} on 127.0.0.1, for an application's tests: no network, no\ncredentials, nothing sent anywhere else.\n\nEach expectation is checked when the server is dropped: a count not met, or a\nrequest no expectation matched, fails the test with the requests shown as typed\nvalues (secrets redacted).",
        api.title
    )));
    let imports = imports(api);
    quote! {
        //! Test support (feature `mock`): a mock server on 127.0.0.1 with one typed
        //! expectation method per operation.

        #imports

        pub use crate::mock_support::Expectation;

        #server_doc
        #[derive(Debug)]
        pub struct MockServer {
            server: support::Server,
        }

        impl MockServer {
            /// Start a mock server on a free port of 127.0.0.1.
            pub async fn start() -> MockServer {
                MockServer {
                    server: support::Server::start(&OPERATIONS).await,
                }
            }

            /// The base URL, `http://127.0.0.1:PORT`.
            pub fn uri(&self) -> String {
                self.server.uri()
            }

            /// A client builder pointed at this server, to set retries or a timeout.
            pub fn client_builder(&self) -> ClientBuilder {
                Client::builder().base_url(self.uri())
            }

            /// A client pointed at this server.
            pub fn client(&self) -> Client {
                self.client_builder()
                    .build()
                    .expect("a client for a mock server on 127.0.0.1")
            }

            /// Check every expectation now; the server also checks them when dropped.
            ///
            /// # Panics
            ///
            /// When an expectation's count was not met or a request matched none.
            pub fn verify(&self) {
                self.server.verify();
            }

            #(#methods)*
        }

        static OPERATIONS: [support::Operation; #count] = [#(#descriptors),*];

        #(#describers)*
    }
}

/// What `mock.rs` imports: `types` only when an expectation names one, `Reply` only
/// when there are operations (it encodes their success values).
fn imports(api: &Api) -> TokenStream {
    let uses_types = api.operations.iter().any(mentions_types);
    let client_imports = if uses_types {
        quote!(
            use crate::{types, Client, ClientBuilder};
        )
    } else {
        quote!(
            use crate::{Client, ClientBuilder};
        )
    };
    let support_imports = if api.operations.is_empty() {
        quote!(
            use crate::mock_support as support;
        )
    } else {
        quote!(
            use crate::mock_support::{self as support, Reply};
        )
    };
    // With features, a crate may compile none of the operations that use them.
    let allow = (!api.gates.features.is_empty()).then(|| quote!(#[allow(unused_imports)]));
    quote! {
        #allow
        #support_imports
        #allow
        #client_imports
    }
}

/// Whether an operation's expectation names a type of the `types` module.
fn mentions_types(op: &Operation) -> bool {
    let request = op.decoded_request().is_some_and(|ty| ty.mentions_named());
    let success = match &op.success {
        SuccessShape::Single {
            ty: ResponseKind::Json(ty),
            ..
        } => ty.mentions_named(),
        SuccessShape::Single { .. } => false,
        SuccessShape::Enum { .. } => true,
    };
    let events = matches!(&op.stream, Some(StreamMethod { kind: StreamKind::Events(Some(ty)), .. })
        if ty.mentions_named());
    request || success || events || op.error_type.mentions_named()
}

/// For an operation compiled only with some features, how its request body shows:
/// as its type when that compiles, else by its size.
fn gated_describe(op: &Operation) -> Option<TokenStream> {
    let ty = request_type(op).filter(|_| !op.gate.is_empty())?;
    let name = ident(&format!("describe_{}", op.rust_name));
    let predicate = super::cfg_predicate(&op.gate);
    Some(quote! {
        fn #name(body: &[u8]) -> String {
            #[cfg(#predicate)]
            let describe = support::describe::<#ty>;
            #[cfg(not(#predicate))]
            let describe = support::describe_size;
            describe(body)
        }
    })
}

/// The request type an expectation decodes a call to, when the body is JSON.
fn request_type(op: &Operation) -> Option<TokenStream> {
    op.decoded_request()
        .map(|ty| type_tokens(&ty, Scope::Crate))
}

fn descriptor(op: &Operation) -> TokenStream {
    let name = &op.rust_name;
    let method = op.method.token();
    let path = &op.path;
    let describe = match request_type(op) {
        Some(_) if !op.gate.is_empty() => {
            let describe = ident(&format!("describe_{}", op.rust_name));
            quote!(#describe)
        }
        Some(ty) => quote!(support::describe::<#ty>),
        None => quote!(support::describe_size),
    };
    let example = match &op.example {
        Some(example) => {
            let status = Literal::u16_unsuffixed(example.status);
            let json = &example.json;
            quote!(Some((#status, #json)))
        }
        None => quote!(None),
    };
    quote! {
        support::Operation {
            name: #name,
            method: #method,
            path: #path,
            describe: #describe,
            example: #example,
        }
    }
}

/// The Rust type of a success body, and the call that encodes one as a reply.
fn reply(kind: &ResponseKind, status: u16) -> (TokenStream, TokenStream) {
    let status = Literal::u16_unsuffixed(status);
    match kind {
        ResponseKind::Json(ty) => (
            type_tokens(ty, Scope::Crate),
            quote!(Reply::json(#status, value)),
        ),
        ResponseKind::Text => (quote!(String), quote!(Reply::text(#status, value))),
        ResponseKind::Bytes => (quote!(Vec<u8>), quote!(Reply::bytes(#status, value))),
        ResponseKind::Empty => (quote!(()), quote!(Reply::empty(#status))),
    }
}

/// The expectation of an operation's streaming method: it answers with the events
/// (or bytes) given, the whole stream at once.
fn stream_expectation(index: usize, op: &Operation, stream: &StreamMethod) -> TokenStream {
    let name = ident(&stream.rust_name);
    let (success_ty, encode, what) = match &stream.kind {
        StreamKind::Events(Some(ty)) => {
            let ty = type_tokens(ty, Scope::Crate);
            (
                quote!(Vec<crate::Event<#ty>>),
                quote!(|events| Reply::event_stream(
                    200,
                    crate::streams::written(events, crate::streams::json_text)
                )),
                "the events given (`Event::new`), each data as JSON",
            )
        }
        StreamKind::Events(None) => (
            quote!(Vec<crate::Event<String>>),
            quote!(|events| Reply::event_stream(
                200,
                crate::streams::written(events, String::clone)
            )),
            "the events given (`Event::new`)",
        ),
        StreamKind::Bytes => (
            quote!(Vec<u8>),
            quote!(|value| Reply::bytes(200, value)),
            "the bytes given",
        ),
    };
    let request_ty = request_type(op).unwrap_or_else(|| quote!(()));
    let error_ty = type_tokens(&op.error_type, Scope::Crate);
    let doc = doc_attrs(Some(&format!(
        "Expect calls of [`Client::{}`] (`{} {}`), to answer with `respond_with` and {what}, \
         as one stream that then ends.",
        stream.rust_name,
        op.method.token(),
        op.path
    )));
    let index = Literal::usize_unsuffixed(index);
    quote! {
        #doc
        pub fn #name(&self) -> Expectation<'_, #request_ty, #success_ty, #error_ty> {
            self.server.expect(&OPERATIONS[#index], #encode)
        }
    }
}

fn expectation_method(index: usize, op: &Operation) -> TokenStream {
    let name = ident(&op.rust_name);
    let (success_ty, encode) = match &op.success {
        SuccessShape::Single { ty, statuses } => {
            let status = statuses.first().map_or(200, |s| s.mock_status());
            let (ty_tokens, encode) = reply(ty, status);
            let value = match ty {
                ResponseKind::Empty => quote!(_),
                _ => quote!(value),
            };
            (ty_tokens, quote!(|#value| #encode))
        }
        SuccessShape::Enum {
            type_name,
            variants,
        } => {
            let enum_ty = ident(type_name);
            let arms = variants.iter().map(|v| {
                let variant = ident(&v.rust_name);
                let (_, encode) = reply(&v.kind, v.status.mock_status());
                match v.kind {
                    ResponseKind::Empty => quote!(types::#enum_ty::#variant => #encode,),
                    _ => quote!(types::#enum_ty::#variant(value) => #encode,),
                }
            });
            (
                quote!(types::#enum_ty),
                quote!(|value| match value { #(#arms)* }),
            )
        }
    };
    let request = request_type(op);
    let typed_body = request.is_some();
    let request_ty = request.unwrap_or_else(|| quote!(()));
    let error_ty = type_tokens(&op.error_type, Scope::Crate);
    let mut doc = format!(
        "Expect calls of [`Client::{}`] (`{} {}`)",
        op.rust_name,
        op.method.token(),
        op.path
    );
    doc.push_str(if typed_body {
        ", matched on their decoded body."
    } else {
        "."
    });
    doc.push_str(match op.example {
        Some(_) => "\n\nThe spec has an example response: `respond_with_example` answers with it, as does an\nexpectation mounted without an answer.",
        None => "\n\nThe spec has no example response: answer with `respond_with`.",
    });
    let doc = doc_attrs(Some(&doc));
    let index = Literal::usize_unsuffixed(index);
    quote! {
        #doc
        pub fn #name(&self) -> Expectation<'_, #request_ty, #success_ty, #error_ty> {
            self.server.expect(&OPERATIONS[#index], #encode)
        }
    }
}
