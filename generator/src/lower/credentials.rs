//! Servers, credentials and `from_env`: the client's builder methods and the
//! environment it can be configured from, read from the spec's `servers` and
//! security schemes.

use super::spec::Spec;
use crate::model::{AuthEnv, AuthKind, AuthMethod, FromEnv, Server, ServerChoice, Warning};
use crate::naming::{self, pointer_token, Proposal, Scope, Wanted};
use openapiv3::{ReferenceOr, SecurityScheme};
use serde_json::Value;

/// The servers, the credential methods, and what `from_env` reads; their names are
/// proposed in `proposals`.
pub(super) fn servers_and_credentials(
    spec: Spec<'_>,
    proposals: &mut Vec<Proposal>,
    warnings: &mut Vec<Warning>,
) -> (Vec<Server>, Vec<AuthMethod>, Option<FromEnv>) {
    let (servers, server_by_prefix) = lower_servers(spec, proposals, warnings);
    let (auth, auth_env) = lower_auth(spec, proposals, warnings);
    let base_url_var = spec
        .doc
        .extensions
        .get("x-base-url-env")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let from_env = auth_env.map(|(auth_method, vars)| FromEnv {
        server_by_prefix: match vars {
            AuthEnv::Basic { .. } => server_by_prefix,
            AuthEnv::Token { .. } => Vec::new(),
        },
        auth_method,
        vars,
        base_url_var,
    });
    (servers, auth, from_env)
}

/// The absolute servers, and those `from_env` picks by the username's prefix.
fn lower_servers(
    spec: Spec<'_>,
    proposals: &mut Vec<Proposal>,
    warnings: &mut Vec<Warning>,
) -> (Vec<Server>, Vec<ServerChoice>) {
    let mut servers = Vec::new();
    let mut by_prefix = Vec::new();
    for (i, server) in spec.doc.servers.iter().enumerate() {
        let pointer = format!("#/servers/{i}");
        let Some(url) = server_url(server) else {
            warnings.push(Warning::new(
                pointer,
                format!(
                    "the server `{}` is not an absolute URL; pass a base URL instead",
                    server.url
                ),
            ));
            continue;
        };
        let extensions = &server.extensions;
        let host = url
            .split("://")
            .nth(1)
            .unwrap_or_default()
            .split(['.', '/', ':'])
            .next()
            .unwrap_or_default();
        let wanted = extensions
            .get("x-rust-name")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                // The description's first word that says something ("The test
                // server" is `Test`).
                server
                    .description
                    .as_deref()
                    .and_then(|d| {
                        d.split_whitespace().find(|word| {
                            !["the", "a", "an", "our", "this", "your", "its"]
                                .contains(&word.to_ascii_lowercase().as_str())
                        })
                    })
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| host.to_owned());
        let mut wanted = naming::camel(&wanted, "Server");
        if wanted.is_empty() {
            wanted = naming::server_fallback(i);
        }
        let rust_name = naming::propose(proposals, Scope::Servers, &pointer, Wanted::text(wanted));
        if let Some(prefix) = extensions
            .get("x-select-when-username-starts-with")
            .and_then(Value::as_str)
        {
            by_prefix.push(ServerChoice {
                username_prefix: prefix.to_owned(),
                server: rust_name.clone(),
            });
        }
        servers.push(Server {
            rust_name,
            url,
            description: server.description.clone(),
        });
    }
    (servers, by_prefix)
}

/// One builder method per kind of credential, and the method and variables
/// `from_env` uses.
fn lower_auth(
    spec: Spec<'_>,
    proposals: &mut Vec<Proposal>,
    warnings: &mut Vec<Warning>,
) -> (Vec<AuthMethod>, Option<(String, AuthEnv)>) {
    let Some(components) = spec.doc.components.as_ref() else {
        return (Vec::new(), None);
    };
    let mut from_env = None;
    let mut methods: Vec<AuthMethod> = Vec::new();
    for (scheme_name, scheme) in &components.security_schemes {
        let pointer = format!(
            "#/components/securitySchemes/{}",
            pointer_token(scheme_name)
        );
        let scheme = match scheme {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { .. } => {
                warnings.push(Warning::new(
                    pointer,
                    "a referenced security scheme is ignored",
                ));
                continue;
            }
        };
        let Some((kind, description, wanted)) = auth_kind(warnings, scheme_name, scheme, &pointer)
        else {
            continue;
        };
        // One builder method per kind of credential: a second scheme of the same kind adds nothing.
        if methods.iter().any(|m| m.kind == kind) {
            continue;
        }
        let env = auth_env(scheme, &kind);
        let method_name = naming::propose(
            proposals,
            Scope::Credentials,
            &pointer,
            Wanted::text(wanted),
        );
        // `from_env` uses the first scheme that names its variables.
        if let (None, Some(env)) = (&from_env, env) {
            from_env = Some((method_name.clone(), env));
        }
        methods.push(AuthMethod {
            scheme_name: scheme_name.clone(),
            method_name,
            description: description.clone(),
            kind,
        });
    }
    (methods, from_env)
}

