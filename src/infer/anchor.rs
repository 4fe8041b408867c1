//! The day of the incident, which dates every time written without a date: the date in the
//! title, a `Date:` field, the first date of the prose, the front-matter date, or the file name.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::clock::Clock;
use super::dates::scan;
use super::moments::Field;
use super::paragraphs::Paragraph;
use crate::config::DateOrder;

/// How far before its front-matter date a postmortem's incident may be: the front-matter date
/// of an exported blog post is often the day it was published, a few weeks later.
const PUBLICATION_LAG_DAYS: i32 = 90;

/// The incident's day, and where it came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Anchor {
    /// The day that dates bare times.
    pub date: Option<Date>,
    /// The date written in the title, if any.
    pub title_date: Option<Date>,
    /// The date the text itself gives (title, field or prose), not front matter or file name.
    pub text_date: Option<Date>,
}

/// What the anchor is chosen from.
pub struct Sources<'a> {
    /// The title (from front matter or inferred).
    pub title: Option<&'a str>,
    /// `Key: value` fields.
    pub fields: &'a [Field],
    /// Prose paragraphs.
    pub paragraphs: &'a [Paragraph],
    /// The front-matter date.
    pub known: Option<Date>,
    /// The date in the file name.
    pub file: Option<Date>,
    /// How ambiguous numeric dates are read.
    pub order: DateOrder,
}

/// Finds the incident's day.
pub fn find(src: &Sources<'_>) -> Anchor {
    let reference = src.known.or(src.file);
    let clock = Clock::new(reference, TimeZone::UTC, src.order);
    let first_date = |text: &str| {
        scan(text)
            .iter()
            .filter(|st| st.date.is_some())
            .find_map(|st| clock.peek(st).date)
    };
    let title_date = src.title.and_then(first_date);
    let field_date = src
        .fields
        .iter()
        .filter(|f| {
            matches!(
                f.key.as_str(),
                "date" | "incident date" | "date of incident" | "day"
            )
        })
        .find_map(|f| first_date(&f.value));
    let plausible = |d: &Date| match src.known {
        Some(k) => d
            .until(k)
            .is_ok_and(|s| (0..=PUBLICATION_LAG_DAYS).contains(&s.get_days())),
        None => true,
    };
    let prose_date = src.paragraphs.iter().find_map(|p| {
        scan(&p.text)
            .iter()
            .filter(|st| {
                st.date
                    .is_some_and(|d| d.year.is_some() || reference.is_some())
            })
            .find_map(|st| clock.peek(st).date)
    });
    let text_date = title_date.or(field_date).or(prose_date.filter(plausible));
    Anchor {
        date: text_date.or(src.known).or(src.file),
        title_date,
        text_date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn para(text: &str) -> Paragraph {
        Paragraph::new(text.into(), None)
    }

    fn sources<'a>(
        title: Option<&'a str>,
        paragraphs: &'a [Paragraph],
        known: Option<Date>,
    ) -> Sources<'a> {
        Sources {
            title,
            fields: &[],
            paragraphs,
            known,
            file: None,
            order: DateOrder::Mdy,
        }
    }

    #[test]
    fn the_title_date_wins_and_takes_its_year_from_front_matter() {
        let p = [para("On June 1, 2023 it broke.")];
        let a = find(&sources(
            Some("The March 4 outage"),
            &p,
            Some(date(2024, 4, 20)),
        ));
        assert_eq!(a.date, Some(date(2024, 3, 4)));
        assert_eq!(a.title_date, Some(date(2024, 3, 4)));
    }

    #[test]
    fn a_prose_date_shortly_before_a_publication_date_wins() {
        let p = [para("On May 2, 2024, the shop was offline.")];
        let a = find(&sources(None, &p, Some(date(2024, 5, 20))));
        assert_eq!(a.date, Some(date(2024, 5, 2)));
        // A date long before the front-matter date is history, not the incident.
        let p = [para("Back in 2019-01-01 we set it up.")];
        let a = find(&sources(None, &p, Some(date(2024, 5, 20))));
        assert_eq!(a.date, Some(date(2024, 5, 20)));
        assert_eq!(a.text_date, None);
    }
}
