//! A crate's files emitted and rendered on several threads: the Rust ones (most of the
//! work: `syn` and `prettyplease`) as jobs that threads take in turn, a whole file or
//! a part of `types.rs`; tokens never cross threads, and the files come out in order
//! with the bytes of printing each whole, one after the other.

use crate::shared::{GenerateError, GeneratedFile, Options};
use crate::{emit, model, render};

/// Emit and render a crate's files, the Rust ones (most of the work: `syn` and
/// `prettyplease`) on several threads (see [`on_threads`]), each taking the next job
/// left: a whole file, or a part of `types.rs` (the largest file for almost every
/// spec, made in parts so that the threads share it). Tokens never cross threads;
/// the files come out in order, with the same bytes as printed one after the other.
pub(crate) fn render_crate(
    api: &model::Api,
    options: &Options,
) -> Result<Vec<GeneratedFile>, GenerateError> {
    let mut slots: Vec<Option<Result<GeneratedFile, GenerateError>>> = Vec::new();
    let mut files = Vec::new();
    let mut parts = Vec::new();
    for (index, file) in emit::files(api).into_iter().enumerate() {
        match file {
            emit::File::Text { path, text } => {
                slots.push(Some(render::render(
                    emit::Emitted::Text { path, text },
                    options,
                )));
                continue;
            }
            emit::File::Make(make) => files.push(Job::File { index, make }),
            emit::File::Gated {
                path,
                index: of,
                make,
            } => files.push(Job::Gated {
                index,
                path,
                of,
                make,
            }),
            emit::File::Parts {
                path, count, make, ..
            } => {
                parts.extend((0..count).map(|part| Job::Part {
                    index,
                    path,
                    part,
                    count,
                    make,
                }));
            }
        }
        slots.push(None);
    }
    // The largest jobs first, so that no thread is left with a large one at the end:
    // the last part of `types.rs` (it has the builders), the whole files, then the
    // other parts.
    let last = parts.pop();
    let jobs: Vec<Job> = last.into_iter().chain(files).chain(parts).collect();
    let done = on_threads(&jobs, api, options);
    assemble(slots, done, options)
}

/// Run `jobs` on this thread and others, one per core up to eight (two at least), each
/// taking the next job left. Which thread runs a job changes nothing in its result.
fn on_threads(jobs: &[Job], api: &model::Api, options: &Options) -> Vec<Done> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let others = cores.clamp(2, 8).min(jobs.len()).saturating_sub(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(job) = jobs.get(taken) else {
                return done;
            };
            done.push(job.run(api, options));
        }
    };
    std::thread::scope(|scope| {
        // A thread that cannot be started leaves its share to the others: this one
        // takes whatever is left.
        let threads: Vec<_> = (0..others)
            .map_while(|_| {
                std::thread::Builder::new()
                    // The main thread's stack: printing recurses as deep as the types nest.
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for thread in threads {
            done.extend(
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done
    })
}

/// The crate's files in order: `slots` (the text files, rendered) filled in with the
/// jobs' files, and a file printed in parts joined from its parts in order.
fn assemble(
    mut slots: Vec<Option<Result<GeneratedFile, GenerateError>>>,
    done: Vec<Done>,
    options: &Options,
) -> Result<Vec<GeneratedFile>, GenerateError> {
    // By file: its path, and its parts as printed (or failed), each with its place.
    type Parts = (&'static str, Vec<(usize, Result<String, GenerateError>)>);
    let mut printed_parts: std::collections::BTreeMap<usize, Parts> =
        std::collections::BTreeMap::new();
    for finished in done {
        match finished {
            Done::File(index, rendered) => slots[index] = Some(rendered),
            Done::Part(index, path, part, printed) => {
                let (_, parts) = printed_parts.entry(index).or_insert((path, Vec::new()));
                parts.push((part, printed));
            }
        }
    }
    for (index, (path, mut parts)) in printed_parts {
        // In order, so that of several failed parts the first is reported, whichever
        // thread printed what.
        parts.sort_by_key(|(part, _)| *part);
        let printed: Result<Vec<String>, GenerateError> =
            parts.into_iter().map(|(_, printed)| printed).collect();
        slots[index] = Some(printed.map(|printed| render::rust_file(path, &printed, options)));
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

/// A piece of [`render_crate`]'s work, done on whichever thread takes it.
enum Job {
    /// A whole file, made and rendered.
    File {
        index: usize,
        make: fn(&model::Api) -> emit::Emitted,
    },
    /// A whole file of gated items, `make(api, of)`, made and rendered.
    Gated {
        index: usize,
        path: String,
        of: usize,
        make: fn(&model::Api, usize) -> proc_macro2::TokenStream,
    },
    /// One part of a file, made and printed.
    Part {
        index: usize,
        path: &'static str,
        part: usize,
        count: usize,
        make: fn(&model::Api, usize, usize) -> proc_macro2::TokenStream,
    },
}

/// What a [`Job`] gives: text only, which may cross threads.
enum Done {
    File(usize, Result<GeneratedFile, GenerateError>),
    Part(usize, &'static str, usize, Result<String, GenerateError>),
}

impl Job {
    fn run(&self, api: &model::Api, options: &Options) -> Done {
        match *self {
            Job::File { index, make } => Done::File(index, render::render(make(api), options)),
            Job::Gated {
                index,
                ref path,
                of,
                make,
            } => Done::File(
                index,
                render::render(
                    emit::Emitted::Rust {
                        path: path.clone(),
                        tokens: make(api, of),
                    },
                    options,
                ),
            ),
            Job::Part {
                index,
                path,
                part,
                count,
                make,
            } => Done::Part(
                index,
                path,
                part,
                render::print(path, make(api, part, count)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{generate, model_with, NoFiles, Options};

    /// A spec with `count` object types (an enum each besides), and one operation.
    fn spec_with_types(count: usize) -> String {
        let mut spec = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {type: string}}}\n",
        );
        if count > 0 {
            spec.push_str("components:\n  schemas:\n");
        }
        for i in 0..count {
            spec.push_str(&format!(
                "    S{i}:\n      description: Type {i}.\n      type: object\n      required: [name]\n      properties:\n        next: {{$ref: '#/components/schemas/S{}'}}\n        name: {{type: string, maxLength: 9}}\n",
                (i + 1) % count
            ));
        }
        spec
    }

    #[test]
    fn a_file_printed_in_parts_on_several_threads_is_the_file_printed_whole() {
        // No types, fewer than make two parts, exactly two parts' worth, and many parts.
        for types in [0, 127, 128, 300] {
            let spec = spec_with_types(types);
            let options = Options::default();
            let (api, _) = model_with(&spec, &NoFiles, &options).expect("lowers");
            let parts = emit::files(&api).into_iter().find_map(|file| match file {
                emit::File::Parts { count, .. } => Some(count),
                _ => None,
            });
            assert_eq!(parts, Some((types / 64).clamp(1, 16)), "{types} types");
            // `emit` makes each file whole, `types.rs` at once.
            let whole: Vec<GeneratedFile> = emit::emit(&api)
                .into_iter()
                .map(|file| render::render(file, &options).expect("renders"))
                .collect();
            let generated = generate(&spec, &options).expect("generates");
            assert_eq!(generated.files, whole, "{types} types");
        }
    }
}
