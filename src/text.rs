//! Small helpers over source text: positions, line endings, byte-order marks and runs of
//! whitespace made one space.

use std::borrow::Cow;

/// `text` with each run of whitespace made one space and none at either end: what
/// `text.split_whitespace().collect::<Vec<_>>().join(" ")` gives. Most text already is one
/// line: it is then borrowed, found so by SIMD scans for the bytes that would change (for
/// ASCII text: two spaces in a row, a space at either end, or whitespace other than a space).
pub fn one_line(text: &str) -> Cow<'_, str> {
    // Built once: `memmem::find` would build its searcher again on every call, for every
    // paragraph, timeline entry and title.
    static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    let b = text.as_bytes();
    let changes = !text.is_ascii()
        || b.first() == Some(&b' ')
        || b.last() == Some(&b' ')
        || memchr::memchr3(b'\t', b'\n', b'\r', b).is_some()
        || memchr::memchr2(b'\x0b', b'\x0c', b).is_some()
        || DOUBLE_SPACE.find(b).is_some();
    if changes {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(text)
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The lines of `text`, exactly as [`str::lines`] gives them (split at `\n`, a `\r` before
/// it dropped, no empty last line after a final `\n`), with the line ends found by SIMD
/// (`memchr`): postmortems are read line by line, and their lines are long.
pub fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || match ends.next() {
        Some(end) => {
            let line = &text[start..end];
            start = end + 1;
            Some(line.strip_suffix('\r').unwrap_or(line))
        }
        None if start < text.len() => {
            // The last line, without a line end: a `\r` at its end is its own.
            let line = &text[start..];
            start = text.len();
            Some(line)
        }
        None => None,
    })
}

/// The byte offset at which each line of `text` starts (the first is 0).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

/// The text with a leading byte-order mark removed and CRLF line endings made LF,
/// with a note of what was changed so it can be reported.
pub fn normalize(text: String) -> (String, Normalized) {
    let mut note = Normalized::default();
    let mut text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            note.had_bom = true;
            rest.to_string()
        }
        None => text,
    };
    if text.contains('\r') {
        note.had_crlf = text.contains("\r\n");
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    (text, note)
}

/// What [`normalize`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Normalized {
    /// The file began with a UTF-8 byte-order mark.
    pub had_bom: bool,
    /// The file used CRLF line endings.
    pub had_crlf: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_is_what_splitting_and_joining_gives() {
        for text in [
            "",
            " ",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a\nb",
            "a\rb",
            "a\x0bb",
            "a\x0cb",
            "a\x1cb",
            "\u{a0}a\u{2003}b\u{3000}",
            "é  ü",
            "one two three",
        ] {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(one_line(text), joined, "{text:?}");
        }
    }

    // Guards the SIMD line splitter against the standard library's definition.
    #[test]
    fn lines_are_what_str_lines_gives() {
        for text in [
            "",
            "\n",
            "\n\n",
            "one",
            "one\n",
            "one\ntwo",
            "one\r\ntwo\r\n",
            "one\r\n\r\ntwo\r",
            "a\rb\n\rc",
            "café\n— ünïcode\n\n",
        ] {
            let ours: Vec<&str> = lines(text).collect();
            let std: Vec<&str> = text.lines().collect();
            assert_eq!(ours, std, "{text:?}");
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            assert_eq!(line_starts(text), starts, "{text:?}");
        }
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncé d";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, text.find('d').unwrap()), (2, 4));
    }

    #[test]
    fn normalize_strips_bom_and_crlf() {
        let (text, note) = normalize("\u{feff}a\r\nb\r\n".to_string());
        assert_eq!(text, "a\nb\n");
        assert!(note.had_bom && note.had_crlf);
    }
}
