//! Generation is deterministic and changes only on purpose: for each corpus spec and
//! each fixture, the SHA-256 of every file of its crate, of the same client as one
//! module file (a build script's output) and of its warnings are pinned in
//! `tests/fixtures/output-digests.tsv`. A change to the generator that changes any
//! byte of any spec's output fails here, naming the specs; when the change is meant,
//! rewrite the table with
//!
//! ```sh
//! UPDATE_DIGESTS=1 cargo test -p tests --test digests
//! ```
//!
//! and say in the commit which output changed and why.

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tests::corpus;

const TABLE: &str = "fixtures/output-digests.tsv";
const REGENERATE: &str = "UPDATE_DIGESTS=1 cargo test -p tests --test digests";
/// The one command that refreshes every snapshot, this table among them.
const REFRESH: &str = "scripts/refresh.sh";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The SHA-256 of `files` (each one's path, length and bytes, in order), in hex, and
/// their total size.
fn files_digest(files: &[openapi_clientgen::GeneratedFile]) -> (String, usize) {
    let mut hasher = Sha256::new();
    let mut bytes = 0;
    for file in files {
        hasher.update(file.path.as_bytes());
        hasher.update([0]);
        hasher.update((file.contents.len() as u64).to_le_bytes());
        hasher.update(file.contents.as_bytes());
        bytes += file.contents.len();
    }
    (format!("{:x}", hasher.finalize()), bytes)
}

/// One line per spec: the digest of its crate and its size, the digest of the same
/// client as one module file (`Layout::Module`, what a build script writes), and the
/// number and digest of its warnings; or the refusal's pointer and message.
fn digest(spec: &Path) -> String {
    let name = spec
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let text = std::fs::read_to_string(spec).expect("readable spec");
    let options = openapi_clientgen::Options {
        spec_label: format!("corpus/{name}"),
        ..openapi_clientgen::Options::default()
    };
    let module = openapi_clientgen::Options {
        layout: openapi_clientgen::Layout::Module,
        ..options.clone()
    };
    let resolver = openapi_clientgen::FileResolver::for_spec(spec);
    let generated = match openapi_clientgen::generate_with(&text, &resolver, &options) {
        Ok(generated) => generated,
        Err(err) => {
            return format!(
                "refused\t{}: {}",
                err.pointer,
                err.message.replace(['\t', '\n'], " ")
            )
        }
    };
    let (crate_digest, bytes) = files_digest(&generated.files);
    let module_files = openapi_clientgen::generate_with(&text, &resolver, &module)
        .expect("the module layout generates what the crate layout does")
        .files;
    let (module_digest, _) = files_digest(&module_files);
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    let warnings_digest = format!("{:x}", Sha256::digest(warnings.join("\n").as_bytes()));
    format!(
        "{crate_digest}\t{bytes}\t{module_digest}\t{}:{warnings_digest}",
        warnings.len()
    )
}

fn read_table(path: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| {
            let (key, value) = line.split_once('\t')?;
            let (name, value) = value.split_once('\t')?;
            Some((format!("{key}\t{name}"), value.to_owned()))
        })
        .collect()
}

#[test]
fn every_spec_generates_the_bytes_its_digest_pins() {
    let mut sources: Vec<(&str, PathBuf)> = vec![("fixtures", manifest_dir().join("fixtures"))];
    let corpus =
        tests::corpus_dir("every_spec_generates_the_bytes_its_digest_pins (its corpus part)");
    if let Some(dir) = &corpus {
        sources.push(("corpus", dir.clone()));
    }
    let mut actual = BTreeMap::new();
    for (source, dir) in &sources {
        for spec in corpus::specs(dir) {
            let name = spec.file_name().unwrap().to_string_lossy().into_owned();
            actual.insert(format!("{source}\t{name}"), digest(&spec));
        }
    }
    let path = manifest_dir().join(TABLE);
    let mut pinned = read_table(&path);
    let whole = pinned.clone();
    if corpus.is_none() {
        pinned.retain(|key, _| !key.starts_with("corpus\t"));
    }
    if std::env::var_os("UPDATE_DIGESTS").is_some() {
        let mut rows = actual;
        if corpus.is_none() {
            // Without the corpus its rows cannot be made: they stay as they were.
            tests::skipped("the corpus's digests are kept as they were: the corpus is absent");
            rows.extend(
                whole
                    .into_iter()
                    .filter(|(key, _)| key.starts_with("corpus\t")),
            );
        }
        let mut text = format!(
            "# The output of each spec: source, spec, SHA-256 of its crate's files, their bytes,\n# SHA-256 of its module file, its warnings' count and SHA-256 (or the refusal).\n# Rewrite with `{REGENERATE}`.\n"
        );
        for (key, value) in &rows {
            text.push_str(&format!("{key}\t{value}\n"));
        }
        std::fs::write(&path, text).expect("write the table");
        return;
    }
    let keys: BTreeSet<&String> = pinned.keys().chain(actual.keys()).collect();
    let differ: Vec<(&String, Option<&String>, Option<&String>)> = keys
        .into_iter()
        .map(|key| (key, pinned.get(key), actual.get(key)))
        .filter(|(_, was, is)| was != is)
        .collect();
    assert!(
        differ.is_empty(),
        "the output changed for {} spec(s):\n{}\nIf that is meant, refresh every snapshot with `{REFRESH}` (this table alone: `{REGENERATE}`).",
        differ.len(),
        differ
            .iter()
            .map(|(key, was, is)| format!(
                "  {}: pinned {}, now {}",
                key.replace('\t', "/"),
                was.map_or("nothing", |v| v.as_str()),
                is.map_or("nothing", |v| v.as_str())
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
