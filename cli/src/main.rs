//! `openapi-clientgen`: generate a client crate from a Swagger 2.0 or OpenAPI 3.0, 3.1 or
//! 3.2 spec, and say what a spec change means to the crates that depend on it. A thin
//! layer over the `openapi-clientgen` library: arguments, files, exit codes.

// File access is allowed here (clippy.toml, ARCHITECTURE.md): the command line: the edge where files are read and written.
#![allow(clippy::disallowed_methods)]
#![warn(clippy::too_many_lines)]

use clap::{Args, Parser, Subcommand, ValueEnum};
mod conformance;

use openapi_clientgen::diff::{diff, Bump, Lowered};
use openapi_clientgen::internal::{check, load, release, surface, upstream};
use openapi_clientgen::{generate_with, FileResolver, GenerateError, Options, Resolve};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Printing Rust allocates and frees a great deal; glibc's allocator spent a third of
/// a large spec's run on it (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate a typed async Rust client crate from a Swagger 2.0 or OpenAPI 3.0, 3.1 or 3.2 description.
#[derive(Parser, Debug)]
#[command(
    name = "openapi-clientgen",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    generate: GenerateArgs,
}

#[derive(Args, Debug)]
struct GenerateArgs {
    /// The spec (YAML or JSON).
    #[arg(long)]
    spec: Option<PathBuf>,
    /// The crate directory to write (Cargo.toml and src/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write nothing; fail with a diff if the crate differs from what the spec gives.
    #[arg(long)]
    check: bool,
    /// The generated package's name (default: from the spec's title).
    #[arg(long)]
    crate_name: Option<String>,
    /// Fail when any part of the spec is skipped.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// What changed between two specs, for the crates that depend on the generated
    /// client: every change with its JSON pointer, Rust item, kind and semver class, and
    /// the verdict (major, minor, patch or none).
    Diff {
        /// The old spec (or, with --since, the spec to compare with its old self).
        old: Option<PathBuf>,
        /// The new spec.
        new: Option<PathBuf>,
        /// Read the old spec from this git revision (the spec's path as it is now).
        #[arg(long)]
        since: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Release the generated crate: diff the spec against the copy kept at the last
    /// release, take the next version by the verdict, add a section to the crate's
    /// CHANGELOG.md, keep a copy of the spec, regenerate.
    Release {
        /// The spec the crate is generated from.
        #[arg(long)]
        spec: Option<PathBuf>,
        /// The crate's directory.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The copy of the spec at the last release. Default: `released/<file>` beside the spec.
        #[arg(long)]
        released: Option<PathBuf>,
        /// This version instead of the one the verdict gives (a first release, say).
        #[arg(long)]
        version: Option<String>,
        /// Write nothing; fail if the spec changed since the last release.
        #[arg(long)]
        check: bool,
    },
    /// Compare our spec with the provider's published one: for each of our operations
    /// found in theirs (by method and path), every request and response field that is
    /// on one side only, differs in type, or differs in being required. Exits 1 when
    /// something differs.
    CompareUpstream {
        ours: PathBuf,
        theirs: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check the spec's client on the wire: generate it and a harness that calls every
    /// operation (only what is required, every optional part, and each declared
    /// status), serve the spec with Prism's mock on 127.0.0.1, and report whether
    /// Prism accepted each request and each response decoded. Exits 1 when a call
    /// failed.
    Conformance {
        #[arg(long)]
        spec: PathBuf,
        /// Prism's executable. Default: node_modules/.bin/prism in the current folder,
        /// else `prism` on the PATH.
        #[arg(long)]
        prism: Option<PathBuf>,
        /// Where the client and the harness are written and built. Default: a folder
        /// under the system's temporary folder, named after the spec.
        #[arg(long)]
        work: Option<PathBuf>,
        /// Cargo's target folder for the build. Default: `CARGO_TARGET_DIR`, else
        /// `target/` in the work folder. Runs over several specs share one.
        #[arg(long)]
        target_dir: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
}

/// An error, printed as `error: FILE: POINTER: MESSAGE`, and failure.
fn fail(file: &Path, err: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {}: {}", file.display(), shown(&err.to_string()));
    ExitCode::FAILURE
}

/// Text from a spec as a terminal shows it safely: control characters (an escape
/// sequence could rewrite the screen) and code points that change the direction of
/// text are written as escapes (`\u{1b}`).
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => "\n".to_owned(),
            c if c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') =>
            {
                c.escape_unicode().to_string()
            }
            c => c.to_string(),
        })
        .collect()
}

