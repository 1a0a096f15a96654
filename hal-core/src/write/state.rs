//! Writing a resource's state as members of the resource object, between `_links` and
//! `_embedded`, straight from the state's own `Serialize` impl.
//!
//! `Resource<T>` and `Hal<T>` write their state through [`FlatState`].

use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeStruct};

const NOT_AN_OBJECT: &str = "resource state must serialize as a JSON object (a struct or a map)";

fn reserved_error<E: ser::Error>(key: &str) -> E {
    E::custom(format_args!(
        "resource state has a member `{key}`, a name HAL reserves; put links, embedded resources and templates in `Links`, `Embedded` and `Templates`"
    ))
}

/// Serializes a state value's members into an open map.
///
/// Members named in `skip` are left out: the derive lists the fields it writes itself (links and
/// embedded resources) so that the state's own `Serialize` impl can be reused unchanged.
pub(crate) struct FlatState<'a, M> {
    map: &'a mut M,
    skip: &'static [&'static str],
    /// Struct field names were checked at compile time (by the derive): no run-time check.
    fields_checked: bool,
}

impl<'a, M: SerializeMap> FlatState<'a, M> {
    /// Writes into `map`, leaving out the members named in `skip`.
    pub(crate) fn new(map: &'a mut M, skip: &'static [&'static str]) -> Self {
        Self {
            map,
            skip,
            fields_checked: false,
        }
    }

    /// As [`new`](Self::new), for a state whose struct field names are known not to be
    /// `_links` or `_embedded` (map entries, as from `flatten`, are still checked).
    pub(crate) fn with_checked_fields(map: &'a mut M, skip: &'static [&'static str]) -> Self {
        Self {
            map,
            skip,
            fields_checked: true,
        }
    }
}

macro_rules! not_an_object {
    ($($method:ident($($arg:ty),*);)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<(), M::Error> {
            Err(ser::Error::custom(NOT_AN_OBJECT))
        }
    )*};
}

impl<'a, M: SerializeMap> ser::Serializer for FlatState<'a, M> {
    type Ok = ();
    type Error = M::Error;
    type SerializeSeq = Impossible<(), M::Error>;
    type SerializeTuple = Impossible<(), M::Error>;
    type SerializeTupleStruct = Impossible<(), M::Error>;
    type SerializeTupleVariant = Impossible<(), M::Error>;
    type SerializeMap = FlatMap<'a, M>;
    type SerializeStruct = FlatMap<'a, M>;
    type SerializeStructVariant = Impossible<(), M::Error>;

