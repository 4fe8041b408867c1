//! Front matter: finding the `---` YAML or `+++` TOML block, parsing it with gray_matter's engines,
//! and reading it into a [`RawFrontMatter`](crate::incident::RawFrontMatter) with every problem
//! located.

use gray_matter::engine::{Engine, TOML, YAML};
use serde_json::{Map, Value};

/// The format of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` delimited YAML.
    Yaml,
    /// `+++` delimited TOML.
    Toml,
}

/// A document split into its front matter and body, with the line numbers of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter, if the document has one.
    pub matter: Option<Block<'a>>,
    /// The Markdown body.
    pub body: &'a str,
    /// The 1-based line of the file on which the body starts.
    pub body_line: usize,
}

/// A front-matter block's text and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// YAML or TOML.
    pub format: Format,
    /// The text between the delimiters.
    pub text: &'a str,
    /// The 1-based line of the file holding the block's first line.
    pub first_line: usize,
}

/// Splits `text` into front matter and body. A block that is opened but never closed is not
/// front matter (the whole file is the body), which [`unclosed`] reports.
pub fn split(text: &str) -> Split<'_> {
    let no_matter = Split {
        matter: None,
        body: text,
        body_line: 1,
    };
    let (delimiter, format) = if text.starts_with("---") {
        ("---", Format::Yaml)
    } else if text.starts_with("+++") {
        ("+++", Format::Toml)
    } else {
        return no_matter;
    };
    let Some(first_end) = text.find('\n') else {
        return no_matter;
    };
    if text[..first_end].trim_end() != delimiter {
        return no_matter;
    }
    let start = first_end + 1;
    let mut offset = start;
    // The block's first line is line 2 of the file.
    for (line, l) in (2..).zip(text[start..].split_inclusive('\n')) {
        if l.trim_end() == delimiter {
            let body_start = offset + l.len();
            return Split {
                matter: Some(Block {
                    format,
                    text: &text[start..offset],
                    first_line: 2,
                }),
                body: &text[body_start..],
                body_line: line + 1,
            };
        }
        offset += l.len();
    }
    no_matter
}

/// Whether the text opens a front-matter block it never closes (line 1 is the opening delimiter).
pub fn unclosed(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").trim_end();
    (first == "---" || first == "+++")
        && split(text).matter.is_none()
        && text
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains(':') || l.contains('='))
}

/// A front-matter syntax error, positioned in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The parser's message, without its own position suffix.
    pub message: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, where the parser gave one.
    pub column: Option<usize>,
}

/// Parses a block into a map of keys to values.
pub fn parse(block: &Block<'_>) -> Result<Map<String, Value>, SyntaxError> {
    let parsed = match block.format {
        Format::Yaml => YAML::parse(block.text),
        Format::Toml => TOML::parse(block.text),
    };
    let pod = parsed.map_err(|e| opener_of(position_of(&e.to_string(), block), block))?;
    let value: Value = pod
        .deserialize()
        .map_err(|e| position_of(&e.to_string(), block))?;
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(SyntaxError {
            message: format!(
                "front matter must be a set of `key: value` lines, found {}",
                kind(&other)
            ),
            line: block.first_line,
            column: Some(1),
        }),
    }
}

/// Reads "line N column M" / "line N, column M" out of a parser's message.
fn position_of(message: &str, block: &Block<'_>) -> SyntaxError {
    let re = regex::Regex::new(r"line (\d+),? column (\d+)").expect("valid pattern");
    let (line, column) = match re.captures(message) {
        Some(c) => (c[1].parse::<usize>().ok(), c[2].parse::<usize>().ok()),
        None => (None, None),
    };
    // gray_matter's YAML engine reports 1-based lines within the block; TOML errors too.
    let line = block.first_line + line.unwrap_or(1).saturating_sub(1);
    // Never past the closing delimiter, so the line shown is always one of the file's.
    let line = line.min(block.first_line + block.text.lines().count());
    let first = message.lines().next().unwrap_or(message);
    let cleaned = re
        .replace(first, "")
        .trim()
        .trim_end_matches(" at")
        .trim_end_matches(',')
        .to_string();
    // Parser internals (byte offsets, the deserializer's name) mean nothing to an author.
    let byte = regex::Regex::new(r",?\s*at byte \d+").expect("valid pattern");
    let cleaned = byte
        .replace_all(&cleaned, "")
        .trim_start_matches("Error while deserializing:")
        .trim()
        .trim_start_matches("Deserialize error:")
        .trim()
        .to_string();
    SyntaxError {
        message: if cleaned.is_empty() {
            message.trim().to_string()
        } else {
            cleaned
        },
        line,
        column: column.map(|c| c.max(1)),
    }
}

