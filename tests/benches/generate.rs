//! `cargo bench -p tests --bench generate`: generation time per spec, next to the
//! time to only parse the same spec, measured in one run (medians).

use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    median(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let specs = [
        root.join("../spec/stytch-sms-otp.yaml"),
        root.join("../../shared/corpus/twilio_messaging_v1.json"),
        root.join("../../shared/corpus/progenitor-nexus.json"),
    ];
    println!("| spec | size | operations | parse only (load) | generate (all stages) | generate / parse |");
    println!("|---|---:|---:|---:|---:|---:|");
    for spec in &specs {
        let Ok(text) = std::fs::read_to_string(spec) else {
            continue;
        };
        let options = generator::Options::default();
        let operations = generator::generate(&text, &options)
            .map(|g| g.operations)
            .unwrap_or(0);
        let runs = 21;
        let parse = time(runs, || {
            let _ = std::hint::black_box(generator::load::load(&text));
        });
        let full = time(runs, || {
            let _ = std::hint::black_box(generator::generate(&text, &options));
        });
        println!(
            "| {} | {} KB | {} | {:.2} ms | {:.2} ms | {:.1}x |",
            spec.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default(),
            text.len() / 1024,
            operations,
            parse.as_secs_f64() * 1e3,
            full.as_secs_f64() * 1e3,
            full.as_secs_f64() / parse.as_secs_f64()
        );
    }
}
