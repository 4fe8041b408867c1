//! How an incident's search words are kept in `coroner build`'s cache: the word ends as one
//! run of bytes rather than a pair of numbers each (encoding them one by one was most of the
//! time spent writing the cache), checked when read back, so that no kept list can point
//! outside its words.

use serde::de::{Error, Visitor};
use serde::{Deserialize, Deserializer, Serializer};

use super::postings::Searchable;

/// [`Searchable`] as read from the cache, before its word ends are checked.
#[derive(Deserialize)]
pub(super) struct Unchecked {
    text: String,
    #[serde(with = "ends")]
    ends: Vec<(u32, u32)>,
    summary: String,
}

impl TryFrom<Unchecked> for Searchable {
    type Error = String;

    fn try_from(raw: Unchecked) -> Result<Self, String> {
        let Unchecked {
            text,
            ends,
            summary,
        } = raw;
        let mut start = 0;
        for &(_, end) in &ends {
            let end = end as usize;
            if end < start || end > text.len() || !text.is_char_boundary(end) {
                return Err(format!("a kept word ends at byte {end}, outside its text"));
            }
            start = end;
        }
        Ok(Searchable::from_parts(text, ends, summary))
    }
}

/// The word ends (the kept hash and the end of each word) as 8 little-endian bytes a word.
pub(super) mod ends {
    use super::*;

    /// Writes the ends as one run of bytes.
    pub fn serialize<S: Serializer>(ends: &[(u32, u32)], s: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(ends.len() * 8);
        for &(hash, end) in ends {
            bytes.extend_from_slice(&hash.to_le_bytes());
            bytes.extend_from_slice(&end.to_le_bytes());
        }
        s.serialize_bytes(&bytes)
    }

    /// Reads the ends back from their bytes.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(u32, u32)>, D::Error> {
        d.deserialize_bytes(EndsVisitor)
    }

    struct EndsVisitor;

    impl Visitor<'_> for EndsVisitor {
        type Value = Vec<(u32, u32)>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("word ends, 8 bytes each")
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
            if !bytes.len().is_multiple_of(8) {
                return Err(E::custom("word ends are 8 bytes each"));
            }
            let word = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            Ok(bytes
                .chunks_exact(8)
                .map(|b| (word(&b[..4]), word(&b[4..])))
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_words_read_back_as_they_were() {
        let words = Searchable::of_words(&["pool", "exhausted", "été"]);
        let bytes = postcard::to_allocvec(&*words).unwrap();
        let back: Searchable = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, *words);
        let read: Vec<&str> = back.words().map(|(_, w)| w).collect();
        assert_eq!(read, ["pool", "exhausted", "été"]);
    }

    #[test]
    fn word_ends_outside_their_text_are_refused() {
        // Ends past the text, backwards, or inside a character would slice out of bounds.
        for ends in [vec![(1, 4), (2, 40)], vec![(1, 4), (2, 2)], vec![(1, 5)]] {
            let raw = Searchable::from_parts("poolété".into(), ends.clone(), String::new());
            let bytes = postcard::to_allocvec(&raw).unwrap();
            assert!(
                postcard::from_bytes::<Searchable>(&bytes).is_err(),
                "{ends:?}"
            );
        }
        let mut bytes = postcard::to_allocvec(&*Searchable::of_words(&["dns"])).unwrap();
        // The length of the ends' bytes (after the text's length and its 3 bytes): 7, not 8.
        bytes[4] = 7;
        assert!(postcard::from_bytes::<Searchable>(&bytes).is_err());
    }
}
