//! Stage 2: turn the parsed spec into the [`crate::model`], making every decision:
//! names, types, media types, success and error shapes, what is validated and boxed.

mod aliases;
mod analysis;
mod docs;
mod examples;
mod operation;
mod schema;
mod spec;

use crate::model::{
    Api, AuthEnv, AuthKind, AuthMethod, FromEnv, Server, ServerChoice, TypeDef, TypeRef, Warning,
};
use crate::naming::{self, pointer_token, Namespace};
use crate::shared::{GenerateError, Options};
use openapiv3::{ReferenceOr, SecurityScheme};
use serde_json::Value;
use std::collections::BTreeMap;

pub(crate) struct Lowerer<'a> {
    spec: spec::Spec<'a>,
    /// Types in the order they were created, each with the index of the spec item that created it.
    types: Vec<(usize, usize, TypeDef)>,
    type_names: Namespace,
    /// Component schema name → Rust type name.
    component_names: BTreeMap<String, String>,
    /// The type of each inline schema already lowered, by its JSON pointer.
    inline_types: BTreeMap<String, TypeRef>,
    /// The object schemas sent as `multipart/form-data` bodies, by JSON pointer: their
    /// binary properties are files (read before any schema is lowered).
    multipart_objects: std::collections::BTreeSet<String>,
    /// Position of the spec item being lowered, for output order.
    origin: usize,
    depth: usize,
    warnings: Vec<Warning>,
}

impl<'a> Lowerer<'a> {
    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    /// Claim a type name in the `types` module, warning when it had to be changed.
    fn claim_type(&mut self, wanted: &str, pointer: &str) -> String {
        self.type_names.claim(wanted, pointer, &mut self.warnings)
    }

    /// A type made so far, by its Rust name.
    fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .iter()
            .map(|(_, _, def)| def)
            .find(|def| def.rust_name == name)
    }

    fn push_type(&mut self, def: TypeDef) {
        let seq = self.types.len();
        self.types.push((self.origin, seq, def));
    }
}

/// Lower a loaded spec into the model, with the warnings for what it skipped.
///
/// The steps, in the order their inputs require:
/// 0. find the object schemas sent as multipart bodies (their binary properties are
///    files, whichever operation or component lowers them first);
/// 1. shape the component schemas into types (their names claimed first, so that a
///    `$ref` is just a name), then resolve aliases, which parameter shapes depend on;
/// 2. shape the operations (methods, parameters, bodies, responses and their inline
///    types), then substitute aliases in what they added;
/// 3. servers, credentials and `from_env`;
/// 4. analyse the whole set of types: box recursive fields, find the request types
///    and how they are built, what is validated;
/// 5. assemble the `Api` and make its prose safe for rustdoc.
pub fn lower(
    doc: &openapiv3::OpenAPI,
    raw: &Value,
    options: &Options,
) -> Result<(Api, Vec<Warning>), GenerateError> {
    let spec = spec::Spec { doc, raw };
    let multipart_objects = operation::multipart_objects(spec);
    let mut lowerer = Lowerer::new(spec, multipart_objects);
    lowerer.lower_components()?;
    let components_resolved = lowerer.resolve_aliases(&mut [])?;
    let mut operations = lowerer.lower_operations(&components_resolved)?;
    let resolved = lowerer.resolve_aliases(&mut operations)?;
    let (servers, auth, from_env) = lowerer.servers_and_credentials();
    lowerer.note_ignored();

    let mut types = lowerer.types_in_spec_order();
    analysis::box_recursive_fields(&mut types);
    analysis::drop_rules_that_do_not_fit(&mut types);
    let analysis = analysis::analyse(&types, &operations, resolved.scalar_unions);
    let features = analysis::features(&types, &operations, &analysis);

    let mut api = Api {
        crate_name: options
            .crate_name
            .clone()
            .unwrap_or_else(|| crate_name_from_title(&doc.info.title)),
        crate_version: options
            .crate_version
            .clone()
            .unwrap_or_else(|| crate_version(&doc.info.version)),
        package: package(raw, &mut lowerer.warnings),
        title: doc.info.title.clone(),
        description: doc
            .info
            .description
            .clone()
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty()),
        servers,
        auth,
        from_env,
        types,
        operations,
        analysis,
        features,
    };
    docs::normalize(&mut api);
    let mut warnings = lowerer.warnings;
    warnings.sort();
    warnings.dedup();
    Ok((api, warnings))
}