fn read(path: &Path) -> Result<String, ExitCode> {
    std::fs::read_to_string(path).map_err(|err| fail(path, format!("cannot be read: {err}")))
}

/// The crate's released version, when its directory has a changelog.
fn released_version(out: &Path) -> Option<String> {
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).ok()?;
    release::released_version(&changelog)
}

/// The options the command line asks for; the header names the command that
/// regenerates the same output.
fn options(spec: &Path, out: &Path, crate_name: Option<&str>) -> Options {
    let mut options =
        Options::for_command_line(&spec.display().to_string(), &out.display().to_string());
    if let Some(name) = crate_name {
        options
            .regenerate_command
            .push_str(&format!(" --crate-name {name}"));
        options.crate_name = Some(name.to_owned());
    }
    options.crate_version = released_version(out);
    options
}

/// A command line that lacks what it needs: the message, and exit code 2.
fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// `--check`: compare with what is on disk, print a diff and the command when stale.
fn check_only(
    out: &Path,
    spec: &Path,
    files: &[openapi_clientgen::GeneratedFile],
    options: &Options,
) -> ExitCode {
    let stale = check::stale_files(out, files);
    if stale.is_empty() {
        return ExitCode::SUCCESS;
    }
    for file in &stale {
        println!("{}", file.diff);
    }
    let names: Vec<&str> = stale.iter().map(|s| s.path.as_str()).collect();
    eprintln!(
        "error: {} is not what {} gives ({}); regenerate with: {}",
        out.display(),
        spec.display(),
        names.join(", "),
        options.regenerate_command
    );
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => generate_command(&cli.generate),
        Some(Command::Diff {
            old,
            new,
            since,
            format,
        }) => diff_command(old, new, since, format),
        Some(Command::Release {
            spec,
            out,
            released,
            version,
            check,
        }) => release_command(spec, out, released, version, check),
        Some(Command::CompareUpstream {
            ours,
            theirs,
            format,
        }) => compare_upstream_command(&ours, &theirs, format),
        Some(Command::Conformance {
            spec,
            prism,
            work,
            target_dir,
        }) => conformance_command(&spec, prism, work, target_dir),
    }
}

fn conformance_command(
    spec: &Path,
    prism: Option<PathBuf>,
    work: Option<PathBuf>,
    target_dir: Option<PathBuf>,
) -> ExitCode {
    let prism = prism.unwrap_or_else(|| {
        let local = PathBuf::from("node_modules/.bin/prism");
        if local.exists() {
            local
        } else {
            PathBuf::from("prism")
        }
    });
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec".to_owned());
    let work = work.unwrap_or_else(|| std::env::temp_dir().join("openapi-conformance").join(stem));
    let target = target_dir
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from))
        .unwrap_or_else(|| work.join("target"));
    let setup = conformance::Setup {
        spec: spec.to_path_buf(),
        prism,
        work,
        target,
    };
    match conformance::run(&setup) {
        Ok(report) => {
            print!("{}", shown(&report.table()));
            println!("{}", report.summary());
            if report.failures().is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(err) => fail(spec, err),
    }
}

fn generate_command(args: &GenerateArgs) -> ExitCode {
    let (Some(spec), Some(out)) = (args.spec.clone(), args.out.clone()) else {
        return usage(
            "give the spec and the crate's folder: openapi-clientgen --spec SPEC --out DIR",
        );
    };
    let options = options(&spec, &out, args.crate_name.as_deref());
    let text = match read(&spec) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let generated = match generate_with(&text, &FileResolver::for_spec(&spec), &options) {
        Ok(generated) => generated,
        Err(err) => return fail(&spec, err),
    };
    for warning in &generated.warnings {
        eprintln!("warning: {}", shown(&warning.to_string()));
    }
    if args.deny_warnings && !generated.warnings.is_empty() {
        eprintln!(
            "error: {} warning(s) and --deny-warnings",
            generated.warnings.len()
        );
        return ExitCode::FAILURE;
    }
    if args.check {
        return check_only(&out, &spec, &generated.files, &options);
    }
    if let Err(err) = check::write_files(&out, &generated.files) {
        return fail(&out, format!("cannot be written: {err}"));
    }
    let names: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    eprintln!(
        "wrote {} ({} operations: {})",
        out.display(),
        generated.operations,
        names.join(", ")
    );
    ExitCode::SUCCESS
}

