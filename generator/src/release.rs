//! Versioning the generated crate by what its spec's changes mean to dependents.
//!
//! A release is recorded in two places beside the crate: `CHANGELOG.md`, whose first
//! `## <version>` heading is the crate's version, and a copy of the spec as it was
//! released. The next release diffs that copy against the spec (see [`crate::diff`]),
//! takes the next version by the verdict, and writes a changelog section from the
//! diff. Everything here is text in, text out; the CLI reads and writes the files.

use crate::diff::{Bump, Diff};

/// The version of the latest release a changelog records: its first `## <version>`
/// heading (`## 1.2.0` or `## [1.2.0]`, anything after the version ignored).
pub fn released_version(changelog: &str) -> Option<String> {
    changelog.lines().find_map(|line| {
        let heading = line.strip_prefix("## ")?;
        let version = heading
            .trim_start_matches('[')
            .split([']', ' '])
            .next()
            .unwrap_or_default();
        parse(version).map(|_| version.to_owned())
    })
}

/// `major.minor.patch` as numbers.
fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let mut parts = version.split('.').map(str::parse::<u64>);
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(Ok(major)), Some(Ok(minor)), Some(Ok(patch)), None) => Some((major, minor, patch)),
        _ => None,
    }
}

/// The version after `version` for a change of class `bump`, as Cargo reads versions:
/// below 1.0.0 a breaking change raises the minor number and anything else the patch.
/// `None` when `version` is not `major.minor.patch`.
pub fn next_version(version: &str, bump: Bump) -> Option<String> {
    let (major, minor, patch) = parse(version)?;
    let next = match (bump, major) {
        (Bump::None, _) => (major, minor, patch),
        (Bump::Major, 0) => (0, minor + 1, 0),
        (Bump::Minor | Bump::Patch, 0) => (0, minor, patch + 1),
        (Bump::Major, _) => (major + 1, 0, 0),
        (Bump::Minor, _) => (major, minor + 1, 0),
        (Bump::Patch, _) => (major, minor, patch + 1),
    };
    Some(format!("{}.{}.{}", next.0, next.1, next.2))
}

/// The changelog with a section for `version` on top (after the title, if any).
pub fn add_section(changelog: &str, version: &str, diff: &Diff) -> String {
    let section = format!(
        "## {version}\n\n{} release: the spec's changes are {} for dependents.\n\n{}",
        capitalized(diff.bump.as_str()),
        match diff.bump {
            Bump::Major => "breaking",
            Bump::Minor => "additions",
            Bump::Patch | Bump::None => "compatible",
        },
        diff.to_markdown()
    );
    first_section(changelog, &section)
}

/// The changelog with a note under `version`'s section that the crate's public API
/// changed beyond its spec's changes (the generator or its runtime changed it).
pub fn note_api_change(changelog: &str, version: &str, gone: usize, new: usize) -> String {
    let heading = format!("## {version}\n\n");
    let note = format!(
        "The crate's public API changed beyond the spec (the generator or its runtime): {gone} item(s) gone or changed, {new} new.\n\n"
    );
    match changelog.find(&heading) {
        Some(at) => {
            let after = at + heading.len();
            format!("{}{note}{}", &changelog[..after], &changelog[after..])
        }
        None => changelog.to_owned(),
    }
}

/// The changelog with a section for `version` on top, for a release whose spec did
/// not change but whose public API did (the generator or its runtime changed it):
/// the items gone or changed and the items new, one per line.
pub fn add_api_section(
    changelog: &str,
    version: &str,
    bump: Bump,
    gone: &[&str],
    new: &[&str],
) -> String {
    let mut section = format!(
        "## {version}\n\n{} release: the spec did not change; the generator or its runtime changed the crate's public API ({} item(s) gone or changed, {} new).\n\n",
        capitalized(bump.as_str()),
        gone.len(),
        new.len()
    );
    for line in gone {
        section.push_str(&format!("- gone or changed: `{line}`\n"));
    }
    for line in new {
        section.push_str(&format!("- new: `{line}`\n"));
    }
    first_section(changelog, &section)
}

/// The changelog of a first release.
pub fn first_release(changelog: &str, version: &str) -> String {
    first_section(changelog, &format!("## {version}\n\nFirst release.\n"))
}

fn first_section(changelog: &str, section: &str) -> String {
    let title = "# Changelog\n\nEach release of this crate, with what its spec's changes mean to dependents (written by `generator release`).\n\n";
    let rest = match changelog.find("\n## ") {
        Some(at) => &changelog[at + 1..],
        None if changelog.starts_with("## ") => changelog,
        None => "",
    };
    let mut out = format!("{title}{}", section.trim_end());
    if !rest.is_empty() {
        out.push_str("\n\n");
        out.push_str(rest.trim_end());
    }
    out.push('\n');
    out
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_the_verdict_as_cargo_reads_them() {
        assert_eq!(next_version("1.2.3", Bump::Major).as_deref(), Some("2.0.0"));
        assert_eq!(next_version("1.2.3", Bump::Minor).as_deref(), Some("1.3.0"));
        assert_eq!(next_version("1.2.3", Bump::Patch).as_deref(), Some("1.2.4"));
        assert_eq!(next_version("0.4.1", Bump::Major).as_deref(), Some("0.5.0"));
        assert_eq!(next_version("0.4.1", Bump::Minor).as_deref(), Some("0.4.2"));
        assert_eq!(next_version("1.2", Bump::Minor), None);
    }

    #[test]
    fn the_released_version_is_the_first_heading() {
        let changelog = "# Changelog\n\n## [1.3.0] (spec 2026-02)\n\n- x\n\n## 1.2.0\n";
        assert_eq!(released_version(changelog).as_deref(), Some("1.3.0"));
        assert_eq!(released_version("# Changelog\n"), None);
    }

    #[test]
    fn a_new_section_goes_on_top_of_the_older_ones() {
        let diff = Diff {
            bump: Bump::Minor,
            changes: Vec::new(),
        };
        let once = first_release("", "1.0.0");
        let twice = add_section(&once, "1.1.0", &diff);
        let headings: Vec<&str> = twice.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(headings, ["## 1.1.0", "## 1.0.0"]);
        assert_eq!(released_version(&twice).as_deref(), Some("1.1.0"));
    }
}
