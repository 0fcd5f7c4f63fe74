//! Part of converting Swagger 2.0: the document's `definitions`, `parameters`,
//! `responses` and `securityDefinitions` as 3.0 `components`, each schema rewritten
//! (`type: file`, `x-nullable`, `discriminator`, bare references), and the references
//! that point at them.

use super::*;

impl<'a> Converter<'a> {
    pub(super) fn components(&mut self) -> Map<String, Value> {
        let doc = self.doc;
        let mut components = Map::new();
        if let Some(definitions) = doc.get("definitions").and_then(Value::as_object) {
            let mut schemas = Map::new();
            for (name, schema) in definitions {
                let mut schema = schema.clone();
                self.schema(&mut schema);
                schemas.insert(name.clone(), schema);
            }
            self.moved("#/components/schemas", "#/definitions");
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if let Some(all) = doc.get("parameters").and_then(Value::as_object) {
            let (mut parameters, mut bodies) = (Map::new(), Map::new());
            let consumes = self.consumes.clone();
            for (name, param) in all {
                let token = pointer_token(name);
                let place = format!("#/parameters/{token}");
                match param.get("in").and_then(Value::as_str) {
                    Some("body") => {
                        let new = format!("#/components/requestBodies/{token}");
                        bodies.insert(name.clone(), self.body(param, &consumes, &new, &place));
                    }
                    // Read into each operation's form body that names it.
                    Some("formData") => {}
                    _ => {
                        let new = format!("#/components/parameters/{token}");
                        self.moved(format!("{new}/schema"), place.clone());
                        parameters.insert(name.clone(), self.parameter(param, &place));
                    }
                }
            }
            self.moved("#/components/parameters", "#/parameters");
            if !parameters.is_empty() {
                components.insert("parameters".into(), Value::Object(parameters));
            }
            if !bodies.is_empty() {
                components.insert("requestBodies".into(), Value::Object(bodies));
            }
        }
        if let Some(all) = doc.get("responses").and_then(Value::as_object) {
            let produces = self.produces.clone();
            let mut responses = Map::new();
            for (name, response) in all {
                let token = pointer_token(name);
                let new = format!("#/components/responses/{token}");
                let place = format!("#/responses/{token}");
                responses.insert(
                    name.clone(),
                    self.response(response, &new, &place, &produces),
                );
            }
            components.insert("responses".into(), Value::Object(responses));
        }
        if let Some(all) = doc.get("securityDefinitions").and_then(Value::as_object) {
            let schemes = all
                .iter()
                .map(|(name, scheme)| (name.clone(), security_scheme(scheme)))
                .collect();
            self.moved("#/components/securitySchemes", "#/securityDefinitions");
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
        components
    }

    /// A schema in 3.0's shape, in place, with the schemas inside it.
    pub(super) fn schema(&mut self, schema: &mut Value) {
        let Some(map) = schema.as_object_mut() else {
            return;
        };
        if let Some(nullable) = map.remove("x-nullable") {
            if nullable == Value::Bool(true) {
                // Beside a `$ref`, 3.0 ignores every member: the reference is wrapped.
                if let Some(reference) = map.remove("$ref") {
                    map.insert("allOf".into(), json!([{ "$ref": reference }]));
                }
                map.insert("nullable".into(), json!(true));
            }
        }
        if map.get("type").and_then(Value::as_str) == Some("file") {
            map.insert("type".into(), json!("string"));
            map.insert("format".into(), json!("binary"));
        }
        if let Some(Value::String(property)) = map.get("discriminator") {
            let discriminator = json!({ "propertyName": property });
            map.insert("discriminator".into(), discriminator);
        }
        map.remove("collectionFormat");
        for key in ["items", "additionalProperties", "not"] {
            match map.get_mut(key) {
                Some(Value::Array(items)) => items.iter_mut().for_each(|s| self.schema(s)),
                Some(inner) => self.schema(inner),
                None => {}
            }
        }
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            properties.values_mut().for_each(|s| self.schema(s));
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = map.get_mut(key) {
                parts.iter_mut().for_each(|s| self.schema(s));
            }
        }
    }
}

/// The schema keywords of a parameter, header or items object.
pub(super) fn value_schema(value: &Value) -> Map<String, Value> {
    let mut schema = Map::new();
    for (key, value) in value.as_object().into_iter().flatten() {
        if SCHEMA_KEYWORDS.contains(&key.as_str()) || key == "x-nullable" {
            schema.insert(key.clone(), value.clone());
        }
    }
    if let Some(items) = schema.get_mut("items") {
        if items.get("$ref").is_none() {
            *items = Value::Object(value_schema(items));
        }
    }
    schema
}

/// A security definition in 3.0's shape.
pub(super) fn security_scheme(scheme: &Value) -> Value {
    let Some(map) = scheme.as_object() else {
        return scheme.clone();
    };
    let mut out = Map::new();
    let kind = map.get("type").and_then(Value::as_str).unwrap_or_default();
    match kind {
        "basic" => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        "oauth2" => {
            out.insert("type".into(), json!("oauth2"));
            let flow = match map.get("flow").and_then(Value::as_str) {
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                Some("password") => "password",
                _ => "implicit",
            };
            let mut details = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = map.get(key) {
                    details.insert(key.into(), url.clone());
                }
            }
            let scopes = map.get("scopes").cloned().unwrap_or_else(|| json!({}));
            details.insert("scopes".into(), scopes);
            out.insert("flows".into(), json!({ flow: details }));
        }
        _ => {
            for key in ["type", "name", "in"] {
                if let Some(value) = map.get(key) {
                    out.insert(key.into(), value.clone());
                }
            }
        }
    }
    for (key, value) in map {
        if key == "description" || key.starts_with("x-") {
            out.insert(key.clone(), value.clone());
        }
    }
    Value::Object(out)
}

