//! Operations that page: [`Pages`] fetches each next page as it is needed, by the
//! rule the spec gives (a cursor from the body, the last item's field while the body
//! says there is more, an offset, or the `Link` header's `next`), and never loops: a
//! cursor the server gives twice ends it with an error, and the caller may cap the
//! number of pages.
//!
//! This file is written by hand and shipped unchanged into each generated crate whose
//! spec has an operation that pages (that crate depends on `futures-core` for the
//! `Stream` trait). Not every client uses every helper, hence the `dead_code`
//! allowance.
#![allow(dead_code)]

use super::runtime::{Client, Error, RawResponse, Request};
use serde_json::Value;
use std::collections::{BTreeSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Where a page's items are and how the next page is asked for, as the spec says.
pub(crate) struct Paging {
    /// The members that lead from the body to the list of items (none: the body is it).
    pub(crate) items: &'static [&'static str],
    pub(crate) next: Next,
}

/// How the next page is asked for.
pub(crate) enum Next {
    /// The body's member at `from` is the cursor for the query parameter `param`;
    /// `null`, `""` or no member: this was the last page.
    Cursor {
        param: &'static str,
        from: &'static [&'static str],
    },
    /// While the body's boolean at `has_more` is true, the query parameter `param`
    /// takes the last item's member `field` (Stripe's `starting_after`).
    AfterLast {
        param: &'static str,
        field: &'static str,
        has_more: &'static [&'static str],
    },
    /// The query parameter `param` advances by the number of items; an empty page
    /// is the last.
    Offset { param: &'static str },
    /// The `Link` header's `rel="next"` URL, on the same origin as the request.
    Link,
}

type Fetch<E> = Pin<Box<dyn Future<Output = Result<RawResponse, Error<E>>> + Send>>;

/// The pages of an operation, fetched one by one as they are asked for: item by item
/// ([`Pages::next`], or as a `futures_core::Stream`) or page by page
/// ([`Pages::next_page`]). A server that gives the same cursor twice ends them with an
/// error rather than looping; [`Pages::max_pages`] caps how many are fetched.
pub struct Pages<T, E> {
    client: Client,
    paging: &'static Paging,
    decode: fn(Value) -> Result<T, String>,
    /// The request for the next page; `None` once there is none.
    next: Option<Request>,
    fetching: Option<Fetch<E>>,
    seen: BTreeSet<String>,
    fetched: usize,
    max_pages: Option<usize>,
    items: VecDeque<T>,
    /// Why there is no next page, told once the items before it are taken.
    stopped: Option<Error<E>>,
}

impl<T, E> fmt::Debug for Pages<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("fetched", &self.fetched)
            .field("max_pages", &self.max_pages)
            .field("done", &self.next.is_none())
            .finish_non_exhaustive()
    }
}

