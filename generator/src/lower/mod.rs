//! Stage 2: turn the parsed spec into the [`crate::model`], making every decision:
//! names, types, media types, success and error shapes, what is validated and boxed.

mod aliases;
mod analysis;
mod credentials;
mod docs;
mod examples;
mod groups;
mod operation;
mod pages;
mod schema;
mod spec;

pub use schema::NO_VALUE_FITS;

use crate::model::{Api, TypeDef, TypeRef, Warning};
use crate::naming::{self, Proposal, Scope, Wanted};
use crate::shared::{GenerateError, Options};
use serde_json::Value;
use std::collections::BTreeMap;

/// What the passes that shape types and operations (2 to 5) share: the types made so
/// far, the names they propose, the inline schemas already lowered and the warnings,
/// with what they read (the spec, the components' keys, the multipart objects).
pub(crate) struct Shaper<'a> {
    spec: spec::Spec<'a>,
    /// Types in the order they were created, each with the index of the spec item that created it.
    types: Vec<(usize, usize, TypeDef)>,
    /// The names wanted so far, in order: whatever is named (a type and every
    /// reference to it, a field, a variant, a method) carries its proposal's key until
    /// the naming pass gives the names.
    proposals: Vec<Proposal>,
    /// Component schema name → the key of its type's name.
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

impl<'a> Shaper<'a> {
    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning::new(pointer, message));
    }

    /// Propose a name for what is at `pointer`; its key stands for it until it is named.
    fn propose(&mut self, scope: Scope, pointer: &str, wanted: Wanted) -> String {
        naming::propose(&mut self.proposals, scope, pointer, wanted)
    }

    /// [`Shaper::propose`] a name in the `types` module.
    fn propose_type(&mut self, pointer: &str, wanted: Wanted) -> String {
        self.propose(Scope::Types, pointer, wanted)
    }

    /// [`Shaper::propose`] the name of the field for `wire` in the struct `owner`.
    fn propose_field(&mut self, owner: &str, pointer: &str, wire: &str) -> String {
        self.propose(
            Scope::Fields(owner.to_owned()),
            pointer,
            Wanted::snake(wire),
        )
    }

    /// [`Shaper::propose`] the `static` for the field `field`'s pattern, when its
    /// rules have one.
    fn propose_pattern(
        &mut self,
        pointer: &str,
        field: &str,
        rules: &[crate::model::Rule],
    ) -> Option<String> {
        schema::has_pattern(rules).then(|| {
            let wanted = Wanted::PatternStatic(naming::Hint::NameOf(field.to_owned()));
            self.propose(Scope::OwnBlock, pointer, wanted)
        })
    }

    /// A type made so far, by its key.
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
/// A chain of passes, in the order their inputs require, each taking what it reads as
/// arguments and giving what it finds as its result. The passes that shape types and
/// operations (2 to 5) also work on the `Shaper`: the types made so far, the names
/// they propose and the warnings, which `Shaper::finish` hands back. No pass before
/// the naming pass (7) gives a name: what they make refers to each name by the key of
/// its proposal ([`naming::Proposal`]), and the naming pass gives them all at once.
pub fn lower(
    doc: &openapiv3::OpenAPI,
    raw: &Value,
    options: &Options,
) -> Result<(Api, Vec<Warning>), GenerateError> {
    let spec = spec::Spec { doc, raw };
    // 1. The object schemas sent as multipart bodies: their binary properties are
    //    files, whichever operation or component lowers them first.
    let multipart_objects = operation::multipart_objects(spec);
    // 2. The component schemas' names, proposed before any type is made, so that a
    //    `$ref` is just a name's key; then their types.
    let mut shaper = Shaper::new(spec, multipart_objects);
    shaper.lower_components()?;
    // 3. The components' aliases resolved, and which unions are of scalars: the
    //    operations' parameters depend on both.
    let components = shaper.resolve_aliases(&mut [])?;
    // 4. The operations: parameters, bodies, responses and the types they make, and
    //    the names of their methods and arguments proposed.
    let mut operations = shaper.lower_operations(&components)?;
    // 5. Aliases substituted in what the operations added.
    let resolved = shaper.resolve_aliases(&mut operations)?;
    let (mut types, mut proposals, mut warnings) = shaper.finish();
    // 5b. Which operations page: the `x-pagination` extension, else the shapes
    //    recognised with confidence; their `…_pages` methods' names proposed.
    pages::pagination(spec, &types, &mut operations, &mut proposals, &mut warnings);
    // 6. Servers, credential methods and `from_env`, their names proposed.
    let (mut servers, mut auth, mut from_env) =
        credentials::servers_and_credentials(spec, &mut proposals, &mut warnings);
    // 7. The names: every name proposed so far given, collisions resolved in each
    //    scope, and each key replaced by its name; then the prose that names them.
    let names = naming::name(&proposals, &mut warnings)?;
    names.apply(&mut types, &mut operations);
    names.apply_to_credentials(&mut servers, &mut auth, from_env.as_mut());
    let scalar_unions = resolved.scalar_unions_named(&names);
    docs::params_structs(&mut types, &operations);
    // 8. What the client has no use for, warned about.
    note_ignored(spec, &mut warnings);
    // 9. The whole set of types: recursive fields boxed, rules that cannot apply
    //    dropped, then what is built, defaulted, validated, and the crate's features.
    analysis::box_recursive_fields(&mut types);
    warnings.extend(analysis::drop_rules_that_do_not_fit(&mut types));
    let analysis = analysis::analyse(&types, &operations, scalar_unions);
    let features = analysis::features(&types, &operations, &analysis);
    // 9b. The cargo features: operations grouped by tag (else by path), each type
    //    gated by the groups that reach it. A module has no features of its own.
    let gates = match options.layout {
        crate::shared::Layout::Crate => groups::gates(&mut operations, &mut types, &mut warnings),
        crate::shared::Layout::Module => crate::model::Gates::default(),
    };
    // 10. The package, and the `Api` with its prose made safe for rustdoc.
    let package = package(spec, &mut warnings);
    let mut api = Api {
        crate_name: options
            .crate_name
            .clone()
            .unwrap_or_else(|| crate_name_from_title(&doc.info.title)),
        crate_version: options
            .crate_version
            .clone()
            .unwrap_or_else(|| crate_version(&doc.info.version)),
        package,
        title: doc.info.title.clone(),
        description: docs::trimmed(doc.info.description.as_deref()),
        servers,
        auth,
        from_env,
        types,
        operations,
        analysis,
        features,
        gates,
    };
    docs::normalize(&mut api);
    warnings.sort();
    warnings.dedup();
    Ok((api, warnings))
}

