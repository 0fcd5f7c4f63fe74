//! A large synthetic spec for the benchmarks: `cargo bench -p tests --bench generate`
//! builds it in process, and `cargo run --release -p tests --bin synthetic` writes it
//! for the whole-process comparison (`scripts/generate-vs-parse.sh`).

use serde_json::{json, Map, Value};

/// A large synthetic spec: `operations` operations over half as many paths, and twice
/// as many object schemas with references, enums, patterns and ranges.
pub fn spec(operations: usize) -> String {
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
