//! Reading a postmortem's front matter into a [`RawFrontMatter`], reporting an unclosed block,
//! syntax errors (with line, column and the offending line) and every field problem.

use crate::config::key_line;
use crate::diagnostic::{Diagnostic, closest};
use crate::frontmatter::{self, Block, Split};
use crate::incident::{KNOWN_FIELDS, RawFrontMatter};
use crate::source::SourceFile;

/// The front matter of `source` (empty when it has none), or `None` when it cannot be read at
/// all; problems go to `problems`.
pub(super) fn read(
    source: &SourceFile,
    split: &Split<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<RawFrontMatter> {
    let path = source.display.as_path();
    if frontmatter::unclosed(&source.text) {
        problems.push(
            Diagnostic::error(
                path,
                "front-matter",
                "front matter is opened on line 1 but never closed",
            )
            .at(1, Some(1))
            .with_hint("end the block with a line holding only `---` (or `+++` for TOML)"),
        );
        return None;
    }
    Some(match &split.matter {
        Some(block) => match frontmatter::parse(block) {
            Ok(map) => {
                let (raw, field_problems) = RawFrontMatter::from_map(map);
                for p in field_problems {
                    problems.push(field_problem(path, block, p));
                }
                raw
            }
            Err(e) => {
                let snippet = source
                    .text
                    .lines()
                    .nth(e.line - 1)
                    .unwrap_or("")
                    .to_string();
                problems.push(
                    Diagnostic::error(
                        path,
                        "front-matter",
                        format!("front matter does not parse: {}", e.message),
                    )
                    .at(e.line, e.column)
                    .with_snippet(snippet)
                    .with_hint(match block.format {
                        frontmatter::Format::Yaml => "front matter is YAML between `---` lines: check quotes, brackets and indentation on this line and the one before",
                        frontmatter::Format::Toml => "front matter is TOML between `+++` lines: check quotes, brackets and `key = value` on this line and the one before",
                    }),
                );
                return None;
            }
        },
        None => RawFrontMatter::default(),
    })
}

pub(super) fn field_problem(
    path: &std::path::Path,
    block: &Block<'_>,
    p: crate::incident::FieldProblem,
) -> Diagnostic {
    let line = line_in_block(block, &p.field);
    if p.unknown {
        let mut d = Diagnostic::warning(path, "unknown-field", p.message).at_line(line);
        if let Some(s) = closest(&p.field, KNOWN_FIELDS.iter().copied()) {
            d = d.with_hint(format!("did you mean `{s}`?"));
        }
        d
    } else {
        Diagnostic::error(path, "invalid-type", p.message).at_line(line)
    }
}

/// The line of the file on which `field` is set in a front-matter block.
pub(super) fn line_in_block(block: &Block<'_>, field: &str) -> Option<usize> {
    key_line(block.text, field).map(|l| block.first_line + l - 1)
}
