//! What a spec change means to dependents: `openapi_clientgen::diff` on the pairs of
//! `fixtures/evolution/` (the base spec, and one spec per kind of change), each with
//! the verdict `cases.tsv` expects. `scripts/semver-checks.sh` runs
//! `cargo-semver-checks` on the crates generated from the same pairs.

use openapi_clientgen::diff::{diff, Bump, Kind, Lowered};
use openapi_clientgen::{NoFiles, Options};
use std::path::Path;

fn folder() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/evolution"))
}

fn model(name: &str) -> Lowered {
    let text = std::fs::read_to_string(folder().join(format!("{name}.yaml"))).expect("case");
    Lowered::new(&text, &NoFiles, &Options::default()).expect("lowers")
}

fn diff_of(case: &str) -> openapi_clientgen::diff::Diff {
    diff(&model("base"), &model(case))
}

/// The cases: name, the verdict expected, what `cargo-semver-checks` says.
fn cases() -> Vec<(String, String, String)> {
    let table = std::fs::read_to_string(folder().join("cases.tsv")).expect("cases.tsv");
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            (
                columns[0].to_owned(),
                columns[1].to_owned(),
                columns[2].to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_kind_of_change_gets_the_verdict_the_matrix_expects() {
    let cases = cases();
    assert_eq!(cases.len(), 20, "one case per kind of change");
    let mut wrong = Vec::new();
    for (case, expected, _) in &cases {
        let found = diff_of(case);
        if found.bump.as_str() != expected {
            wrong.push(format!(
                "{case}: expected {expected}, got {}\n{}",
                found.bump.as_str(),
                found.to_text()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn where_the_verdict_goes_beyond_cargo_semver_checks_the_change_says_so() {
    for (case, expected, semver_checks) in cases() {
        let found = diff_of(&case);
        let beyond = found
            .changes
            .iter()
            .any(|c| c.beyond_semver_checks && c.class == Bump::Major);
        let differs = expected == "major" && semver_checks != "major";
        assert_eq!(beyond, differs, "{case}:\n{}", found.to_text());
    }
}

#[test]
fn a_tightened_constraint_is_major_and_says_why() {
    let found = diff_of("tighten-maximum");
    assert_eq!(found.bump, Bump::Major);
    let change = &found.changes[0];
    assert_eq!(change.kind, Kind::ConstraintTightened);
    assert_eq!(change.item, "types::SendRequest::ttl");
    assert_eq!(
        change.pointer,
        "#/components/schemas/SendRequest/properties/ttl"
    );
    assert!(
        change.detail.contains("refused before the wire"),
        "{}",
        change.detail
    );
    assert!(change.detail.contains("maximum 5"), "{}", change.detail);
}

#[test]
fn each_change_names_its_pointer_rust_item_kind_and_class() {
    let found = diff_of("add-required-response-field");
    let json: serde_json::Value = serde_json::from_str(&found.to_json()).expect("JSON");
    assert_eq!(json["bump"], "minor");
    assert_eq!(
        json["changes"][0],
        serde_json::json!({
            "pointer": "#/components/schemas/Message/properties/created_at",
            "item": "types::Message::created_at",
            "kind": "added",
            "class": "minor",
            "detail": "a new field, `created_at`",
            "beyond_semver_checks": false,
        })
    );
    let removed = diff_of("remove-operation");
    assert!(removed
        .changes
        .iter()
        .any(|c| c.item == "Client::get_message" && c.kind == Kind::Removed));
    let markdown = removed.to_markdown();
    assert!(
        markdown.starts_with("### Breaking\n\n- `Client::get_message`: removed"),
        "{markdown}"
    );
}

#[test]
fn the_first_optional_parameter_adds_a_method_and_changes_none() {
    let found = diff_of("add-first-optional-query-parameter");
    let items: Vec<(&str, &str)> = found
        .changes
        .iter()
        .map(|c| (c.item.as_str(), c.class.as_str()))
        .collect();
    assert!(
        items.contains(&("Client::get_message_with_params", "minor")),
        "{items:?}"
    );
    assert!(
        items.contains(&("types::GetMessageParams", "minor")),
        "{items:?}"
    );
    assert!(
        !items.iter().any(|(_, class)| *class == "major"),
        "{items:?}"
    );
}

#[test]
fn every_corpus_spec_diffs_as_none_against_itself_and_in_every_format_against_another() {
    let Some(dir) = tests::corpus_dir("evolution (diffs of corpus specs)") else {
        return;
    };
    let resolver = openapi_clientgen::NoFiles;
    let models: Vec<(String, Lowered)> = tests::corpus::specs(&dir)
        .iter()
        .map(|spec| {
            let text = std::fs::read_to_string(spec).expect("spec");
            let name = spec.display().to_string();
            let api = Lowered::new(&text, &resolver, &Options::default())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, api)
        })
        .collect();
    for (i, (name, api)) in models.iter().enumerate() {
        let same = diff(api, api);
        assert_eq!(same.bump, Bump::None, "{name}:\n{}", same.to_text());
        let (other_name, other) = &models[(i + 1) % models.len()];
        let changed = diff(api, other);
        assert!(!changed.changes.is_empty(), "{name} → {other_name}");
        let json: serde_json::Value = serde_json::from_str(&changed.to_json()).expect("JSON");
        assert_eq!(json["bump"], changed.bump.as_str());
        assert!(!changed.to_markdown().is_empty() && !changed.to_text().is_empty());
    }
}

fn inline_model(spec: &str) -> Lowered {
    Lowered::new(spec, &NoFiles, &Options::default()).expect("lowers")
}

#[test]
fn what_the_analysis_takes_away_from_a_type_is_breaking() {
    // `Pet` is only a response: it has a builder. Once a request sends it, the builder
    // makes way for a constructor.
    let head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n      operationId: get_pet\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}\n";
    let post = "  /pets:\n    post:\n      operationId: add_pet\n      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\n      responses: {'204': {description: ok}}\n";
    let components = "components:\n  schemas:\n    Pet: {type: object, required: [name], properties: {name: {type: string, maxLength: 9}}}\n";
    let before = inline_model(&format!("{head}{components}"));
    let after = inline_model(&format!("{head}{post}{components}"));
    let found = diff(&before, &after);
    assert_eq!(found.bump, Bump::Major, "{}", found.to_text());
    assert!(
        found
            .changes
            .iter()
            .any(|c| c.item == "types::Pet::builder" && c.kind == Kind::Removed),
        "{}",
        found.to_text()
    );
}

#[test]
fn a_field_renamed_on_the_wire_alone_is_a_patch() {
    let spec = |wire: &str| {
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Pet: {{type: object, properties: {{{wire}: {{type: string}}}}}}\n")
    };
    let found = diff(
        &inline_model(&spec("ownerId")),
        &inline_model(&spec("owner_id")),
    );
    assert_eq!(found.bump, Bump::Patch, "{}", found.to_text());
    assert_eq!(found.changes[0].kind, Kind::RequestChanged);
    assert_eq!(
        found.changes[0].detail,
        "on the wire as `owner_id` (was `ownerId`)"
    );
}

#[test]
fn an_operation_moved_to_another_method_token_is_major_and_names_both() {
    let spec = |method: &str| {
        format!("openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /pets:\n    additionalOperations:\n      {method}: {{operationId: find, responses: {{'204': {{description: ok}}}}}}\n")
    };
    let found = diff(&inline_model(&spec("LINK")), &inline_model(&spec("UNLINK")));
    assert_eq!(found.bump, Bump::Major, "{}", found.to_text());
    assert_eq!(
        found.changes[0].pointer,
        "#/paths/~1pets/additionalOperations/UNLINK"
    );
    assert_eq!(
        found.changes[0].detail,
        "now sends `UNLINK /pets` instead of `LINK /pets`"
    );
    let same = diff(&inline_model(&spec("LINK")), &inline_model(&spec("LINK")));
    assert_eq!(same.bump, Bump::None, "{}", same.to_text());
}

#[test]
fn an_operation_that_gains_an_idempotency_key_is_a_patch_on_the_wire() {
    let spec = |extra: &str| {
        format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{extra}paths:\n  /pay:\n    post: {{operationId: pay, responses: {{'204': {{description: ok}}}}}}\n")
    };
    let found = diff(
        &inline_model(&spec("")),
        &inline_model(&spec("x-idempotency-key: Idempotency-Key\n")),
    );
    assert_eq!(found.bump, Bump::Patch, "{}", found.to_text());
    assert_eq!(found.changes[0].kind, Kind::RequestChanged);
    assert!(
        found.changes[0]
            .detail
            .contains("an idempotency key in `Idempotency-Key`"),
        "{}",
        found.to_text()
    );
}