/// The model of a spec read from `text` (other files beside `path`), or the error
/// naming `path`.
fn model_of(path: &Path, text: &str) -> Result<Lowered, ExitCode> {
    model_from(path, text, &FileResolver::for_spec(path))
}

/// [`model_of`], the other files read through `resolver`.
fn model_from(path: &Path, text: &str, resolver: &dyn Resolve) -> Result<Lowered, ExitCode> {
    Lowered::new(text, resolver, &Options::default()).map_err(|err: GenerateError| fail(path, err))
}

/// Reads the files a spec at a git revision names, as they were at that revision.
struct GitResolver {
    rev: String,
    /// The spec's folder, relative to the working directory.
    dir: PathBuf,
    root_name: String,
}

impl Resolve for GitResolver {
    fn read(&self, path: &str) -> Result<String, String> {
        let output = std::process::Command::new("git")
            .arg("show")
            .arg(format!("{}:./{}", self.rev, self.dir.join(path).display()))
            .output()
            .map_err(|err| format!("git cannot be run: {err}"))?;
        match output.status.success() {
            true => Ok(String::from_utf8_lossy(&output.stdout).into_owned()),
            false => Err(String::from_utf8_lossy(&output.stderr).trim().to_owned()),
        }
    }

    fn root_name(&self) -> Option<&str> {
        Some(&self.root_name)
    }
}

