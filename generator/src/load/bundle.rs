//! Multi-file specs: every relative external `$ref` (`./schemas/pet.yaml#/Pet`,
//! `common.json`) is read through a [`Resolve`] and brought into the root document,
//! so that the rest of the pipeline sees one document.
//!
//! - What a reference points at becomes a component of the kind its place asks for
//!   (a schema, a parameter, a response, ...), named after its last pointer token or
//!   its file, and the reference points there; the same target is brought in once.
//!   A path item given by an external `$ref` is written in its place.
//! - References inside a file that was read are relative to that file (`#/Pet` in
//!   `schemas/pet.yaml` is that file's `Pet`).
//! - Cycles between files are fine for components (each is brought in once); a path
//!   item that leads back to itself is refused.
//! - URLs are refused: generation reads no network.
//!
//! [`Origins`] maps each place in the bundled document back to the file and pointer it
//! came from, so that errors and warnings name the file the user wrote.

use super::parse_text;
use crate::naming::pointer_token;
use crate::shared::{GenerateError, Resolve};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Where parts of the document came from: a pointer prefix in the document, and the
/// `file#pointer` (or `#pointer`, for a part copied within it) it stands for; and,
/// for a document converted from Swagger 2.0, where each part of the 3.0 document
/// was in the 2.0 file.
#[derive(Debug, Default)]
pub struct Origins {
    places: Vec<(String, String)>,
    converted: Vec<(String, String)>,
}

impl Origins {
    /// Whether nothing came from another file.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The place in the files as written that `pointer` (into the bundled document)
    /// stands for. A place that was itself moved within the document (see
    /// [`Origins::moved`]) is followed on to where it came from; a place in a
    /// converted document, last, to where the 2.0 file has it.
    pub fn translate(&self, pointer: &str) -> String {
        let mut pointer = pointer.to_owned();
        for _ in 0..8 {
            let Some(origin) = longest_prefix(&self.places, &pointer) else {
                break;
            };
            pointer = origin;
            if !pointer.starts_with('#') {
                return pointer;
            }
        }
        moved_once(&self.converted, &pointer)
    }

    /// Record that what is at `prefix` in the document is a copy of what is at
    /// `place` (`#/…`, in the same document), or of `file#pointer`.
    pub fn moved(&mut self, prefix: String, place: String) {
        self.places.push((prefix, place));
    }

    /// Record where the parts of a document converted from Swagger 2.0 were: each
    /// 3.0 pointer prefix, and its place in the 2.0 file.
    pub fn converted(&mut self, moves: Vec<(String, String)>) {
        self.converted = moves;
    }
}

/// `pointer` with the longest of `moves`' prefixes it starts with replaced by that
/// prefix's place, when one is.
pub fn longest_prefix(moves: &[(String, String)], pointer: &str) -> Option<String> {
    moves
        .iter()
        .filter(|(prefix, _)| pointer == prefix || pointer.starts_with(&format!("{prefix}/")))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(prefix, place)| format!("{place}{}", &pointer[prefix.len()..]))
}

/// `pointer` moved once by `moves` (see [`longest_prefix`]), or as it is.
pub(super) fn moved_once(moves: &[(String, String)], pointer: &str) -> String {
    longest_prefix(moves, pointer).unwrap_or_else(|| pointer.to_owned())
}

/// A target of external references: a file (relative to the root's directory,
/// normalized) and a JSON pointer into it (`""` for the whole file).
type Target = (String, String);

struct Bundler<'r> {
    resolver: &'r dyn Resolve,
    /// Files read so far, parsed.
    files: BTreeMap<String, Value>,
    /// Each target brought in, and the local reference that now stands for it.
    brought: BTreeMap<Target, String>,
    /// Component names taken, by section.
    taken: BTreeMap<String, BTreeSet<String>>,
    /// Components still to fill: section, name, target.
    pending: VecDeque<(String, String, Target)>,
    origins: Origins,
    warnings: Vec<crate::model::Warning>,
}

