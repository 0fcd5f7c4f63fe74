//! `generator conformance`: the client of any spec, checked on the wire against an
//! independent server. It generates the client and a harness that calls every
//! operation (`harness`, with values from `values`), builds them with cargo, starts
//! Prism in mock mode on the same spec (`--errors`, on a port Prism picks), runs the
//! harness against it and reads one line per call: whether Prism found the request
//! valid, and whether the response decoded into the operation's typed result.
//!
//! Like `check.rs`, this is the command line's: it writes files and runs processes.

// File access is allowed here (clippy.toml, ARCHITECTURE.md): the CLI's: it writes the client and harness and runs them.
#![allow(clippy::disallowed_methods)]

pub mod examples;
pub mod excuses;
pub mod harness;
pub mod values;

pub use excuses::{Facts, Limit, PRISM_LIMITS};

use openapi_clientgen::internal::shared::Options;
use openapi_clientgen::FileResolver;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Where a run finds what it needs.
pub struct Setup {
    /// The spec to check.
    pub spec: PathBuf,
    /// Prism's executable.
    pub prism: PathBuf,
    /// A folder for the client and the harness.
    pub work: PathBuf,
    /// Cargo's target folder for their build.
    pub target: PathBuf,
}

/// One call of the harness.
#[derive(Debug, Clone)]
pub struct Call {
    pub operation: String,
    pub call: String,
    pub status: Option<u16>,
    /// Prism found the request valid.
    pub accepted: bool,
    /// The response decoded into the operation's typed result.
    pub decoded: bool,
    /// The start of the body the client did not decode (as text, control characters
    /// made spaces), when it did not.
    pub body: String,
    /// Prism's message or the client's, when something failed.
    pub detail: String,
    /// What the run knows of the spec, to tell one of [`PRISM_LIMITS`] from a
    /// failure.
    pub facts: std::sync::Arc<Facts>,
    /// Prism's process ended while it handled this call.
    pub prism_stopped: bool,
}

impl Call {
    /// What kind of failure this is.
    pub fn kind(&self) -> &'static str {
        if let Some(limit) = self.excused() {
            return limit;
        }
        match (self.status, self.accepted, self.decoded) {
            (None, _, _) if self.detail.starts_with("the client refused") => {
                "refused by the client"
            }
            (None, _, _) if self.detail.starts_with("the client's type") => "value not read",
            (None, _, _) => "no response",
            (Some(_), false, _) => "rejected by Prism",
            (Some(_), true, false) => "not decoded",
            (Some(_), true, true) => "passed",
        }
    }
}

/// What a run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub operations: usize,
    pub calls: Vec<Call>,
    /// Why Prism served the document as the generator read it, when it did.
    pub served: Option<String>,
}

impl Report {
    /// The calls that failed.
    pub fn failures(&self) -> Vec<&Call> {
        self.calls.iter().filter(|c| c.failed()).collect()
    }

    /// The table: counts, then one line per failed call and per Prism limit met.
    pub fn table(&self) -> String {
        let count = |kind: &str| self.calls.iter().filter(|c| c.kind() == kind).count();
        let excused = self.calls.iter().filter(|c| c.excused().is_some()).count();
        let mut text = String::from(
            "| operations | calls | accepted | decoded | rejected by Prism | not decoded | refused by the client | value not read | no response | Prism's limits |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            self.operations,
            self.calls.len(),
            self.calls.iter().filter(|c| c.accepted).count(),
            self.calls.iter().filter(|c| c.decoded).count(),
            count("rejected by Prism"),
            count("not decoded"),
            count("refused by the client"),
            count("value not read"),
            count("no response"),
            excused,
        ));
        if let Some(served) = &self.served {
            text.push_str(&format!("served as read: {served}\n"));
        }
        for Limit { name, why, test } in PRISM_LIMITS {
            let met = self
                .calls
                .iter()
                .filter(|c| c.excused() == Some(*name))
                .count();
            if met > 0 {
                text.push_str(&format!(
                    "excused ({met} calls): {name}: {why} (the client's bytes: {test})\n"
                ));
            }
        }
        for call in self.failures() {
            let status = call.status.map(|s| format!(" ({s})")).unwrap_or_default();
            let detail: String = call.detail.chars().take(4000).collect();
            text.push_str(&format!(
                "failed: {} [{}]{status}: {}: {}\n",
                call.operation,
                call.call,
                call.kind(),
                detail
            ));
        }
        text
    }

    /// The last line: `conformance: C calls, A accepted, D decoded, F failed` (a call
    /// one of Prism's limits excuses is not failed).
    pub fn summary(&self) -> String {
        format!(
            "conformance: {} calls, {} accepted, {} decoded, {} failed",
            self.calls.len(),
            self.calls.iter().filter(|c| c.accepted).count(),
            self.calls.iter().filter(|c| c.decoded).count(),
            self.failures().len()
        )
    }
}

