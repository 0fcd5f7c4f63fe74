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
            if api.features.uploads {
                // Files read as they are sent.
                "{ version = \"1\", default-features = false, features = [\"time\", \"fs\"] }"
            } else {
                "{ version = \"1\", default-features = false, features = [\"time\"] }"
            },
        ),
    ];
    if api.features.patterns {
        dependencies.push(("regex-lite", "\"0.1\""));
    }
    if api.features.streams || api.features.pages {
        // The `Stream` trait of event and byte streams and of pages, already in
        // reqwest's tree.
        dependencies.push(("futures-core", "\"0.3\""));
    }
    if api.features.uploads {
        // Bodies read as they are sent: all three already in reqwest's tree.
        dependencies.push(("bytes", "\"1\""));
        dependencies.push(("http-body", "\"1\""));
        if !(api.features.streams || api.features.pages) {
            dependencies.push(("futures-core", "\"0.3\""));
        }
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
    if let Some(license) = &api.package.license {
        out.push_str(&format!("license = {}\n", toml_string(license)));
    }
    if let Some(repository) = &api.package.repository {
        out.push_str(&format!("repository = {}\n", toml_string(repository)));
    }
    out.push_str("readme = \"README.md\"\n");
    out.push_str("keywords = [\"api\", \"client\", \"openapi\"]\n");
    out.push_str("categories = [\"api-bindings\", \"web-programming::http-client\"]\n");
    if !api.package.publish {
        out.push_str("publish = false\n");
    }
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
    let groups = &api.gates.features;
    if !groups.is_empty() {
        let all: Vec<String> = groups.iter().map(|g| toml_string(&g.name)).collect();
        out.push_str(
            "# Every operation. Without it (`default-features = false`), only the operations\n\
             # of the groups turned on below compile, with the types they reach.\n",
        );
        out.push_str("default = [\"full\"]\n");
        out.push_str(&format!("full = [{}]\n", all.join(", ")));
        for group in groups {
            out.push_str(&format!(
                "# The operations of `{}`.\n{} = []\n",
                toml_string(&group.label).trim_matches('"'),
                group.name
            ));
        }
    }
    out
}

/// The crates only a feature uses, as `Cargo.toml` lines.
pub(crate) const OPTIONAL_DEPENDENCIES: &[(&str, &str)] = &[
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

/// The crate's `README.md`: what it is, how to depend on it, and a first call.
pub fn readme(api: &Api) -> String {
    let name = &api.crate_name;
    let library = name.replace('-', "_");
    let mut out = format!(
        "# {name}\n\nTyped async client for {}, generated from its OpenAPI description.\n",
        api.title
    );
    if let Some(first) = api
        .description
        .as_deref()
        .and_then(|d| d.split("\n\n").next())
    {
        out.push_str(&format!("\n{}\n", first.trim()));
    }
    out.push_str(&format!(
        "\n## Use\n\n```toml\n[dependencies]\n{name} = \"{}\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```\n",
        api.crate_version
    ));
    let configure = match (&api.from_env, api.servers.is_empty()) {
        (Some(_), _) => format!("let client = {library}::Client::from_env()?;"),
        (None, false) => format!("let client = {library}::Client::builder().build()?;"),
        (None, true) => format!(
            "let client = {library}::Client::builder().base_url(\"https://api.example.com\").build()?;"
        ),
    };
    out.push_str(&format!("\n```rust,ignore\n{configure}\n"));
    if let Some(op) = api.operations.first() {
        out.push_str(&format!(
            "// Every operation is a method of `Client`; this is `{} {}`.\nlet response = client.{}(/* … */).await?;\n",
            op.method.token(),
            op.path,
            op.rust_name
        ));
    }
    out.push_str("```\n");
    out.push_str(
        "\nRequests are checked against the spec's rules before anything is sent; errors say\nwhether a request may have reached the server. Features: `mock` (a typed mock server\nfor your tests), `tracing` (one span per call).\n",
    );
    out
}
