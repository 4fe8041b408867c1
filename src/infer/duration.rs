//! Durations stated in words: "lasted approximately 45 minutes", "1 hour and 15 minutes",
//! "2.5-hour outage", "down for a while (~6 hours)", "2h 34m", "just over eight hours".

use std::sync::LazyLock;

use regex::{Captures, Regex};

const NUMBER: &str = r"\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety|half\s+an?";

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?ix)\b(?P<a>{NUMBER})(?:\s*(?:-|–|to)\s*(?P<b>{NUMBER}))?
        (?:\s*-?\s*(?P<u>days?|hours?|hrs?|minutes?|mins?)\b|(?P<uc>[hm])\b)
        (?P<half>\s+and\s+a\s+half)?
        (?:\s*(?:and\s+|,\s*)?(?P<m>\d+)\s*(?:minutes?|mins?|m)\b)?"
    );
    Regex::new(&pattern).expect("valid pattern")
});

/// Words right before an amount that make it the length of something.
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?:\b(?:lasted|lasting|lasts|for|took|taking|duration(?:\s+of)?|downtime\s+of|outage\s+of|total(?:ling|ing|led|ed)?|spanning)\s*:?\s*
        (?:(?:a\s+total\s+of|approximately|approx\.?|about|around|roughly|nearly|almost|just\s+over|just\s+under|over|under|at\s+least|more\s+than|less\s+than|some|~|±)\s*)*
        |\(\s*(?:~|about|approx\.?|around)?\s*|~\s*)$",
    )
    .expect("valid pattern")
});

/// Words right after an amount that make it the length of the outage.
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:-?\s*long\s+)?(?:outage|downtime|of\s+downtime|disruption|incident|interruption)")
        .expect("valid pattern")
});

/// Words that make a sentence about the outage.
pub static OUTAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:outage|down|downtime|unavailable|unavailability|inaccessible|unreachable|offline|lasted|lasting|disrupt\w*|degraded|broken|incident|impact\w*|fail\w*|errors?|accessed)\b")
        .expect("valid pattern")
});

/// The first amount of time in a short value, such as a `Duration:` field: `~1 hour manual
/// recovery` is 60, `2h 34m` is 154, `4-5 hours` is 270.
pub fn minutes_in(value: &str) -> Option<i64> {
    AMOUNT.captures(value).and_then(|c| minutes(&c))
}

/// The length of the outage stated in a sentence, if it states one.
pub fn stated_in_sentence(sentence: &str) -> Option<i64> {
    if !OUTAGE.is_match(sentence) {
        return None;
    }
    AMOUNT.captures_iter(sentence).find_map(|c| {
        let m = c.get(0)?;
        let before = &sentence[..m.start()];
        let after = &sentence[m.end()..];
        (BEFORE.is_match(before) || AFTER.is_match(after))
            .then(|| minutes(&c))
            .flatten()
    })
}

fn minutes(c: &Captures<'_>) -> Option<i64> {
    let a = number(c.name("a")?.as_str())?;
    let value = match c.name("b").and_then(|b| number(b.as_str())) {
        // `4-5 hours`: the middle of the range.
        Some(b) if b > a => (a + b) / 2.0,
        _ => a,
    };
    let unit = c
        .name("u")
        .or_else(|| c.name("uc"))?
        .as_str()
        .to_ascii_lowercase();
    let per = match unit.as_bytes()[0] {
        b'd' => 1440.0,
        b'h' => 60.0,
        _ => 1.0,
    };
    let mut total = value * per;
    if c.name("half").is_some() {
        total += per / 2.0;
    }
    if let Some(m) = c.name("m").and_then(|m| m.as_str().parse::<f64>().ok())
        && per > 1.0
    {
        total += m;
    }
    (total > 0.0).then(|| total.round() as i64)
}

fn number(word: &str) -> Option<f64> {
    if let Ok(n) = word.parse::<f64>() {
        return Some(n);
    }
    let w = word.to_ascii_lowercase();
    if w.starts_with("half") {
        return Some(0.5);
    }
    const WORDS: &[(&str, f64)] = &[
        ("a", 1.0),
        ("an", 1.0),
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("thirteen", 13.0),
        ("fourteen", 14.0),
        ("fifteen", 15.0),
        ("sixteen", 16.0),
        ("seventeen", 17.0),
        ("eighteen", 18.0),
        ("nineteen", 19.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("ninety", 90.0),
    ];
    WORDS.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stated_durations() {
        let cases = [
            ("The outage lasted approximately 45 minutes.", 45),
            ("Checkout was down for 1 hour and 15 minutes.", 75),
            ("It was a 2.5-hour outage.", 150),
            (
                "The shop was down for a while this morning (~5 hours).",
                300,
            ),
            ("The API was unavailable for 2h 34m in total.", 154),
            (
                "Every build failed for just over eight hours while nobody was on call.",
                480,
            ),
            ("We suffered a ~18h outage.", 1080),
            ("The outage lasted for an hour and a half.", 90),
            ("Users saw errors for half an hour.", 30),
            ("The incident lasted 2 days.", 2880),
        ];
        for (text, want) in cases {
            assert_eq!(stated_in_sentence(text), Some(want), "{text}");
        }
    }

    #[test]
    fn other_amounts_are_not_the_duration() {
        for text in [
            "Backups run every 12 hours, almost 12 hours before the outage.",
            "Copying the files took around 9 hours.",
            "After 5 minutes of confusion we restored it.",
            "Events in a 20 minute window were replayed.",
            "The outage was bounded to at most 10 hours.",
        ] {
            assert_eq!(stated_in_sentence(text), None, "{text}");
        }
    }

    #[test]
    fn values_of_duration_fields() {
        assert_eq!(minutes_in("~1 hour manual recovery"), Some(60));
        assert_eq!(minutes_in("2h 34m"), Some(154));
        assert_eq!(minutes_in("4-5 hours"), Some(270));
        assert_eq!(minutes_in("75 minutes of chaos"), Some(75));
        assert_eq!(minutes_in("unknown"), None);
    }
}
