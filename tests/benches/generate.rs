//! `cargo bench -p tests --bench generate`: generation time per spec, next to the
//! time to only parse the same spec, measured in one run (medians).

use serde_json::{json, Map, Value};
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

/// A large synthetic spec: `operations` operations over half as many paths, and twice
/// as many object schemas with references, enums, patterns and ranges.
fn synthetic(operations: usize) -> String {
    let schemas = operations * 2;
    let mut components = Map::new();
    for i in 0..schemas {
        let mut properties = Map::new();
        for p in 0..12 {
            properties.insert(
                format!("field_{p}"),
                json!({"type": "string", "maxLength": 64, "description": "A field."}),
            );
        }
        properties.insert(
            "code".into(),
            json!({"type": "string", "pattern": "^[A-Z]{3}$"}),
        );
        properties.insert(
            "count".into(),
            json!({"type": "integer", "format": "int32", "minimum": 0, "maximum": 1000}),
        );
        properties.insert(
            "state".into(),
            json!({"type": "string", "enum": ["new", "active", "closed"]}),
        );
        properties.insert(
            "next".into(),
            json!({"$ref": format!("#/components/schemas/Thing{}", (i + 1) % schemas)}),
        );
        properties.insert(
            "items".into(),
            json!({"type": "array", "items": {"$ref": format!("#/components/schemas/Thing{}", (i + 7) % schemas)}}),
        );
        components.insert(
            format!("Thing{i}"),
            json!({"type": "object", "required": ["field_0", "code"], "properties": properties}),
        );
    }
    let mut paths = Map::new();
    for i in 0..operations / 2 {
        let mut item = Map::new();
        for (method, verb) in [("get", "get"), ("post", "create")] {
            item.insert(
                method.into(),
                json!({
                    "operationId": format!("{verb}_thing_{i}"),
                    "summary": "An operation.",
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                        {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}}
                    ],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Thing{}", i % schemas)}}}},
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Thing{}", (i * 3) % schemas)}}}},
                        "4XX": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing0"}}}}
                    }
                }),
            );
        }
        paths.insert(format!("/things{i}/{{id}}"), Value::Object(item));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": components}
    })
    .to_string()
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
    inputs.push(("synthetic (800 operations)".to_owned(), synthetic(800)));

    println!("| spec | size | operations | Rust written | parse only (load) | generate (all stages) | generate / parse |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let options = generator::Options::default();
    let mut stages = Vec::new();
    for (name, text) in &inputs {
        let (operations, output) = match generator::generate(text, &options) {
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
            let _ = std::hint::black_box(generator::load::load(text));
        });
        let full = time(runs, || {
            let _ = std::hint::black_box(generator::generate(text, &options));
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
    println!("| spec | load | lower | emit | render (syn + prettyplease) |");
    println!("|---|---:|---:|---:|---:|");
    for (name, [load, lower, emit, render]) in stages {
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
        println!(
            "| {name} | {} | {} | {} | {} |",
            ms(load),
            ms(lower),
            ms(emit),
            ms(render)
        );
    }
}

/// Median time of each pipeline stage on its own.
fn stage_times(text: &str, options: &generator::Options, runs: usize) -> [Duration; 4] {
    let Ok(loaded) = generator::load::load(text) else {
        return [Duration::ZERO; 4];
    };
    let Ok((api, _)) = generator::lower::lower(&loaded.doc, &loaded.raw, options) else {
        return [Duration::ZERO; 4];
    };
    let load = time(runs, || {
        let _ = std::hint::black_box(generator::load::load(text));
    });
    let lower = time(runs, || {
        let _ = std::hint::black_box(generator::lower::lower(&loaded.doc, &loaded.raw, options));
    });
    let emit = time(runs, || {
        std::hint::black_box(generator::emit::emit(&api));
    });
    let render = time(runs, || {
        for file in generator::emit::emit(&api) {
            let _ = std::hint::black_box(generator::render::render(file, options));
        }
    });
    [load, lower, emit, render.saturating_sub(emit)]
}
