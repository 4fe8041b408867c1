//! Helpers for reading prose: the visible text of a Markdown line, sentences, `<br>` splits, and
//! declarations such as "All times in CET".

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::emphasis::without_emphasis;
use super::zones::{Zone, zone_at};

static LINK: LazyLock<Regex> = LazyLock::new(|| {
    // `[text](target)`, `![alt](src)` and `[text][ref]`: the text stays.
    Regex::new(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])").expect("valid pattern")
});

static FOOTNOTE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\^[^\]]*\]").expect("valid pattern"));

/// Markdown links reduced to their text and footnote references (`[^4]`) taken out,
/// everything else kept (for text shown to readers).
pub fn unlink(text: &str) -> String {
    let t = LINK.replace_all(text, "$1");
    if t.contains("[^") {
        FOOTNOTE_REF.replace_all(&t, "").into_owned()
    } else {
        t.into_owned()
    }
}

/// `text` without Markdown's bold, emphasis and code marks (`**`, `*a*`, `_a_`, `` ` ``);
/// copied only when it has one.
pub fn strip_marks(text: &str) -> Cow<'_, str> {
    let t = if memchr::memchr2(b'*', b'`', text.as_bytes()).is_some() {
        Cow::Owned(without_bold_and(text, b'`'))
    } else {
        Cow::Borrowed(text)
    };
    match without_emphasis(&t) {
        Cow::Owned(s) => Cow::Owned(s),
        Cow::Borrowed(_) => t,
    }
}

/// `text` without its `**` pairs (taken left to right) and without every `other` byte (an
/// ASCII mark): what `text.replace("**", "").replace(other, "")` gives, in one pass that jumps
/// between the marks with `memchr`. A pair is read in `text` as written, so a mark between two
/// stars does not join them, just as when the pairs go first.
fn without_bold_and(text: &str, other: u8) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(i) = memchr::memchr2(b'*', other, &b[at..]).map(|k| at + k) {
        out.push_str(&text[at..i]);
        at = if b[i] == other {
            i + 1
        } else if b.get(i + 1) == Some(&b'*') {
            i + 2
        } else {
            out.push('*');
            i + 1
        };
    }
    out.push_str(&text[at..]);
    out
}

static HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
    // Autolinks, inline code, HTML tags, footnote references.
    Regex::new(r"<https?://[^>]*>|`[^`]*`|</?[A-Za-z][^>]*>|\[\^[^\]]*\]").expect("valid pattern")
});
static DECLARES_ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\ball\s+times\b|\btimes\b[^.:]{0,30}?\b(?:are|in|shown|given|listed)\b|\btime\s*zone\b")
        .expect("valid pattern")
});
static BR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>").expect("valid pattern"));

/// The words a reader sees on a line: no link targets, code spans, HTML tags or emphasis.
/// Borrowed when the line has none of them, which is most lines.
pub fn visible(line: &str) -> Cow<'_, str> {
    // Most lines hold none of the bytes the patterns start with: those skip the regexes and
    // are not copied. The bytes are looked for with SIMD (`memchr`), not one at a time.
    let t = if memchr::memchr(b'[', line.as_bytes()).is_some() {
        LINK.replace_all(line, "$1")
    } else {
        Cow::Borrowed(line)
    };
    let t = if memchr::memchr2(b'<', b'[', t.as_bytes()).is_some() {
        Cow::Owned(HIDDEN.replace_all(&t, " ").into_owned())
    } else if memchr::memchr(b'`', t.as_bytes()).is_some() {
        // Without `<` or `[`, code spans are all the pattern can find.
        Cow::Owned(replace_code_spans(&t, false))
    } else {
        t
    };
    let t = if memchr::memchr2(b'*', b'\\', t.as_bytes()).is_some() {
        Cow::Owned(without_bold_and(&t, b'\\'))
    } else {
        t
    };
    if t.trim_start().starts_with('[') && t.contains("]:") {
        // A reference-link definition.
        return Cow::Borrowed("");
    }
    t
}

/// [`visible`], but code spans keep their text (without the backticks): in an action item's
/// title or a timeline entry, the name in them is part of what is said ("Validate
/// `max_connections` at load time" must not lose the setting it is about).
pub fn readable(line: &str) -> String {
    if line.contains('`') {
        visible(&replace_code_spans(line, true)).into_owned()
    } else {
        visible(line).into_owned()
    }
}

/// `text` with each code span (a backtick, anything but a backtick, a backtick) replaced by
/// its text (`keep_text`) or by a space: what `` `([^`]*)` `` replaced by `$1`, or `` `[^`]*` ``
/// by a space, gives, found with `memchr` rather than a pattern.
fn replace_code_spans(text: &str, keep_text: bool) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(open) = memchr::memchr(b'`', &b[at..]).map(|i| at + i) {
        let Some(close) = memchr::memchr(b'`', &b[open + 1..]).map(|i| open + 1 + i) else {
            break;
        };
        out.push_str(&text[at..open]);
        out.push_str(if keep_text {
            &text[open + 1..close]
        } else {
            " "
        });
        at = close + 1;
    }
    out.push_str(&text[at..]);
    out
}

/// A line split at `<br>` tags.
pub fn split_br(line: &str) -> impl Iterator<Item = &str> {
    // Nearly every line has no tag at all: it is its own only piece, and the pattern is not run.
    let (whole, parts) = if memchr::memchr(b'<', line.as_bytes()).is_none() {
        (Some(line), None)
    } else {
        (None, Some(BR.split(line)))
    };
    whole.into_iter().chain(parts.into_iter().flatten())
}