/// Generate, build, serve and call: the report of every call.
pub fn run(setup: &Setup) -> Result<Report, String> {
    let spec_text =
        std::fs::read_to_string(&setup.spec).map_err(|e| format!("cannot be read: {e}"))?;
    let resolver = FileResolver::for_spec(&setup.spec);
    let options = Options {
        spec_label: setup.spec.display().to_string(),
        crate_name: Some("conformance-client".to_owned()),
        ..Options::default()
    };
    let generated = openapi_clientgen::generate_with(&spec_text, &resolver, &options)
        .map_err(|e| e.to_string())?;
    let (api, warnings) = openapi_clientgen::internal::model_with(&spec_text, &resolver, &options)
        .map_err(|e| e.to_string())?;
    let loaded = openapi_clientgen::internal::load::load_with(&spec_text, &resolver)
        .map_err(|e| format!("{e}"))?;
    let (main_rs, _) = harness::harness(&api, &loaded.raw);

    let binary = build(setup, &generated.files, &main_rs)?;

    if api.operations.is_empty() {
        return Ok(Report::default());
    }
    let facts = std::sync::Arc::new(Facts::of(&spec_text, &loaded.raw, &api, &warnings));
    let (calls, served) = call_all(setup, &loaded, &binary, &facts)?;
    Ok(Report {
        operations: api.operations.len(),
        calls,
        served,
    })
}

/// Writes the client and the harness into the work folder, as one workspace, and
/// builds them: the harness's executable.
fn build(
    setup: &Setup,
    files: &[openapi_clientgen::GeneratedFile],
    main_rs: &str,
) -> Result<PathBuf, String> {
    let client_dir = setup.work.join("client");
    let _ = std::fs::remove_dir_all(client_dir.join("src"));
    for file in files {
        write(&client_dir.join(&file.path), &file.contents)?;
    }
    let manifest = std::fs::read_to_string(client_dir.join("Cargo.toml")).unwrap_or_default();
    let dependency = |name: &str| {
        manifest
            .lines()
            .find(|line| line.starts_with(&format!("{name} = ")))
            .unwrap_or_default()
            .to_owned()
    };
    let harness_dir = setup.work.join("harness");
    write(
        &harness_dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"conformance-harness\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nclient = {{ package = \"conformance-client\", path = \"../client\" }}\n{}\n{}\n{}\nserde = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
            dependency("reqwest"),
            dependency("rustls"),
            dependency("serde_json"),
        ),
    )?;
    write(&harness_dir.join("src/main.rs"), main_rs)?;
    write(
        &setup.work.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"client\", \"harness\"]\n",
    )?;

    let target = &setup.target;
    let built = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "build",
            "--quiet",
            "-p",
            "conformance-harness",
            "--manifest-path",
        ])
        .arg(setup.work.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cargo cannot be run: {e}"))?;
    if !built.success() {
        return Err(
            "the client or its harness does not build (cargo's messages are above)".to_owned(),
        );
    }
    Ok(target.join("debug").join(format!(
        "conformance-harness{}",
        std::env::consts::EXE_SUFFIX
    )))
}

