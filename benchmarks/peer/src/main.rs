//! Our generator and progenitor (as a library, printed with prettyplease), side by side
//! in one run, on the specs both can read:
//!
//! - generation time, whole pipeline from spec text to printed Rust, in this process,
//!   the two generators alternating round after round (medians);
//! - lines of Rust each writes;
//! - `cargo check` of each generated crate: from a fresh target directory (dependencies
//!   included), and the crate alone once its dependencies are built (median of three).
//!
//! ```sh
//! cargo run --release --manifest-path benchmarks/peer/Cargo.toml -- [--rounds N] [--no-check] [SPEC...]
//! ```
//!
//! With no spec named, it takes the progenitor specs of `../shared/corpus` (keeper,
//! buildomat, propolis, nexus, when present), the corpus's largest spec (Twilio
//! Messaging) and `spec/stytch-sms-otp.yaml`. Where
//! progenitor refuses a spec or panics on it, the table says so.

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const PROGENITOR_VERSION: &str = "0.15.1";

/// What one generator made of one spec: its files, or why it made none.
type Made = Result<Vec<(String, String)>, String>;

fn main() {
    let mut rounds = 11;
    let mut check = true;
    let mut specs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--rounds N");
            }
            "--no-check" => check = false,
            _ => specs.push(PathBuf::from(arg)),
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if specs.is_empty() {
        specs = default_specs(&repo);
    }
    let work = std::env::temp_dir().join(format!("peer-benchmark-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("work directory");

    let mut table = String::new();
    let mut checks = String::new();
    let _ = writeln!(
        table,
        "| spec | ours | progenitor | ours / progenitor | lines, ours (without the runtime) | lines, progenitor |"
    );
    let _ = writeln!(table, "|---|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        checks,
        "| spec | generator | cold `cargo check` (dependencies included) | check, the crate alone (dependencies built) | build, the crate alone | check, its largest group alone | ratio to the whole | build, its largest group alone | ratio to the whole |"
    );
    let _ = writeln!(checks, "|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for spec in &specs {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(spec).expect("spec");
        eprintln!("{name}: generating, {rounds} rounds each");
        let (ours, theirs, ours_time, theirs_time) = generate_both(&text, rounds);
        let _ = writeln!(
            table,
            "| {name} | {} | {} | {} | {} | {} |",
            time_or(&ours, ours_time),
            time_or(&theirs, theirs_time),
            match (&ours, &theirs) {
                (Ok(_), Ok(_)) => format!(
                    "{:.2}x",
                    ours_time.as_secs_f64() / theirs_time.as_secs_f64()
                ),
                _ => "—".to_owned(),
            },
            ours.as_ref()
                .map(|files| format!(
                    "{} ({})",
                    lines(files, |_| true),
                    lines(files, |path| !is_runtime(path))
                ))
                .unwrap_or_else(|e| e.clone()),
            theirs
                .as_ref()
                .map(|files| lines(files, |_| true).to_string())
                .unwrap_or_else(|e| e.clone()),
        );
        if check {
            for (generator, made) in [("ours", &ours), ("progenitor", &theirs)] {
                let Ok(files) = made else { continue };
                let dir = work.join(format!("{generator}-{}", name.replace('.', "-")));
                write_crate(&dir, files);
                eprintln!("{name}: cargo check of {generator}'s crate");
                let (cold, alone) = cargo_check(&dir);
                let built = alone_median(&dir, "build", None);
                let group = match largest_group(files) {
                    Some(group) => {
                        let check = alone_median(&dir, "check", Some(&group));
                        let build = alone_median(&dir, "build", Some(&group));
                        format!(
                            "{} (`{group}`) | {} | {} | {}",
                            seconds(check),
                            ratio(check, alone),
                            seconds(build),
                            ratio(build, built)
                        )
                    }
                    None => "— | — | — | —".to_owned(),
                };
                let _ = writeln!(
                    checks,
                    "| {name} | {generator} | {} | {} | {} | {group} |",
                    seconds(cold),
                    seconds(alone),
                    seconds(built),
                );
            }
        }
    }
    println!("## Generation, in process (median of {rounds} rounds)\n\n{table}");
    if check {
        println!("## cargo check of the generated crates\n\n{checks}");
    }
    let _ = std::fs::remove_dir_all(&work);
}

fn default_specs(repo: &Path) -> Vec<PathBuf> {
    let corpus = repo.join("../shared/corpus");
    let mut specs: Vec<PathBuf> = [
        "progenitor-keeper.json",
        "progenitor-buildomat.json",
        "progenitor-propolis-server.json",
        "progenitor-nexus.json",
        // The largest spec of the corpus.
        "twilio_messaging_v1.json",
    ]
    .iter()
    .map(|name| corpus.join(name))
    .filter(|path| {
        let present = path.exists();
        if !present {
            eprintln!("{} is not there: skipped", path.display());
        }
        present
    })
    .collect();
    specs.push(repo.join("spec/stytch-sms-otp.yaml"));
    specs
}

/// Both generators over the same text, alternating, `rounds` times each after one
/// round to warm up: their outputs and median times.
fn generate_both(text: &str, rounds: usize) -> (Made, Made, Duration, Duration) {
    let ours = ours(text);
    let theirs = progenitor(text);
    let mut ours_times = Vec::new();
    let mut theirs_times = Vec::new();
    for _ in 0..rounds {
        if ours.is_ok() {
            let started = Instant::now();
            std::hint::black_box(self::ours(text).ok());
            ours_times.push(started.elapsed());
        }
        if theirs.is_ok() {
            let started = Instant::now();
            std::hint::black_box(progenitor(text).ok());
            theirs_times.push(started.elapsed());
        }
    }
    (ours, theirs, median(ours_times), median(theirs_times))
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// Our pipeline: load, lower, emit, print.
fn ours(text: &str) -> Made {
    let options = openapi_clientgen::Options {
        crate_name: Some("peer-ours".to_owned()),
        ..Default::default()
    };
    openapi_clientgen::generate(text, &options)
        .map(|generated| {
            generated
                .files
                .into_iter()
                .map(|file| (file.path, file.contents))
                .collect()
        })
        .map_err(|err| format!("refused: {}", err.message))
}

/// progenitor's pipeline as `cargo progenitor` runs it: parse into `openapiv3`,
/// generate tokens, print with prettyplease; and a manifest with the dependencies its
/// code uses.
fn progenitor(text: &str) -> Made {
    let spec: openapiv3::OpenAPI = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|err| format!("unreadable: {err}"))?
    } else {
        serde_yaml_from(text)?
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
        let tokens = generator
            .generate_tokens(&spec)
            .map_err(|err| format!("refused: {err}"))?;
        let file = syn::parse2(tokens).map_err(|err| format!("unparsable output: {err}"))?;
        let lib = prettyplease::unparse(&file);
        let types = generator.get_type_space();
        let manifest = progenitor_manifest(
            types.uses_chrono(),
            types.uses_uuid(),
            types.uses_regress(),
            generator.uses_futures(),
            generator.uses_websockets(),
        );
        Ok(vec![
            ("Cargo.toml".to_owned(), manifest),
            ("src/lib.rs".to_owned(), lib),
        ])
    }));
    outcome.unwrap_or_else(|_| Err("panics".to_owned()))
}

