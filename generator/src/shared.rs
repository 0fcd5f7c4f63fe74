//! The ground floor: the types every stage shares (options, the error, the warning,
//! the output). It imports nothing of the crate: every stage imports from here, and no
//! arrow points back up to `lib.rs`.

/// The generator's name and version, as every generated file's header names them.
pub const GENERATOR: &str = concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION"));

/// Something the generator skipped or changed (a name made valid, a construct it
/// cannot express), with its place in the spec. The CLI prints each to stderr.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// JSON pointer to the place, as in [`GenerateError::pointer`].
    pub pointer: String,
    /// What was skipped or changed, and why.
    pub message: String,
}

impl Warning {
    /// A warning at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Why a spec could not be turned into a client: where in the spec, and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {message}")]
pub struct GenerateError {
    /// JSON pointer to the offending place (`#/paths/~1pets/get/...`), after the
    /// file's name when the place is in another file than the root document.
    pub pointer: String,
    /// What is wrong there.
    pub message: String,
}

impl GenerateError {
    /// An error at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        GenerateError {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// Reads the files a spec's external references name (`$ref: './schemas/pet.yaml#/Pet'`).
/// [`crate::generate_with`] takes one; the CLI's reads files beside the spec.
pub trait Resolve {
    /// The text of the file at `path`: `/`-separated, relative to the root document's
    /// directory, normalized (it may start with `..`). An error says why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;

    /// The root document's own file name, relative like [`Resolve::read`]'s paths, so
    /// that a reference back to it is a reference within it.
    fn root_name(&self) -> Option<&str> {
        None
    }
}

/// Reads no files: a spec with external references is refused where they stand.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl Resolve for NoFiles {
    fn read(&self, _path: &str) -> Result<String, String> {
        Err("this generation reads no files (give `generate_with` a resolver)".to_owned())
    }
}

/// Settings that are not in the spec.
#[derive(Debug, Clone)]
pub struct Options {
    /// How the spec is named in generated headers (a path relative to the workspace).
    pub spec_label: String,
    /// The command printed in generated headers and freshness failures.
    pub regenerate_command: String,
    /// Cargo package name; by default derived from `info.title`.
    pub crate_name: Option<String>,
    /// Cargo package version; by default `info.version` when it is semver (a release
    /// records its own).
    pub crate_version: Option<String>,
    /// A whole crate, or one module file for another crate to include.
    pub layout: Layout,
}

/// What the output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// A crate: `Cargo.toml`, `rustfmt.toml`, `src/lib.rs`, `src/types.rs`, `src/runtime/`.
    #[default]
    Crate,
    /// One file, `client.rs`: the same types, client and runtime as one module tree,
    /// for a crate that includes it (see [`crate::build`]).
    Module,
}

impl Options {
    /// The options of `openapi-clientgen --spec SPEC --out OUT`: headers name `spec`
    /// and that command; the crate is named after the spec's title and versioned by
    /// its `info.version`.
    pub fn for_command_line(spec: &str, out: &str) -> Self {
        Options {
            spec_label: spec.to_owned(),
            regenerate_command: format!("openapi-clientgen --spec {spec} --out {out}"),
            crate_name: None,
            crate_version: None,
            layout: Layout::Crate,
        }
    }
}

/// A spec called `openapi.yaml` in the current folder, regenerated with the command
/// line ([`Options::for_command_line`]).
impl Default for Options {
    fn default() -> Self {
        Options::for_command_line("openapi.yaml", ".")
    }
}

/// One file of the generated crate, its path relative to the crate root (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Where the file goes: `Cargo.toml`, `src/lib.rs`, `src/runtime/mod.rs`, …
    pub path: String,
    /// Its text, header included.
    pub contents: String,
}

/// A generated crate and what was skipped on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The crate's files (or the one module file), in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// What was skipped or renamed, sorted by place.
    pub warnings: Vec<Warning>,
    /// Number of client methods.
    pub operations: usize,
    /// The crates the generated code uses: name and `Cargo.toml` requirement.
    pub dependencies: Vec<(&'static str, &'static str)>,
}

/// Why a `$ref` in the document could not be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefProblem {
    /// It points outside this document.
    External,
    /// It points at nothing.
    Missing,
    /// It comes back to where it started.
    Cycle,
}

/// A media type without its parameters, lowercase: `application/json` for
/// `Application/JSON; charset=utf-8`.
pub fn media_essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `node` itself, or when it is a `$ref`, the node that reference leads to (see
/// [`follow_refs`]); `None` for a reference that leads nowhere.
pub fn dereferenced<'d>(
    doc: &'d serde_json::Value,
    node: &'d serde_json::Value,
) -> Option<&'d serde_json::Value> {
    match node.get("$ref").and_then(serde_json::Value::as_str) {
        Some(reference) => follow_refs(doc, reference).ok().map(|(target, _)| target),
        None => Some(node),
    }
}

/// The node a `#…` reference points at in the raw document, following nodes that
/// are references themselves, with that node's JSON pointer.
pub fn follow_refs<'d>(
    doc: &'d serde_json::Value,
    reference: &str,
) -> Result<(&'d serde_json::Value, String), RefProblem> {
    // References are `&str`s into `doc` once the first is followed, so a chain costs
    // no copies; `seen` finds a cycle in one lookup per link.
    let mut reference: &str = reference;
    let first = reference.to_owned();
    let mut seen: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    loop {
        let target = reference.strip_prefix('#').ok_or(RefProblem::External)?;
        if reference == first && !seen.is_empty() {
            return Err(RefProblem::Cycle);
        }
        let node = doc.pointer(target).ok_or(RefProblem::Missing)?;
        match node.get("$ref").and_then(serde_json::Value::as_str) {
            Some(next) => {
                if !seen.insert(next) {
                    return Err(RefProblem::Cycle);
                }
                reference = next;
            }
            None => return Ok((node, format!("#{target}"))),
        }
    }
}
