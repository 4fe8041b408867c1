//! Calendar dates as written: ISO (`2024-01-21`), numeric with the year last (`04/12/2022`, whose
//! order may be ambiguous), month names first or last (`May 30th, 2019`, `31st July 2018`), and
//! weekdays in front of them.

use super::dates::{DateVal, DayMonth};
use super::lex::{number, skip, skip_spaces, skip_words, starts_with_ci, word_at};

/// A date of any of the written forms starting at byte `i`, and where it ends.
pub fn date_at(s: &str, i: usize) -> Option<(DateVal, usize)> {
    iso_date(s, i)
        .or_else(|| numeric_date(s, i))
        .or_else(|| month_first(s, i))
        .or_else(|| day_first(s, i))
}

/// `2024-01-21`, `2024/01/21`, `2024.01.21`.
fn iso_date(s: &str, i: usize) -> Option<(DateVal, usize)> {
    let (y, j) = number(s, i, 4, 4)?;
    let sep = *s.as_bytes().get(j)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let (m, k) = number(s, j + 1, 1, 2)?;
    if s.as_bytes().get(k) != Some(&sep) {
        return None;
    }
    let (d, e) = number(s, k + 1, 1, 2)?;
    let date = DateVal {
        year: Some(year(y)?),
        dm: known(m, d)?,
    };
    Some((date, e))
}

/// `04-12-2022`, `10/04/2024`, `12.04.2022`; and `04-17` when a time follows (checked by the caller).
fn numeric_date(s: &str, i: usize) -> Option<(DateVal, usize)> {
    let (a, j) = number(s, i, 1, 2)?;
    let sep = *s.as_bytes().get(j)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let (b, k) = number(s, j + 1, 1, 2)?;
    let (yr, end) = match s.as_bytes().get(k) {
        Some(&c) if c == sep => {
            let (y, e) = number(s, k + 1, 4, 4)?;
            (Some(year(y)?), e)
        }
        _ if sep == b'.' => return None,
        _ => (None, k),
    };
    let dm = match (a, b) {
        (a, b) if a > 12 && b <= 12 => known(b, a)?,
        (a, b) if b > 12 && a <= 12 => known(a, b)?,
        (a, b) if a == b => known(a, b)?,
        (a, b) if (1..=12).contains(&a) && (1..=12).contains(&b) => DayMonth::Ambiguous {
            first: a as i8,
            second: b as i8,
        },
        _ => return None,
    };
    Some((DateVal { year: yr, dm }, end))
}

/// `May 30th, 2019`, `Mar-14-2023`, `Sept 3rd 2024`, `March 9`.
fn month_first(s: &str, i: usize) -> Option<(DateVal, usize)> {
    let (m, j) = month(s, i)?;
    let j0 = skip(s, j, " -");
    if j0 == j {
        return None;
    }
    let (d, k) = day(s, j0)?;
    let (yr, end) = year_after(s, k, ", -");
    Some((
        DateVal {
            year: yr,
            dm: known(m, d)?,
        },
        end,
    ))
}

/// `31st July 2018`, `1 August, 2025`, `20. January`, `17th of October 2020`.
fn day_first(s: &str, i: usize) -> Option<(DateVal, usize)> {
    let (d, j) = day(s, i)?;
    let j = skip(s, j, ".");
    let j1 = skip_spaces(s, j);
    if j1 == j {
        return None;
    }
    let j1 = skip_words(s, j1, &["of"]);
    let (m, k) = month(s, j1)?;
    let (yr, end) = year_after(s, k, ", ");
    Some((
        DateVal {
            year: yr,
            dm: known(m, d)?,
        },
        end,
    ))
}

fn year_after(s: &str, k: usize, seps: &str) -> (Option<i16>, usize) {
    let j = skip(s, k, seps);
    match number(s, j, 4, 4).and_then(|(y, e)| Some((year(y)?, e))) {
        Some((y, e)) if j > k => (Some(y), e),
        _ => (None, k),
    }
}

/// A day of the month with an optional ordinal suffix: `30`, `30th`, `2nd`.
fn day(s: &str, i: usize) -> Option<(u32, usize)> {
    let (d, mut j) = number(s, i, 1, 2)?;
    let rest = &s[j..];
    for suffix in ["st", "nd", "rd", "th"] {
        if starts_with_ci(rest, suffix) {
            j += 2;
            break;
        }
    }
    if s.as_bytes()
        .get(j)
        .is_some_and(|b| b.is_ascii_alphanumeric())
        || !(1..=31).contains(&d)
    {
        return None;
    }
    Some((d, j))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A capitalised month name or abbreviation (`May`, `Sept.`, `AUG`); lower case is left alone
/// because `may` and `march` are also ordinary words.
fn month(s: &str, i: usize) -> Option<(u32, usize)> {
    let word = word_at(s, i)?;
    if !word.as_bytes()[0].is_ascii_uppercase() {
        return None;
    }
    // Compared without lowercasing into a new string: this runs at every capitalised word.
    let n = MONTHS.iter().position(|m| {
        m.eq_ignore_ascii_case(word)
            || (word.len() == 3 && starts_with_ci(m, word))
            || (word.eq_ignore_ascii_case("sept") && *m == "september")
    })?;
    Some((n as u32 + 1, skip(s, i + word.len(), ".")))
}

/// A capitalised weekday (`Tuesday`, `Tues`, `Mon`) at `i`; returns where it ends.
pub fn weekday(s: &str, i: usize) -> Option<usize> {
    let word = word_at(s, i)?;
    if !word.as_bytes()[0].is_ascii_uppercase() {
        return None;
    }
    let ok = WEEKDAYS.iter().any(|w| {
        w.eq_ignore_ascii_case(word) || ((3..=5).contains(&word.len()) && starts_with_ci(w, word))
    });
    ok.then_some(i + word.len())
}

fn known(m: u32, d: u32) -> Option<DayMonth> {
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(DayMonth::Known {
        month: m as i8,
        day: d as i8,
    })
}

fn year(y: u32) -> Option<i16> {
    (1970..=2100).contains(&y).then_some(y as i16)
}

/// Whether the span holds letters (a month name), not only digits.
pub fn has_month_name(s: &str, from: usize, to: usize) -> bool {
    s[from..to].bytes().any(|b| b.is_ascii_alphabetic())
}
