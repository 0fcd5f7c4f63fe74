//! `cargo run -p tests --bin corpus [-- DIR]`: generate every spec in DIR (default
//! `../shared/corpus`), `cargo clippy` the crates together, print a Markdown table.

use std::path::PathBuf;
use tests::corpus;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus"));
    let workspace = root.join("target/corpus");
    let _ = std::fs::remove_dir_all(workspace.join("crates"));
    let crates = workspace.join("crates");
    let outcomes: Vec<corpus::Outcome> = corpus::specs(&dir)
        .iter()
        .map(|spec| corpus::generate_one(spec, &crates, 5))
        .collect();
    let members: Vec<String> = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok())
        .map(|m| format!("crates/{m}"))
        .collect();
    let checked = corpus::write_workspace(&workspace, &members)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            let names: Vec<String> = members
                .iter()
                .map(|m| m.trim_start_matches("crates/").to_owned())
                .collect();
            corpus::check_workspace(&workspace, &names)
        });
    println!(
        "| spec | operations | result | warnings (generator) | generation time (median of 5) |"
    );
    println!("|---|---:|---|---:|---:|");
    let mut failed = false;
    for outcome in &outcomes {
        let result = match (&outcome.result, &checked) {
            (Err(refusal), _) => refusal.replace('|', "\\|"),
            (Ok(name), Ok(per_member)) => {
                let lines = per_member
                    .iter()
                    .find(|(m, _)| m == name)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_default();
                if lines.is_empty() {
                    "compiles, no rustc or clippy warnings".to_owned()
                } else {
                    failed = true;
                    format!(
                        "**{} compiler messages**: {}",
                        lines.len(),
                        lines[0].replace('|', "\\|")
                    )
                }
            }
            (Ok(_), Err(err)) => {
                failed = true;
                format!(
                    "**cargo clippy failed**: {}",
                    err.lines().next().unwrap_or_default()
                )
            }
        };
        println!(
            "| {} | {} | {} | {} | {:.1} ms |",
            outcome.spec,
            outcome.operations,
            result,
            outcome.warnings,
            outcome.generation.as_secs_f64() * 1000.0
        );
    }
    if let Err(err) = &checked {
        eprintln!("{err}");
    }
    if failed {
        std::process::exit(1);
    }
}
