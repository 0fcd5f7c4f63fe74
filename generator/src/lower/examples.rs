//! The spec's example of each operation's success response, as JSON text: what a
//! generated mock answers with by default.

use super::operation::{pick_media, Media};
use super::spec::Spec;
use crate::model::ResponseExample;
use openapiv3::{ReferenceOr, StatusCode};

impl Spec<'_> {
    /// The example of the first success status (in spec order) whose body is decoded
    /// as JSON and has one: the media type's `example`, its first `examples` entry, or
    /// its schema's `example`.
    pub(super) fn success_example(
        &self,
        responses: &openapiv3::Responses,
        pointer: &str,
    ) -> Option<ResponseExample> {
        responses.responses.iter().find_map(|(status, response)| {
            let StatusCode::Code(code) = status else {
                return None;
            };
            if !(200..300).contains(code) {
                return None;
            }
            let (response, _) = self
                .resolve(response, pointer, "responses", |c| &c.responses)
                .ok()?;
            let (_, media, Media::Json) = pick_media(&response.content)? else {
                return None;
            };
            let value = media
                .example
                .clone()
                .or_else(|| {
                    media.examples.values().find_map(|example| {
                        let (example, _) = self
                            .resolve(example, pointer, "examples", |c| &c.examples)
                            .ok()?;
                        example.value.clone()
                    })
                })
                .or_else(|| self.schema_example(media.schema.as_ref()?))?;
            Some(ResponseExample {
                status: *code,
                json: serde_json::to_string(&value).ok()?,
            })
        })
    }

    fn schema_example(&self, schema: &ReferenceOr<openapiv3::Schema>) -> Option<serde_json::Value> {
        let (schema, _) = self.resolve(schema, "#", "schemas", |c| &c.schemas).ok()?;
        schema.schema_data.example.clone()
    }
}
