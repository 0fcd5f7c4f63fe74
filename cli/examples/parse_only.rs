//! The parse floor of generation, as a whole process: read a spec and parse it with
//! serde (`serde_json` or `serde_yaml`) straight into `openapiv3`'s types, then stop.
//! (The generator reads through a JSON value first, so that errors can name their
//! place; that is part of what the comparison measures.)
//! `scripts/generate-vs-parse.sh` times `openapi-clientgen --spec X --out DIR` against it.
//!
//! ```sh
//! cargo run --release -p openapi-clientgen-cli --example parse_only -- SPEC
//! ```

// File access is allowed here (clippy.toml, ARCHITECTURE.md): a benchmark's edge: it reads the spec it parses.
#![allow(clippy::disallowed_methods)]

/// The generator's command line allocates with mimalloc; so does its floor.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_only SPEC");
        return std::process::ExitCode::FAILURE;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("{path}: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let parsed: Result<openapiv3::OpenAPI, String> = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|err| err.to_string())
    } else {
        serde_yaml::from_str(&text).map_err(|err| err.to_string())
    };
    match parsed {
        Ok(spec) => {
            println!("{} paths", spec.paths.paths.len());
            std::process::ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{path}: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