impl<'a> Lowerer<'a> {
    /// A lowerer for `spec`, the component schemas' names claimed.
    fn new(spec: spec::Spec<'a>, multipart_objects: std::collections::BTreeSet<String>) -> Self {
        let mut type_names = Namespace::default();
        let mut warnings = Vec::new();
        let component_names = schema::component_names(spec, &mut type_names, &mut warnings);
        Lowerer {
            spec,
            types: Vec::new(),
            type_names,
            component_names,
            inline_types: BTreeMap::new(),
            multipart_objects,
            origin: 0,
            depth: 0,
            warnings,
        }
    }

    /// The types made so far, in the order of the spec items that made them.
    fn types_in_spec_order(&mut self) -> Vec<TypeDef> {
        let mut types = std::mem::take(&mut self.types);
        types.sort_by_key(|(origin, seq, _)| (*origin, *seq));
        types.into_iter().map(|(_, _, def)| def).collect()
    }

    /// The servers, the credential methods, and what `from_env` reads.
    fn servers_and_credentials(&mut self) -> (Vec<Server>, Vec<AuthMethod>, Option<FromEnv>) {
        let (servers, server_by_prefix) = self.lower_servers();
        let (auth, auth_env) = self.lower_auth();
        let base_url_var = self
            .spec
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

/// A Cargo package name from the spec's title.
fn crate_name_from_title(title: &str) -> String {
    let snake = naming::snake(title).trim_matches('_').replace('_', "-");
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) || snake.ends_with('-') {
        format!("api-{}", snake.trim_matches('-'))
            .trim_end_matches('-')
            .to_owned()
    } else {
        snake
    }
}

/// What the crate declares for publishing, from `info`: an SPDX license (a license
/// name that is not one is left out, with a warning), `x-repository`, `x-publish`.
fn package(raw: &Value, warnings: &mut Vec<Warning>) -> crate::model::Package {
    let info = raw.get("info");
    let license = info.and_then(|i| i.get("license"));
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    let license = match text(license.and_then(|l| l.get("identifier"))) {
        Some(identifier) => Some(identifier),
        None => text(license.and_then(|l| l.get("name"))).and_then(|name| {
            if is_spdx_expression(&name) {
                Some(name)
            } else if let Some(id) = common_license_id(&name) {
                Some(id.to_owned())
            } else {
                warnings.push(Warning {
                    pointer: "#/info/license/name".to_owned(),
                    message: format!(
                        "`{name}` is not an SPDX license expression; the crate declares no license"
                    ),
                });
                None
            }
        }),
    };
    crate::model::Package {
        license,
        repository: text(info.and_then(|i| i.get("x-repository"))),
        publish: info.and_then(|i| i.get("x-publish")) != Some(&Value::Bool(false)),
    }
}

/// The SPDX id of a license named the way specs often name it (`Apache 2.0`,
/// `MIT License`).
fn common_license_id(name: &str) -> Option<&'static str> {
    let words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|w| !matches!(w.as_str(), "license" | "licence" | "version" | "v"))
        .collect();
    match words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["apache", "2.0"] | ["apache", "2"] | ["apache-2.0"] => Some("Apache-2.0"),
        ["mit"] => Some("MIT"),
        ["bsd", "3-clause"] | ["bsd-3-clause"] => Some("BSD-3-Clause"),
        ["bsd", "2-clause"] | ["bsd-2-clause"] => Some("BSD-2-Clause"),
        ["isc"] => Some("ISC"),
        ["mpl", "2.0"] | ["mozilla", "public", "2.0"] => Some("MPL-2.0"),
        _ => None,
    }
}

/// An SPDX expression as Cargo takes it: license ids joined by `OR`, `AND`, `WITH`.
fn is_spdx_expression(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.iter().enumerate().all(|(i, word)| {
            let operator = matches!(*word, "OR" | "AND" | "WITH");
            let id = word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
                && word.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if i % 2 == 1 {
                operator
            } else {
                id && !operator
            }
        })
        && words.len() % 2 == 1
}

/// `info.version` when it is a semantic version, else `0.1.0`.
fn crate_version(version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.len() < 10 && p.chars().all(|c| c.is_ascii_digit());
    match parts.len() {
        1..=3 if parts.iter().all(numeric) => {
            let mut parts: Vec<String> = parts
                .iter()
                .map(|p| p.trim_start_matches('0').to_owned())
                .collect();
            for p in parts.iter_mut() {
                if p.is_empty() {
                    *p = "0".to_owned();
                }
            }
            while parts.len() < 3 {
                parts.push("0".to_owned());
            }
            parts.join(".")
        }
        _ => "0.1.0".to_owned(),
    }
}

