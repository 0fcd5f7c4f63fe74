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
    // Retry-After dates, in all three forms of RFC 9110.
    out.push_str("httpdate = \"1\"\n");
    out.push_str("reqwest = { version = \"0.13\", default-features = false, features = [\"rustls-no-provider\"] }\n");
    out.push_str("rustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }\n");
    out.push_str("serde = { version = \"1\", features = [\"derive\"] }\n");
    // Form bodies and object parameters go through `serde_json::Value`: keep field order.
    out.push_str("serde_json = { version = \"1\", features = [\"preserve_order\"] }\n");
    out.push_str("thiserror = \"2\"\n");
    out.push_str("tokio = { version = \"1\", default-features = false, features = [\"time\"] }\n");
    if api.features.patterns {
        out.push_str("regex-lite = \"0.1\"\n");
    }
    out
}

/// Generated code is printed by the generator; `cargo fmt` leaves it alone.
pub fn rustfmt_toml() -> String {
    "disable_all_formatting = true\n".to_owned()
}