fn diff_command(
    old: Option<PathBuf>,
    new: Option<PathBuf>,
    since: Option<String>,
    format: Format,
) -> ExitCode {
    let mut at_rev = None;
    let pair = match (since, old, new) {
        (Some(rev), spec, None) => {
            let Some(spec) = spec else {
                return usage("give the spec to compare with its old self: diff --since REV SPEC");
            };
            let resolver = GitResolver {
                rev: rev.clone(),
                dir: spec.parent().map(Path::to_path_buf).unwrap_or_default(),
                root_name: spec
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            let old_text = resolver
                .read(&resolver.root_name)
                .map_err(|why| fail(&spec, format!("not readable at {rev}: {why}")));
            at_rev = Some(resolver);
            old_text.map(|old_text| {
                let label = PathBuf::from(format!("{rev}:{}", spec.display()));
                ((label, old_text), spec)
            })
        }
        (None, Some(old), Some(new)) => read(&old).map(|text| ((old, text), new)),
        _ => {
            eprintln!("error: give two specs (diff OLD NEW), or --since REV [SPEC]");
            return ExitCode::from(2);
        }
    };
    let ((old_path, old_text), new_path) = match pair {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let new_text = match read(&new_path) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let old_api = match &at_rev {
        Some(resolver) => model_from(&old_path, &old_text, resolver),
        None => model_of(&old_path, &old_text),
    };
    let (old_api, new_api) = match (old_api, model_of(&new_path, &new_text)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let found = diff(&old_api, &new_api);
    print!(
        "{}",
        match format {
            Format::Text => found.to_text(),
            Format::Json => found.to_json(),
            Format::Markdown => format!(
                "## {} change\n\n{}",
                found.bump.as_str(),
                found.to_markdown()
            ),
        }
    );
    ExitCode::SUCCESS
}

fn release_command(
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    released: Option<PathBuf>,
    version: Option<String>,
    check: bool,
) -> ExitCode {
    let (Some(spec), Some(out)) = (spec, out) else {
        return usage("give the spec and the crate's folder: release --spec SPEC --out DIR");
    };
    let released = released.unwrap_or_else(|| {
        let name = spec.file_name().map(PathBuf::from).unwrap_or_default();
        spec.parent()
            .unwrap_or(Path::new(""))
            .join("released")
            .join(name)
    });
    let text = match read(&spec) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let changelog_path = out.join("CHANGELOG.md");
    let now = match model_of(&spec, &text) {
        Ok(api) => api,
        Err(code) => return code,
    };
    // The public API of the crate the spec gives now, against the one recorded beside
    // the release: a change the generator or its runtime made counts like the spec's.
    let api_path = released.with_extension("api");
    let api_now = match generate_with(
        &text,
        &FileResolver::for_spec(&spec),
        &options(&spec, &out, None),
    ) {
        Ok(generated) => surface::public_api(&generated.files),
        Err(err) => return fail(&spec, err),
    };
    let api_was = std::fs::read_to_string(&api_path).ok();
    let plan = Plan {
        released: &released,
        changelog_path: &changelog_path,
        version,
        check,
        api: ApiChange::of(api_was.as_deref(), &api_now, &api_path),
        command: format!(
            "openapi-clientgen release --spec {} --out {}",
            spec.display(),
            out.display()
        ),
    };
    let (next, changelog) = match next_release(&plan, &spec, &now) {
        Ok(Some(next)) => next,
        Ok(None) if !check && api_was.is_none() => return record_api(&api_path, &api_now),
        Ok(None) => return ExitCode::SUCCESS,
        Err(code) => return code,
    };
    let mut options = options(&spec, &out, None);
    options.crate_version = Some(next.clone());
    let places = Places {
        spec: &spec,
        out: &out,
        released: &released,
        api: &api_path,
        changelog: &changelog_path,
    };
    write_release(&places, &text, &options, &changelog, now.crate_name())
}

/// Where a release reads and writes.
struct Places<'a> {
    spec: &'a Path,
    out: &'a Path,
    released: &'a Path,
    api: &'a Path,
    changelog: &'a Path,
}

/// Regenerates the crate at the release's version (in `options`) and writes it, the
/// changelog, the spec's copy and the public API.
fn write_release(
    places: &Places<'_>,
    text: &str,
    options: &Options,
    changelog: &str,
    crate_name: &str,
) -> ExitCode {
    let Places {
        spec,
        out,
        released,
        api: api_path,
        changelog: changelog_path,
    } = *places;
    let next = options.crate_version.clone().unwrap_or_default();
    let generated = match generate_with(text, &FileResolver::for_spec(spec), options) {
        Ok(generated) => generated,
        Err(err) => return fail(spec, err),
    };
    // A spec in several files is kept as one document, so that it reads without them.
    let snapshot = match load::bundled(text, &FileResolver::for_spec(spec)) {
        Ok(bundled) => bundled.unwrap_or_else(|| text.to_owned()),
        Err(err) => return fail(spec, err),
    };
    let written = check::write_files(out, &generated.files)
        .and_then(|()| std::fs::write(changelog_path, changelog))
        .and_then(|()| std::fs::create_dir_all(released.parent().unwrap_or(Path::new("."))))
        .and_then(|()| std::fs::write(released, snapshot))
        .and_then(|()| std::fs::write(api_path, surface::public_api(&generated.files)));
    if let Err(err) = written {
        return fail(out, format!("cannot be written: {err}"));
    }
    eprintln!(
        "released {crate_name} {next}: {} regenerated, {} and {} written",
        out.display(),
        changelog_path.display(),
        released.display()
    );
    ExitCode::SUCCESS
}

/// Records the public API of a release made before the API was recorded.
fn record_api(path: &Path, api: &str) -> ExitCode {
    match std::fs::write(path, api) {
        Ok(()) => {
            eprintln!(
                "recorded the public API of the release in {}",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => fail(path, format!("cannot be written: {err}")),
    }
}

/// What `release` was asked to do.
struct Plan<'a> {
    released: &'a Path,
    changelog_path: &'a Path,
    version: Option<String>,
    check: bool,
    api: ApiChange<'a>,
    /// The command that releases this crate, for the messages that ask for it.
    command: String,
}

/// How the crate's public API changed since the one recorded beside the release.
struct ApiChange<'a> {
    /// Where it is recorded.
    path: &'a Path,
    /// Nothing is recorded.
    unrecorded: bool,
    gone: Vec<&'a str>,
    new: Vec<&'a str>,
}

impl<'a> ApiChange<'a> {
    fn of(was: Option<&'a str>, now: &'a str, path: &'a Path) -> ApiChange<'a> {
        let (gone, new) = was
            .map(|was| surface::changes(was, now))
            .unwrap_or_default();
        ApiChange {
            path,
            unrecorded: was.is_none(),
            gone,
            new,
        }
    }

    /// The release it needs: an item gone or changed breaks, one new adds.
    fn bump(&self) -> Bump {
        if !self.gone.is_empty() {
            Bump::Major
        } else if !self.new.is_empty() {
            Bump::Minor
        } else {
            Bump::None
        }
    }
}

/// The next version and the changelog that records it, from the diff against the
/// spec last released (`None`: nothing to do, or the check passed).
fn next_release(
    plan: &Plan<'_>,
    spec: &Path,
    now: &Lowered,
) -> Result<Option<(String, String)>, ExitCode> {
    let changelog = std::fs::read_to_string(plan.changelog_path).unwrap_or_default();
    let old_text = match std::fs::read_to_string(plan.released) {
        Ok(text) => text,
        Err(_) if plan.check => {
            return Err(fail(
                plan.released,
                format!("no release is recorded: run `{}` once", plan.command),
            ));
        }
        Err(_) => {
            let next = plan
                .version
                .clone()
                .unwrap_or_else(|| now.crate_version().to_owned());
            let changelog = release::first_release(&changelog, &next);
            return Ok(Some((next, changelog)));
        }
    };
    let was = model_of(plan.released, &old_text)?;
    let found = diff(&was, now);
    if plan.check {
        return match release_check(&found, spec, plan) {
            code if code == ExitCode::SUCCESS => api_check(&plan.api, &plan.command).map(|()| None),
            code => Err(code),
        };
    }
    let bump = found.bump.max(plan.api.bump());
    if bump == Bump::None && plan.version.is_none() {
        eprintln!(
            "no change since the release recorded in {}; nothing to release",
            plan.released.display()
        );
        return Ok(None);
    }
    let base =
        release::released_version(&changelog).unwrap_or_else(|| now.crate_version().to_owned());
    let Some(next) = plan
        .version
        .clone()
        .or_else(|| release::next_version(&base, bump))
    else {
        return Err(fail(
            plan.changelog_path,
            format!("the version `{base}` is not major.minor.patch"),
        ));
    };
    let api = &plan.api;
    let changelog = match (found.bump, api.bump()) {
        (_, Bump::None) => release::add_section(&changelog, &next, &found),
        (Bump::None, _) => release::add_api_section(&changelog, &next, bump, &api.gone, &api.new),
        _ => release::note_api_change(
            &release::add_section(&changelog, &next, &found),
            &next,
            api.gone.len(),
            api.new.len(),
        ),
    };
    Ok(Some((next, changelog)))
}

/// `release --check`: the crate's public API must be the one recorded beside the
/// release, whatever changed it.
fn api_check(api: &ApiChange<'_>, command: &str) -> Result<(), ExitCode> {
    if api.unrecorded {
        return Err(fail(
            api.path,
            format!("no public API is recorded beside the release: run `{command}` once"),
        ));
    }
    if api.bump() == Bump::None {
        return Ok(());
    }
    for line in &api.gone {
        eprintln!("- {line}");
    }
    for line in &api.new {
        eprintln!("+ {line}");
    }
    eprintln!(
        "error: the crate's public API changed since the release recorded in {} ({} change: {} items gone, {} new) though its spec did not; release it with: {command}",
        api.path.display(),
        api.bump().as_str(),
        api.gone.len(),
        api.new.len()
    );
    Err(ExitCode::FAILURE)
}

/// `release --check`: the spec must be the one released.
fn release_check(found: &openapi_clientgen::diff::Diff, spec: &Path, plan: &Plan<'_>) -> ExitCode {
    if found.bump == Bump::None {
        return ExitCode::SUCCESS;
    }
    eprint!("{}", found.to_text());
    eprintln!(
        "error: {} changed since the release recorded in {} ({} change); release it with: {}",
        spec.display(),
        plan.released.display(),
        found.bump.as_str(),
        plan.command
    );
    ExitCode::FAILURE
}

fn compare_upstream_command(ours: &Path, theirs: &Path, format: Format) -> ExitCode {
    let (ours_text, theirs_text) = match (read(ours), read(theirs)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let (ours_files, theirs_files) = (FileResolver::for_spec(ours), FileResolver::for_spec(theirs));
    let report = match upstream::compare_with(&ours_text, &ours_files, &theirs_text, &theirs_files)
    {
        Ok(report) => report,
        Err(upstream::Error {
            theirs: side,
            error,
        }) => {
            return fail(if side { theirs } else { ours }, error);
        }
    };
    print!(
        "{}",
        match format {
            Format::Text | Format::Markdown => report.to_text(),
            Format::Json => report.to_json(),
        }
    );
    if report.differences.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
