//! `lib.rs`: crate docs, runtime modules, re-exports, servers and credentials; the
//! operations' methods come from [`super::client`].

use super::{cfg_attr, client, doc_attrs, gated_items, ident};
use crate::model::{Api, AuthEnv, AuthKind, AuthMethod};
use proc_macro2::TokenStream;
use quote::quote;

pub fn lib_rs(api: &Api) -> TokenStream {
    let mut crate_doc = format!(
        "# {}\n\nA typed async client generated from the OpenAPI description.",
        api.title
    );
    if let Some(description) = &api.description {
        crate_doc = format!("# {}\n\n{description}", api.title);
    }
    crate_doc.push_str(
        "\n\nEvery operation is a method of [`Client`]; request and response types are in [`types`].\n\
         Requests are checked against the spec's rules before anything is sent.",
    );
    let crate_doc_lines = crate_doc.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    let lints = lint_allowances();
    let items = items(api);
    let multipart = optional_module(api, api.features.multipart, "multipart");
    let pages = optional_module(api, api.features.pages, "pages");
    let streams = optional_module(api, api.features.streams, "streams");
    let upload = optional_module(api, api.features.uploads, "upload");
    quote! {
        #( #![doc = #crate_doc_lines] )*
        #![allow(#lints)]

        mod runtime;
        #multipart
        #pages
        #streams
        #upload
        #[cfg_attr(feature = "tracing", path = "traced.rs")]
        #[cfg_attr(not(feature = "tracing"), path = "quiet.rs")]
        mod observe;
        pub mod types;

        #[cfg(feature = "mock")]
        pub mod mock;
        #[cfg(feature = "mock")]
        mod mock_support;

        #items
    }
}

/// The lints that spec prose and spec-sized signatures would trip, allowed where the
/// generated code sits: crate-wide in a crate, item by item in a module.
pub fn lint_allowances() -> TokenStream {
    quote! {
        rustdoc::bare_urls,
        rustdoc::broken_intra_doc_links,
        rustdoc::invalid_html_tags,
        rustdoc::invalid_rust_codeblocks,
        clippy::doc_lazy_continuation,
        clippy::doc_overindented_list_items,
        clippy::too_many_arguments,
        clippy::type_complexity
    }
}

/// The items of `lib.rs` for a module of another crate (see [`crate::Layout::Module`]):
/// the same items, each carrying the lint allowances a crate states once, and those a
/// crate's own settings would otherwise apply to generated code (unused items of a
/// private module, missing docs).
pub fn module_items(api: &Api) -> TokenStream {
    let lints = lint_allowances();
    let items = items(api);
    let file: syn::File = match syn::parse2(items.clone()) {
        Ok(file) => file,
        // Left as it is: rendering reports code that does not parse.
        Err(_) => return items,
    };
    let items = file.items.iter();
    quote! {
        #(
            #[allow(dead_code, missing_docs, unused_imports, #lints)]
            #items
        )*
    }
}

