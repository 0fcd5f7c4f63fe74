//! The `generator` command line: writing, `--check`, warnings, failures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/stytch-sms-otp.yaml");

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("generator-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .output()
        .expect("generator runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap_or_default(),
                ));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn writes_a_complete_crate_for_any_spec() {
    let out = scratch("writes");
    let result = run(&["--spec", SPEC, "--out", out.to_str().expect("utf-8")]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    for file in [
        "Cargo.toml",
        "rustfmt.toml",
        "src/lib.rs",
        "src/types.rs",
        "src/runtime.rs",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
}

#[test]
fn check_passes_when_fresh_and_fails_with_a_diff_and_the_command_when_stale() {
    let out = scratch("check");
    let out_arg = out.to_str().expect("utf-8");
    assert!(run(&["--spec", SPEC, "--out", out_arg]).status.success());
    assert!(run(&["--spec", SPEC, "--out", out_arg, "--check"])
        .status
        .success());

    // The spec gains an optional field but the crate is not regenerated.
    let spec = std::fs::read_to_string(SPEC).expect("spec");
    let grown = spec.replacen(
        "        session_jwt:\n",
        "        nickname:\n          type: string\n          description: Added later.\n        session_jwt:\n",
        1,
    );
    assert_ne!(
        grown, spec,
        "the spec has a session_jwt property to insert before"
    );
    let grown_path = out.join("grown.yaml");
    std::fs::write(&grown_path, grown).expect("write spec");
    let grown_arg = grown_path.to_str().expect("utf-8");
    let before = snapshot(&out);
    let stale = run(&["--spec", grown_arg, "--out", out_arg, "--check"]);
    assert!(!stale.status.success());
    assert!(
        text(&stale.stdout).contains("+    pub nickname: Option<String>,"),
        "{}",
        text(&stale.stdout)
    );
    assert!(
        text(&stale.stderr).contains(&format!(
            "cargo run -p generator -- --spec {grown_arg} --out {out_arg}"
        )),
        "{}",
        text(&stale.stderr)
    );
    assert_eq!(snapshot(&out), before, "--check writes nothing");

    assert!(run(&["--spec", grown_arg, "--out", out_arg])
        .status
        .success());
    assert!(run(&["--spec", grown_arg, "--out", out_arg, "--check"])
        .status
        .success());
}

#[test]
fn a_failed_run_leaves_the_output_as_it_was_and_names_the_place() {
    let out = scratch("failed");
    let out_arg = out.to_str().expect("utf-8");
    assert!(run(&["--spec", SPEC, "--out", out_arg]).status.success());
    let before = snapshot(&out);
    let broken = out.join("broken.yaml");
    let spec = std::fs::read_to_string(SPEC).expect("spec");
    std::fs::write(
        &broken,
        spec.replacen(
            "$ref: '#/components/schemas/Locale'",
            "$ref: '#/components/schemas/Nowhere'",
            1,
        ),
    )
    .expect("write");
    let before_with_spec = snapshot(&out);
    let result = run(&["--spec", broken.to_str().expect("utf-8"), "--out", out_arg]);
    assert!(!result.status.success());
    assert!(
        text(&result.stderr).contains("#/components/schemas/"),
        "{}",
        text(&result.stderr)
    );
    assert!(
        text(&result.stderr).contains("Nowhere"),
        "{}",
        text(&result.stderr)
    );
    assert_eq!(snapshot(&out), before_with_spec);
    assert!(before.len() + 1 == before_with_spec.len());
}

#[test]
fn warnings_go_to_stderr_and_deny_warnings_turns_them_into_failure() {
    let out = scratch("warnings");
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/bodies.yaml");
    let out_arg = out.to_str().expect("utf-8");
    let lenient = run(&["--spec", spec, "--out", out_arg]);
    assert!(lenient.status.success());
    assert!(
        text(&lenient.stderr).contains("warning: #/paths/~1several/post/requestBody/content:"),
        "{}",
        text(&lenient.stderr)
    );
    let strict = run(&[
        "--spec",
        spec,
        "--out",
        out_arg,
        "--deny-warnings",
        "--check",
    ]);
    assert!(!strict.status.success());
    assert!(
        text(&strict.stderr).contains("--deny-warnings"),
        "{}",
        text(&strict.stderr)
    );
}

#[test]
fn deny_warnings_refuses_a_repaired_mistake() {
    let out = scratch("tolerated");
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/tolerances.yaml"
    );
    let out_arg = out.to_str().expect("utf-8");
    assert!(run(&["--spec", spec, "--out", out_arg]).status.success());
    let strict = run(&["--spec", spec, "--out", out_arg, "--deny-warnings"]);
    assert!(!strict.status.success());
    let stderr = text(&strict.stderr);
    assert!(
        stderr.contains("is a response, not a schema") && stderr.contains("--deny-warnings"),
        "{stderr}"
    );
}
