//! What a generated client records of its calls without the `tracing` feature:
//! nothing, at no cost. The same names as `traced.rs`, which records them.
//!
//! This file is written by hand and shipped unchanged into each generated crate.
//! A spec without operations opens no span, hence the allowances.
#![allow(unused_imports, unused_macros)]

use super::runtime::Error;
use std::future::Future;
use std::time::Duration;

/// A call's span, which records nothing.
pub(crate) struct Span;

/// A span that records nothing.
macro_rules! call_span {
    ($operation:literal, $method:literal, $template:literal) => {
        observe::Span
    };
}
pub(crate) use call_span;

/// Run a call.
#[inline]
pub(crate) async fn call<T, E>(
    _span: Span,
    _base: &reqwest::Url,
    call: impl Future<Output = Result<T, Error<E>>>,
) -> Result<T, Error<E>> {
    call.await
}

/// A retry is about to wait.
#[inline]
pub(crate) fn retry(_retry: u32, _wait: Duration) {}

/// A response arrived.
#[inline]
pub(crate) fn response(_status: u16, _headers: &reqwest::header::HeaderMap, _body: &[u8]) {}

/// Where the request goes.
#[inline]
pub(crate) fn server(_url: &reqwest::Url) {}
