//! Feeding a serializable value into a memo key directly: every scalar and every string is
//! written as tagged, length-prefixed bytes, with no text format in between, and the whole is
//! hashed in one call (many tiny hasher updates cost more than copying the pieces).
//!
//! The encoding is unambiguous (a tag before every value, a length or an end mark around every
//! string, sequence and map), so two different values never feed the same bytes. It is much
//! cheaper than hashing a JSON rendering: nothing is escaped, formatted or buffered.

use serde::ser::{self, Serialize};

/// Why a value could not be fed (a custom `Serialize` that fails); the caller then does not
/// use the cache.
#[derive(Debug)]
pub struct Unhashable(String);

impl std::fmt::Display for Unhashable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unhashable {}

impl ser::Error for Unhashable {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Unhashable(msg.to_string())
    }
}

/// The serializer: the bytes to hash, being written.
pub struct Digest<'a>(pub &'a mut Vec<u8>);

// One tag per kind of value, so that, say, the string "1" and the number 1 differ.
const BOOL: u8 = 1;
const INT: u8 = 2;
const UINT: u8 = 3;
const FLOAT: u8 = 4;
const CHAR: u8 = 5;
const STR: u8 = 6;
const BYTES: u8 = 7;
const NONE: u8 = 8;
const SOME: u8 = 9;
const UNIT: u8 = 10;
const VARIANT: u8 = 11;
const SEQ: u8 = 12;
const MAP: u8 = 13;
const END: u8 = 14;

impl Digest<'_> {
    fn tag(&mut self, tag: u8) {
        self.0.push(tag);
    }

    fn bytes(&mut self, tag: u8, bytes: &[u8]) {
        self.0.push(tag);
        self.0
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
    }
}

type Res = Result<(), Unhashable>;

impl<'a, 'b> ser::Serializer for &'a mut Digest<'b> {
    type Ok = ();
    type Error = Unhashable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Res {
        self.bytes(BOOL, &[u8::from(v)]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Res {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Res {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Res {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Res {
        self.bytes(INT, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Res {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Res {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Res {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Res {
        self.bytes(UINT, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Res {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Res {
        self.bytes(FLOAT, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Res {
        self.bytes(CHAR, &u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Res {
        self.bytes(STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Res {
        self.bytes(BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Res {
        self.tag(NONE);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Res {
        self.tag(SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Res {
        self.tag(UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Res {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Res {
        self.bytes(VARIANT, variant.as_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Res {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Res {
        self.bytes(VARIANT, variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Unhashable> {
        self.tag(SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self, Unhashable> {
        self.tag(SEQ);
        Ok(self)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self, Unhashable> {
        self.tag(SEQ);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Unhashable> {
        self.bytes(VARIANT, variant.as_bytes());
        self.tag(SEQ);
        Ok(self)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Unhashable> {
        self.tag(MAP);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Unhashable> {
        self.tag(MAP);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Unhashable> {
        self.bytes(VARIANT, variant.as_bytes());
        self.tag(MAP);
        Ok(self)
    }
}

/// Ends a sequence or map: the end mark keeps `[[a], b]` apart from `[[a, b]]`.
fn end(d: &mut Digest<'_>) -> Res {
    d.tag(END);
    Ok(())
}

macro_rules! seq_like {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for &mut Digest<'_> {
            type Ok = ();
            type Error = Unhashable;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Res {
                value.serialize(&mut **self)
            }
            fn end(self) -> Res {
                end(self)
            }
        }
    };
}

seq_like!(SerializeSeq, serialize_element);
seq_like!(SerializeTuple, serialize_element);
seq_like!(SerializeTupleStruct, serialize_field);
seq_like!(SerializeTupleVariant, serialize_field);

impl ser::SerializeMap for &mut Digest<'_> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Res {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Res {
        value.serialize(&mut **self)
    }
    fn end(self) -> Res {
        end(self)
    }
}

macro_rules! struct_like {
    ($trait:ident) => {
        impl ser::$trait for &mut Digest<'_> {
            type Ok = ();
            type Error = Unhashable;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Res {
                self.bytes(STR, key.as_bytes());
                value.serialize(&mut **self)
            }
            fn end(self) -> Res {
                end(self)
            }
        }
    };
}

struct_like!(SerializeStruct);
struct_like!(SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    fn digest<T: Serialize>(v: &T) -> u128 {
        let mut bytes = Vec::new();
        v.serialize(&mut Digest(&mut bytes)).unwrap();
        xxhash_rust::xxh3::xxh3_128(&bytes)
    }

    #[derive(Serialize)]
    struct Page {
        title: String,
        tags: Vec<String>,
        count: Option<u32>,
    }

    #[test]
    fn different_values_feed_different_bytes() {
        let page = |title: &str, tags: &[&str], count| Page {
            title: title.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            count,
        };
        let all = [
            digest(&page("a", &["b", "c"], None)),
            digest(&page("a", &["bc"], None)),
            digest(&page("ab", &["c"], None)),
            digest(&page("a", &["b", "c"], Some(0))),
            digest(&page("a", &["b", "c"], Some(1))),
            digest(&page("", &[], None)),
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(all[0], digest(&page("a", &["b", "c"], None)));
    }

    #[test]
    fn nesting_is_part_of_the_key() {
        assert_ne!(
            digest(&vec![vec!["a"], vec!["b"]]),
            digest(&vec![vec!["a", "b"]])
        );
        assert_ne!(digest(&"1"), digest(&1u32));
        assert_ne!(digest(&Some(())), digest(&None::<()>));
    }
}
