//! Suggested front matter: the block that would make an incident's inferred values explicit.

use crate::config::Config;
use crate::incident::Incident;
use crate::timestamp;

/// Each inferred field with its value written as YAML, in schema order.
pub fn inferred_values(inc: &Incident, config: &Config) -> Vec<(&'static str, String)> {
    let tz = &config.infer.timezone;
    let list = |v: &[String]| {
        format!(
            "[{}]",
            v.iter().map(|s| yaml_str(s)).collect::<Vec<_>>().join(", ")
        )
    };
    let mut out = Vec::new();
    for &field in crate::incident::KNOWN_FIELDS {
        if !inc.is_inferred(field) {
            continue;
        }
        let value = match field {
            "title" => Some(yaml_str(&inc.title)),
            "date" => inc.date.map(|d| d.to_string()),
            "severity" => inc.severity.clone(),
            "started_at" => inc.moments.started_at.map(|t| timestamp::rfc3339(t, tz)),
            "detected_at" => inc.moments.detected_at.map(|t| timestamp::rfc3339(t, tz)),
            "mitigated_at" => inc.moments.mitigated_at.map(|t| timestamp::rfc3339(t, tz)),
            "resolved_at" => inc.moments.resolved_at.map(|t| timestamp::rfc3339(t, tz)),
            "impact" => inc.impact.as_deref().map(yaml_str),
            "causes" => Some(list(&inc.causes)),
            "services" => Some(list(&inc.services)),
            "action_items" => Some(action_items_yaml(inc)),
            _ => None,
        };
        if let Some(v) = value {
            out.push((field, v));
        }
    }
    out
}

fn action_items_yaml(inc: &Incident) -> String {
    let mut s = String::new();
    for a in &inc.action_items {
        s.push_str(&format!(
            "\n  - title: {}\n    status: {}",
            yaml_str(&a.title),
            a.status.as_str()
        ));
        if let Some(owner) = &a.owner {
            s.push_str(&format!("\n    owner: {}", yaml_str(owner)));
        }
        // Every field the item has, so that `coroner fix --write` keeps what the text said:
        // once the list is in front matter, the text is no longer read for it.
        if let Some(due) = a.due {
            s.push_str(&format!("\n    due: {due}"));
        }
        if let Some(ticket) = &a.ticket {
            s.push_str(&format!("\n    ticket: {}", yaml_str(ticket)));
        }
    }
    s
}

/// The `---` block holding `values`, or an empty string when there are none.
pub fn front_matter_block(values: &[(&'static str, String)]) -> String {
    if values.is_empty() {
        return String::new();
    }
    let mut s = String::from("---\n");
    for (field, value) in values {
        s.push_str(field);
        s.push(':');
        if !value.starts_with('\n') {
            s.push(' ');
        }
        s.push_str(value);
        s.push('\n');
    }
    s.push_str("---\n");
    s
}

/// A YAML scalar: plain when safe, double-quoted (with escapes) otherwise.
pub fn yaml_str(s: &str) -> String {
    // Plain only when it starts with a letter: YAML reads `0x1A`, `017` or `1_000` as numbers,
    // so anything starting with a digit or sign is quoted.
    let plain = s.starts_with(char::is_alphabetic)
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | ',' | '(' | ')' | '/' | '\'')
        })
        && !s.ends_with(' ')
        && ![
            "true", "false", "yes", "no", "y", "n", "null", "on", "off", "~",
        ]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
        && s.parse::<f64>().is_err();
    if plain {
        return s.to_string();
    }
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_are_quoted_when_needed() {
        assert_eq!(yaml_str("Checkout down"), "Checkout down");
        assert_eq!(yaml_str("a: b"), "\"a: b\"");
        assert_eq!(yaml_str("yes"), "\"yes\"");
        assert_eq!(yaml_str("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(yaml_str("2024"), "\"2024\"");
        // Bug guarded: `0x1A` was written plain and read back as the number 26.
        assert_eq!(yaml_str("0x1A"), "\"0x1A\"");
        assert_eq!(yaml_str("1_000"), "\"1_000\"");
    }

    #[test]
    fn block_lists_fields() {
        let b = front_matter_block(&[("title", "A".into()), ("causes", "[dns]".into())]);
        assert_eq!(b, "---\ntitle: A\ncauses: [dns]\n---\n");
        assert_eq!(front_matter_block(&[]), "");
    }
}
