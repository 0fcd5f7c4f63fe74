//! What a spec change means to the crates that depend on the generated one: two
//! lowered models compared item by item, since the model is where the Rust API is
//! decided. Each change names its place in the new spec (the old one for a removal),
//! the Rust item it touches, its kind and its semver class; the whole change gets the
//! largest class as its verdict.
//!
//! The classes follow what `cargo-semver-checks` reports on the two generated crates
//! (structs and enums are `#[non_exhaustive]`, so additions are minor), and go beyond
//! it where it has no lint: a field whose type changed, and a behaviour change with no
//! Rust item changed (a constraint tightened: a request that was sent is now refused).

mod operations;
mod types;

use crate::model::Api;
use crate::shared::{GenerateError, Options, Resolve};
use operations::operations;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use types::types;

/// How a change must be released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing a dependent can see changed.
    None,
    /// Documentation, or what goes on the wire with no Rust item changed.
    Patch,
    /// Something was added: dependents keep compiling.
    Minor,
    /// Something a dependent may use was removed or changed: it may stop compiling,
    /// or a request it sent may now be refused.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A new item: an operation, a type, a field, a value.
    Added,
    /// An item gone.
    Removed,
    /// A field or parameter whose Rust type changed.
    TypeChanged,
    /// An optional field or parameter that is now required.
    NowRequired,
    /// A required field or parameter that is now optional.
    NowOptional,
    /// A method or constructor that takes other arguments.
    SignatureChanged,
    /// A rule that refuses values it allowed (a shorter `maxLength`, a new pattern).
    ConstraintTightened,
    /// A rule that allows values it refused.
    ConstraintWidened,
    /// An item now marked deprecated.
    Deprecated,
    /// What goes on the wire changed with no Rust item changed (a wire name, a path).
    RequestChanged,
    /// Documentation alone.
    DocsOnly,
}

impl Kind {
    /// The kind in words: `added`, `now required`, `docs only`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::TypeChanged => "type changed",
            Kind::NowRequired => "now required",
            Kind::NowOptional => "now optional",
            Kind::SignatureChanged => "signature changed",
            Kind::ConstraintTightened => "constraint tightened",
            Kind::ConstraintWidened => "constraint widened",
            Kind::Deprecated => "deprecated",
            Kind::RequestChanged => "request changed",
            Kind::DocsOnly => "docs only",
        }
    }
}

/// One change to the generated API or to what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// JSON pointer into the new spec (into the old one for what was removed).
    pub pointer: String,
    /// The Rust item, as a dependent names it (`types::Member::email`, `Client::send`).
    pub item: String,
    /// What happened to it.
    pub kind: Kind,
    /// How it must be released.
    pub class: Bump,
    /// What changed, in a sentence.
    pub detail: String,
    /// `cargo-semver-checks` has no lint for this change (it would call it less).
    pub beyond_semver_checks: bool,
}

/// Every change, and the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// The largest class of any change: how the whole must be released.
    pub bump: Bump,
    /// Every change, in the order of the new spec.
    pub changes: Vec<Change>,
}

/// A spec loaded and lowered as [`crate::generate_with`] would, ready to be compared
/// with [`diff`].
#[derive(Debug, Clone)]
pub struct Lowered {
    api: Api,
}

impl Lowered {
    /// Load and lower `spec` (YAML or JSON), reading the other files its references
    /// name through `resolver`. Warnings are dropped: `generate` reports them.
    pub fn new(
        spec: &str,
        resolver: &dyn Resolve,
        options: &Options,
    ) -> Result<Self, GenerateError> {
        crate::model_with(spec, resolver, options).map(|(api, _)| Lowered { api })
    }

    /// The generated crate's package name.
    pub fn crate_name(&self) -> &str {
        &self.api.crate_name
    }

    /// The spec's `info.version`, which a first release takes when it is semver.
    pub fn crate_version(&self) -> &str {
        &self.api.crate_version
    }
}

/// What changing the spec `old` into `new` means to the crates that depend on the
/// client generated from it.
pub fn diff(old: &Lowered, new: &Lowered) -> Diff {
    diff_models(&old.api, &new.api)
}

/// Compare the model of the old spec with the model of the new one.
pub(crate) fn diff_models(old: &Api, new: &Api) -> Diff {
    let mut out = Changes(Vec::new());
    operations(old, new, &mut out);
    types(old, new, &mut out);
    servers_and_auth(old, new, &mut out);
    let changes = out.0;
    let bump = changes.iter().map(|c| c.class).max().unwrap_or(Bump::None);
    Diff { bump, changes }
}

struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, pointer: &str, item: String, kind: Kind, class: Bump, detail: String) {
        self.0.push(Change {
            pointer: pointer.to_owned(),
            item,
            kind,
            class,
            detail,
            beyond_semver_checks: false,
        });
    }

    /// A change `cargo-semver-checks` does not see.
    fn push_beyond(
        &mut self,
        pointer: &str,
        item: String,
        kind: Kind,
        class: Bump,
        detail: String,
    ) {
        self.push(pointer, item, kind, class, detail);
        if let Some(last) = self.0.last_mut() {
            last.beyond_semver_checks = true;
        }
    }
}

/// Items by their Rust name (what a dependent names them by).
fn by_name<'a, T>(items: &'a [T], name: impl Fn(&'a T) -> &'a String) -> BTreeMap<&'a str, &'a T> {
    items
        .iter()
        .map(|item| (name(item).as_str(), item))
        .collect()
}

fn servers_and_auth(old: &Api, new: &Api, out: &mut Changes) {
    for s in &old.servers {
        if !new.servers.iter().any(|t| t.rust_name == s.rust_name) {
            out.push(
                "#/servers",
                format!("Server::{}", s.rust_name),
                Kind::Removed,
                Bump::Major,
                format!("the server `{}` is gone", s.url),
            );
        }
    }
    for s in &new.servers {
        match old.servers.iter().find(|t| t.rust_name == s.rust_name) {
            None => out.push(
                "#/servers",
                format!("Server::{}", s.rust_name),
                Kind::Added,
                Bump::Minor,
                format!("a new server, `{}`", s.url),
            ),
            Some(was) if was.url != s.url => out.push(
                "#/servers",
                format!("Server::{}", s.rust_name),
                Kind::RequestChanged,
                Bump::Patch,
                format!("now `{}` (was `{}`)", s.url, was.url),
            ),
            Some(_) => {}
        }
    }
    for a in &old.auth {
        if !new
            .auth
            .iter()
            .any(|b| b.method_name == a.method_name && b.kind == a.kind)
        {
            out.push(
                "#/components/securitySchemes",
                format!("ClientBuilder::{}", a.method_name),
                Kind::Removed,
                Bump::Major,
                format!("the credentials `{}` are gone or changed", a.scheme_name),
            );
        }
    }
    for a in &new.auth {
        if !old.auth.iter().any(|b| b.method_name == a.method_name) {
            out.push(
                "#/components/securitySchemes",
                format!("ClientBuilder::{}", a.method_name),
                Kind::Added,
                Bump::Minor,
                format!("new credentials, `{}`", a.scheme_name),
            );
        }
    }
}

impl Diff {
    /// For people: the verdict, then one line per change.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}: {} change(s)\n", self.bump.as_str(), self.changes.len());
        for c in &self.changes {
            let _ = writeln!(
                out,
                "{:<5}  {}  {}: {}  ({})",
                c.class.as_str(),
                c.item,
                c.kind.as_str(),
                c.detail,
                c.pointer
            );
        }
        out
    }

    /// For tools: `{"bump": …, "changes": [{pointer, item, kind, class, detail, beyond_semver_checks}]}`.
    pub fn to_json(&self) -> String {
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|c| {
                serde_json::json!({
                    "pointer": c.pointer,
                    "item": c.item,
                    "kind": c.kind.as_str(),
                    "class": c.class.as_str(),
                    "detail": c.detail,
                    "beyond_semver_checks": c.beyond_semver_checks,
                })
            })
            .collect();
        let doc = serde_json::json!({"bump": self.bump.as_str(), "changes": changes});
        serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
    }

    /// A changelog section (without its heading): changes grouped by class.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for (class, title) in [
            (Bump::Major, "Breaking"),
            (Bump::Minor, "Added"),
            (Bump::Patch, "Changed"),
        ] {
            let lines: Vec<&Change> = self.changes.iter().filter(|c| c.class == class).collect();
            if lines.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {title}\n");
            for c in lines {
                let _ = writeln!(
                    out,
                    "- `{}`: {} — {} (`{}`)",
                    c.item,
                    c.kind.as_str(),
                    c.detail,
                    c.pointer
                );
            }
            out.push('\n');
        }
        if out.is_empty() {
            out.push_str("No change to the API.\n");
        }
        out
    }
}