/// Every local reference to a 2.0 section, at its 3.0 place; a bare name of a
/// definition as a reference to it, with a warning.
pub(super) fn rewrite_refs(
    value: &mut Value,
    old: &Map<String, Value>,
    path: &mut Vec<String>,
    warnings: &mut Vec<Warning>,
) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(rewritten) = rewritten(reference, old) {
                    if !reference.starts_with('#') {
                        warnings.push(Warning::new(
                            crate::naming::pointer_of(path),
                            format!("`$ref: {reference}` is read as `#/definitions/{reference}`"),
                        ));
                    }
                    *reference = rewritten;
                }
            }
            let named = path
                .last()
                .is_some_and(|last| NAMED.contains(&last.as_str()));
            for (key, child) in map.iter_mut() {
                if DATA.contains(&key.as_str()) && !named {
                    continue;
                }
                path.push(key.clone());
                rewrite_refs(child, old, path, warnings);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                path.push(i.to_string());
                rewrite_refs(child, old, path, warnings);
                path.pop();
            }
        }
        _ => {}
    }
}

/// What a reference of the 2.0 document is in the 3.0 one, when it changes.
pub(super) fn rewritten(reference: &str, old: &Map<String, Value>) -> Option<String> {
    const SECTIONS: [(&str, &str); 3] = [
        ("#/definitions/", "#/components/schemas/"),
        ("#/responses/", "#/components/responses/"),
        ("#/parameters/", "#/components/parameters/"),
    ];
    for (from, to) in SECTIONS {
        if let Some(rest) = reference.strip_prefix(from) {
            return Some(format!("{to}{rest}"));
        }
    }
    let bare = !reference.contains(['#', '/', '.']);
    let defined = old
        .get("definitions")
        .and_then(|d| d.get(reference))
        .is_some();
    (bare && defined).then(|| format!("#/components/schemas/{}", pointer_token(reference)))
}