/// Re-exports, servers, credential methods and the operations.
fn items(api: &Api) -> TokenStream {
    let servers = servers(api);
    let auth = api.auth.iter().map(auth_method);
    let default_url = match api.servers.first() {
        Some(server) => {
            let url = &server.url;
            quote!(Some(#url))
        }
        None => quote!(None),
    };
    let builder_doc = match api.servers.first() {
        Some(server) => format!(" Start configuring a client; requests go to `{}` unless another server or base URL is chosen.", server.url),
        None => " Start configuring a client; a base URL must be given.".to_owned(),
    };
    let builder_doc = doc_attrs(Some(builder_doc.trim_start()));
    let from_env = from_env(api);
    let grouped = |name: &String| (api.gates.features.iter()).any(|g| g.operations.contains(name));
    let operations = (api.operations.iter())
        .filter(|op| !grouped(&op.rust_name))
        .map(|op| client::methods(op, &api.analysis));
    let group_operations = group_operations(api);
    let file_part = api.features.multipart.then(|| {
        quote!(
            pub use runtime::FilePart;
        )
    });
    let streams = api.features.streams.then(|| {
        let items = quote!(
            pub use streams::{
                ByteStream, Event, EventStream, StreamError, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_EVENT_BYTES,
            };
        );
        gated_items(items, module_gate(api, "streams"))
    });
    let pages = api.features.pages.then(|| {
        let items = quote!(
            pub use pages::Pages;
        );
        gated_items(items, module_gate(api, "pages"))
    });
    let upload = api.features.uploads.then(|| {
        let items = quote!(
            pub use upload::BodyStream;
        );
        gated_items(items, module_gate(api, "upload"))
    });
    quote! {
        #file_part
        #pages
        #streams
        #upload
        pub use runtime::{
            ApiError, BuildError, Client, ClientBuilder, Credentials, Error, HeaderMap, Hook, HookError, HttpRequest, MissingField, ResponseValue,
            RetryPolicy, Secret, StatusCode, TransportError, TransportKind, UnexpectedResponse, ValidationError,
            DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, MAX_ERROR_BODY_BYTES,
        };

        #servers

        impl ClientBuilder {
            #(#auth)*
        }

        impl Client {
            #builder_doc
            pub fn builder() -> ClientBuilder {
                ClientBuilder::with_base_url(#default_url)
            }

            #from_env

            #(#operations)*
        }

        #group_operations
    }
}

/// The operations one group alone has, each group's in a module compiled with its
/// feature: with the feature off, the compiler does not even read the module's file
/// ([`group_operations_rs`]).
fn group_operations(api: &Api) -> TokenStream {
    let modules: Vec<TokenStream> = (api.gates.features.iter())
        .filter(|group| !group.operations.is_empty())
        .map(|group| {
            let cfg = cfg_attr(std::slice::from_ref(&group.name));
            let module = ident(&group.module);
            quote! {
                #cfg
                mod #module;
            }
        })
        .collect();
    if modules.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The operations only one group has, in a module of the group's own.
        mod operations {
            #(#modules)*
        }
    }
}

/// `operations/<module>.rs`: the methods of the operations group `index` alone has.
pub fn group_operations_rs(api: &Api, index: usize) -> TokenStream {
    let Some(group) = api.gates.features.get(index) else {
        return TokenStream::new();
    };
    let methods = (api.operations.iter())
        .filter(|op| group.operations.contains(&op.rust_name))
        .map(|op| client::ungated_methods(op, &api.analysis));
    let doc = format!(" The operations of `{}`.", group.label);
    quote! {
        #![doc = #doc]

        use super::super::*;

        impl Client {
            #(#methods)*
        }
    }
}

fn servers(api: &Api) -> TokenStream {
    if api.servers.is_empty() {
        return quote!();
    }
    let variants = api.servers.iter().map(|s| {
        let name = ident(&s.rust_name);
        let doc = doc_attrs(Some(&match &s.description {
            Some(d) => format!("{}: `{}`", d.trim_end_matches('.'), s.url),
            None => format!("`{}`", s.url),
        }));
        quote!(#doc #name,)
    });
    let urls = api.servers.iter().map(|s| {
        let name = ident(&s.rust_name);
        let url = &s.url;
        quote!(Server::#name => #url,)
    });
    quote! {
        /// The servers the spec lists.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// The server's base URL.
            pub fn url(self) -> &'static str {
                match self {
                    #(#urls)*
                }
            }
        }

        impl ClientBuilder {
            /// Send requests to one of the spec's servers (operations with servers of their own
            /// still use theirs).
            pub fn server(self, server: Server) -> Self {
                self.server_url(server.url())
            }
        }
    }
}

fn auth_method(auth: &AuthMethod) -> TokenStream {
    let method = ident(&auth.method_name);
    let mut doc = match &auth.kind {
        AuthKind::Basic => format!(
            "Authenticate with HTTP basic authentication (`{}`).",
            auth.scheme_name
        ),
        AuthKind::Bearer => format!("Authenticate with a bearer token (`{}`).", auth.scheme_name),
        AuthKind::ApiKeyHeader { name } => format!(
            "Authenticate with an API key in the `{name}` header (`{}`).",
            auth.scheme_name
        ),
        AuthKind::ApiKeyQuery { name } => format!(
            "Authenticate with an API key in the `{name}` query parameter (`{}`).",
            auth.scheme_name
        ),
    };
    if let Some(description) = &auth.description {
        doc = format!("{doc}\n\n{description}");
    }
    let doc = doc_attrs(Some(&doc));
    match &auth.kind {
        AuthKind::Basic => quote! {
            #doc
            pub fn #method(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                self.credentials(Credentials::Basic { username: username.into(), password: Secret::new(password) })
            }
        },
        AuthKind::Bearer => quote! {
            #doc
            pub fn #method(self, token: impl Into<String>) -> Self {
                self.credentials(Credentials::Bearer(Secret::new(token)))
            }
        },
        AuthKind::ApiKeyHeader { name } => quote! {
            #doc
            pub fn #method(self, key: impl Into<String>) -> Self {
                self.credentials(Credentials::ApiKeyHeader { name: #name, key: Secret::new(key) })
            }
        },
        AuthKind::ApiKeyQuery { name } => quote! {
            #doc
            pub fn #method(self, key: impl Into<String>) -> Self {
                self.credentials(Credentials::ApiKeyQuery { name: #name, key: Secret::new(key) })
            }
        },
    }
}

fn from_env(api: &Api) -> TokenStream {
    let Some(from_env) = &api.from_env else {
        return quote!();
    };
    let method = ident(&from_env.auth_method);
    let (base_read, base_apply, base_doc, base_known) = match &from_env.base_url_var {
        Some(var) => (
            quote!(let base_url = runtime::env_var(#var);),
            quote!(if let Some(url) = base_url {
                builder = builder.base_url(url);
            }),
            format!(", and `{var}` (optional) to send requests to another base URL"),
            quote!(base_url.is_some()),
        ),
        None => (quote!(), quote!(), String::new(), quote!(false)),
    };
    let selection = from_env.server_by_prefix.iter().map(|choice| {
        let prefix = &choice.username_prefix;
        let name = ident(&choice.server);
        quote!(if username.starts_with(#prefix) { builder = builder.server(Server::#name); })
    });
    let selection_doc: String = from_env
        .server_by_prefix
        .iter()
        .map(|choice| {
            format!(
                " The server is `{}` when the username starts with `{}`.",
                choice.server, choice.username_prefix
            )
        })
        .collect();
    match &from_env.vars {
        AuthEnv::Basic { username, password } => {
            let doc = format!(
                " A client configured from the environment: `{username}` and `{password}` (credentials){base_doc}.{selection_doc}"
            );
            let doc = doc_attrs(Some(doc.trim_start()));
            quote! {
                #doc
                pub fn from_env() -> Result<Client, BuildError> {
                    let mut builder = Client::builder();
                    #base_read
                    match (runtime::env_var(#username), runtime::env_var(#password)) {
                        (Some(username), Some(password)) => {
                            #(#selection)*
                            builder = builder.#method(username, password);
                        }
                        (None, None) if #base_known => {}
                        (None, _) => return Err(BuildError::MissingEnv(#username)),
                        (_, None) => return Err(BuildError::MissingEnv(#password)),
                    }
                    #base_apply
                    builder.build()
                }
            }
        }
        AuthEnv::Token { token } => {
            let doc = format!(
                " A client configured from the environment: `{token}` (credentials){base_doc}."
            );
            let doc = doc_attrs(Some(doc.trim_start()));
            quote! {
                #doc
                pub fn from_env() -> Result<Client, BuildError> {
                    let mut builder = Client::builder();
                    #base_read
                    match runtime::env_var(#token) {
                        Some(token) => builder = builder.#method(token),
                        None if #base_known => {}
                        None => return Err(BuildError::MissingEnv(#token)),
                    }
                    #base_apply
                    builder.build()
                }
            }
        }
    }
}

/// The argument type of a path parameter.
/// `mod {name};` when the crate has the runtime module, under the features that use it.
fn optional_module(api: &Api, present: bool, name: &str) -> Option<TokenStream> {
    let module = ident(name);
    present.then(|| gated_items(quote!(mod #module;), module_gate(api, name)))
}

/// The features that compile an optional runtime module (none: it always compiles).
fn module_gate<'a>(api: &'a Api, module: &str) -> &'a [String] {
    api.gates.modules.get(module).map_or(&[], Vec::as_slice)
}
