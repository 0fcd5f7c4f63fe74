//! Generates a typed async Rust client crate from a Swagger 2.0 or OpenAPI 3.0, 3.1 or
//! 3.2 description.
//!
//! ```no_run
//! let spec = std::fs::read_to_string("openapi.yaml")?;
//! let generated = openapi_clientgen::generate(&spec, &openapi_clientgen::Options::default())?;
//! for warning in &generated.warnings {
//!     eprintln!("warning: {warning}");
//! }
//! for file in &generated.files {
//!     println!("{}: {} bytes", file.path, file.contents.len());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The pipeline is one function, [`generate`]: the spec is loaded and checked, lowered
//! into a plain model where every decision is made, emitted as tokens and printed.
//! [`generate_with`] reads the other files a spec's references name; [`build`] runs
//! it from a build script; [`diff`] says what a spec change means to dependents. The
//! `openapi-clientgen` command line (package `openapi-clientgen-cli`) wraps them all.

#![deny(missing_docs)]
#![warn(clippy::too_many_lines)]

pub mod build;
#[doc(hidden)]
pub(crate) mod check;
pub mod diff;
#[doc(hidden)]
pub(crate) mod emit;
pub(crate) mod files;
#[doc(hidden)]
pub(crate) mod load;
#[doc(hidden)]
pub(crate) mod lower;
#[doc(hidden)]
pub(crate) mod model;
#[doc(hidden)]
pub(crate) mod naming;
mod parallel;
#[doc(hidden)]
pub(crate) mod release;
#[doc(hidden)]
pub(crate) mod render;
pub(crate) mod shared;
#[doc(hidden)]
pub(crate) mod surface;
#[doc(hidden)]
pub(crate) mod upstream;

pub use files::FileResolver;
pub use shared::GENERATOR;
pub use shared::{
    GenerateError, Generated, GeneratedFile, Layout, NoFiles, Options, Resolve, Warning,
};

/// The inside of the generator, for this repository's own command line and tests: the
/// stages one by one, the model, the public-API text, changelogs. Hidden, and with no
/// promise of stability: anything here may change in any release.
#[doc(hidden)]
pub mod internal {
    use crate::{GenerateError, Options, Resolve, Warning};

    /// See `check.rs`.
    pub mod check {
        pub use crate::check::*;
    }
    /// See `emit/mod.rs`.
    pub mod emit {
        pub use crate::emit::*;
    }
    /// See `load.rs`.
    pub mod load {
        pub use crate::load::*;
    }
    /// See `lower/mod.rs`.
    pub mod lower {
        pub use crate::lower::*;
    }
    /// See `model.rs`.
    pub mod model {
        pub use crate::model::*;
    }
    /// See `naming.rs`.
    pub mod naming {
        pub use crate::naming::*;
    }
    /// See `release.rs`.
    pub mod release {
        pub use crate::release::*;
    }
    /// See `render.rs`.
    pub mod render {
        pub use crate::render::*;
    }
    /// See `shared.rs`.
    pub mod shared {
        pub use crate::shared::*;
    }
    /// See `surface.rs`.
    pub mod surface {
        pub use crate::surface::*;
    }
    /// See `upstream.rs`.
    pub mod upstream {
        pub use crate::upstream::*;
    }

    /// The first two stages alone: the spec loaded (other files read through
    /// `resolver`) and lowered into the model, with every warning, at places in the
    /// files as written.
    pub fn model_with(
        spec: &str,
        resolver: &dyn Resolve,
        options: &Options,
    ) -> Result<(model::Api, Vec<Warning>), GenerateError> {
        crate::model_with(spec, resolver, options)
    }
}

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

/// The first two stages alone (see [`internal::model_with`]); [`diff`] compares two
/// of these.
pub(crate) fn model_with(
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
