//! Spec prose → rustdoc text that neither rustdoc nor the doctest runner misreads.

use crate::model::{Api, Operation, TypeDef, TypeKind};

/// Prose as the spec writes it, trimmed; `None` when there is none.
pub fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Rewrite a description so rustdoc shows it as prose: no line starts an indented
/// code block, and fenced blocks are marked as text so they are never run as doctests.
pub fn prose(raw: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in raw.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                let lang = info.trim();
                let lang = if lang.is_empty() || lang.starts_with("rust") {
                    "text"
                } else {
                    lang
                };
                out.push(format!("```{lang}"));
            }
            in_fence = !in_fence;
        } else if in_fence {
            out.push(line.trim_end().to_owned());
        } else {
            out.push(trimmed.trim_end().to_owned());
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// The rustdoc of each parameters struct, which names its operation's method (so it
/// is written once the methods have their names).
pub fn params_structs(types: &mut [TypeDef], operations: &[Operation]) {
    for op in operations {
        let Some(params) = &op.params_struct else {
            continue;
        };
        let method = &op.rust_name;
        if let Some(def) = types
            .iter_mut()
            .find(|def| def.rust_name == params.type_name)
        {
            def.doc = Some(format!(
                "Query and header parameters of [`Client::{method}`](super::Client::{method})."
            ));
        }
    }
}

fn fix(doc: &mut Option<String>) {
    if let Some(text) = doc {
        *text = prose(text);
    }
}

/// Apply [`prose`] to every piece of documentation in the model.
pub fn normalize(api: &mut Api) {
    fix(&mut api.description);
    for def in &mut api.types {
        fix(&mut def.doc);
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| fix(&mut f.doc)),
            TypeKind::Enum(e) => e.variants.iter_mut().for_each(|v| fix(&mut v.doc)),
            _ => {}
        }
    }
    for op in &mut api.operations {
        fix(&mut op.summary);
        fix(&mut op.description);
        op.path_params.iter_mut().for_each(|p| fix(&mut p.doc));
        if let Some(body) = &mut op.body {
            fix(&mut body.doc);
        }
    }
    for auth in &mut api.auth {
        fix(&mut auth.description);
    }
    for server in &mut api.servers {
        fix(&mut server.description);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indented_lines_do_not_become_code_blocks() {
        assert_eq!(prose("Intro\n\n    let x = 1;\n"), "Intro\n\nlet x = 1;");
    }

    #[test]
    fn unlabelled_fences_are_text_and_unclosed_fences_are_closed() {
        assert_eq!(
            prose("```\n  {\"a\": 1}\n```"),
            "```text\n  {\"a\": 1}\n```"
        );
        assert_eq!(prose("```json\n{}"), "```json\n{}\n```");
    }
}
