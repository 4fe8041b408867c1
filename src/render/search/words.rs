//! The word index of search: how text becomes index words, how each word's list of incidents
//! is encoded compactly, and how the sorted vocabulary is cut into shards fetched on demand.
//!
//! `themes/default/static/search.js` mirrors [`for_each_word`] and [`decode`]; change them together.

/// Words longer than this are not indexed (hashes, IDs and URLs make poor search words).
pub const MAX_WORD_CHARS: usize = 32;

/// The 64 characters of the encoding: the first 32 end a number, the last 32 continue it.
/// None of them needs escaping in JSON.
const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Calls `f` with each index word of `text`, in order: the lowercase runs of letters and
/// digits, at least two characters, at most [`MAX_WORD_CHARS`], holding a letter or being a
/// number of at most three digits (status codes such as `503`; longer numbers are mostly counts
/// and timestamps). ASCII, nearly all of a postmortem, is classified by table lookup and an
/// ASCII word lowercased into a buffer; only other characters are decoded.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let b = text.as_bytes();
    let mut lower = [0u8; MAX_WORD_CHARS];
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let k = CLASS[usize::from(c)];
        if k & ALNUM == 0 {
            if c < 128 {
                i += 1;
                continue;
            }
            let (alnum, len) = wide_char(text, i);
            if !alnum {
                i += len;
                continue;
            }
        }
        let start = i;
        let mut class = 0u8;
        while let Some(&c) = b.get(i) {
            let k = CLASS[usize::from(c)];
            if k & ALNUM == 0 {
                break;
            }
            class |= k;
            i += 1;
        }
        if b.get(i).is_some_and(|&c| c >= 128) && wide_char(text, i).0 {
            // The run holds other characters: it is read, and its word made, the general way.
            let mut end = i;
            while end < b.len() {
                let (alnum, len) = if b[end] < 128 {
                    (CLASS[usize::from(b[end])] & ALNUM != 0, 1)
                } else {
                    wide_char(text, end)
                };
                if !alnum {
                    break;
                }
                end += len;
            }
            i = end;
            if let Some(w) = wide_word(&text[start..end]) {
                f(&w);
            }
            continue;
        }
        let len = i - start;
        if !(2..=MAX_WORD_CHARS).contains(&len) || (len > 3 && class & ALPHA == 0) {
            continue;
        }
        if class & UPPER == 0 {
            f(&text[start..i]);
        } else {
            let word = &mut lower[..len];
            for (to, from) in word.iter_mut().zip(&b[start..i]) {
                *to = from.to_ascii_lowercase();
            }
            // ASCII letters and digits only, so always UTF-8.
            if let Ok(word) = std::str::from_utf8(word) {
                f(word);
            }
        }
    }
}

/// Whether the character at byte `at` of `text` is alphanumeric, and its length in bytes.
#[inline]
fn wide_char(text: &str, at: usize) -> (bool, usize) {
    match text[at..].chars().next() {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, text.len() - at),
    }
}

/// The index word of a run holding characters beyond ASCII, if it makes one.
fn wide_word(w: &str) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let chars = w.chars().count();
    let indexed =
        (2..=MAX_WORD_CHARS).contains(&chars) && (chars <= 3 || w.chars().any(char::is_alphabetic));
    indexed.then(|| {
        if w.chars().any(char::is_uppercase) {
            Cow::Owned(w.to_lowercase())
        } else {
            Cow::Borrowed(w)
        }
    })
}

/// [`CLASS`] bit: the byte is an ASCII letter or digit.
const ALNUM: u8 = 1;
/// [`CLASS`] bit: the byte is an ASCII letter.
const ALPHA: u8 = 2;
/// [`CLASS`] bit: the byte is an uppercase ASCII letter.
const UPPER: u8 = 4;