/// A bracket or quote left open is only noticed at the end of the block, on the closing
/// delimiter; the author needs the line that opened it, so that line is blamed instead.
fn opener_of(mut err: SyntaxError, block: &Block<'_>) -> SyntaxError {
    let lines: Vec<&str> = block.text.lines().collect();
    if err.line < block.first_line + lines.len() {
        return err;
    }
    let opened = |l: &&str| -> Option<usize> {
        let open = if err.message.contains("flow sequence") {
            l.matches('[').count() > l.matches(']').count()
        } else if err.message.contains("flow mapping") {
            l.matches('{').count() > l.matches('}').count()
        } else if err.message.contains("quoted scalar") {
            l.matches('"').count() % 2 == 1 || l.matches('\'').count() % 2 == 1
        } else {
            false
        };
        let column = l.find(['[', '{', '"', '\''])?;
        open.then(|| l[..column].chars().count() + 1)
    };
    if let Some((i, column)) = lines
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, l)| opened(l).map(|c| (i, c)))
    {
        err.line = block.first_line + i;
        err.column = Some(column);
        err.message = format!("{} (opened here, never closed)", err.message);
    }
    err
}

/// A human name for the kind of a value, for type errors.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table of keys",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_toml_with_line_numbers() {
        let s = split("---\ntitle: A\n---\n# Body\n");
        assert_eq!(s.matter.as_ref().unwrap().text, "title: A\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
        let s = split("+++\ntitle = 'A'\n+++\nbody");
        assert_eq!(s.matter.unwrap().format, Format::Toml);
        assert_eq!(s.body, "body");
    }

    #[test]
    fn no_front_matter_or_a_rule_is_body() {
        assert!(split("# Title\n---\n").matter.is_none());
        assert!(split("----\nx\n").matter.is_none());
        assert!(unclosed("---\ntitle: A\n# never closed\n"));
        assert!(!unclosed("---\n\nJust a rule above.\n"));
    }

    #[test]
    fn yaml_syntax_errors_are_positioned_in_the_file() {
        let text = "---\ntitle: A\nservices: [a, b\nseverity: SEV1\n---\n";
        let block = split(text).matter.unwrap();
        let err = parse(&block).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
        assert!(err.column.is_some(), "{err:?}");
    }

    #[test]
    fn an_unclosed_bracket_is_blamed_on_the_line_that_opened_it() {
        // Bug guarded: the error pointed at the closing `---`, after the real mistake.
        let text = "---\ntitle: x\nservices: [a, b\n---\n";
        let err = parse(&split(text).matter.unwrap()).unwrap_err();
        assert_eq!((err.line, err.column), (3, Some(11)), "{err:?}");
        let text = "---\ntitle: \"Search: stale\n---\n";
        let err = parse(&split(text).matter.unwrap()).unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
    }

    #[test]
    fn toml_syntax_errors_are_positioned_in_the_file() {
        let text = "+++\ntitle = 'A'\nseverity = \n+++\n";
        let block = split(text).matter.unwrap();
        let err = parse(&block).unwrap_err();
        assert_eq!(err.line, 3, "{err:?}");
    }

    #[test]
    fn scalar_front_matter_is_an_error() {
        let block = split("---\njust text\n---\n").matter.unwrap();
        assert!(parse(&block).is_err());
    }
}