fn serde_yaml_from(text: &str) -> Result<openapiv3::OpenAPI, String> {
    serde_yaml::from_str(text).map_err(|err| format!("unreadable: {err}"))
}

/// The dependencies `cargo progenitor` writes for a generated crate, with the TLS
/// stack ours has (rustls on ring), so that both cold builds compile the same one.
fn progenitor_manifest(
    chrono: bool,
    uuid: bool,
    regress: bool,
    futures: bool,
    websockets: bool,
) -> String {
    let mut manifest = format!(
        "[package]\nname = \"peer-progenitor\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         bytes = \"1\"\nfutures-core = \"0.3\"\nprogenitor-client = \"={PROGENITOR_VERSION}\"\n\
         reqwest = {{ version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"stream\", \"rustls-no-provider\"] }}\n\
         rustls = {{ version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"] }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\nserde_urlencoded = \"0.7\"\n"
    );
    if chrono {
        manifest.push_str(
            "chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }\n",
        );
    }
    if uuid {
        manifest.push_str("uuid = { version = \"1\", features = [\"serde\"] }\n");
    }
    if regress {
        manifest.push_str("regress = \"0.10\"\n");
    }
    if futures {
        manifest.push_str("futures = \"0.3\"\n");
    }
    if websockets {
        manifest.push_str("base64 = \"0.22\"\nrand = \"0.9\"\n");
    }
    manifest
}

