//! Generates a typed async Rust client crate from a Swagger 2.0 or OpenAPI 3.0, 3.1 or 3.2 description.
//!
//! The pipeline is one function, [`generate`]: [`load`] the spec → [`lower`] it
//! into the [`model`] → [`emit`] tokens → [`render`] text.

#![warn(clippy::too_many_lines)]

pub mod build;
#[cfg(feature = "cli")]
pub mod check;
#[cfg(feature = "cli")]
pub mod conformance;
pub mod diff;
pub mod emit;
pub mod files;
pub mod load;
pub mod lower;
pub mod model;
pub mod naming;
mod parallel;
pub mod release;
pub mod render;
pub mod shared;
pub mod surface;
pub mod upstream;

pub use model::Warning;
pub use shared::{GenerateError, Generated, GeneratedFile, Layout, NoFiles, Options, Resolve};

pub use shared::{DEFAULT_OUT, DEFAULT_SPEC, GENERATOR, REGENERATE_COMMAND};

/// Turn spec text (YAML or JSON) into the files of a client crate.
///
/// Pure: no file system, no network, no clock; the same input gives the same bytes.
pub fn generate(spec: &str, options: &Options) -> Result<Generated, GenerateError> {
    generate_with(spec, &NoFiles, options)
}

/// [`generate`] for a spec in several files: `resolver` reads the files its external
/// references name (relative to the root document's directory). Errors and warnings
/// in those files name the file and the pointer (`schemas/pet.yaml#/Pet/…`).
///
/// Pure as long as `resolver` is: the CLI's reads files, and only those.
pub fn generate_with(
    spec: &str,
    resolver: &dyn Resolve,
    options: &Options,
) -> Result<Generated, GenerateError> {
    let (api, warnings) = model_with(spec, resolver, options)?;
    let files = match options.layout {
        Layout::Crate => parallel::render_crate(&api, options)?,
        Layout::Module => emit::emit_module(&api)
            .into_iter()
            .map(|file| render::render(file, options))
            .collect::<Result<Vec<_>, _>>()?,
    };
    Ok(Generated {
        files,
        warnings,
        operations: api.operations.len(),
        dependencies: emit::manifest::dependencies(&api),
    })
}

/// The first two stages alone: the spec loaded (other files read through `resolver`)
/// and lowered into the [`model`], with every warning, at places in the files as
/// written. `diff` compares two of these.
pub fn model_with(
    spec: &str,
    resolver: &dyn Resolve,
    options: &Options,
) -> Result<(model::Api, Vec<Warning>), GenerateError> {
    let loaded = load::load_with(spec, resolver)?;
    let origins = &loaded.origins;
    let (api, mut warnings) =
        lower::lower(&loaded.doc, &loaded.raw, options).map_err(|mut err| {
            err.pointer = origins.translate(&err.pointer);
            err
        })?;
    for warning in &mut warnings {
        warning.pointer = origins.translate(&warning.pointer);
    }
    warnings.extend(loaded.warnings);
    warnings.sort();
    // A part copied where a reference names it warns at its place as written too.
    warnings.dedup();
    Ok((api, warnings))
}