impl<'a> Shaper<'a> {
    /// A shaper for `spec`, the component schemas' names proposed.
    fn new(spec: spec::Spec<'a>, multipart_objects: std::collections::BTreeSet<String>) -> Self {
        let mut proposals = Vec::new();
        let component_names = schema::component_names(spec, &mut proposals);
        Shaper {
            spec,
            types: Vec::new(),
            proposals,
            component_names,
            inline_types: BTreeMap::new(),
            multipart_objects,
            origin: 0,
            depth: 0,
            warnings: Vec::new(),
        }
    }

    /// The types made, in the order of the spec items that made them, the names they
    /// want, and the warnings given while making them.
    fn finish(self) -> (Vec<TypeDef>, Vec<Proposal>, Vec<Warning>) {
        let mut types = self.types;
        types.sort_by_key(|(origin, seq, _)| (*origin, *seq));
        let types = types.into_iter().map(|(_, _, def)| def).collect();
        (types, self.proposals, self.warnings)
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
/// (3.1's `license.identifier` is read from the raw JSON, which `openapiv3` drops.)
fn package(spec: spec::Spec<'_>, warnings: &mut Vec<Warning>) -> crate::model::Package {
    let license = spec.raw.get("info").and_then(|i| i.get("license"));
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    let license = match text(license.and_then(|l| l.get("identifier"))) {
        Some(identifier) => Some(identifier),
        None => spec.doc.info.license.as_ref().and_then(|l| {
            let name = l.name.clone();
            if is_spdx_expression(&name) {
                Some(name)
            } else if let Some(id) = common_license_id(&name) {
                Some(id.to_owned())
            } else {
                warnings.push(Warning::new(
                    "#/info/license/name",
                    format!(
                        "`{name}` is not an SPDX license expression; the crate declares no license"
                    ),
                ));
                None
            }
        }),
    };
    let extensions = &spec.doc.info.extensions;
    crate::model::Package {
        license,
        repository: text(extensions.get("x-repository")),
        publish: extensions.get("x-publish") != Some(&Value::Bool(false)),
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

/// Warn about the parts of the spec a client has no use for.
fn note_ignored(spec: spec::Spec<'_>, warnings: &mut Vec<Warning>) {
    let mut warn = |pointer: &str, message: &str| warnings.push(Warning::new(pointer, message));
    if spec.raw.get("webhooks").is_some() {
        warn("#/webhooks", "webhooks are ignored");
    }
    let present = |pointer: &str| {
        spec.raw
            .pointer(pointer)
            .and_then(Value::as_object)
            .is_some_and(|o| !o.is_empty())
    };
    if present("/components/callbacks") {
        warn("#/components/callbacks", "callbacks are ignored");
    }
    if present("/components/links") {
        warn("#/components/links", "links are ignored");
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