/// Bring every external reference of `doc` into it. Returns where the parts brought
/// in came from, and a warning for each component that had to be renamed.
pub fn bundle(
    doc: &mut Value,
    resolver: &dyn Resolve,
) -> Result<(Origins, Vec<crate::model::Warning>), GenerateError> {
    if !has_external_refs(doc) {
        return Ok((Origins::default(), Vec::new()));
    }
    let mut bundler = Bundler {
        resolver,
        files: BTreeMap::new(),
        brought: BTreeMap::new(),
        taken: BTreeMap::new(),
        pending: VecDeque::new(),
        origins: Origins::default(),
        warnings: Vec::new(),
    };
    let mut added: Vec<(String, String, Value)> = Vec::new();
    let walked = bundler.sections_by_ref(doc).and_then(|()| {
        if let Some(Value::Object(components)) = doc.get("components") {
            for (section, entries) in components {
                if let Value::Object(entries) = entries {
                    let taken = bundler.taken.entry(section.clone()).or_default();
                    taken.extend(entries.keys().cloned());
                }
            }
        }
        bundler.walk(doc, None, "#")
    });
    let walked = walked.and_then(|()| {
        while let Some((section, name, target)) = bundler.pending.pop_front() {
            let here = format!("#/components/{section}/{}", pointer_token(&name));
            let mut value = bundler.target(&target, &here)?.clone();
            bundler.walk(&mut value, Some(&target.0), &here)?;
            added.push((section, name, value));
        }
        Ok(())
    });
    if let Err(mut err) = walked {
        err.pointer = bundler.origins.translate(&err.pointer);
        return Err(err);
    }
    if !added.is_empty() {
        insert_components(doc, added)?;
    }
    Ok((bundler.origins, bundler.warnings))
}

