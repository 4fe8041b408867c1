//! The outline of a postmortem as written, not as Markdown sees it: `#` headings (also `#Title`
//! without a space), setext and HTML headings, and the pseudo-headings of plain-text reports
//! (`Root Cause:`, `**Timeline**`, a bare `Timeline` line), each classified by what it is about.

pub use super::headings::{Kind, kind_of};
use super::headings::{atx, html_heading, pseudo, setext};

/// One line of the body.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The line as written.
    pub text: &'a str,
    /// Its line number in the file.
    pub number: usize,
    /// Inside a fenced code block (or the fence itself).
    pub code: bool,
    /// A `>` quote line.
    pub quote: bool,
    /// A heading or pseudo-heading.
    pub heading: bool,
}

/// A section: a heading and the lines up to the next heading of the same or a higher level.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading's plain text.
    pub title: String,
    /// What it is about.
    pub kind: Kind,
    /// 1 for `#`; pseudo-headings nest under the last real heading.
    pub level: u8,
    /// Index of the heading line in [`Doc::lines`].
    pub heading: usize,
    /// Index one past its last line (subsections included).
    pub end: usize,
    /// A pseudo-heading of a plain-text report rather than a Markdown heading.
    pub pseudo: bool,
}

/// A body split into lines and sections.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// Every line.
    pub lines: Vec<Line<'a>>,
    /// Every section, in order.
    pub sections: Vec<Section>,
    /// For each line, the innermost section it belongs to.
    owner: Vec<Option<usize>>,
}

impl<'a> Doc<'a> {
    /// Reads the outline of `body`, whose first line is line `first_line` of the file.
    pub fn parse(body: &'a str, first_line: usize) -> Doc<'a> {
        let mut lines: Vec<Line<'a>> = Vec::new();
        let mut heads: Vec<(usize, u8, String, bool)> = Vec::new();
        let mut fence: Option<(u8, usize)> = None;
        let mut base = 0u8;
        for (n, text) in crate::text::lines(body).enumerate() {
            let (quote, inner) = strip_quote(text);
            let t = inner.trim_start();
            let mut line = Line {
                text,
                number: first_line + n,
                code: false,
                quote,
                heading: false,
            };
            if let Some((c, len)) = fence_marker(t) {
                match fence {
                    None => fence = Some((c, len)),
                    Some((open, open_len))
                        if open == c && len >= open_len && t.trim_end().bytes().all(|b| b == c) =>
                    {
                        fence = None
                    }
                    Some(_) => {}
                }
                line.code = true;
                lines.push(line);
                continue;
            }
            if fence.is_some() {
                line.code = true;
                lines.push(line);
                continue;
            }
            let found = if quote || inner.len() - t.len() > 3 {
                None
            } else if let Some((level, title)) = atx(t).or_else(|| html_heading(t)) {
                base = level;
                Some((level, title, false))
            } else if let Some(level) = setext(t, lines.last()) {
                let prev_idx = lines.len() - 1;
                lines[prev_idx].heading = true;
                heads.push((prev_idx, level, clean(lines[prev_idx].text), false));
                base = level;
                line.heading = true;
                lines.push(line);
                continue;
            } else {
                pseudo(t).map(|(vocab, title)| (base + if vocab { 1 } else { 2 }, title, true))
            };
            if let Some((level, title, pseudo)) = found {
                line.heading = true;
                heads.push((lines.len(), level, title, pseudo));
            }
            lines.push(line);
        }
        let mut sections: Vec<Section> = heads
            .iter()
            .map(|(idx, level, title, pseudo)| Section {
                kind: kind_of(title),
                title: title.clone(),
                level: *level,
                heading: *idx,
                end: lines.len(),
                pseudo: *pseudo,
            })
            .collect();
        // Each section ends where the next heading of the same or a higher level starts.
        let mut open: Vec<usize> = Vec::new();
        for i in 0..sections.len() {
            while let Some(&j) = open.last() {
                if sections[j].level >= sections[i].level {
                    sections[j].end = sections[i].heading;
                    open.pop();
                } else {
                    break;
                }
            }
            open.push(i);
        }
        // Inner sections come later and overwrite their parents: one pass per nesting level.
        let mut owner = vec![None; lines.len()];
        for (i, s) in sections.iter().enumerate() {
            owner[s.heading..s.end].fill(Some(i));
        }
        Doc {
            lines,
            sections,
            owner,
        }
    }

    /// The sections of a kind, in order.
    pub fn of(&self, kind: Kind) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |s| s.kind == kind)
    }

    /// The lines under a section's heading (subsections included).
    pub fn body(&self, s: &Section) -> &[Line<'a>] {
        &self.lines[(s.heading + 1).min(s.end)..s.end]
    }

    /// The section a line belongs to (the innermost).
    pub fn section_at(&self, line: usize) -> Option<&Section> {
        self.owner
            .get(line)
            .copied()
            .flatten()
            .map(|i| &self.sections[i])
    }
}

/// Plain heading text: no `#`s, emphasis, trailing colon or question mark.
pub fn clean(text: &str) -> String {
    let t = text
        .trim()
        .trim_start_matches('#')
        .trim_end_matches('#')
        .trim();
    let t: String = t.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    let t = t.trim_matches(|c: char| c == '_' || c.is_whitespace());
    t.trim_end_matches([':', '?', ' ']).trim().to_string()
}

fn strip_quote(text: &str) -> (bool, &str) {
    let t = text.trim_start();
    match t.strip_prefix('>') {
        Some(rest) => (true, rest.trim_start_matches('>')),
        None => (false, text),
    }
}

/// A code fence opening or closing: three or more backticks (with no backtick after) or tildes.
fn fence_marker(t: &str) -> Option<(u8, usize)> {
    let c = *t.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let len = t.bytes().take_while(|&b| b == c).count();
    if len < 3 || (c == b'`' && t[len..].contains('`')) {
        return None;
    }
    Some((c, len))
}
#[cfg(test)]
mod tests;
