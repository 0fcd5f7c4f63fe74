//! `multipart/form-data` request bodies, on reqwest's own multipart support.
//!
//! This file is written by hand and shipped unchanged into each generated crate whose
//! spec sends such a body (that crate turns on reqwest's `multipart` feature).
//! Not every client uses every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

use super::runtime::{bracket_pairs, json_value, scalar_text, FilePart, Request, ValidationError};
use super::upload::BodyStream;
use std::borrow::Cow;
use std::fmt;
use std::io;
use std::path::Path;

impl FilePart {
    /// A file read from `body` as the part is sent, never held in memory whole. It can
    /// be sent once: the call that sends it is not attempted again, and another call
    /// given it (or a clone of it) is refused before the wire.
    pub fn stream(body: BodyStream) -> Self {
        FilePart::from_streamed(body.into_streamed())
    }

    /// The file at `path`, read as the part is sent (see [`FilePart::stream`]), named
    /// by the path's last component.
    pub fn open(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let file = FilePart::stream(BodyStream::file(path)?);
        Ok(match path.file_name() {
            Some(name) => file.with_file_name(name.to_string_lossy()),
            None => file,
        })
    }
}

/// The parts of one body, in the order they are sent. Each part is checked as it is
/// added, so a body that cannot be sent is refused before the wire.
#[derive(Default)]
pub(crate) struct Form {
    parts: Vec<Part>,
}

struct Part {
    name: Cow<'static, str>,
    body: PartBody,
    file_name: Option<String>,
    content_type: Option<String>,
}

enum PartBody {
    Bytes(Vec<u8>),
    /// A file read as it is sent, with its length if known.
    Streamed(reqwest::Body, Option<u64>),
}

impl Form {
    pub(crate) fn new() -> Self {
        Form::default()
    }