/// Put the components brought in into `doc`'s `components`.
fn insert_components(
    doc: &mut Value,
    added: Vec<(String, String, Value)>,
) -> Result<(), GenerateError> {
    let Value::Object(root) = doc else {
        return Err(GenerateError::new("#", "the document is not an object"));
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(components) = components else {
        return Err(GenerateError::new("#/components", "expected an object"));
    };
    for (section, name, value) in added {
        let entries = components
            .entry(section.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(entries) = entries else {
            return Err(GenerateError::new(
                format!("#/components/{}", pointer_token(&section)),
                "expected an object",
            ));
        };
        entries.insert(name, value);
    }
    Ok(())
}

impl Bundler<'_> {
    /// A section of `components` given as a `$ref` to another file's map
    /// (`schemas: {$ref: './schemas.yaml'}`): each member of that map becomes a
    /// component of the section, under its own name, read like any other.
    fn sections_by_ref(&mut self, doc: &mut Value) -> Result<(), GenerateError> {
        let Some(Value::Object(components)) = doc.get_mut("components") else {
            return Ok(());
        };
        for (section, entries) in components.iter_mut() {
            let here = format!("#/components/{}", pointer_token(section));
            let Some(reference) = entries.get("$ref").and_then(Value::as_str) else {
                continue;
            };
            let Some(target) = self.target_of(reference, None, &here)? else {
                continue;
            };
            let Value::Object(map) = self.target(&target, &here)? else {
                return Err(GenerateError::new(
                    format!("{here}/$ref"),
                    format!("`{reference}` is not a map of components"),
                ));
            };
            let names: Vec<String> = map.keys().cloned().collect();
            *entries = Value::Object(Map::new());
            let taken = self.taken.entry(section.clone()).or_default();
            taken.extend(names.iter().cloned());
            for name in names {
                let fragment = format!("{}/{}", target.1, pointer_token(&name));
                let member = (target.0.clone(), fragment);
                let at = format!("{here}/{}", pointer_token(&name));
                self.origins
                    .moved(at.clone(), format!("{}#{}", member.0, member.1));
                self.brought.insert(member.clone(), at);
                self.pending.push_back((section.clone(), name, member));
            }
        }
        Ok(())
    }

    /// Visit `node` (at `here` in the bundled document, written in `file`, `None` for
    /// the root), replacing every external reference.
    fn walk(
        &mut self,
        node: &mut Value,
        file: Option<&str>,
        here: &str,
    ) -> Result<(), GenerateError> {
        let inlined = match is_path_item_place(here) {
            true => self.inline_path_item(node, file, here)?,
            false => None,
        };
        let file = inlined.as_deref().or(file);
        match node {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    if let Some(local) = self.reference(reference, file, here)? {
                        object.insert("$ref".to_owned(), Value::String(local));
                    }
                }
                let names = keys_are_names(here);
                let mapping = here.ends_with("/discriminator/mapping");
                for (key, value) in object.iter_mut() {
                    let at = format!("{here}/{}", pointer_token(key));
                    if mapping {
                        // Mapping values are references written as plain strings.
                        if let Value::String(reference) = value {
                            if let Some(local) = self.reference(reference, file, &at)? {
                                *value = Value::String(local);
                            }
                        }
                        continue;
                    }
                    if !names && holds_only_data(key, value) {
                        continue;
                    }
                    self.walk(value, file, &at)?;
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.walk(item, file, &format!("{here}/{i}"))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The local reference that replaces `reference` (written in `file`), bringing its
    /// target in; `None` when it is local to the root already.
    fn reference(
        &mut self,
        reference: &str,
        file: Option<&str>,
        here: &str,
    ) -> Result<Option<String>, GenerateError> {
        let target = match self.target_of(reference, file, here)? {
            None => return Ok(None),
            Some((path, fragment)) if self.resolver.root_name() == Some(path.as_str()) => {
                return Ok(Some(format!("#{fragment}")));
            }
            Some(target) => target,
        };
        if let Some(local) = self.brought.get(&target) {
            return Ok(Some(local.clone()));
        }
        // Read now, so that a missing file or fragment is reported where it is named.
        self.target(&target, here)?;
        let section = section_for(here);
        let wanted = component_name(&target);
        let taken = self.taken.entry(section.to_owned()).or_default();
        let mut name = wanted.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        taken.insert(name.clone());
        let at = format!("#/components/{section}/{}", pointer_token(&name));
        if name != wanted {
            self.warnings.push(crate::model::Warning::new(
                at.clone(),
                format!(
                    "`{}#{}` is named `{name}` here: `{wanted}` is taken",
                    target.0, target.1
                ),
            ));
        }
        self.origins
            .moved(at.clone(), format!("{}#{}", target.0, target.1));
        self.brought.insert(target.clone(), at.clone());
        self.pending.push_back((section.to_owned(), name, target));
        Ok(Some(at))
    }

    /// A path item given by an external reference is written in its place (following
    /// further references; a cycle is refused). Returns the file it now comes from,
    /// which the references inside it are relative to.
    fn inline_path_item(
        &mut self,
        node: &mut Value,
        file: Option<&str>,
        here: &str,
    ) -> Result<Option<String>, GenerateError> {
        let mut came_from = None;
        let mut seen = Vec::new();
        loop {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return Ok(came_from);
            };
            let referrer = came_from.as_deref().or(file);
            let Some(target) = self.target_of(reference, referrer, here)? else {
                return Ok(came_from);
            };
            if self.resolver.root_name() == Some(target.0.as_str()) {
                node["$ref"] = Value::String(format!("#{}", target.1));
                return Ok(came_from);
            }
            if seen.contains(&target) {
                return Err(GenerateError::new(
                    here,
                    format!(
                        "the path item reference `{reference}` is part of a cycle of references"
                    ),
                ));
            }
            *node = self.target(&target, here)?.clone();
            self.origins
                .moved(here.to_owned(), format!("{}#{}", target.0, target.1));
            came_from = Some(target.0.clone());
            seen.push(target);
        }
    }

    /// The file and pointer an external reference names; `None` for a reference local
    /// to the root document.
    fn target_of(
        &self,
        reference: &str,
        file: Option<&str>,
        here: &str,
    ) -> Result<Option<Target>, GenerateError> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if path.is_empty() {
            return Ok(file.map(|file| (file.to_owned(), fragment.to_owned())));
        }
        if path.contains("://") || path.starts_with("//") || has_scheme(path) {
            return Err(GenerateError::new(
                here,
                format!("the reference `{reference}` is a URL; only files beside the spec are read (generation uses no network)"),
            ));
        }
        if path.starts_with('/') || path.starts_with('\\') {
            return Err(GenerateError::new(
                here,
                format!("the reference `{reference}` is an absolute path; external references are relative to the file they are in"),
            ));
        }
        let base = file.map_or("", |file| file.rsplit_once('/').map_or("", |(dir, _)| dir));
        let joined = if base.is_empty() {
            path.to_owned()
        } else {
            format!("{base}/{path}")
        };
        Ok(Some((normalize(&joined), fragment.to_owned())))
    }

    /// The value a target names, reading its file once.
    fn target(&mut self, target: &Target, here: &str) -> Result<&Value, GenerateError> {
        let (path, fragment) = target;
        if !self.files.contains_key(path) {
            let text = self
                .resolver
                .read(path)
                .map_err(|why| GenerateError::new(here, format!("cannot read `{path}`: {why}")))?;
            let (parsed, read) = parse_text(&text).map_err(|err| {
                GenerateError::new(
                    format!("{path}{}", err.pointer),
                    format!("`{path}` is not YAML or JSON: {}", err.message),
                )
            })?;
            self.warnings.extend(read.into_iter().map(|mut warning| {
                warning.pointer = format!("{path}{}", warning.pointer);
                warning
            }));
            self.files.insert(path.clone(), parsed);
        }
        let whole = &self.files[path];
        let decoded = if fragment.is_empty() || fragment.starts_with('/') {
            Some(fragment.as_str())
        } else {
            None
        };
        decoded
            .and_then(|pointer| whole.pointer(pointer))
            .ok_or_else(|| {
                GenerateError::new(here, format!("`{path}` has nothing at `#{fragment}`"))
            })
    }
}

/// Whether any `$ref` in `value` points outside the document (a quick look, so that a
/// spec in one file pays for no walk).
fn has_external_refs(value: &Value) -> bool {
    match value {
        Value::Object(object) => object
            .iter()
            .any(|(key, value)| match (key.as_str(), value) {
                ("$ref", Value::String(reference)) => !reference.starts_with('#'),
                _ => has_external_refs(value),
            }),
        Value::Array(items) => items.iter().any(has_external_refs),
        _ => false,
    }
}

/// Where a path item stands: `#/paths/<path>`, `#/webhooks/<name>`, and an
/// expression of a callback (`…/callbacks/<name>/<expression>`).
fn is_path_item_place(here: &str) -> bool {
    let top = ["#/paths/", "#/webhooks/"].iter().any(|prefix| {
        here.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
    });
    let tokens: Vec<&str> = here.split('/').collect();
    let callback = tokens.len() >= 3 && tokens[tokens.len() - 3] == "callbacks";
    top || callback
}

/// Members whose values are data, never references: examples, defaults, enums and
/// extensions.
fn holds_only_data(key: &str, value: &Value) -> bool {
    key.starts_with("x-")
        || matches!(key, "example" | "default" | "enum" | "const" | "value")
        || (key == "examples" && value.is_array())
}

/// Whether the members of the object at `here` are names the spec chose (properties,
/// responses by status, components, …), so that `value`, `default` or `x-…` there is
/// a name, not data.
fn keys_are_names(here: &str) -> bool {
    let tokens: Vec<&str> = here.split('/').collect();
    let last = tokens.last().copied().unwrap_or_default();
    let parent = tokens.len().checked_sub(2).map_or("", |i| tokens[i]);
    matches!(
        last,
        "properties"
            | "patternProperties"
            | "responses"
            | "headers"
            | "content"
            | "encoding"
            | "links"
            | "callbacks"
            | "paths"
            | "webhooks"
            | "$defs"
            | "definitions"
    ) || (last == "examples" && parent != "schema")
        || parent == "components"
        || parent == "callbacks"
}

/// Whether a reference starts with a URI scheme (`file:`, `https:`, `C:`).
fn has_scheme(path: &str) -> bool {
    path.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && !scheme.contains('/')
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// `a/./b/../c.yaml` → `a/c.yaml`; `..` above the root's directory is kept.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The components section a reference at `here` brings its target into, from the
/// place's last keywords; a schema wherever nothing else fits.
fn section_for(here: &str) -> &'static str {
    let tokens: Vec<&str> = here.split('/').collect();
    let last = tokens.last().copied().unwrap_or_default();
    let parent = tokens.len().checked_sub(2).map_or("", |i| tokens[i]);
    if matches!(last, "schema" | "items" | "additionalProperties" | "not")
        || matches!(
            parent,
            "properties" | "allOf" | "oneOf" | "anyOf" | "schemas" | "prefixItems" | "$defs"
        )
    {
        return "schemas";
    }
    if last == "requestBody" {
        return "requestBodies";
    }
    match parent {
        "parameters" => "parameters",
        "requestBodies" => "requestBodies",
        "responses" => "responses",
        "headers" => "headers",
        "examples" => "examples",
        "links" => "links",
        "callbacks" => "callbacks",
        "securitySchemes" => "securitySchemes",
        "pathItems" => "pathItems",
        "content" | "mediaTypes" => "mediaTypes",
        _ => "schemas",
    }
}

/// A character a component's name may have: OpenAPI's `^[a-zA-Z0-9.\-_]+$`.
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
}

