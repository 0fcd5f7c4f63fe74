//! ARCHITECTURE.md's code map names every file of the repository's own code that
//! exists: each source, test, example, benchmark and script file, by its path or by
//! its name in the entry of a folder or module that holds it. And the house's shape:
//! the command line apart from the library, and no source file too big to read.

use std::path::Path;

/// The folders whose files the map must name, with whether to look into subfolders.
const MAPPED: &[(&str, bool)] = &[
    ("generator/src", true),
    ("generator/tests", false),
    ("generator/examples", true),
    ("generator/benches", true),
    ("cli/src", true),
    ("cli/tests", true),
    ("cli/examples", true),
    ("tests/src", true),
    ("tests/tests", false),
    ("tests/benches", true),
    ("tests/examples", true),
    ("examples", true),
    ("benchmarks", true),
    ("scripts", true),
    (".ci", true),
];

/// Folders inside those that hold no code of the repository's own: build output,
/// installed packages, and the generated code and golden files tests compare with.
const SKIPPED: &[&str] = &["target", "node_modules", "contract", "golden"];

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Every file under `folder` (relative to the root, `/`-separated), in sorted order.
fn files(folder: &str, deep: bool, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root().join(folder)) else {
        return;
    };
    let mut names: Vec<(String, bool)> = entries
        .flatten()
        .map(|e| {
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            (e.file_name().to_string_lossy().into_owned(), is_dir)
        })
        .collect();
    names.sort();
    for (name, is_dir) in names {
        let path = format!("{folder}/{name}");
        if is_dir {
            if deep && !SKIPPED.contains(&name.as_str()) {
                files(&path, deep, found);
            }
        } else if name.ends_with(".rs") || name.ends_with(".sh") || folder == ".ci" {
            found.push(path);
        }
    }
}

/// The entries of the code map: each top-level bullet with the lines under it.
fn entries(map: &str) -> Vec<String> {
    let map = format!("\n{map}");
    let section = map
        .split("\n## ")
        .find(|s| s.starts_with("Code map"))
        .expect("ARCHITECTURE.md has a `## Code map` section");
    let mut entries: Vec<String> = Vec::new();
    for line in section.lines() {
        if line.starts_with("- ") || entries.is_empty() {
            entries.push(String::new());
        }
        let entry = entries.last_mut().expect("an entry");
        entry.push_str(line);
        entry.push('\n');
    }
    entries
}

/// Whether `text` holds `word` with no name character just before or after it.
fn mentions(text: &str, word: &str) -> bool {
    let name_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(name_char) && !after.is_some_and(|c| name_char(c) && c != '-')
    })
}

/// Whether an entry names `file`: by its whole path, or, in an entry for a folder or
/// module above it (`dir/` or `dir.rs`), by the rest of its path.
fn named(entries: &[String], file: &str) -> bool {
    entries.iter().any(|entry| {
        if mentions(entry, file) {
            return true;
        }
        let mut at = file.len();
        while let Some(slash) = file[..at].rfind('/') {
            let (above, rest) = (&file[..slash], &file[slash + 1..]);
            let holds =
                mentions(entry, &format!("{above}/")) || mentions(entry, &format!("{above}.rs"));
            if holds && mentions(entry, rest) {
                return true;
            }
            at = slash;
        }
        false
    })
}

#[test]
fn the_code_map_names_every_file_that_exists() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let entries = entries(&map);
    let mut all = Vec::new();
    for (folder, deep) in MAPPED {
        files(folder, *deep, &mut all);
    }
    assert!(all.len() > 50, "the walk found too few files: {all:?}");
    let missing: Vec<&String> = all.iter().filter(|f| !named(&entries, f)).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's code map does not name these files: {missing:#?}"
    );
}

#[test]
fn a_file_is_named_by_its_path_or_in_the_entry_of_its_folder() {
    let entries = entries(
        "## Code map\n\n- `a/b.rs` — one.\n- `c/` — holds `d.rs` and\n  `e/f.rs`.\n- `g.rs` — and `g/h.rs`.\n",
    );
    assert!(named(&entries, "a/b.rs"));
    assert!(named(&entries, "c/d.rs"));
    assert!(named(&entries, "c/e/f.rs"));
    assert!(named(&entries, "g/h.rs"));
    assert!(!named(&entries, "a/d.rs"));
    assert!(!named(&entries, "c/b.rs"));
    assert!(!named(&entries, "c/xd.rs"));
}

#[test]
fn no_source_file_of_the_library_or_the_command_line_is_over_1000_lines() {
    let mut all = Vec::new();
    files("generator/src", true, &mut all);
    files("cli/src", true, &mut all);
    let big: Vec<(String, usize)> = all
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(root().join(&f)).expect("source");
            (f, text.lines().count())
        })
        .filter(|(_, lines)| *lines > 1000)
        .collect();
    assert!(
        big.is_empty(),
        "split these along the lines they have: {big:?}"
    );
}

#[test]
fn the_library_depends_on_nothing_of_the_command_line() {
    // The crates a package depends on, to build or to run.
    let depends = |path: &str| -> Vec<String> {
        let text =
            std::fs::read_to_string(root().join(path).join("Cargo.toml")).expect("Cargo.toml");
        ["dependencies", "build-dependencies"]
            .into_iter()
            .flat_map(|section| tests::manifest_section(&text, section))
            .filter_map(|line| {
                Some(
                    line.split_once('=')?
                        .0
                        .trim()
                        .trim_end_matches(".workspace")
                        .to_owned(),
                )
            })
            .collect()
    };
    let library = depends("generator");
    for crate_name in ["clap", "mimalloc", "openapi-clientgen-cli"] {
        assert!(
            !library.iter().any(|d| d == crate_name),
            "the library depends on `{crate_name}`, which only the command line needs"
        );
    }
    assert!(depends("cli").iter().any(|d| d == "openapi-clientgen"));
    let mut sources = Vec::new();
    files("generator/src", true, &mut sources);
    for file in sources {
        let text = std::fs::read_to_string(root().join(&file)).expect("source");
        assert!(
            !text.contains("clap::") && !text.contains("openapi_clientgen_cli"),
            "{file} reaches the command line"
        );
    }
}