/// Serves the spec with Prism and runs the harness against it, starting Prism again
/// (at most [`MAX_RESTARTS`] times) after it stops: every call, and why Prism serves
/// the document as read when it does.
fn call_all(
    setup: &Setup,
    loaded: &openapi_clientgen::internal::load::Loaded,
    binary: &Path,
    facts: &std::sync::Arc<Facts>,
) -> Result<(Vec<Call>, Option<String>), String> {
    let (mut prism, served) = serve(setup, loaded)?;
    let mut calls: Vec<Call> = Vec::new();
    let mut restarts = 0;
    loop {
        let run = run_harness(binary, &mut prism, calls.len())?;
        calls.extend(run.calls.into_iter().map(|mut call| {
            call.facts = facts.clone();
            call
        }));
        match run.end {
            HarnessEnd::Done => return Ok((calls, served)),
            HarnessEnd::Failed(status) => {
                return Err(format!(
                    "the harness stopped after {} calls ({status})",
                    calls.len()
                ))
            }
            HarnessEnd::PrismStopped if restarts == MAX_RESTARTS => {
                return Err(format!(
                    "Prism stopped {} times while serving the spec, the last after {} calls",
                    restarts + 1,
                    calls.len()
                ))
            }
            HarnessEnd::PrismStopped => {
                // The call Prism ended on is counted as such; the run goes on with a new
                // Prism from the next call.
                restarts += 1;
                prism = prism.again()?;
            }
        }
    }
}

/// How many times a run starts Prism again after it stopped.
const MAX_RESTARTS: usize = 32;

/// What one run of the harness made.
struct HarnessRun {
    calls: Vec<Call>,
    end: HarnessEnd,
}

enum HarnessEnd {
    /// Every call was made.
    Done,
    /// The harness failed.
    Failed(std::process::ExitStatus),
    /// Prism stopped during the last call, which is marked as such.
    PrismStopped,
}