impl Lowerer<'_> {
    /// The absolute servers, and those `from_env` picks by the username's prefix.
    fn lower_servers(&mut self) -> (Vec<Server>, Vec<ServerChoice>) {
        let mut names = Namespace::default();
        let mut servers = Vec::new();
        let mut by_prefix = Vec::new();
        for (i, server) in self.spec.doc.servers.iter().enumerate() {
            let pointer = format!("#/servers/{i}");
            let Some(url) = server_url(server) else {
                self.warn(
                    pointer,
                    format!(
                        "the server `{}` is not an absolute URL; pass a base URL instead",
                        server.url
                    ),
                );
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
                    server
                        .description
                        .as_deref()
                        .and_then(|d| d.split_whitespace().next())
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| host.to_owned());
            let mut wanted = naming::camel(&wanted, "Server");
            if wanted.is_empty() {
                wanted = naming::server_fallback(i);
            }
            let rust_name = names.claim(&wanted, &pointer, &mut self.warnings);
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
    fn lower_auth(&mut self) -> (Vec<AuthMethod>, Option<(String, AuthEnv)>) {
        let Some(components) = self.spec.doc.components.as_ref() else {
            return (Vec::new(), None);
        };
        let mut from_env = None;
        let mut names = Namespace::with_reserved(&naming::builder_methods());
        let mut methods: Vec<AuthMethod> = Vec::new();
        for (scheme_name, scheme) in &components.security_schemes {
            let pointer = format!(
                "#/components/securitySchemes/{}",
                pointer_token(scheme_name)
            );
            let scheme = match scheme {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { .. } => {
                    self.warn(pointer, "a referenced security scheme is ignored");
                    continue;
                }
            };
            let Some((kind, description, wanted)) = self.auth_kind(scheme_name, scheme, &pointer)
            else {
                continue;
            };
            // One builder method per kind of credential: a second scheme of the same kind adds nothing.
            if methods.iter().any(|m| m.kind == kind) {
                continue;
            }
            let env = auth_env(scheme, &kind);
            let method_name = names.claim(&wanted, &pointer, &mut self.warnings);
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
        &mut self,
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
                    self.warn(
                        pointer,
                        "API keys in cookies are not supported; this scheme is ignored",
                    );
                    None
                }
            },
            SecurityScheme::HTTP { scheme, .. } => {
                self.warn(
                    pointer,
                    format!(
                        "HTTP `{scheme}` authentication is not supported; this scheme is ignored"
                    ),
                );
                None
            }
        }
    }

    /// Warn about the parts of the spec a client has no use for.
    fn note_ignored(&mut self) {
        if self.spec.raw.get("webhooks").is_some() {
            self.warn("#/webhooks", "webhooks are ignored");
        }
        if let Some(callbacks) = self.spec.raw.pointer("/components/callbacks") {
            if callbacks.as_object().is_some_and(|o| !o.is_empty()) {
                self.warn("#/components/callbacks", "callbacks are ignored");
            }
        }
        if let Some(links) = self.spec.raw.pointer("/components/links") {
            if links.as_object().is_some_and(|o| !o.is_empty()) {
                self.warn("#/components/links", "links are ignored");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_come_from_the_title() {
        assert_eq!(crate_name_from_title("Stytch SMS OTP"), "stytch-sms-otp");
        assert_eq!(
            crate_name_from_title("Swagger Petstore - OpenAPI 3.0"),
            "swagger-petstore-open-api-3-0"
        );
        assert_eq!(crate_name_from_title("3scale"), "api-3scale");
        assert_eq!(crate_name_from_title("!!!"), "value");
    }

    #[test]
    fn licenses_are_spdx_expressions_or_well_known_names() {
        assert!(is_spdx_expression("MIT OR Apache-2.0"));
        assert!(!is_spdx_expression("Apache 2.0"));
        assert_eq!(common_license_id("Apache 2.0"), Some("Apache-2.0"));
        assert_eq!(
            common_license_id("Apache License, Version 2.0"),
            Some("Apache-2.0")
        );
        assert_eq!(common_license_id("MIT License"), Some("MIT"));
        assert_eq!(common_license_id("Proprietary"), None);
    }

    #[test]
    fn crate_versions_are_semver_or_a_default() {
        assert_eq!(crate_version("1.0"), "1.0.0");
        assert_eq!(crate_version("2.1.3"), "2.1.3");
        assert_eq!(crate_version("v1"), "0.1.0");
        assert_eq!(crate_version("2024-01-01"), "0.1.0");
        assert_eq!(crate_version("01.002"), "1.2.0");
    }
}