/// The component name for a target: its pointer's last token, else its file's stem,
/// in the characters a component name may have.
fn component_name(target: &Target) -> String {
    let (path, fragment) = target;
    let from_pointer = fragment
        .rsplit('/')
        .next()
        .filter(|token| !token.is_empty())
        .map(crate::naming::token_text);
    let stem = || {
        let file = path.rsplit('/').next().unwrap_or(path);
        file.split('.').next().unwrap_or(file).to_owned()
    };
    let wanted = from_pointer.unwrap_or_else(stem);
    let cleaned: String = wanted
        .chars()
        .map(|c| if is_name_char(c) { c } else { '_' })
        .collect();
    if cleaned.is_empty() {
        "External".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_against_the_referring_file() {
        assert_eq!(normalize("schemas/./pet.yaml"), "schemas/pet.yaml");
        assert_eq!(normalize("schemas/../common.json"), "common.json");
        assert_eq!(normalize("../shared/x.yaml"), "../shared/x.yaml");
        assert_eq!(normalize("a/b/../../../x.yaml"), "../x.yaml");
    }

    #[test]
    fn a_reference_brings_its_target_into_the_section_its_place_asks_for() {
        assert_eq!(section_for("#/paths/~1pets/get/parameters/0"), "parameters");
        assert_eq!(
            section_for("#/paths/~1pets/get/requestBody"),
            "requestBodies"
        );
        assert_eq!(section_for("#/paths/~1pets/get/responses/200"), "responses");
        assert_eq!(
            section_for("#/paths/~1pets/get/responses/200/content/application~1json/schema"),
            "schemas"
        );
        assert_eq!(
            section_for("#/components/schemas/Pet/properties/responses"),
            "schemas"
        );
        assert_eq!(
            section_for("#/components/schemas/Pet/properties/owner/items"),
            "schemas"
        );
        assert_eq!(
            section_for("#/components/responses/NotFound/headers/X-Rate"),
            "headers"
        );
    }

    #[test]
    fn urls_and_schemes_are_not_files() {
        assert!(has_scheme("https:x"));
        assert!(has_scheme("file:pet.yaml"));
        assert!(!has_scheme("pet.yaml"));
        assert!(!has_scheme("dir/a:b.yaml"));
    }
}
