//! Root-cause categories from the text: each configured category's keywords are counted, the
//! root-cause section weighing most, and the best (at most three) that clear a minimum score
//! are kept, so that a text about nothing in particular yields nothing.

use std::collections::HashMap;

use super::matcher::shared;
use super::moments::Field;
use super::paragraphs::Paragraph;
use super::sections::Kind;
use crate::config::CauseCategory;

/// Most categories an incident is given.
const MAX_CAUSES: usize = 3;
/// The least score a category needs: a keyword in a root-cause section, or two in a summary.
const MIN_SCORE: f64 = 3.0;
/// A category must score at least this share of the best one.
const MIN_SHARE: f64 = 0.3;
/// One keyword's hits count up to this many times (a word repeated all through a long text is
/// one piece of evidence, not twenty).
const MAX_HITS_PER_KEYWORD: f64 = 3.0;

/// Categories named in a `Causes:` field of the text (`Causes: third-party, monitoring-gap`),
/// when they are configured ids.
pub fn stated(fields: &[Field], categories: &[CauseCategory]) -> Vec<String> {
    let keys = [
        "causes",
        "cause",
        "cause category",
        "cause categories",
        "root cause category",
    ];
    let mut out: Vec<String> = Vec::new();
    for f in fields.iter().filter(|f| keys.contains(&f.key.as_str())) {
        for item in f.value.split([',', ';']) {
            let id = crate::url::slugify(item.trim());
            if categories.iter().any(|c| c.id == id) && !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out.truncate(MAX_CAUSES);
    out
}

/// How much a paragraph in a section of this kind counts.
fn weight(kind: Option<Kind>) -> f64 {
    match kind {
        Some(Kind::Cause) => 3.0,
        None | Some(Kind::Summary) => 1.5,
        Some(Kind::Actions | Kind::Lessons) => 0.75,
        Some(Kind::Timeline) => 0.5,
        Some(_) => 1.0,
    }
}

/// The category ids that best describe the cause, best first.
pub fn classify(
    title: &str,
    paragraphs: &[Paragraph],
    categories: &[CauseCategory],
) -> Vec<String> {
    if categories.is_empty() {
        return Vec::new();
    }
    let groups: Vec<Vec<String>> = categories.iter().map(|c| c.keywords.clone()).collect();
    let matcher = shared(&groups, true);
    // (pattern) -> (group, weighted hits, best single weight)
    let mut per_keyword: HashMap<usize, (usize, f64, f64)> = HashMap::new();
    let mut add = |text: &str, w: f64| {
        for hit in matcher.hits(text) {
            let e = per_keyword
                .entry(hit.pattern)
                .or_insert((hit.group, 0.0, 0.0));
            e.1 += w;
            e.2 = e.2.max(w);
        }
    };
    add(title, 3.0);
    for p in paragraphs {
        // `Root cause: ...` as a field of a summary counts as a root-cause section.
        let stated_cause = p
            .text
            .trim_start_matches(['-', '*', '+', ' '])
            .to_lowercase();
        let w = if stated_cause.starts_with("root cause") || stated_cause.starts_with("cause:") {
            weight(Some(Kind::Cause))
        } else {
            weight(p.kind)
        };
        add(&p.text, w);
    }
    let mut scores = vec![0.0f64; categories.len()];
    for (group, total, best) in per_keyword.into_values() {
        scores[group] += total.min(best * MAX_HITS_PER_KEYWORD);
    }
    let top = scores.iter().copied().fold(0.0, f64::max);
    let mut ranked: Vec<(usize, f64)> = scores
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, s)| *s >= MIN_SCORE && *s >= top * MIN_SHARE)
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .take(MAX_CAUSES)
        .map(|(i, _)| categories[i].id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::default_causes;

    fn para(text: &str, kind: Option<Kind>) -> Paragraph {
        Paragraph::new(text.into(), kind)
    }

    #[test]
    fn the_root_cause_section_decides() {
        let p = [
            para("Checkout returned errors for an hour.", None),
            para(
                "The TLS certificate expired because certbot renewal had failed.",
                Some(Kind::Cause),
            ),
        ];
        let causes = classify("Checkout errors", &p, &default_causes());
        assert_eq!(causes.first().map(String::as_str), Some("certificate"));
        assert!(causes.len() <= MAX_CAUSES);
    }

    #[test]
    fn a_causes_field_names_configured_ids() {
        let f = |v: &str| Field {
            key: "causes".into(),
            value: v.into(),
            line: None,
        };
        let cats = default_causes();
        assert_eq!(
            stated(&[f("third-party, Monitoring gap")], &cats),
            ["third-party", "monitoring-gap"]
        );
        assert!(stated(&[f("the usual suspects")], &cats).is_empty());
    }

    #[test]
    fn noise_yields_nothing() {
        let p = [para("We had a nice lunch and then went home early.", None)];
        assert!(classify("A quiet day", &p, &default_causes()).is_empty());
    }

    #[test]
    fn site_keywords_extend_a_category() {
        let mut cats = default_causes();
        cats.push(CauseCategory {
            id: "gizmo".into(),
            description: String::new(),
            keywords: vec!["gizmo overflow".into()],
        });
        let p = [para(
            "The gizmo overflow struck; the gizmo overflow is back.",
            Some(Kind::Cause),
        )];
        assert_eq!(classify("", &p, &cats)[0], "gizmo");
    }
}
