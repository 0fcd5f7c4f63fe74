//! Golden tests for lowering: the whole model for small fixtures, committed as text so
//! that every decision (names, types, presence, rules, media types, status handling)
//! shows up in review. On a difference the test prints the command that rewrites them.

use std::path::Path;

const UPDATE: &str = "UPDATE_GOLDEN=1 cargo test -p generator --test lowering";

fn model(fixture: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("../tests/fixtures").join(fixture)).expect("fixture");
    let loaded = generator::load::load(&text).expect("loads");
    let (api, warnings) =
        generator::lower::lower(&loaded.doc, &loaded.raw, &generator::Options::default())
            .expect("lowers");
    format!("{api:#?}\n\nwarnings: {warnings:#?}\n")
}

fn check(fixture: &str) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{fixture}.model.txt"));
    let actual = model(fixture);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, &actual)
            .unified_diff()
            .context_radius(2)
            .to_string();
        panic!("{diff}\nthe lowered model for {fixture} changed; if that is intended, rewrite the golden files with:\n\n    {UPDATE}\n");
    }
}

#[test]
fn parameters_lower_to_the_committed_model() {
    check("params.yaml");
}

#[test]
fn schemas_lower_to_the_committed_model() {
    check("schemas.yaml");
}

#[test]
fn responses_lower_to_the_committed_model() {
    check("responses.yaml");
}