/// The cells of a Markdown table row, trimmed.
pub fn table_cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// `|---|:--:|`: the rule under a table's header row.
pub fn is_table_rule(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| "|-: ".contains(c))
}

/// Where the sentences of a text start and end in it, in order: a sentence ends after `.`, `!`
/// or `?` followed by a space, and is trimmed.
pub fn sentence_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    // The ends are found with SIMD (`memchr`); only the bytes around each are looked at.
    let ends = memchr::memchr3_iter(b'.', b'!', b'?', b)
        .filter(move |&i| {
            // Followed by a space, and not a digit on both sides (`at 1. 5 hosts`).
            b.get(i + 1) == Some(&b' ')
                && !(i > 0
                    && b[i - 1].is_ascii_digit()
                    && b.get(i + 2).is_some_and(u8::is_ascii_digit))
        })
        .map(|i| i + 1)
        .chain(std::iter::once(b.len()));
    let mut start = 0;
    ends.filter_map(move |end| {
        let piece = &text[start..end];
        let at = start + (piece.len() - piece.trim_start().len());
        start = end;
        let len = piece.trim().len();
        (len > 0).then_some((at, at + len))
    })
}

/// The zone of a line declaring the zone of the times around it: "All times in CET",
/// "(all times EST)", "Times are in Eastern Daylight Time (EDT) and UTC".
pub fn zone_declaration(line: &str) -> Option<Zone> {
    if DECLARES_ZONE.is_match(line) {
        zone_in(line)
    } else {
        None
    }
}

/// The first zone named in a text (two letters or more).
pub fn zone_in(text: &str) -> Option<Zone> {
    let b = text.as_bytes();
    (0..b.len()).find_map(|i| {
        let starts = b[i].is_ascii_alphabetic() && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if !starts || !text.is_char_boundary(i) {
            return None;
        }
        zone_at(&text[i..])
            .filter(|(_, len)| *len >= 2)
            .map(|(z, _)| z)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_drops_markup() {
        let v = visible("See [the report](2024-01-02-x.md) and `12:00` <b>now</b>[^1]");
        assert!(!v.contains("2024") && !v.contains("12:00") && !v.contains("<b>"));
        assert!(v.contains("the report") && v.contains("now"));
        assert_eq!(visible("[ref]: https://example.com/2024-01-01"), "");
    }

    #[test]
    fn readable_text_keeps_what_code_spans_say() {
        assert_eq!(
            readable("Validate `max_connections` at [load](x.md) time"),
            "Validate max_connections at load time"
        );
        assert_eq!(readable("no code here"), "no code here");
    }

    #[test]
    fn bold_and_marks_are_removed_as_replace_removes_them() {
        for text in [
            "",
            "*",
            "**",
            "***",
            "****",
            "a**b**c",
            "*\\*",
            "\\**",
            "**\\*",
            "a*b",
            "`**`",
            "*`*",
            "é**ü\\",
            "x\\\\y",
            "**bold** and *em*",
        ] {
            for (other, mark) in [(b'\\', '\\'), (b'`', '`')] {
                assert_eq!(
                    without_bold_and(text, other),
                    text.replace("**", "").replace(mark, ""),
                    "{text:?} {mark:?}"
                );
            }
        }
    }

    #[test]
    fn code_spans_are_replaced_as_the_patterns_replace_them() {
        let code_span = Regex::new(r"`([^`]*)`").unwrap();
        let span = Regex::new(r"`[^`]*`").unwrap();
        for text in [
            "",
            "no code",
            "`a`",
            "x `a` y `b` z",
            "``",
            "```",
            "a `b",
            "a `b` c `d",
            "`é` ñ `ü`",
            "`a``b`",
            "tail`",
        ] {
            assert_eq!(
                replace_code_spans(text, true),
                code_span.replace_all(text, "$1"),
                "{text:?}"
            );
            assert_eq!(
                replace_code_spans(text, false),
                span.replace_all(text, " "),
                "{text:?}"
            );
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        sentence_spans(text).map(|(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn sentences_and_breaks() {
        assert_eq!(
            sentences("It broke at 1.5 GB. We fixed it! Done"),
            ["It broke at 1.5 GB.", "We fixed it!", "Done"]
        );
        assert_eq!(sentences(" One.  Two? \u{a0}"), ["One.", "Two?"]);
        assert_eq!(sentences("At 1. 5 hosts."), ["At 1. 5 hosts."]);
        assert_eq!(
            split_br("a<br />b<BR>c").collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(split_br("no tag").collect::<Vec<_>>(), ["no tag"]);
    }

    #[test]
    fn zone_declarations() {
        assert_eq!(
            zone_declaration("All times in CET."),
            Some(Zone::Fixed(3600))
        );
        assert_eq!(
            zone_declaration("2024-01-08 (all times EST)"),
            Some(Zone::Fixed(-18000))
        );
        assert_eq!(
            zone_declaration(
                "Times below are in Eastern Daylight Time (EDT), with UTC in brackets."
            ),
            Some(Zone::Fixed(-14400))
        );
        assert_eq!(zone_declaration("The times are approximate"), None);
        assert_eq!(zone_in("Time (approx, UTC)"), Some(Zone::Fixed(0)));
    }
}
