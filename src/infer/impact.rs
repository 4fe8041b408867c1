//! Impact and severity as stated: an `Impact:` field or the Impact section (shortened), the share
//! of users affected ("affecting 25% of users"), and `Severity: SEV2`, `Sev 1` or `P1`.

use std::sync::LazyLock;

use regex::Regex;

use super::moments::Field;
use super::paragraphs::Paragraph;
use super::sections::Kind;
use super::title::shorten;
use crate::config::SeverityLevel;

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,3}(?:\.\d+)?)\s?%\s+(?:of\s+)?(?:(?:our|all|the|active|affected|api|total|registered|mobile|web|end)\s+){0,3}(?:users|customers|requests|traffic|visitors|sessions|clients|accounts|tenants)\b")
        .expect("valid pattern")
});
static SEV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:SEV|Sev|sev)[\s-]?(\d)\b|\b(P\d)\b\s+(?:incident|outage)|(?:incident|outage|priority)\s*\(?\b(P\d)\b")
        .expect("valid pattern")
});

/// The impact statement: an `Impact:` field, else the start of the Impact section.
pub fn statement(fields: &[Field], paragraphs: &[Paragraph]) -> Option<String> {
    let field = fields
        .iter()
        .find(|f| f.key == "impact" || f.key == "customer impact" || f.key == "user impact")
        .map(|f| f.value.trim())
        .filter(|v| v.chars().filter(|c| c.is_alphanumeric()).count() >= 3);
    if let Some(v) = field {
        return Some(shorten(v.trim_start_matches(['-', '*', ' ']), 280));
    }
    let section: Vec<&str> = paragraphs
        .iter()
        .filter(|p| p.kind == Some(Kind::Impact))
        .map(|p| p.text.trim_start_matches(['-', '*', '+', ' ']))
        .take(3)
        .collect();
    (!section.is_empty()).then(|| shorten(&join_items(&section), 280))
}

/// The section's first paragraphs on one line; list items that are not sentences
/// (`**Users affected:** 100%`) are kept apart by a semicolon, not run together.
fn join_items(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            if !out.ends_with(['.', '!', '?', ';', ':', ',']) {
                out.push(';');
            }
            out.push(' ');
        }
        out.push_str(part.trim_end());
    }
    out
}

/// The share of users affected, in percent, where a sentence states it.
pub fn users_percent(paragraphs: &[Paragraph]) -> Option<f64> {
    let in_impact = paragraphs.iter().filter(|p| p.kind == Some(Kind::Impact));
    let rest = paragraphs.iter().filter(|p| p.kind != Some(Kind::Impact));
    in_impact.chain(rest).find_map(|p| {
        PERCENT
            .captures(&p.text)
            .and_then(|c| c[1].parse::<f64>().ok())
            .filter(|v| (0.0..=100.0).contains(v))
    })
}

/// The severity, mapped onto the configured levels; `None` when the text names none of them.
pub fn severity(
    fields: &[Field],
    paragraphs: &[Paragraph],
    levels: &[SeverityLevel],
) -> Option<String> {
    let keys = [
        "severity",
        "sev",
        "priority",
        "severity level",
        "incident severity",
        "incident priority",
    ];
    fields
        .iter()
        .filter(|f| keys.contains(&f.key.as_str()))
        .find_map(|f| level_for(&f.value, levels))
        .or_else(|| {
            paragraphs.iter().find_map(|p| {
                let c = SEV.captures(&p.text)?;
                let m = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3))?;
                level_for(m.as_str(), levels)
            })
        })
}

/// `SEV2`, `sev 2`, `2`, `P2`, `Major`, `Sev 1 - Critical` -> the configured level's id.
fn level_for(value: &str, levels: &[SeverityLevel]) -> Option<String> {
    let v = value.trim().trim_matches(['*', '"', '`']).trim();
    let word = v
        .split([' ', ',', '(', '—', '-'])
        .find(|w| !w.is_empty())
        .unwrap_or(v);
    let head: String = v
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .filter(|c| c.is_alphanumeric())
        .collect();
    // "Sev 1 - Critical" squashes to "Sev1Critical": its letters and first number name the level.
    let letters = head.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    let digits = head[letters..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    let numbered = &head[..letters + digits];
    [head.as_str(), word, numbered]
        .into_iter()
        .filter(|c| !c.is_empty())
        .find_map(|c| crate::config::resolve_severity(levels, c))
        .map(|l| l.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_severities;

    fn para(text: &str, kind: Option<Kind>) -> Paragraph {
        Paragraph::new(text.into(), kind)
    }

    fn field(key: &str, value: &str) -> Field {
        Field {
            key: key.into(),
            value: value.into(),
            line: None,
        }
    }

    #[test]
    fn impact_list_items_are_kept_apart() {
        // Bug guarded: `- **Users affected:** 100%` and the items after it ran together.
        let p = [
            para("Users affected: 100% of API users", Some(Kind::Impact)),
            para("Revenue impact: ~$12,000 estimated", Some(Kind::Impact)),
            para("SLA breach: yes.", Some(Kind::Impact)),
        ];
        assert_eq!(
            statement(&[], &p).unwrap(),
            "Users affected: 100% of API users; Revenue impact: ~$12,000 estimated; SLA breach: yes."
        );
    }

    #[test]
    fn impact_from_field_or_section_and_percent() {
        let p = [
            para("Intro.", None),
            para(
                "About 35% of users who tried to pay saw errors.",
                Some(Kind::Impact),
            ),
        ];
        assert_eq!(
            statement(&[], &p).unwrap(),
            "About 35% of users who tried to pay saw errors."
        );
        assert_eq!(
            statement(&[field("impact", "All users saw 502s.")], &p).unwrap(),
            "All users saw 502s."
        );
        assert_eq!(users_percent(&p), Some(35.0));
        assert_eq!(
            users_percent(&[para("affecting 60% of our customers", None)]),
            Some(60.0)
        );
        assert_eq!(
            users_percent(&[para("CPU at 100% for an hour", None)]),
            None
        );
    }

    #[test]
    fn severities_map_onto_the_configured_levels() {
        let levels = default_severities();
        assert_eq!(
            severity(&[field("severity", "SEV2")], &[], &levels).as_deref(),
            Some("SEV2")
        );
        assert_eq!(
            severity(&[field("severity", "Major")], &[], &levels).as_deref(),
            Some("SEV2")
        );
        assert_eq!(
            severity(&[field("priority", "P0")], &[], &levels).as_deref(),
            Some("SEV1")
        );
        assert_eq!(
            severity(&[], &[para("This was a Sev 1 incident.", None)], &levels).as_deref(),
            Some("SEV1")
        );
        assert_eq!(
            severity(
                &[],
                &[para("A P2 incident for the payments team.", None)],
                &levels
            )
            .as_deref(),
            Some("SEV2")
        );
        assert_eq!(
            severity(&[field("severity", "degraded-performance")], &[], &levels),
            None
        );
        assert_eq!(
            severity(&[], &[para("Fix P1 items first.", None)], &levels),
            None
        );
    }
}
