//! The kitchen-sink client, with the runtime, the `tracing` feature's `observe` and
//! the multipart bodies' module.

#[path = "../../src/runtime/multipart.rs"]
mod multipart;
#[path = "../../src/runtime/traced.rs"]
mod observe;
#[path = "../../src/runtime/core/mod.rs"]
mod runtime;

include!("kitchen_sink.rs");
