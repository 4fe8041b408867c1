//! Inferring the title, the date from a file name, and a summary.

use jiff::civil::Date;

use super::Input;

/// Headings that name a section of a postmortem rather than the incident.
const GENERIC: &[&str] = &[
    "postmortem",
    "post-mortem",
    "post mortem",
    "incident report",
    "incident postmortem",
    "issue summary",
    "summary",
    "overview",
    "incident summary",
    "report",
    "rca",
    "root cause analysis",
];

/// The first level-1 heading, else the first heading that is not generic, else the file name.
pub fn infer_title(input: &Input<'_>) -> Option<String> {
    let specific = |h: &&crate::incident::Heading| {
        let t = h.text.trim().to_lowercase();
        !t.is_empty() && !GENERIC.contains(&t.trim_end_matches(':'))
    };
    input
        .headings
        .iter()
        .filter(|h| h.level == 1)
        .find(specific)
        .or_else(|| input.headings.iter().find(specific))
        .map(|h| h.text.trim().to_string())
        .or_else(|| Some(title_from_file_name(input.file_slug)))
        .filter(|t| !t.is_empty())
}

/// `2024-01-21-checkout-500s` -> `Checkout 500s`.
pub fn title_from_file_name(stem: &str) -> String {
    let rest = strip_date_prefix(stem).unwrap_or(stem);
    let words: Vec<&str> = rest
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let mut title = words.join(" ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    if title.is_empty() {
        stem.to_string()
    } else {
        title
    }
}

fn strip_date_prefix(stem: &str) -> Option<&str> {
    date_from_file_name(stem)?;
    Some(stem[10..].trim_start_matches(['-', '_', ' ']))
}

/// The date a file name starts with: `2024-01-21-checkout-500s` -> 2024-01-21.
pub fn date_from_file_name(stem: &str) -> Option<Date> {
    stem.get(..10)?.parse::<Date>().ok()
}

/// The first paragraph of a Summary section, else the first paragraph of prose, shortened.
pub fn summary(body: &str) -> Option<String> {
    let mut in_summary = false;
    let mut first_para: Option<String> = None;
    for para in body.split("\n\n") {
        let p = para.trim();
        if p.is_empty() {
            continue;
        }
        if p.starts_with('#') {
            let heading = p.trim_start_matches('#').trim().to_lowercase();
            in_summary = heading.contains("summary") || heading == "overview";
            continue;
        }
        let prose =
            !(p.starts_with(['|', '-', '*', '`', '<', '>', '!', '[']) || p.starts_with("1."));
        if !prose {
            continue;
        }
        if in_summary {
            return Some(shorten(p));
        }
        first_para.get_or_insert_with(|| shorten(p));
    }
    first_para
}

fn shorten(p: &str) -> String {
    let flat: String = p.split_whitespace().collect::<Vec<_>>().join(" ");
    let plain = flat.replace("**", "").replace('`', "");
    if plain.chars().count() <= 280 {
        return plain;
    }
    let cut: String = plain.chars().take(277).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(a, _)| a)
        .to_string();
    cut + "…"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names() {
        assert_eq!(
            title_from_file_name("2024-01-21-checkout-500s"),
            "Checkout 500s"
        );
        assert_eq!(title_from_file_name("db_outage"), "Db outage");
        assert_eq!(
            date_from_file_name("2024-01-21-x").unwrap().to_string(),
            "2024-01-21"
        );
        assert_eq!(date_from_file_name("notes"), None);
    }

    #[test]
    fn summary_prefers_the_summary_section() {
        let body = "# T\n\nIntro line.\n\n## Summary\n\nThe **cache** failed.\n\n## Impact\n\nx\n";
        assert_eq!(summary(body).unwrap(), "The cache failed.");
        assert_eq!(summary("# T\n\nIntro line.\n").unwrap(), "Intro line.");
    }
}
