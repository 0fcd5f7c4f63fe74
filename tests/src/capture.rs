//! A `tracing` subscriber that keeps everything it is given, at every level and from
//! every target, so that tests can assert the exact spans and events a client records.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// A span as recorded: its name and every field given a value.
#[derive(Debug, Clone, PartialEq)]
pub struct CapturedSpan {
    pub name: String,
    pub fields: BTreeMap<String, String>,
}

/// An event as recorded: level, target, fields (`message` included), and the name of
/// the span it happened in.
#[derive(Debug, Clone, PartialEq)]
pub struct CapturedEvent {
    pub level: tracing::Level,
    pub target: String,
    pub fields: BTreeMap<String, String>,
    pub span: Option<String>,
}

#[derive(Default)]
struct Store {
    /// Spans and events of targets starting with this are turned off (`None`: none).
    turned_off: Option<String>,
    /// Spans by id, in the order they were opened.
    spans: Vec<(u64, CapturedSpan)>,
    events: Vec<CapturedEvent>,
}

/// Everything recorded while a [`Capture::install`] guard lived.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Store>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn enabled(&self, metadata: &tracing::Metadata<'_>, _: Context<'_, S>) -> bool {
        let store = self.0.lock().unwrap();
        store
            .turned_off
            .as_ref()
            .is_none_or(|prefix| !metadata.target().starts_with(prefix.as_str()))
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let span = CapturedSpan {
            name: attrs.metadata().name().to_owned(),
            fields,
        };
        self.0.lock().unwrap().spans.push((id.into_u64(), span));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut store = self.0.lock().unwrap();
        if let Some((_, span)) = store.spans.iter_mut().find(|(k, _)| *k == id.into_u64()) {
            values.record(&mut Fields(&mut span.fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let span = ctx.event_span(event).map(|span| span.name().to_owned());
        self.0.lock().unwrap().events.push(CapturedEvent {
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            fields,
            span,
        });
    }
}

impl Capture {
    /// Record everything on this thread until the guard is dropped (a `#[tokio::test]`
    /// runs on one thread).
    pub fn install() -> (Capture, tracing::subscriber::DefaultGuard) {
        Capture::default().installed()
    }

    /// As [`Capture::install`], with every span and event of targets that start
    /// with `prefix` turned off, as a subscriber's filter would.
    pub fn install_without(prefix: &str) -> (Capture, tracing::subscriber::DefaultGuard) {
        let capture = Capture::default();
        capture.0.lock().unwrap().turned_off = Some(prefix.to_owned());
        capture.installed()
    }

    fn installed(self) -> (Capture, tracing::subscriber::DefaultGuard) {
        let subscriber = tracing_subscriber::registry().with(self.clone());
        (self, tracing::subscriber::set_default(subscriber))
    }

    /// The spans, in the order they were opened.
    pub fn spans(&self) -> Vec<CapturedSpan> {
        let store = self.0.lock().unwrap();
        store.spans.iter().map(|(_, span)| span.clone()).collect()
    }

    /// The events, in the order they happened.
    pub fn events(&self) -> Vec<CapturedEvent> {
        self.0.lock().unwrap().events.clone()
    }

    /// Every name and value recorded, as one text, to search for what must not be there.
    pub fn everything(&self) -> String {
        format!("{:?} {:?}", self.spans(), self.events())
    }
}