    /// A text part: the value as `Display` writes it, with the spec's content type for
    /// the part, if any (`text/plain` otherwise, which a part without one means).
    pub(crate) fn text<T: fmt::Display + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: Option<&'static str>,
    ) {
        self.parts.push(Part {
            name: name.into(),
            body: PartBody::Bytes(value.to_string().into_bytes()),
            file_name: None,
            content_type: content_type.map(str::to_owned),
        });
    }

    /// A file part: the file's own content type, else the spec's for the part, else
    /// `application/octet-stream`.
    pub(crate) fn file(
        &mut self,
        name: &'static str,
        file: &FilePart,
        content_type: Option<&'static str>,
    ) -> Result<(), ValidationError> {
        let content_type = file
            .content_type()
            .or(content_type)
            .unwrap_or("application/octet-stream");
        if reqwest::multipart::Part::bytes(Vec::new())
            .mime_str(content_type)
            .is_err()
        {
            return Err(ValidationError::new(
                name,
                "has a content type that is not one media type",
            ));
        }
        let body = match file.streamed() {
            None => PartBody::Bytes(file.bytes().to_vec()),
            Some(streamed) => match streamed.take() {
                Some(body) => PartBody::Streamed(body, streamed.len()),
                None => {
                    return Err(ValidationError::new(
                        name,
                        "is a streamed file that was sent already: a stream can be sent once",
                    ))
                }
            },
        };
        self.parts.push(Part {
            name: name.into(),
            body,
            file_name: file.file_name().map(str::to_owned),
            content_type: Some(content_type.to_owned()),
        });
        Ok(())
    }

    /// A part holding the value as JSON.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: Option<&'static str>,
    ) -> Result<(), ValidationError> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| ValidationError::new(name, format!("cannot be written as JSON: {e}")))?;
        self.parts.push(Part {
            name: name.into(),
            body: PartBody::Bytes(bytes),
            file_name: None,
            content_type: Some(content_type.unwrap_or("application/json").to_owned()),
        });
        Ok(())
    }

    /// An object in `deepObject` style: one text part per `name[key]` pair, nested
    /// objects and lists in further brackets, as a form body writes them.
    pub(crate) fn pairs<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), ValidationError> {
        let value = json_value(value)
            .map_err(|e| ValidationError::new(name, format!("cannot be written as text: {e}")))?;
        self.push_pairs(name, &value);
        Ok(())
    }

    /// The members of an object's `additional_properties`: text parts named by their
    /// keys (objects and lists in brackets).
    pub(crate) fn members<T: serde::Serialize + ?Sized>(
        &mut self,
        members: &T,
    ) -> Result<(), ValidationError> {
        let value = json_value(members).map_err(|e| {
            ValidationError::new(
                "additional_properties",
                format!("cannot be written as text: {e}"),
            )
        })?;
        if let serde_json::Value::Object(object) = &value {
            for (key, item) in object {
                self.push_pairs(key, item);
            }
        }
        Ok(())
    }

    fn push_pairs(&mut self, name: &str, value: &serde_json::Value) {
        let mut pairs = Vec::new();
        match scalar_text(value) {
            Some(text) => pairs.push((name.to_owned(), text)),
            None => bracket_pairs(name, value, &mut pairs),
        }
        self.parts
            .extend(pairs.into_iter().map(|(name, text)| Part {
                name: name.into(),
                body: PartBody::Bytes(text.into_bytes()),
                file_name: None,
                content_type: None,
            }));
    }

    /// Send the parts as the request's body: made anew for each attempt, or, with a
    /// streamed file among them, once.
    pub(crate) fn send_in(self, request: &mut Request) {
        if self
            .parts
            .iter()
            .all(|part| matches!(part.body, PartBody::Bytes(_)))
        {
            request.made_body(Box::new(move |builder| {
                builder.multipart(self.copied().into_reqwest())
            }));
        } else {
            request.once_body(Box::new(move |builder| {
                builder.multipart(self.into_reqwest())
            }));
        }
    }

    /// A copy of a form held in memory whole (the only kind sent more than once).
    fn copied(&self) -> Form {
        let parts = self.parts.iter().map(|part| Part {
            name: part.name.clone(),
            body: match &part.body {
                PartBody::Bytes(bytes) => PartBody::Bytes(bytes.clone()),
                // Never here: a form with a streamed file is sent once, uncopied.
                PartBody::Streamed(..) => PartBody::Bytes(Vec::new()),
            },
            file_name: part.file_name.clone(),
            content_type: part.content_type.clone(),
        });
        Form {
            parts: parts.collect(),
        }
    }

    fn into_reqwest(self) -> reqwest::multipart::Form {
        // Names are written as the HTML standard writes them (RFC 7578): raw, with
        // only `"`, CR and LF escaped, so that no name can end its header early.
        let mut form = reqwest::multipart::Form::new().percent_encode_noop();
        for part in self.parts {
            // A type that is not one media type (a spec's) leaves the part untyped.
            let content_type = (part.content_type.as_deref()).filter(|content_type| {
                reqwest::multipart::Part::bytes(Vec::new())
                    .mime_str(content_type)
                    .is_ok()
            });
            let mut made = match part.body {
                PartBody::Bytes(bytes) => reqwest::multipart::Part::bytes(bytes),
                PartBody::Streamed(body, Some(len)) => {
                    reqwest::multipart::Part::stream_with_length(body, len)
                }
                PartBody::Streamed(body, None) => reqwest::multipart::Part::stream(body),
            };
            if let Some(content_type) = content_type {
                // Checked just above: this cannot fail.
                made = made
                    .mime_str(content_type)
                    .unwrap_or_else(|_| reqwest::multipart::Part::bytes(Vec::new()));
            }
            if let Some(file_name) = &part.file_name {
                made = made.file_name(escape_name(file_name));
            }
            form = form.part(escape_name(&part.name), made);
        }
        form
    }
}

/// A part or file name as it may stand between quotes in `Content-Disposition`.
fn escape_name(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}