impl<T, E: serde::de::DeserializeOwned + Send + 'static> Pages<T, E> {
    pub(crate) fn new(
        client: &Client,
        first: Request,
        paging: &'static Paging,
        decode: fn(Value) -> Result<T, String>,
    ) -> Self {
        Pages {
            client: client.clone(),
            paging,
            decode,
            next: Some(first),
            fetching: None,
            seen: BTreeSet::new(),
            fetched: 0,
            max_pages: None,
            items: VecDeque::new(),
            stopped: None,
        }
    }

    /// Fetch at most `pages` pages (the first included); then the items end.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// The next item, fetching the next page when this one is used up; `None` after
    /// the last, or after an error.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// The items of the next page (of what is left of the current one, when some of
    /// its items were taken one by one); `None` after the last page, or after an error.
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>, Error<E>>> {
        if !self.items.is_empty() {
            return Some(Ok(self.items.drain(..).collect()));
        }
        match std::future::poll_fn(|cx| self.poll_page(cx)).await? {
            Ok(()) => Some(Ok(self.items.drain(..).collect())),
            Err(err) => Some(Err(err)),
        }
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error<E>>>> {
        loop {
            if let Some(item) = self.items.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(err))) => return Poll::Ready(Some(Err(err))),
                // A page without items that names a next one: go on to it.
                Poll::Ready(Some(Ok(()))) => {}
            }
        }
    }

    /// Fetch the next page into `items`: `None` when there is none.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<(), Error<E>>>> {
        if let Some(err) = self.stopped.take() {
            return Poll::Ready(Some(Err(err)));
        }
        if self.fetching.is_none() {
            if self.max_pages.is_some_and(|max| self.fetched >= max) {
                self.next = None;
            }
            let Some(request) = self.next.take() else {
                return Poll::Ready(None);
            };
            let client = self.client.clone();
            let next = request.for_next_page();
            self.next = Some(next);
            self.fetching = Some(Box::pin(async move { client.send(request).await }));
        }
        let fetching = self.fetching.as_mut().expect("a page is being fetched");
        let response = match fetching.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(response) => response,
        };
        self.fetching = None;
        self.fetched += 1;
        let outcome = response.and_then(|response| self.take(response));
        if outcome.is_err() {
            self.next = None;
        }
        Poll::Ready(Some(outcome))
    }

    /// A page's items into `items`, and the request for the next page (or none).
    fn take(&mut self, response: RawResponse) -> Result<(), Error<E>> {
        if !(200..300).contains(&response.status()) {
            return Err(response.error());
        }
        let (body, headers) = response.body_and_headers();
        let body: Value = match serde_json::from_slice(body) {
            Ok(body) => body,
            Err(err) => return Err(response.unexpected(format!("the page is not JSON: {err}"))),
        };
        let Some(Value::Array(items)) = at(&body, self.paging.items) else {
            let reason = format!(
                "the page has no list of items at `{}`",
                self.paging.items.join(".")
            );
            return Err(response.unexpected(reason));
        };
        let next = match &self.paging.next {
            Next::Cursor { from, .. } => at(&body, from).and_then(text),
            Next::AfterLast {
                field, has_more, ..
            } => match at(&body, has_more) {
                Some(Value::Bool(true)) => {
                    items.last().and_then(|item| item.get(field)).and_then(text)
                }
                _ => None,
            },
            Next::Offset { param } => {
                let now = self.next.as_ref().and_then(|r| r.query_value(param));
                let now: u64 = now.and_then(|v| v.parse().ok()).unwrap_or(0);
                (!items.is_empty()).then(|| (now + items.len() as u64).to_string())
            }
            Next::Link => next_link(headers),
        };
        let mut decoded = Vec::with_capacity(items.len());
        for item in items {
            match (self.decode)(item.clone()) {
                Ok(item) => decoded.push(item),
                Err(reason) => {
                    return Err(response.unexpected(format!("an item does not decode: {reason}")));
                }
            }
        }
        self.items.extend(decoded);
        // This page's items are good whatever its next page is: a next page that
        // cannot be asked for is told after them.
        let refused = match next {
            None => {
                self.next = None;
                None
            }
            Some(next) if !self.seen.insert(next.clone()) => Some(format!(
                "the server gave the same next page (`{next}`) twice: stopped rather than loop"
            )),
            Some(next) => self.ask_for(next).err(),
        };
        if let Some(reason) = refused {
            self.next = None;
            self.stopped = Some(response.unexpected(reason));
        }
        Ok(())
    }

    /// Make the next page's request ask for `next`.
    fn ask_for(&mut self, next: String) -> Result<(), String> {
        let Some(request) = self.next.as_mut() else {
            return Ok(());
        };
        match &self.paging.next {
            Next::Cursor { param, .. } | Next::AfterLast { param, .. } | Next::Offset { param } => {
                request.set_query(param, next);
            }
            Next::Link => {
                let here = self.client.url::<E>(request).ok();
                let link = here
                    .as_ref()
                    .and_then(|here| here.join(&next).ok())
                    .filter(|link| {
                        let here = here.as_ref().expect("joined to it");
                        link.scheme() == here.scheme()
                            && link.host_str() == here.host_str()
                            && link.port_or_known_default() == here.port_or_known_default()
                    });
                let Some(link) = link else {
                    return Err(format!(
                        "the next page's link `{next}` leads to another origin: not followed, \
                         so that no credential goes there"
                    ));
                };
                request.send_to(link);
            }
        }
        Ok(())
    }
}

impl<T: Unpin, E: serde::de::DeserializeOwned + Send + 'static> futures_core::Stream
    for Pages<T, E>
{
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

/// The value at `path` in `value`.
fn at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter()
        .try_fold(value, |value, member| value.get(member))
}

/// A cursor as text: a non-empty string, or a number.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The `rel="next"` URL of a response's `Link` headers (RFC 8288), as written.
pub(crate) fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            let mut rest = value;
            while let Some(start) = rest.find('<') {
                let end = start + rest[start..].find('>')?;
                let target = &rest[start + 1..end];
                let params_end = rest[end..].find('<').map_or(rest.len(), |at| end + at);
                let params = &rest[end + 1..params_end];
                let is_next = params.split(';').any(|param| {
                    let Some((name, value)) = param.split_once('=') else {
                        return false;
                    };
                    name.trim().eq_ignore_ascii_case("rel")
                        && value
                            .trim()
                            .trim_end_matches(',')
                            .trim_end()
                            .trim_matches('"')
                            .split_ascii_whitespace()
                            .any(|rel| rel.eq_ignore_ascii_case("next"))
                });
                if is_next {
                    return Some(target.to_owned());
                }
                rest = &rest[params_end..];
            }
            None
        })
}

/// An item as JSON of the spec's type.
pub(crate) fn json<T: serde::de::DeserializeOwned>(item: Value) -> Result<T, String> {
    serde_json::from_value(item).map_err(|err| err.to_string())
}
