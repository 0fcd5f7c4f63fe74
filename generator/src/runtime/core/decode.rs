//! Reading a struct from its members: the shared parts of each type's `Deserialize`.
//!
//! A type's own impl of [`Members`] holds one match arm per member and calls these
//! for the rest, so that it reads as `#[derive(Deserialize)]` would (unknown members
//! skipped, a repeated member refused, a missing `Option` read as `None`) in far less
//! code.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A struct read member by member: each generated struct's `Deserialize` is
/// [`structure`], and this trait holds what differs from one struct to the next.
pub(crate) trait Members<'de>: Sized {
    /// The struct's name, for the input's format and its errors.
    const NAME: &'static str;
    /// The members it declares, by their names in the input.
    const FIELDS: &'static [&'static str];

    /// The struct, from the members of the input.
    fn read<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// A struct's `Deserialize`: the input read as a map, by [`Members::read`].
pub(crate) fn structure<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Members<'de>,
{
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
}

/// The one visitor of every struct: a map is the only input it reads.
struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: Members<'de>> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// A member's name as the input holds it: borrowed when the input allows.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(name)))
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(name.to_owned())))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(name)))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(String::from_utf8_lossy(name).into_owned())))
    }
}

/// The value of a member the struct declares, read into `slot`; a second one is an
/// error.
pub(crate) fn member<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a member the struct does not declare, kept under its name among the
/// additional properties (a repeated name keeps the last, as a map does).
pub(crate) fn extra<'de, A, T>(
    map: &mut A,
    extra: &mut BTreeMap<String, T>,
    key: Key<'de>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    extra.insert(key.into_owned(), map.next_value()?);
    Ok(())
}

/// Skips the value of a member the struct does not declare.
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// A required member's value, read from `map`; when the input had none, an error,
/// unless its type reads from nothing at all (an `Option` is then `None`).
pub(crate) fn required<'de, A, T>(
    _map: &A,
    slot: Option<T>,
    name: &'static str,
) -> Result<T, A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name, PhantomData)),
    }
}

/// The input of a member that is not there.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(de::Error::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf unit unit_struct newtype_struct seq tuple tuple_struct map struct
        enum identifier ignored_any
    }
}

/// The error for the first of a struct's required members the input left out.
pub(crate) fn missing<E: de::Error>(members: &[(&'static str, bool)]) -> E {
    match members.iter().find(|(_, absent)| *absent) {
        Some((name, _)) => de::Error::missing_field(name),
        None => de::Error::custom("a required member is missing"),
    }
}
