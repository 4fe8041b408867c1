//! The small cursor steps the date grammar is built from: digits, words, skipping, and
//! case-insensitive prefixes that never split a character.

/// A run of `min..=max` ASCII digits at `i`, not followed by another digit.
pub fn number(s: &str, i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let b = s.as_bytes();
    let len = b
        .get(i..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if len < min || len > max {
        return None;
    }
    let n = s[i..i + len].parse().ok()?;
    Some((n, i + len))
}

/// The ASCII word at `i` (not one running into digits, such as `Q3`).
pub fn word_at(s: &str, i: usize) -> Option<&str> {
    let len = s
        .as_bytes()
        .get(i..)?
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if len == 0
        || s.as_bytes()
            .get(i + len)
            .is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(&s[i..i + len])
}

/// Whether `s` starts with `prefix`, ignoring ASCII case (never splitting a character).
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Skips any of `chars`.
pub fn skip(s: &str, mut i: usize, chars: &str) -> usize {
    while let Some(c) = s[i..].chars().next() {
        if !chars.contains(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Skips spaces and tabs.
pub fn skip_spaces(s: &str, i: usize) -> usize {
    skip(s, i, " \t")
}

/// Skips any of `words` (each followed by a space or, for symbols, nothing), repeatedly.
pub fn skip_words(s: &str, mut i: usize, words: &[&str]) -> usize {
    loop {
        let before = i;
        for w in words {
            let rest = &s[i..];
            if starts_with_ci(rest, w) {
                let end = i + w.len();
                let symbol = !w.as_bytes()[0].is_ascii_alphabetic();
                if symbol || s.as_bytes().get(end) == Some(&b' ') {
                    i = skip_spaces(s, end);
                    break;
                }
            }
        }
        if i == before {
            return i;
        }
    }
}
