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
    let files = [
        root.join("../spec/stytch-sms-otp.yaml"),
        root.join("../../shared/corpus/twilio_messaging_v1.json"),
        root.join("../../shared/corpus/progenitor-nexus.json"),
    ];
    let mut inputs: Vec<(String, String)> = files
        .iter()
        .filter_map(|file| {
            Some((
                file.file_name()?.to_str()?.to_owned(),
                std::fs::read_to_string(file).ok()?,
            ))
        })
        .collect();
    inputs.push((
        "synthetic (800 operations)".to_owned(),
        tests::synthetic::spec(800),
    ));

    println!("| spec | size | operations | Rust written | parse only (load) | generate (all stages) | generate / parse |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let options = openapi_clientgen::Options::default();
    let mut stages = Vec::new();
    for (name, text) in &inputs {
        let (operations, output) = match openapi_clientgen::generate(text, &options) {
            Ok(generated) => (
                generated.operations,
                generated
                    .files
                    .iter()
                    .map(|f| f.contents.len())
                    .sum::<usize>(),
            ),
            Err(err) => {
                println!("| {name} | refused: {err} |");
                continue;
            }
        };
        let runs = if text.len() > 1_000_000 { 5 } else { 21 };
        let parse = time(runs, || {
            let _ = std::hint::black_box(openapi_clientgen::internal::load::load(text));
        });
        let full = time(runs, || {
            let _ = std::hint::black_box(openapi_clientgen::generate(text, &options));
        });
        stages.push((name.clone(), stage_times(text, &options, runs)));
        println!(
            "| {name} | {} KB | {operations} | {} KB | {:.2} ms | {:.2} ms | {:.1}x |",
            text.len() / 1024,
            output / 1024,
            parse.as_secs_f64() * 1e3,
            full.as_secs_f64() * 1e3,
            full.as_secs_f64() / parse.as_secs_f64()
        );
    }
    println!();
    println!("| spec | load | lower | emit | render (syn + prettyplease) | of which `syn::parse2` | `prettyplease::unparse` | dropping the syntax tree |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (name, [load, lower, emit, render, parse, unparse, drop]) in stages {
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            ms(load),
            ms(lower),
            ms(emit),
            ms(render),
            ms(parse),
            ms(unparse),
            ms(drop)
        );
    }
}

/// Median time of each pipeline stage on its own.
fn stage_times(text: &str, options: &openapi_clientgen::Options, runs: usize) -> [Duration; 7] {
    let Ok(loaded) = openapi_clientgen::internal::load::load(text) else {
        return [Duration::ZERO; 7];
    };
    let Ok((api, _)) = openapi_clientgen::internal::lower::lower(&loaded.doc, &loaded.raw, options)
    else {
        return [Duration::ZERO; 7];
    };
    let load = time(runs, || {
        let _ = std::hint::black_box(openapi_clientgen::internal::load::load(text));
    });
    let lower = time(runs, || {
        let _ = std::hint::black_box(openapi_clientgen::internal::lower::lower(
            &loaded.doc,
            &loaded.raw,
            options,
        ));
    });
    let emit = time(runs, || {
        std::hint::black_box(openapi_clientgen::internal::emit::emit(&api));
    });
    let render = time(runs, || {
        for file in openapi_clientgen::internal::emit::emit(&api) {
            let _ =
                std::hint::black_box(openapi_clientgen::internal::render::render(file, options));
        }
    });
    // Rendering's own parts, for the Rust files: syn's parse of the tokens, printing the
    // syntax tree, and freeing it.
    let (mut parse, mut unparse, mut drop) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (mut p, mut u, mut d) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        for file in openapi_clientgen::internal::emit::emit(&api) {
            if let openapi_clientgen::internal::emit::Emitted::Rust { tokens, .. } = file {
                let started = Instant::now();
                let tree: syn::File = syn::parse2(tokens).expect("generated code parses");
                p += started.elapsed();
                let started = Instant::now();
                std::hint::black_box(prettyplease::unparse(&tree));
                u += started.elapsed();
                let started = Instant::now();
                std::mem::drop(tree);
                d += started.elapsed();
            }
        }
        parse.push(p);
        unparse.push(u);
        drop.push(d);
    }
    [
        load,
        lower,
        emit,
        render.saturating_sub(emit),
        median(parse),
        median(unparse),
        median(drop),
    ]
}
