//! The generated crate's `Cargo.toml` and `rustfmt.toml`.

use crate::model::Api;

fn toml_string(value: &str) -> String {
    let escaped: String = value
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            '\n' | '\r' | '\t' => vec![' '],
            c if c.is_control() => vec![],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

/// The crates the generated code uses, as `Cargo.toml` lines: name, then requirement.
pub fn dependencies(api: &Api) -> Vec<(&'static str, &'static str)> {
    let reqwest = if api.features.multipart {
        "{ version = \"0.13\", default-features = false, features = [\"rustls-no-provider\", \"multipart\"] }"
    } else {
        "{ version = \"0.13\", default-features = false, features = [\"rustls-no-provider\"] }"
    };
    let mut dependencies = vec![
        // Retry-After dates, in all three forms of RFC 9110.
        ("httpdate", "\"1\""),
        ("reqwest", reqwest),
        (
            "rustls",
            "{ version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }",
        ),
        ("serde", "{ version = \"1\", features = [\"derive\"] }"),
        // Form bodies and object parameters go through `serde_json::Value`: keep field order.
        ("serde_json", "{ version = \"1\", features = [\"preserve_order\"] }"),
        ("thiserror", "\"2\""),
        (
            "tokio",
            "{ version = \"1\", default-features = false, features = [\"time\"] }",
        ),
    ];
    if api.features.patterns {
        dependencies.push(("regex-lite", "\"0.1\""));
    }
    dependencies
}

pub fn cargo_toml(api: &Api) -> String {
    let mut out = String::new();
    out.push_str("[package]\n");
    out.push_str(&format!("name = {}\n", toml_string(&api.crate_name)));
    out.push_str(&format!("version = {}\n", toml_string(&api.crate_version)));
    out.push_str("edition = \"2021\"\n");
    out.push_str("rust-version = \"1.85\"\n");
    out.push_str(&format!(
        "description = {}\n",
        toml_string(&format!("Typed async client for {}", api.title))
    ));
    out.push_str("publish = false\n");
    out.push_str("\n[dependencies]\n");
    for (name, requirement) in dependencies(api) {
        out.push_str(&format!("{name} = {requirement}\n"));
    }
    for (name, requirement) in OPTIONAL_DEPENDENCIES {
        out.push_str(&format!("{name} = {requirement}\n"));
    }
    out.push_str("\n[features]\n");
    for (name, enables, doc) in FEATURES {
        out.push_str(&format!("# {doc}\n{name} = {enables}\n"));
    }
    out
}

/// The crates only a feature uses, as `Cargo.toml` lines.
const OPTIONAL_DEPENDENCIES: &[(&str, &str)] = &[
    (
        "tracing",
        "{ version = \"0.1.40\", default-features = false, features = [\"std\"], optional = true }",
    ),
    ("wiremock", "{ version = \"0.6\", optional = true }"),
];

/// The crate's features: name, what it enables, what it is for.
const FEATURES: &[(&str, &str, &str)] = &[
    (
        "mock",
        "[\"dep:wiremock\"]",
        "A typed mock server for applications' tests (`mock::MockServer`); for [dev-dependencies].",
    ),
    (
        "tracing",
        "[\"dep:tracing\"]",
        "One span per call, with OpenTelemetry's HTTP field names; never a body or a secret.",
    ),
];

/// Generated code is printed by the generator; `cargo fmt` leaves it alone.
pub fn rustfmt_toml() -> String {
    "disable_all_formatting = true\n".to_owned()
}
