//! The committed client crates are exactly what the generator makes from their specs:
//! `generated/` from `spec/`, `tests/kitchen-sink/`, `tests/three-one/` and `tests/three-two/` from their
//! fixtures.

use openapi_clientgen::internal::check;
use openapi_clientgen::{generate, Options, GENERATOR};
use std::path::{Path, PathBuf};

const STYTCH_SPEC: &str = "spec/stytch-sms-otp.yaml";
const STYTCH_OUT: &str = "generated";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec() -> String {
    std::fs::read_to_string(root().join(STYTCH_SPEC)).expect("the Stytch spec")
}

/// The one command that refreshes every snapshot the tests compare with.
const REFRESH: &str = "scripts/refresh.sh";

/// Fail, naming the files and the command, when `out` differs from what `spec` gives.
fn assert_fresh(spec: &str, out: &str, options: &Options) {
    let text = std::fs::read_to_string(root().join(spec)).expect("spec");
    let generated = generate(&text, options).unwrap_or_else(|e| panic!("{spec}: {e}"));
    let stale = check::stale_files(&root().join(out), &generated.files);
    if !stale.is_empty() {
        let diffs: Vec<&str> = stale.iter().map(|s| s.diff.as_str()).collect();
        let names: Vec<&str> = stale.iter().map(|s| s.path.as_str()).collect();
        panic!(
            "{}\n\n{out}/ is out of date ({}).\nRefresh every snapshot with:\n\n    {REFRESH}\n\n(this crate alone: {})\n",
            diffs.join("\n"),
            names.join(", "),
            options.regenerate_command
        );
    }
}

/// The options the command line generates `out` from `spec` with, run from the
/// repository's root as `scripts/refresh.sh` runs it: its version is the one the
/// crate's changelog last released, if it has one.
fn cli_options(spec: &str, out: &str) -> Options {
    let changelog =
        std::fs::read_to_string(root().join(out).join("CHANGELOG.md")).unwrap_or_default();
    Options {
        crate_version: openapi_clientgen::internal::release::released_version(&changelog),
        ..Options::for_command_line(spec, out)
    }
}

fn stytch_options() -> Options {
    cli_options(STYTCH_SPEC, STYTCH_OUT)
}

#[test]
fn generated_crate_is_exactly_what_the_spec_gives() {
    assert_fresh(STYTCH_SPEC, STYTCH_OUT, &stytch_options());
}

#[test]
fn kitchen_sink_crate_is_exactly_what_its_fixture_gives() {
    let (spec, out) = ("tests/fixtures/kitchen-sink.yaml", "tests/kitchen-sink");
    assert_fresh(spec, out, &cli_options(spec, out));
}

#[test]
fn three_one_crate_is_exactly_what_its_fixture_gives() {
    let (spec, out) = ("tests/fixtures/openapi-3.1.yaml", "tests/three-one");
    assert_fresh(spec, out, &cli_options(spec, out));
}

#[test]
fn three_two_crate_is_exactly_what_its_fixture_gives() {
    let (spec, out) = ("tests/fixtures/openapi-3.2.yaml", "tests/three-two");
    assert_fresh(spec, out, &cli_options(spec, out));
}

#[test]
fn generated_crate_has_no_file_the_generator_does_not_make() {
    let generated = generate(&spec(), &stytch_options()).expect("the default spec generates");
    let mut expected: Vec<String> = generated.files.iter().map(|f| f.path.clone()).collect();
    // Written by `openapi-clientgen release`, beside what it generates.
    expected.push("CHANGELOG.md".to_owned());
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
        "generated/ holds only generator output; refresh with `{REFRESH}`"
    );
}

#[test]
fn generation_is_byte_identical_run_to_run() {
    let first = generate(&spec(), &stytch_options()).expect("generates");
    let second = generate(&spec(), &stytch_options()).expect("generates");
    assert_eq!(first.files, second.files);
}

#[test]
fn the_default_spec_generates_without_warnings() {
    let generated = generate(&spec(), &stytch_options()).expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn generated_files_start_with_the_header_and_end_with_one_newline() {
    let generated = generate(&spec(), &stytch_options()).expect("generates");
    for file in &generated.files {
        let first = file.contents.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated")
                && first.contains(GENERATOR)
                && first
                    .contains("openapi-clientgen --spec spec/stytch-sms-otp.yaml --out generated")
                && first.contains(STYTCH_SPEC),
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

#[test]
fn regenerating_removes_the_files_of_a_group_the_spec_no_longer_has_and_check_sees_them() {
    let spec = std::fs::read_to_string(root().join("tests/fixtures/kitchen-sink.yaml"))
        .expect("the kitchen-sink fixture");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("leftover-files");
    let _ = std::fs::remove_dir_all(&dir);
    let before = generate(&spec, &Options::default()).expect("generates");
    check::write_files(&dir, &before.files).expect("writes");
    let gone = "src/operations/legacy.rs";
    assert!(
        dir.join(gone).exists(),
        "the kitchen sink has a group `legacy`"
    );
    // A hand-written file in the folder is not the generator's to remove.
    std::fs::write(dir.join("src/operations/mine.rs"), "// mine\n").expect("writes");
    let renamed = spec.replace("/legacy?", "/heritage?");
    let after = generate(&renamed, &Options::default()).expect("generates");
    let stale = check::stale_files(&dir, &after.files);
    assert!(stale.iter().any(|s| s.path == gone), "check reports {gone}");
    check::write_files(&dir, &after.files).expect("writes");
    assert!(!dir.join(gone).exists(), "{gone} is removed");
    assert!(dir.join("src/operations/heritage.rs").exists());
    assert!(dir.join("src/operations/mine.rs").exists());
    assert!(check::stale_files(&dir, &after.files).is_empty());
}
