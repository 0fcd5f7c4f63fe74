//! Running the generator over a folder of real specs: generate each, write the
//! crates into one Cargo workspace (one shared target directory), `cargo clippy` them (compiler and clippy warnings).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// What happened to one spec.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub spec: String,
    pub operations: usize,
    pub warnings: usize,
    /// Median generation time over the runs.
    pub generation: Duration,
    pub result: Result<String, String>,
}

/// The spec files of a folder (`.yaml`, `.yml`, `.json`), sorted by name.
pub fn specs(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    found.retain(|p| {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
        ["yaml", "yml", "json"].contains(&ext)
    });
    found.sort();
    found
}

/// The package name a spec's crate gets in the corpus workspace.
pub fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("corpus-{}", cleaned.trim_matches('-'))
}

/// Generate `spec` (`runs` times, for timing) and, when it succeeds, write its crate under `workspace`.
pub fn generate_one(spec: &Path, workspace: &Path, runs: usize) -> Outcome {
    let name = spec
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let text = match std::fs::read_to_string(spec) {
        Ok(text) => text,
        Err(err) => {
            return Outcome {
                spec: name,
                operations: 0,
                warnings: 0,
                generation: Duration::ZERO,
                result: Err(err.to_string()),
            }
        }
    };
    let crate_name = crate_name(spec);
    let options = openapi_clientgen::Options {
        spec_label: format!("corpus/{name}"),
        regenerate_command: "cargo run -p tests --bin corpus".to_owned(),
        crate_name: Some(crate_name.clone()),
        ..openapi_clientgen::Options::default()
    };
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        // Files its references name are read beside it, as the CLI reads them.
        let resolver = openapi_clientgen::FileResolver::for_spec(spec);
        let result = openapi_clientgen::generate_with(&text, &resolver, &options);
        times.push(started.elapsed());
        last = Some(result);
    }
    times.sort();
    let generation = times[times.len() / 2];
    match last {
        Some(Ok(generated)) => {
            let dir = workspace.join(&crate_name);
            let written = openapi_clientgen::internal::check::write_files(&dir, &generated.files);
            Outcome {
                spec: name,
                operations: generated.operations,
                warnings: generated.warnings.len(),
                generation,
                result: written.map(|()| crate_name).map_err(|e| e.to_string()),
            }
        }
        Some(Err(err)) => Outcome {
            spec: name,
            operations: 0,
            warnings: 0,
            generation,
            result: Err(format!("refused: {err}")),
        },
        None => Outcome {
            spec: name,
            operations: 0,
            warnings: 0,
            generation,
            result: Err("not run".to_owned()),
        },
    }
}

/// Write the workspace manifest naming `members`.
pub fn write_workspace(workspace: &Path, members: &[String]) -> std::io::Result<()> {
    std::fs::create_dir_all(workspace)?;
    let list: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
}

/// `cargo clippy` the workspace (compiler and clippy warnings); per member, the
/// warnings and errors cargo printed.
pub fn check_workspace(
    workspace: &Path,
    members: &[String],
) -> Result<Vec<(String, Vec<String>)>, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "clippy",
            "--workspace",
            // The `mock` and `tracing` features' code is checked too.
            "--all-features",
            "--message-format",
            "short",
            "--quiet",
        ])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if std::env::var_os("CORPUS_VERBOSE").is_some() {
        eprintln!(
            "status {:?}\nstdout:\n{}\nstderr:\n{stderr}",
            output.status,
            String::from_utf8_lossy(&output.stdout)
        );
    }
    let mut per_member: Vec<(String, Vec<String>)> =
        members.iter().map(|m| (m.clone(), Vec::new())).collect();
    for line in stderr
        .lines()
        .filter(|l| l.contains("warning:") || l.contains("error"))
    {
        let owner = per_member.iter_mut().find(|(m, _)| {
            line.contains(&format!("crates/{m}/")) || line.contains(&format!("`{m}`"))
        });
        match owner {
            Some((_, lines)) => lines.push(line.to_owned()),
            None if !output.status.success() || line.contains("warning:") => {
                if let Some((_, lines)) = per_member.first_mut() {
                    lines.push(line.to_owned());
                }
            }
            None => {}
        }
    }
    if !output.status.success() && per_member.iter().all(|(_, l)| l.is_empty()) {
        return Err(stderr);
    }
    Ok(per_member)
}
