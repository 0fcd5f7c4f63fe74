//! The kitchen-sink client, with the runtime, the `tracing` feature's `observe` and
//! the multipart bodies', the pages', the streams' and the uploads' modules.

#[path = "../../src/runtime/multipart.rs"]
mod multipart;
#[path = "../../src/runtime/traced.rs"]
mod observe;
#[path = "../../src/runtime/pages.rs"]
mod pages;
#[path = "pages_unit.rs"]
mod pages_unit;
#[path = "../../src/runtime/core/mod.rs"]
mod runtime;
#[path = "../../src/runtime/streams.rs"]
mod streams;
#[path = "streams_unit.rs"]
mod streams_unit;
#[path = "../../src/runtime/upload.rs"]
mod upload;

include!("kitchen_sink.rs");
