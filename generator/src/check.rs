//! Comparing generated files with what is on disk (the `--check` mode and the
//! freshness test), and writing them.

// File access is allowed here (clippy.toml, ARCHITECTURE.md): the CLI's edge: it compares and writes generated files.
#![allow(clippy::disallowed_methods)]

use crate::shared::GeneratedFile;
use std::path::Path;

/// A generated file that differs from the one on disk.
#[derive(Debug, Clone)]
pub struct Stale {
    pub path: String,
    /// A unified diff from the file on disk to what the generator makes.
    pub diff: String,
}

/// The generated files that are missing from `dir` or differ from it.
pub fn stale_files(dir: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    files
        .iter()
        .filter_map(|file| {
            let on_disk = std::fs::read_to_string(dir.join(&file.path)).unwrap_or_default();
            if on_disk == file.contents {
                return None;
            }
            let diff = similar::TextDiff::from_lines(&on_disk, &file.contents)
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{}", file.path), &format!("b/{}", file.path))
                .to_string();
            Some(Stale {
                path: file.path.clone(),
                diff,
            })
        })
        .collect()
}

/// Write `files` under `dir`: every file is first written beside its target and then
/// renamed over it, so a failure leaves no half-written file; if any write fails,
/// nothing is replaced.
pub fn write_files(dir: &Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    let mut staged = Vec::new();
    let result = (|| {
        for file in files {
            let target = dir.join(&file.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let temp = target.with_extension(format!(
                "{}.tmp-generator",
                target
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or_default()
            ));
            std::fs::write(&temp, &file.contents)?;
            staged.push((temp, target));
        }
        Ok(())
    })();
    if let Err(err) = result {
        for (temp, _) in &staged {
            let _ = std::fs::remove_file(temp);
        }
        return Err(err);
    }
    for (temp, target) in &staged {
        std::fs::rename(temp, target)?;
    }
    Ok(())
}
