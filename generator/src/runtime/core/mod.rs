//! Support code every generated client shares, one module per concern:
//! configuration (`config`), sending (`send`), errors (`error`), validation (`check`),
//! encoding (`encode`) and reading structs (`decode`). What a caller uses is
//! re-exported here.
//!
//! These files are written by hand and shipped unchanged into each generated crate.
//! Not every client uses every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

pub(crate) mod check;
mod config;
pub(crate) mod decode;
mod encode;
mod error;
mod send;

pub use reqwest::header::HeaderMap;
pub use reqwest::StatusCode;

pub use config::*;
pub use encode::*;
pub use error::*;
pub use send::*;
