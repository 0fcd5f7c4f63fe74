//! Generating a client from a build script, for crates that keep only the spec.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), openapi_clientgen::build::Error> {
//!     openapi_clientgen::build::Builder::new("openapi.yaml").generate()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod client {
//!     include!(concat!(env!("OUT_DIR"), "/client.rs"));
//! }
//! ```
//!
//! Like the CLI, this sits at the edge of the pure core: it reads the spec and the
//! crate's `Cargo.toml` (and the files the spec's references name), calls
//! [`generate_with`] with [`Layout::Module`], writes one file into `OUT_DIR` and
//! speaks to cargo on stdout.

// File access is allowed here (clippy.toml, ARCHITECTURE.md): a build script's edge: it reads the spec and writes OUT_DIR.
#![allow(clippy::disallowed_methods)]

use crate::files::FileResolver;
use crate::{generate_with, Layout, Options};
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// Why a build script could not generate the client. Its `Debug` is its message, so
/// that `main` returning it prints what the CLI prints.
pub enum Error {
    /// The spec, `Cargo.toml` or `OUT_DIR` could not be read or written.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `OUT_DIR` is not set: not running as a build script.
    NoOutDir,
    /// The spec was refused: where (a JSON pointer) and why.
    Spec {
        /// The spec's path.
        spec: PathBuf,
        /// Where in it, and what is wrong.
        error: crate::GenerateError,
    },
    /// The crate does not depend on what the generated code uses.
    MissingDependencies {
        /// The crate's `Cargo.toml`.
        manifest: PathBuf,
        /// The `[dependencies]` lines to add, one per crate missing.
        lines: Vec<String>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "cannot use {}: {source}", path.display()),
            Error::NoOutDir => f.write_str("OUT_DIR is not set: run this from a build script"),
            Error::Spec { spec, error } => write!(f, "{}: {error}", spec.display()),
            Error::MissingDependencies { manifest, lines } => write!(
                f,
                "the generated client needs these crates; add them to [dependencies] in {}:\n{}",
                manifest.display(),
                lines.join("\n")
            ),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

/// Generates a client module into `OUT_DIR`; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    file_name: String,
    check_dependencies: bool,
}

impl Builder {
    /// Generate from this spec, a path relative to the crate (where cargo runs build
    /// scripts) or absolute.
    pub fn new(spec: impl Into<PathBuf>) -> Builder {
        Builder {
            spec: spec.into(),
            file_name: "client.rs".to_owned(),
            check_dependencies: true,
        }
    }

    /// The file written into `OUT_DIR` (default `client.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Builder {
        self.file_name = name.into();
        self
    }

    /// Whether to check that `Cargo.toml` names the crates the client uses (default
    /// on), so that a missing one is one clear error rather than unresolved imports.
    pub fn check_dependencies(mut self, yes: bool) -> Builder {
        self.check_dependencies = yes;
        self
    }

    /// Generate, write `OUT_DIR/<file_name>` and tell cargo to rerun only when the spec
    /// changes. Warnings become `cargo:warning=` lines; an error is printed as the CLI
    /// prints it and returned, so that the build fails with it.
    pub fn generate(self) -> Result<PathBuf, Error> {
        let outcome = self.run();
        if let Err(err) = &outcome {
            eprintln!("error: {err}");
        }
        outcome
    }

    fn run(&self) -> Result<PathBuf, Error> {
        // First, so that fixing a refused spec reruns the script; the files its
        // references name are added once they are known.
        println!("cargo:rerun-if-changed={}", self.spec.display());
        let out_dir = std::env::var_os("OUT_DIR")
            .map(PathBuf::from)
            .ok_or(Error::NoOutDir)?;
        let text = read(&self.spec)?;
        let options = Options {
            spec_label: self.spec.display().to_string(),
            regenerate_command: "cargo build (build.rs: openapi_clientgen::build::Builder)"
                .to_owned(),
            layout: Layout::Module,
            ..Options::default()
        };
        let resolver = FileResolver::for_spec(&self.spec);
        let generated = generate_with(&text, &resolver, &options);
        for file in resolver.files_asked() {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        let generated = generated.map_err(|error| Error::Spec {
            spec: self.spec.clone(),
            error,
        })?;
        for warning in &generated.warnings {
            println!("cargo:warning={}", one_line(&warning.to_string()));
        }
        if self.check_dependencies {
            let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
                .map(|dir| PathBuf::from(dir).join("Cargo.toml"))
                .unwrap_or_else(|| PathBuf::from("Cargo.toml"));
            let declared = declared_dependencies(&read(&manifest)?);
            let lines: Vec<String> = generated
                .dependencies
                .iter()
                .filter(|(name, _)| !declared.contains(*name))
                .map(|(name, requirement)| format!("{name} = {requirement}"))
                .collect();
            if !lines.is_empty() {
                return Err(Error::MissingDependencies { manifest, lines });
            }
        }
        let file = generated.files.into_iter().next().map(|f| f.contents);
        let path = out_dir.join(&self.file_name);
        // An unchanged file is left alone, so that nothing recompiles for it.
        if let Some(contents) = file {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
                std::fs::write(&path, contents).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
            }
        }
        Ok(path)
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

/// Cargo reads one instruction per line.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// The names of the crates a `Cargo.toml` depends on for the crate itself: keys of
/// `[dependencies]` and `[target.….dependencies]` (`name = …`, `name.workspace = true`,
/// `[dependencies.name]`). Development and build dependencies do not count.
pub fn declared_dependencies(manifest: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut in_dependencies = false;
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            let (table, name) = match header.rsplit_once("dependencies.") {
                Some((before, name)) => (format!("{before}dependencies"), Some(name)),
                None => (header.to_owned(), None),
            };
            let is_dependencies = table == "dependencies"
                || (table.starts_with("target.") && table.ends_with(".dependencies"));
            in_dependencies = is_dependencies && name.is_none();
            if let (true, Some(name)) = (is_dependencies, name) {
                names.insert(unquote(name));
            }
            continue;
        }
        if in_dependencies {
            if let Some((key, _)) = line.split_once('=') {
                let name = key.trim().split('.').next().unwrap_or_default();
                if !name.is_empty() {
                    names.insert(unquote(name));
                }
            }
        }
    }
    names
}

fn unquote(name: &str) -> String {
    name.trim().trim_matches(['"', '\'']).to_owned()
}

#[cfg(test)]
mod tests {
    use super::declared_dependencies;

    #[test]
    fn dependencies_are_read_from_every_form_cargo_accepts() {
        let manifest = r#"
[package]
name = "app"
serde = "not a dependency"

[dependencies]
reqwest = { version = "0.13", default-features = false }
serde.workspace = true
"serde_json" = "1" # a comment

[dependencies.tokio]
version = "1"

[target.'cfg(unix)'.dependencies]
httpdate = "1"

[dev-dependencies]
thiserror = "2"

[build-dependencies]
rustls = "0.23"
"#;
        let names: Vec<String> = declared_dependencies(manifest).into_iter().collect();
        assert_eq!(
            names,
            ["httpdate", "reqwest", "serde", "serde_json", "tokio"]
        );
    }
}
