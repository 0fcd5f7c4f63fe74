//! Generates a typed async Rust client crate from an OpenAPI 3.0 or 3.1 description.
//!
//! The pipeline is one function, [`generate`]: [`load`] the spec → [`lower`] it
//! into the [`model`] → [`emit`] tokens → [`render`] text.

pub mod build;
#[cfg(feature = "cli")]
pub mod check;
pub mod diff;
pub mod emit;
pub mod files;
pub mod load;
pub mod lower;
pub mod model;
pub mod naming;
pub mod release;
pub mod render;
pub mod shared;
pub mod upstream;

pub use model::Warning;
pub use shared::{GenerateError, Generated, GeneratedFile, Layout, NoFiles, Options, Resolve};

pub use shared::{DEFAULT_OUT, DEFAULT_SPEC, REGENERATE_COMMAND};

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
        Layout::Crate => render_crate(&api, options)?,
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

/// Emit and render a crate's files, the Rust ones (most of the work: `syn` and
/// `prettyplease`) on two threads, this one and a second, each taking the next file
/// left, largest first. Tokens never cross threads; the files come out in order, with
/// the same bytes as one after the other.
fn render_crate(api: &model::Api, options: &Options) -> Result<Vec<GeneratedFile>, GenerateError> {
    let files = emit::files(api);
    let mut slots: Vec<Option<Result<GeneratedFile, GenerateError>>> = Vec::new();
    let mut jobs = Vec::new();
    for (index, file) in files.into_iter().enumerate() {
        match file {
            emit::File::Text { path, text } => {
                slots.push(Some(render::render(
                    emit::Emitted::Text { path, text },
                    options,
                )));
            }
            emit::File::Make(make) => {
                slots.push(None);
                jobs.push((index, make));
            }
        }
    }
    // `types.rs` first: it is the largest for almost every spec.
    jobs.sort_by_key(|(index, _)| *index != emit::TYPES_AT);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((index, make)) = jobs.get(taken) else {
                return done;
            };
            done.push((*index, render::render(make(api), options)));
        }
    };
    let done = std::thread::scope(|scope| {
        let second = std::thread::Builder::new()
            // The main thread's stack: printing recurses as deep as the types nest.
            .stack_size(8 << 20)
            .spawn_scoped(scope, work)
            .map_err(|err| GenerateError::new("#", format!("cannot start a thread: {err}")))?;
        let mut done = work();
        done.extend(
            second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        Ok::<_, GenerateError>(done)
    })?;
    for (index, rendered) in done {
        slots[index] = Some(rendered);
    }
    slots
        .into_iter()
        .map(|slot| {
            slot.unwrap_or_else(|| {
                Err(GenerateError::new(
                    "#",
                    "internal error: a file was not rendered",
                ))
            })
        })
        .collect()
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
    Ok((api, warnings))
}
