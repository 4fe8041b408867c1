//! Single-mark emphasis (`*investigating*`, `_not_`) taken out of text shown as plain text:
//! titles, summaries, timeline entries and action items. Stars and underscores that are not
//! emphasis stay: `2 * 3`, `pool_size`, `__init__`, `*.log`.

use std::borrow::Cow;

/// `text` without the `*` and `_` pairs that mark emphasis; borrowed when it has none.
///
/// A mark opens when a word character follows it and none precedes it, and closes when a
/// non-space precedes it and no word character follows it, as in Markdown outside of words.
/// A mark next to another of its kind (`__init__`, bold's `**`) is left alone.
pub fn without_emphasis(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    if memchr::memchr2(b'*', b'_', b).is_none() {
        return Cow::Borrowed(text);
    }
    let mut drop: Vec<usize> = Vec::new();
    for mark in [b'*', b'_'] {
        let mut open: Option<usize> = None;
        for i in memchr::memchr_iter(mark, b) {
            let prev = i.checked_sub(1).map(|p| b[p]);
            let next = b.get(i + 1).copied();
            let word = |c: u8| c.is_ascii_alphanumeric() || c == mark;
            let can_close = prev.is_some_and(|c| !c.is_ascii_whitespace() && c != mark)
                && !next.is_some_and(word);
            let can_open = next.is_some_and(|c| !c.is_ascii_whitespace() && c != mark)
                && !prev.is_some_and(word);
            match open {
                Some(o) if can_close => {
                    drop.extend([o, i]);
                    open = None;
                }
                _ if can_open => open = Some(i),
                _ => {}
            }
        }
    }
    if drop.is_empty() {
        return Cow::Borrowed(text);
    }
    drop.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for i in drop {
        out.push_str(&text[at..i]);
        at = i + 1;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::without_emphasis;

    #[test]
    fn emphasis_marks_go_and_other_stars_and_underscores_stay() {
        for (text, want) in [
            (
                "status page set to *investigating*",
                "status page set to investigating",
            ),
            ("we did _not_ page anyone", "we did not page anyone"),
            (
                "audits for *every* event, *twice*.",
                "audits for every event, twice.",
            ),
            ("(*Update*) done", "(Update) done"),
            ("2 * 3 * 4", "2 * 3 * 4"),
            (
                "pool_size and max_connections",
                "pool_size and max_connections",
            ),
            ("__init__.py failed", "__init__.py failed"),
            ("rotate *.log and *.gz files", "rotate *.log and *.gz files"),
            ("a lone * star", "a lone * star"),
            (
                "**bold** stays for strip_marks",
                "**bold** stays for strip_marks",
            ),
        ] {
            assert_eq!(without_emphasis(text), want, "{text}");
        }
    }
}