/// What a security scheme is, its description and the builder method it wants;
/// `None`, with a warning, for a scheme the client cannot use.
fn auth_kind<'s>(
    warnings: &mut Vec<Warning>,
    scheme_name: &str,
    scheme: &'s SecurityScheme,
    pointer: &str,
) -> Option<(AuthKind, &'s Option<String>, String)> {
    match scheme {
        SecurityScheme::HTTP {
            scheme,
            description,
            ..
        } if scheme.eq_ignore_ascii_case("basic") => {
            Some((AuthKind::Basic, description, "basic_auth".to_owned()))
        }
        SecurityScheme::HTTP {
            scheme,
            description,
            ..
        } if scheme.eq_ignore_ascii_case("bearer") => {
            Some((AuthKind::Bearer, description, "bearer_auth".to_owned()))
        }
        SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => {
            Some((AuthKind::Bearer, description, "bearer_auth".to_owned()))
        }
        SecurityScheme::APIKey {
            location,
            name,
            description,
            ..
        } => match location {
            openapiv3::APIKeyLocation::Header => Some((
                AuthKind::ApiKeyHeader { name: name.clone() },
                description,
                naming::snake(scheme_name),
            )),
            openapiv3::APIKeyLocation::Query => Some((
                AuthKind::ApiKeyQuery { name: name.clone() },
                description,
                naming::snake(scheme_name),
            )),
            openapiv3::APIKeyLocation::Cookie => {
                warnings.push(Warning::new(
                    pointer,
                    "API keys in cookies are not supported; this scheme is ignored",
                ));
                None
            }
        },
        SecurityScheme::HTTP { scheme, .. } => {
            warnings.push(Warning::new(
                pointer,
                format!("HTTP `{scheme}` authentication is not supported; this scheme is ignored"),
            ));
            None
        }
    }
}

/// A server's URL with its variables at their defaults, when that is an absolute
/// `http(s)` URL without a query or fragment (no trailing `/`).
pub(super) fn server_url(server: &openapiv3::Server) -> Option<String> {
    let mut url = server.url.clone();
    if let Some(variables) = &server.variables {
        for (name, variable) in variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    let url = url.trim_end_matches('/').to_owned();
    let absolute = url.starts_with("http://") || url.starts_with("https://");
    let plain = !url.contains(['{', '}', '?', '#', '@', ' ']) && !url.chars().any(char::is_control);
    (absolute && plain).then_some(url)
}

/// The variables `from_env` reads for a scheme (`x-env`), when it names them.
fn auth_env(scheme: &SecurityScheme, kind: &AuthKind) -> Option<AuthEnv> {
    let env = scheme_extensions(scheme).get("x-env")?;
    let get = |k: &str| env.get(k).and_then(Value::as_str).map(str::to_owned);
    match (kind, get("username"), get("password"), get("token")) {
        (AuthKind::Basic, Some(username), Some(password), _) => {
            Some(AuthEnv::Basic { username, password })
        }
        (AuthKind::Basic, ..) => None,
        (_, _, _, Some(token)) => Some(AuthEnv::Token { token }),
        _ => None,
    }
}

/// The `x-` members of a security scheme.
fn scheme_extensions(scheme: &SecurityScheme) -> &indexmap::IndexMap<String, Value> {
    match scheme {
        SecurityScheme::APIKey { extensions, .. }
        | SecurityScheme::HTTP { extensions, .. }
        | SecurityScheme::OAuth2 { extensions, .. }
        | SecurityScheme::OpenIDConnect { extensions, .. } => extensions,
    }
}
