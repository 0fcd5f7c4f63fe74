//! The committed `generated/` crate is exactly what the generator makes from `spec/`.

use generator::{check, generate, Options, DEFAULT_SPEC, REGENERATE_COMMAND};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec() -> String {
    std::fs::read_to_string(root().join(DEFAULT_SPEC)).expect("the default spec")
}

#[test]
fn generated_crate_is_exactly_what_the_spec_gives() {
    let generated = generate(&spec(), &Options::default()).expect("the default spec generates");
    let stale = check::stale_files(&root().join("generated"), &generated.files);
    if !stale.is_empty() {
        let diffs: Vec<&str> = stale.iter().map(|s| s.diff.as_str()).collect();
        let names: Vec<&str> = stale.iter().map(|s| s.path.as_str()).collect();
        panic!(
            "{}\n\ngenerated/ is out of date ({}).\nRegenerate it with:\n\n    {REGENERATE_COMMAND}\n",
            diffs.join("\n"),
            names.join(", ")
        );
    }
}

#[test]
fn generated_crate_has_no_file_the_generator_does_not_make() {
    let generated = generate(&spec(), &Options::default()).expect("the default spec generates");
    let mut expected: Vec<String> = generated.files.iter().map(|f| f.path.clone()).collect();
    expected.sort();
    let mut found = Vec::new();
    let dir = root().join("generated");
    let mut pending = vec![dir.clone()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read generated/") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(
                    path.strip_prefix(&dir)
                        .expect("inside")
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    found.sort();
    assert_eq!(
        found, expected,
        "generated/ holds only generator output; regenerate with `{REGENERATE_COMMAND}`"
    );
}

#[test]
fn generation_is_byte_identical_run_to_run() {
    let first = generate(&spec(), &Options::default()).expect("generates");
    let second = generate(&spec(), &Options::default()).expect("generates");
    assert_eq!(first.files, second.files);
}

#[test]
fn the_default_spec_generates_without_warnings() {
    let generated = generate(&spec(), &Options::default()).expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn generated_files_start_with_the_header_and_end_with_one_newline() {
    let generated = generate(&spec(), &Options::default()).expect("generates");
    for file in &generated.files {
        let first = file.contents.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated")
                && first.contains(REGENERATE_COMMAND)
                && first.contains(DEFAULT_SPEC),
            "{}: {first}",
            file.path
        );
        assert!(
            file.contents.ends_with('\n') && !file.contents.ends_with("\n\n"),
            "{}",
            file.path
        );
        assert!(!file.contents.contains('\r'), "{}", file.path);
    }
}
