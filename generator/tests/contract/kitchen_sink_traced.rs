//! The kitchen-sink client, with the runtime and the `tracing` feature's `observe`.

#[path = "../../src/runtime/traced.rs"]
mod observe;
#[path = "../../src/runtime/runtime.rs"]
mod runtime;

include!("kitchen_sink.rs");