    not_an_object! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_i128(i128); serialize_u8(u8); serialize_u16(u16);
        serialize_u32(u32); serialize_u64(u64); serialize_u128(u128); serialize_f32(f32);
        serialize_f64(f64); serialize_char(char); serialize_str(&str); serialize_bytes(&[u8]);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_none(self) -> Result<(), M::Error> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), M::Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), M::Error> {
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), M::Error> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), M::Error> {
        Err(ser::Error::custom(NOT_AN_OBJECT))
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, M::Error> {
        Err(ser::Error::custom(NOT_AN_OBJECT))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, M::Error> {
        Err(ser::Error::custom(NOT_AN_OBJECT))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, M::Error> {
        Err(ser::Error::custom(NOT_AN_OBJECT))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, M::Error> {
        Err(ser::Error::custom(NOT_AN_OBJECT))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, M::Error> {
        Ok(FlatMap {
            map: self.map,
            skip: self.skip,
            skipping_value: false,
            fields_checked: self.fields_checked,
        })
    }

    #[inline]
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, M::Error> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, M::Error> {
        Err(ser::Error::custom(NOT_AN_OBJECT))
    }
}

/// The state's members, forwarded one by one.
pub(crate) struct FlatMap<'a, M> {
    map: &'a mut M,
    skip: &'static [&'static str],
    skipping_value: bool,
    fields_checked: bool,
}

impl<M: SerializeMap> FlatMap<'_, M> {
    fn verdict<E: ser::Error>(&self, key: &str) -> Result<bool, E> {
        verdict(key, self.skip)
    }

    /// Checks a map key that may or may not be text.
    fn key_verdict<K: Serialize + ?Sized, E: ser::Error>(&self, key: &K) -> Result<bool, E> {
        match key.serialize(KeyVerdict { skip: self.skip }) {
            Ok(Verdict::Write) | Err(NotText) => Ok(true),
            Ok(Verdict::Skip) => Ok(false),
            Ok(Verdict::Reserved(name)) => Err(reserved_error(name)),
        }
    }
}

/// `Ok(true)` to write the member, `Ok(false)` to skip it, an error for a reserved name.
fn verdict<E: ser::Error>(key: &str, skip: &[&str]) -> Result<bool, E> {
    if matches!(key, "_links" | "_embedded" | "_templates") {
        return Err(reserved_error(key));
    }
    Ok(!skip.contains(&key))
}

impl<M: SerializeMap> SerializeMap for FlatMap<'_, M> {
    type Ok = ();
    type Error = M::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
        let admitted = self.key_verdict(key)?;
        self.skipping_value = !admitted;
        if admitted {
            self.map.serialize_key(key)?;
        }
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
        if std::mem::take(&mut self.skipping_value) {
            return Ok(());
        }
        self.map.serialize_value(value)
    }

    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), M::Error> {
        if self.key_verdict(key)? {
            self.map.serialize_entry(key, value)?;
        }
        Ok(())
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

impl<M: SerializeMap> SerializeStruct for FlatMap<'_, M> {
    type Ok = ();
    type Error = M::Error;

    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        let write = if self.fields_checked {
            !self.skip.contains(&key)
        } else {
            self.verdict(key)?
        };
        if write {
            self.map.serialize_entry(key, value)?;
        }
        Ok(())
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

/// What to do with a map key.
enum Verdict {
    Write,
    Skip,
    Reserved(&'static str),
}

/// The key is not text (or its `Serialize` impl failed): let the real serializer handle it.
#[derive(Debug)]
struct NotText;

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("map key is not text")
    }
}

impl std::error::Error for NotText {}

impl ser::Error for NotText {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        NotText
    }
}

/// Reads a map key without copying it, to check it against the reserved and skipped names.
struct KeyVerdict {
    skip: &'static [&'static str],
}

macro_rules! not_text {
    ($($method:ident($($arg:ty),*);)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Verdict, NotText> {
            Err(NotText)
        }
    )*};
}

impl ser::Serializer for KeyVerdict {
    type Ok = Verdict;
    type Error = NotText;
    type SerializeSeq = Impossible<Verdict, NotText>;
    type SerializeTuple = Impossible<Verdict, NotText>;
    type SerializeTupleStruct = Impossible<Verdict, NotText>;
    type SerializeTupleVariant = Impossible<Verdict, NotText>;
    type SerializeMap = Impossible<Verdict, NotText>;
    type SerializeStruct = Impossible<Verdict, NotText>;
    type SerializeStructVariant = Impossible<Verdict, NotText>;

    not_text! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_i128(i128); serialize_u8(u8); serialize_u16(u16);
        serialize_u32(u32); serialize_u64(u64); serialize_u128(u128); serialize_f32(f32);
        serialize_f64(f64); serialize_char(char); serialize_bytes(&[u8]); serialize_none();
        serialize_unit(); serialize_unit_struct(&'static str);
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotText> {
        Err(NotText)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotText> {
        Err(NotText)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotText> {
        Err(NotText)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotText> {
        Err(NotText)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotText> {
        Err(NotText)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, NotText> {
        Err(NotText)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotText> {
        Err(NotText)
    }

    fn serialize_str(self, v: &str) -> Result<Verdict, NotText> {
        Ok(match v {
            "_links" => Verdict::Reserved("_links"),
            "_embedded" => Verdict::Reserved("_embedded"),
            "_templates" => Verdict::Reserved("_templates"),
            v if self.skip.contains(&v) => Verdict::Skip,
            _ => Verdict::Write,
        })
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Verdict, NotText> {
        self.serialize_str(variant)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Verdict, NotText> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Verdict, NotText> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Verdict, NotText> {
        Err(NotText)
    }
}
