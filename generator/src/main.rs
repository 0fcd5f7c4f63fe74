//! `generator`: regenerate the client crate from an OpenAPI 3.0 spec.
//!
//! With no arguments it regenerates `generated/` from `spec/stytch-sms-otp.yaml`.

use clap::Parser;
use generator::files::FileResolver;
use generator::{check, generate_with, Options, DEFAULT_OUT, DEFAULT_SPEC, REGENERATE_COMMAND};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generate a typed async Rust client crate from an OpenAPI 3.0 description.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// The spec (YAML or JSON). Default: the workspace's spec/stytch-sms-otp.yaml.
    #[arg(long)]
    spec: Option<PathBuf>,
    /// The crate directory to write (Cargo.toml and src/). Default: the workspace's generated/.
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

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The options the command line asks for; the header names the command that
/// regenerates the same output.
fn options(cli: &Cli, default_paths: bool) -> Options {
    if default_paths && cli.crate_name.is_none() {
        Options::default()
    } else {
        let label = cli
            .spec
            .as_ref()
            .map_or(DEFAULT_SPEC.to_owned(), |p| p.display().to_string());
        let mut command = format!("{REGENERATE_COMMAND} -- --spec {label}");
        if let Some(out) = &cli.out {
            command.push_str(&format!(" --out {}", out.display()));
        }
        if let Some(name) = &cli.crate_name {
            command.push_str(&format!(" --crate-name {name}"));
        }
        Options {
            spec_label: label,
            regenerate_command: command,
            crate_name: cli.crate_name.clone(),
            ..Options::default()
        }
    }
}

/// `--check`: compare with what is on disk, print a diff and the command when stale.
fn check_only(
    out: &Path,
    spec: &Path,
    files: &[generator::GeneratedFile],
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
    let default_paths = cli.spec.is_none() && cli.out.is_none();
    let spec = cli
        .spec
        .clone()
        .unwrap_or_else(|| workspace_root().join(DEFAULT_SPEC));
    let out = cli
        .out
        .clone()
        .unwrap_or_else(|| workspace_root().join(DEFAULT_OUT));
    let options = options(&cli, default_paths);

    let text = match std::fs::read_to_string(&spec) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("error: cannot read {}: {err}", spec.display());
            return ExitCode::FAILURE;
        }
    };
    let generated = match generate_with(&text, &FileResolver::for_spec(&spec), &options) {
        Ok(generated) => generated,
        Err(err) => {
            eprintln!("error: {}: {err}", spec.display());
            return ExitCode::FAILURE;
        }
    };
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    if cli.deny_warnings && !generated.warnings.is_empty() {
        eprintln!(
            "error: {} warning(s) and --deny-warnings",
            generated.warnings.len()
        );
        return ExitCode::FAILURE;
    }

    if cli.check {
        return check_only(&out, &spec, &generated.files, &options);
    }

    if let Err(err) = check::write_files(&out, &generated.files) {
        eprintln!("error: cannot write {}: {err}", out.display());
        return ExitCode::FAILURE;
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