/// What each ASCII byte is, by one table lookup (bytes from 128 up are none of these: they
/// begin or continue a character that is decoded instead).
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            ALNUM | ALPHA | UPPER
        } else if c.is_ascii_lowercase() {
            ALNUM | ALPHA
        } else if c.is_ascii_digit() {
            ALNUM
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Encodes ascending incident numbers as runs: each run of consecutive numbers is the gap
/// since the previous run (doubled, plus one when the run is longer than one) and, for longer
/// runs, the length minus two. Numbers are written 5 bits per character, most significant first.
/// A word in every incident is two characters; an isolated posting costs one to three.
pub fn encode(ids: &[u32]) -> String {
    let mut out = String::new();
    let mut next = 0u32;
    let mut i = 0;
    while i < ids.len() {
        let start = ids[i];
        let mut end = i;
        while end + 1 < ids.len() && ids[end + 1] == ids[end] + 1 {
            end += 1;
        }
        let len = (end - i + 1) as u32;
        let gap = start - next;
        push_number(&mut out, u64::from(gap) * 2 + u64::from(len > 1));
        if len > 1 {
            push_number(&mut out, u64::from(len - 2));
        }
        next = start + len;
        i = end + 1;
    }
    out
}

fn push_number(out: &mut String, mut n: u64) {
    let mut groups = [0u8; 13];
    let mut count = 0;
    loop {
        groups[count] = (n & 31) as u8;
        count += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for (k, &g) in groups[..count].iter().rev().enumerate() {
        let continues = k + 1 < count;
        out.push(DIGITS[usize::from(g) + if continues { 32 } else { 0 }] as char);
    }
}

/// Decodes [`encode`]'s output (used by tests; the browser has its own copy).
pub fn decode(text: &str) -> Option<Vec<u32>> {
    let mut numbers = Vec::new();
    let mut n: u64 = 0;
    for b in text.bytes() {
        let d = DIGITS.iter().position(|&x| x == b)? as u64;
        n = n.checked_mul(32)? + (d & 31);
        if d < 32 {
            numbers.push(n);
            n = 0;
        }
    }
    let mut ids = Vec::new();
    let mut next: u64 = 0;
    let mut it = numbers.into_iter();
    while let Some(v) = it.next() {
        let start = next + v / 2;
        let len = if v % 2 == 1 { it.next()? + 2 } else { 1 };
        ids.extend((start..start + len).map(|x| x as u32));
        next = start + len;
    }
    Some(ids)
}

/// The order of words in shards: by UTF-16 code units, the order JavaScript's `<` uses, so the
/// browser finds a word's shard with plain string comparison.
pub fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    // Without 4-byte UTF-8 sequences (characters beyond the BMP) every character is one UTF-16
    // unit, and UTF-8 byte order is code point order: a plain byte comparison gives the same.
    if a.bytes().chain(b.bytes()).all(|x| x < 0xF0) {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Cuts `(word, encoded)` pairs, already in [`js_order`], into shards of about `target` bytes.
/// Returns each shard's entries; a shard holds every word from its first word up to the next
/// shard's first word.
pub fn shard(entries: Vec<(String, String)>, target: usize) -> Vec<Vec<(String, String)>> {
    let mut shards = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0;
    for (word, enc) in entries {
        bytes += word.len() + enc.len() + 6;
        current.push((word, enc));
        if bytes >= target {
            shards.push(std::mem::take(&mut current));
            bytes = 0;
        }
    }
    if !current.is_empty() || shards.is_empty() {
        shards.push(current);
    }
    shards
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut all = Vec::new();
        for_each_word(text, |w| all.push(w.to_string()));
        all
    }

    #[test]
    fn words_are_lowercase_runs_of_letters_and_short_numbers() {
        let got = words("DNS resolver: 503s from load-balancer, 4479 jobs, HTTP 503, a café");
        assert_eq!(
            got,
            [
                "dns", "resolver", "503s", "from", "load", "balancer", "jobs", "http", "503",
                "café"
            ]
        );
        assert!(words(&"x".repeat(40)).is_empty());
    }

    #[test]
    fn words_are_what_splitting_at_every_other_character_gives() {
        // Guards the byte-wise scanner against the definition search.js mirrors.
        for text in [
            "",
            "plain words, and-dashes; 503s",
            "  leading and trailing  ",
            "café — naïve ‘quotes’ … ÉCOLE straße ΣΊΣΥΦΟΣ 東京 ٣٤٥ x²",
            "a\u{1F600}b emoji\u{200B}joined Ⅻ ①",
            "MiXeD CASE Words İstanbul",
            "abcÉdef ÉCOLEx xÉ Éx 1é é1 ab.cd.é",
            "HTTP 503 4479 a1 B2 Z9Z 12 123a 1234 X Q\t9\n",
            &"Ab".repeat(16),
            &"aB".repeat(17),
            &format!("{} {}", "7".repeat(3), "Ü".repeat(33)),
        ] {
            let split: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let slow: Vec<String> = split
                .iter()
                .filter(|w| {
                    let chars = w.chars().count();
                    (2..=MAX_WORD_CHARS).contains(&chars)
                        && (w.chars().any(char::is_alphabetic) || chars <= 3)
                })
                .map(|w| w.to_lowercase())
                .collect();
            assert_eq!(words(text), slow, "{text:?}");
        }
    }

    #[test]
    fn encoding_round_trips_runs_and_isolated_ids() {
        for ids in [
            vec![],
            vec![0],
            vec![5],
            vec![0, 1, 2, 3],
            vec![1, 3, 4, 5, 9, 40, 41, 1000, 70_000],
            (0..10_000).collect::<Vec<u32>>(),
            (0..10_000).step_by(3).collect(),
        ] {
            assert_eq!(decode(&encode(&ids)).as_deref(), Some(&ids[..]), "{ids:?}");
        }
        assert_eq!(encode(&(0..10_000).collect::<Vec<u32>>()).len(), 4);
        assert_eq!(encode(&[0]), "0");
    }

    #[test]
    fn shards_cover_every_entry_in_order() {
        let entries: Vec<(String, String)> = (0..100)
            .map(|i| (format!("w{i:03}"), "abc".to_string()))
            .collect();
        let shards = shard(entries.clone(), 50);
        assert!(shards.len() > 5);
        assert_eq!(shards.concat(), entries);
        assert_eq!(shard(Vec::new(), 50).len(), 1);
    }

    #[test]
    fn order_is_utf16_order() {
        // U+FF01 sorts before U+1F600 by code point but after it in UTF-16.
        assert_eq!(
            js_order("\u{ff01}", "\u{1f600}"),
            std::cmp::Ordering::Greater
        );
    }
}