/// Runs the harness against `prism` from call `skip` on, reading its lines as they
/// come: a call with no response after which Prism has stopped ends the run there.
fn run_harness(binary: &Path, prism: &mut Prism, skip: usize) -> Result<HarnessRun, String> {
    let mut child = Command::new(binary)
        .env("CONFORMANCE_URL", &prism.url)
        .env("CONFORMANCE_SKIP", skip.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("the harness cannot be run: {e}"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("the harness's output is not piped")?;
    let mut calls = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let Some(mut call) = parse_line(&line) else {
            continue;
        };
        let unanswered = call.status.is_none();
        if unanswered && prism.stops_within(Duration::from_secs(2)) {
            call.prism_stopped = true;
            call.detail = format!(
                "Prism stopped while it handled the call: {}",
                prism.last_error()
            );
            calls.push(call);
            let _ = child.kill();
            let _ = child.wait();
            return Ok(HarnessRun {
                calls,
                end: HarnessEnd::PrismStopped,
            });
        }
        calls.push(call);
    }
    let status = child.wait().map_err(|e| format!("the harness: {e}"))?;
    let end = if status.success() {
        HarnessEnd::Done
    } else {
        HarnessEnd::Failed(status)
    };
    Ok(HarnessRun { calls, end })
}

/// Prism serving the spec, and why it serves the document as the generator read it
/// when it does: a spec whose mistakes were repaired means what the generator read
/// (each repair is a warning), and one whose component names Prism cannot follow, or
/// that Prism cannot read, is served as read with such names made plain (a
/// component's name never reaches the wire).
fn serve(
    setup: &Setup,
    loaded: &openapi_clientgen::internal::load::Loaded,
) -> Result<(Prism, Option<String>), String> {
    let (document, renamed) = plain_component_names(&loaded.raw);
    let as_read = |why: String| -> Result<(Prism, Option<String>), String> {
        let path = setup.work.join("served.json");
        let text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
        write(&path, &text)?;
        let prism = Prism::start(&setup.prism, &path)?;
        Ok((
            prism,
            Some(format!(
                "{why}; Prism serves the document as the generator read it ({})",
                path.display()
            )),
        ))
    };
    let mut why = Vec::new();
    if loaded.repairs > 0 {
        why.push(format!(
            "mistakes of the spec repaired (the warnings): {}",
            loaded.repairs
        ));
    }
    if renamed > 0 {
        why.push(format!(
            "component names with characters Prism cannot follow: {renamed}"
        ));
    }
    if !why.is_empty() {
        return as_read(why.join(", "));
    }
    match Prism::start(&setup.prism, &setup.spec) {
        Ok(prism) => Ok((prism, None)),
        Err(PrismError::Refused(message)) => as_read(format!(
            "Prism cannot serve the spec as written ({message})"
        )),
        Err(other) => Err(other.to_string()),
    }
}

/// `doc` with every component whose name OpenAPI forbids (see
/// [`openapi_clientgen::internal::load::is_name_char`]) renamed `component-N`, and the references to it,
/// with how many were renamed. Security schemes keep their names: requirements name
/// them.
fn plain_component_names(doc: &serde_json::Value) -> (serde_json::Value, usize) {
    let mut doc = doc.clone();
    let mut renames = Vec::new();
    if let Some(components) = doc.get_mut("components").and_then(|c| c.as_object_mut()) {
        for (section, entries) in components.iter_mut() {
            let Some(entries) = entries
                .as_object_mut()
                .filter(|_| section != "securitySchemes")
            else {
                continue;
            };
            let names: Vec<String> = entries
                .keys()
                .filter(|k| {
                    k.is_empty()
                        || !k
                            .chars()
                            .all(openapi_clientgen::internal::load::is_name_char)
                })
                .cloned()
                .collect();
            for name in names {
                let new = format!("component-{}", renames.len());
                if let Some(entry) = entries.remove(&name) {
                    entries.insert(new.clone(), entry);
                }
                renames.push((
                    format!(
                        "#/components/{section}/{}",
                        openapi_clientgen::internal::naming::pointer_token(&name)
                    ),
                    format!("#/components/{section}/{new}"),
                ));
            }
        }
    }
    if renames.is_empty() {
        return (doc, 0);
    }
    let mut stack = vec![&mut doc];
    while let Some(node) = stack.pop() {
        match node {
            serde_json::Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    match value {
                        // The component itself, or a place inside it.
                        serde_json::Value::String(reference) if key == "$ref" => {
                            if let Some(moved) = openapi_clientgen::internal::load::longest_prefix(
                                &renames, reference,
                            ) {
                                *reference = moved;
                            }
                        }
                        _ => stack.push(value),
                    }
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    (doc, renames.len())
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

/// One line of the harness's output.
pub(crate) fn parse_line(line: &str) -> Option<Call> {
    let mut fields = line.splitn(7, '\t');
    let operation = fields.next()?.to_owned();
    let call = fields.next()?.to_owned();
    let status = fields.next()?.parse().ok();
    let accepted = fields.next()? == "true";
    let decoded = fields.next()? == "true";
    let body = fields.next().unwrap_or_default().to_owned();
    let detail = fields.next().unwrap_or_default().to_owned();
    Some(Call {
        operation,
        call,
        status,
        accepted,
        decoded,
        body,
        detail,
        facts: Default::default(),
        prism_stopped: false,
    })
}

/// Prism serving a spec on 127.0.0.1, stopped when dropped.
struct Prism {
    child: std::process::Child,
    url: String,
    /// Its executable and the document it serves, to start it again.
    exe: PathBuf,
    spec: PathBuf,
    /// The last error its output named (`TypeError: …`).
    error: std::sync::Arc<std::sync::Mutex<String>>,
}

/// Why Prism is not serving.
#[derive(Debug)]
enum PrismError {
    /// It cannot be run.
    NotRun(String),
    /// It ended before it listened, with its last fatal message.
    Refused(String),
    /// It neither listened nor ended in time.
    Silent,
}

impl std::fmt::Display for PrismError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrismError::NotRun(message) => f.write_str(message),
            PrismError::Refused(message) => write!(f, "Prism cannot serve the spec: {message}"),
            PrismError::Silent => f.write_str("Prism did not start listening within two minutes"),
        }
    }
}

impl From<PrismError> for String {
    fn from(error: PrismError) -> String {
        error.to_string()
    }
}

/// `line` as the last error Prism named, when it names one (`TypeError: …`), on
/// either of its streams.
fn keep_error(errors: &std::sync::Mutex<String>, line: &str) {
    if line.contains("Error: ") {
        if let Ok(mut last) = errors.lock() {
            *last = line.trim().to_owned();
        }
    }
}

impl Prism {
    fn start(exe: &Path, spec: &Path) -> Result<Prism, PrismError> {
        // Port 0: Prism takes a free port and its log names it once it listens.
        let mut child = Command::new(exe)
            .arg("mock")
            .arg(spec)
            .args(["--host", "127.0.0.1", "--port", "0", "--errors"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                PrismError::NotRun(format!("Prism ({}) cannot be run: {e}", exe.display()))
            })?;
        let missing = || PrismError::NotRun("Prism's output is not piped".to_owned());
        let stdout = child.stdout.take().ok_or_else(missing)?;
        let stderr = child.stderr.take().ok_or_else(missing)?;
        let error = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (found, listening) = std::sync::mpsc::channel();
        // Each stream is read to its end: Prism blocks on a full pipe if nobody does.
        let errors = error.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                keep_error(&errors, &line);
            }
        });
        let errors = error.clone();
        std::thread::spawn(move || {
            let mut fatal = String::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some((_, url)) = line.split_once("Prism is listening on ") {
                    let _ = found.send(Ok(url.trim().to_owned()));
                }
                if let Some((_, message)) = line.split_once("fatal") {
                    fatal = message.trim().to_owned();
                }
                keep_error(&errors, &line);
            }
            let _ = found.send(Err(fatal));
        });
        let mut prism = Prism {
            child,
            url: String::new(),
            exe: exe.to_owned(),
            spec: spec.to_owned(),
            error,
        };
        prism.url = match listening.recv_timeout(Duration::from_secs(120)) {
            Ok(Ok(url)) => url,
            Ok(Err(fatal)) if fatal.is_empty() => {
                return Err(PrismError::Refused("it ended before listening".to_owned()))
            }
            Ok(Err(fatal)) => return Err(PrismError::Refused(fatal)),
            Err(_) => return Err(PrismError::Silent),
        };
        Ok(prism)
    }

    /// A new Prism serving the same document.
    fn again(self) -> Result<Prism, String> {
        let (exe, spec) = (self.exe.clone(), self.spec.clone());
        drop(self);
        Prism::start(&exe, &spec).map_err(String::from)
    }

    /// Whether Prism's process has ended, or ends within `wait`.
    fn stops_within(&mut self, wait: Duration) -> bool {
        let until = std::time::Instant::now() + wait;
        loop {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return true;
            }
            if std::time::Instant::now() >= until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The last error Prism's output named, or that it named none.
    fn last_error(&self) -> String {
        // Its output is read by other threads: give them a moment to reach the end.
        std::thread::sleep(Duration::from_millis(200));
        match self.error.lock().map(|e| e.clone()) {
            Ok(error) if !error.is_empty() => error,
            _ => "it named no error".to_owned(),
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(line: &str) -> Call {
        parse_line(line).expect("a harness line")
    }

    #[test]
    fn every_excuse_is_a_listed_limit() {
        let source = include_str!("conformance/excuses.rs");
        for (at, _) in source.match_indices("return Some(\"") {
            let name = source[at + 13..].split('"').next().unwrap_or_default();
            assert!(
                PRISM_LIMITS.iter().any(|limit| limit.name == name),
                "`{name}` is not in PRISM_LIMITS"
            );
        }
    }

    #[test]
    fn a_line_of_the_harness_is_one_call() {
        let read = call("listPets\trequired\t200\ttrue\ttrue\t\t");
        assert_eq!(read.operation, "listPets");
        assert_eq!(read.status, Some(200));
        assert!(!read.failed());
        assert_eq!(read.kind(), "passed");
    }

    #[test]
    fn a_request_prism_finds_invalid_is_a_failure_with_prisms_message() {
        let read = call("addPet\tevery part\t422\tfalse\tfalse\t\t{\"validation\":[{\"location\":[\"body\",\"name\"],\"message\":\"must be string\"}]}");
        assert!(read.failed());
        assert_eq!(read.kind(), "rejected by Prism");
    }

    #[test]
    fn a_form_array_prism_cannot_read_is_excused() {
        let read = call("send\tevery part\t422\tfalse\tfalse\t\t{\"validation\":[{\"location\":[\"body\",\"MediaUrl\"],\"code\":\"type\",\"message\":\"Request body property MediaUrl must be array\"}]}");
        assert!(!read.failed());
        assert_eq!(read.excused(), Some("form parts"));
    }

    #[test]
    fn the_summary_counts_calls_acceptances_decodings_and_failures() {
        let report = Report {
            served: None,
            operations: 1,
            calls: vec![
                call("a\trequired\t200\ttrue\ttrue\t\t"),
                call("a\tevery part\t200\ttrue\tfalse\t\tthe body does not match"),
            ],
        };
        assert_eq!(
            report.summary(),
            "conformance: 2 calls, 2 accepted, 1 decoded, 1 failed"
        );
        assert!(report
            .table()
            .contains("failed: a [every part] (200): not decoded"));
    }
}