fn is_runtime(path: &str) -> bool {
    path.starts_with("src/runtime/") || matches!(
        path,
        "src/traced.rs"
            | "src/quiet.rs"
            | "src/multipart.rs"
            | "src/mock_support.rs"
    )
}

fn lines(files: &[(String, String)], keep: impl Fn(&str) -> bool) -> usize {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs") && keep(path))
        .map(|(_, contents)| contents.lines().count())
        .sum()
}

fn time_or(made: &Made, time: Duration) -> String {
    match made {
        Ok(_) => format!("{:.1} ms", time.as_secs_f64() * 1000.0),
        Err(why) => why.lines().next().unwrap_or(why).to_owned(),
    }
}

fn seconds(time: Option<Duration>) -> String {
    time.map(|t| format!("{:.2} s", t.as_secs_f64()))
        .unwrap_or_else(|| "fails".to_owned())
}

fn write_crate(dir: &Path, files: &[(String, String)]) {
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).expect("directory");
        std::fs::write(path, contents).expect("write");
    }
    // Each generated crate is its own workspace.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("manifest");
    }
}

/// Of a crate with a feature per group of operations (those `full` turns on), the
/// group its sources gate most items with.
fn largest_group(files: &[(String, String)]) -> Option<String> {
    let manifest = files.iter().find(|(path, _)| path == "Cargo.toml")?;
    let full = manifest.1.lines().find_map(|l| l.strip_prefix("full = ["))?;
    let groups = full.trim_end_matches(']').split(',').map(|g| g.trim().trim_matches('"'));
    groups
        .map(|group| {
            let gate = format!("feature = \"{group}\"");
            let uses: usize = files.iter().map(|(_, text)| text.matches(&gate).count()).sum();
            (uses, group.to_owned())
        })
        .max()
        .map(|(_, group)| group)
}

/// `cargo COMMAND` of the crate alone, dependencies built, with only `group` on when
/// given: its source touched and nothing reused (`CARGO_INCREMENTAL=0`), median of
/// three after one run that builds what it needs.
fn alone_median(dir: &Path, command: &str, group: Option<&str>) -> Option<Duration> {
    let mut args = vec![command, "--quiet", "--lib"];
    if let Some(group) = group {
        args.extend(["--no-default-features", "--features", group]);
    }
    let run = || {
        let lib = dir.join("src/lib.rs");
        let text = std::fs::read_to_string(&lib).expect("lib.rs");
        std::thread::sleep(Duration::from_millis(1100));
        std::fs::write(&lib, text).expect("touch");
        let started = Instant::now();
        let status = Command::new(env!("CARGO"))
            .args(&args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTFLAGS")
            .status()
            .expect("cargo");
        status.success().then(|| started.elapsed())
    };
    run()?;
    let mut times = Vec::new();
    for _ in 0..3 {
        times.push(run()?);
    }
    Some(median(times))
}

fn ratio(part: Option<Duration>, whole: Option<Duration>) -> String {
    match (part, whole) {
        (Some(part), Some(whole)) => format!("{:.2}x", part.as_secs_f64() / whole.as_secs_f64()),
        _ => "—".to_owned(),
    }
}

/// `cargo check` from a fresh target directory, then the crate alone (its source
/// touched, dependencies built), median of three.
fn cargo_check(dir: &Path) -> (Option<Duration>, Option<Duration>) {
    let target = dir.join("target");
    let run = || {
        let started = Instant::now();
        let status = Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--lib"])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTFLAGS")
            .status()
            .expect("cargo");
        status.success().then(|| started.elapsed())
    };
    let cold = run();
    if cold.is_none() {
        return (None, None);
    }
    let mut alone = Vec::new();
    for _ in 0..3 {
        // Wait before touching `lib.rs`, so that its new modification time is later
        // than the last check's even on a coarse clock.
        std::thread::sleep(Duration::from_millis(1100));
        let lib = dir.join("src/lib.rs");
        let text = std::fs::read_to_string(&lib).expect("lib.rs");
        std::fs::write(&lib, text).expect("touch");
        match run() {
            Some(time) => alone.push(time),
            None => return (cold, None),
        }
    }
    (cold, Some(median(alone)))
}
