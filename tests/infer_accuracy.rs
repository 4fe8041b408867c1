//! Measures inference against hand labels of a corpus of real postmortems
//! (`tests/fixtures/real_corpus_labels.tsv`, files in `../shared/corpus/real`), prints a
//! per-field accuracy table, and fails below the agreed minimums.
//!
//! Rules, per field, over the rows whose label is not empty:
//! - title: equal after normalising case and punctuation, or one contains the other (ours must
//!   not be generic). Where the notes say the labeller made the title up (the document has no
//!   usable one), any non-generic title counts; the strict figure is printed too.
//! - started_at: the same instant within a minute. Where the notes say only the date is known,
//!   the date of our start (in the label's offset), else the incident's date, must be the label's.
//!   Where the notes say the zone is not stated or assumed, the same wall-clock time also counts.
//! - duration: within 10 % or 5 minutes, whichever is larger.
//! - causes: at least one of ours is among the labelled categories.
//!
//! Run with `cargo test --test infer_accuracy -- --nocapture` to see the table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use coroner::config::{Config, Overrides};
use coroner::diagnostic::Diagnostics;
use coroner::incident::Incident;
use jiff::{Timestamp, ZonedDateTime};

const MIN_TITLE: f64 = 0.90;
const MIN_STARTED: f64 = 0.85;
const MIN_DURATION: f64 = 0.80;
const MIN_CAUSES: f64 = 0.75;

struct Label {
    file: String,
    title: String,
    started_at: String,
    duration: String,
    causes: String,
    notes: String,
}

#[derive(Default)]
struct Tally {
    right: usize,
    total: usize,
    misses: Vec<String>,
}

impl Tally {
    fn add(&mut self, ok: bool, miss: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.right += 1;
        } else {
            self.misses.push(miss());
        }
    }

    fn share(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real")
}

fn labels() -> Vec<Label> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real_corpus_labels.tsv");
    let text = std::fs::read_to_string(path).expect("the labels fixture is in the repository");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let col = |i: usize| c.get(i).map_or(String::new(), |s| s.trim().to_string());
            Label {
                file: col(0),
                title: col(1),
                started_at: col(2),
                duration: col(4),
                causes: col(5),
                notes: col(6),
            }
        })
        .collect()
}

fn load_corpus(dir: &Path) -> (Config, HashMap<String, Incident>) {
    let config = Config::from_str(dir, &dir.join("book.toml"), "", &Overrides::default())
        .expect("the default configuration is valid");
    let mut problems = Diagnostics::new();
    let sources = coroner::source::load(dir, dir, &mut problems);
    let incidents = sources
        .files
        .iter()
        .filter_map(|f| {
            let loaded = coroner::load::load(f, &config);
            loaded.incident.map(|i| (f.rel.clone(), i))
        })
        .collect();
    (config, incidents)
}

fn normalize(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_matches(ours: &str, label: &str) -> bool {
    let (a, b) = (normalize(ours), normalize(label));
    !a.is_empty()
        && !coroner::infer::is_generic_title(ours)
        && (a == b || a.contains(&b) || b.contains(&a))
}

/// `2020-01-20T13:50:00+01:00` with its offset kept (the date and wall time are compared too).
fn parse_label(label: &str) -> Option<ZonedDateTime> {
    let ts = label.parse::<Timestamp>().ok()?;
    let (sign, hm) = label.get(label.len() - 6..)?.split_at(1);
    let (h, m) = hm.split_once(':')?;
    let secs = (h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60)
        * if sign == "-" { -1 } else { 1 };
    let offset = jiff::tz::Offset::from_seconds(secs).ok()?;
    Some(ts.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset)))
}

fn started_matches(inc: &Incident, label: &str, notes: &str) -> bool {
    let Some(want) = parse_label(label) else {
        return false;
    };
    let notes = notes.to_lowercase();
    if notes.contains("date only") {
        let ours = match inc.moments.started_at {
            Some(t) => Some(t.to_zoned_datetime(want.time_zone().clone()).date()),
            None => inc.date,
        };
        return ours == Some(want.date());
    }
    let Some(ours) = inc.moments.started_at else {
        return false;
    };
    if (ours.as_second() - want.timestamp().as_second()).abs() <= 60 {
        return true;
    }
    let zone_unsure = ["time zone not stated", "no tz", "assumed"]
        .iter()
        .any(|p| notes.contains(p));
    zone_unsure && ours.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime() == want.datetime()
}

fn show(t: Option<Timestamp>) -> String {
    t.map_or("-".into(), |t| t.to_string())
}

#[test]
fn inference_meets_the_accuracy_targets_on_the_real_corpus() {
    let dir = corpus_dir();
    if !dir.is_dir() {
        println!("skipped: the corpus is not at {}", dir.display());
        return;
    }
    let (_config, incidents) = load_corpus(&dir);
    let mut title = Tally::default();
    let mut title_strict = Tally::default();
    let mut started = Tally::default();
    let mut duration = Tally::default();
    let mut causes = Tally::default();
    for l in labels() {
        let Some(inc) = incidents.get(&l.file) else {
            panic!("{} did not load", l.file);
        };
        if !l.title.is_empty() {
            let made_up = ["made from", "made up", "no title", "title made"]
                .iter()
                .any(|p| l.notes.to_lowercase().contains(p));
            let strict = title_matches(&inc.title, &l.title);
            let lenient = made_up && !coroner::infer::is_generic_title(&inc.title);
            title.add(strict || lenient, || {
                format!("{}: {:?} vs {:?}", l.file, inc.title, l.title)
            });
            title_strict.add(strict, String::new);
        }
        if !l.started_at.is_empty() {
            let ok = started_matches(inc, &l.started_at, &l.notes);
            started.add(ok, || {
                format!(
                    "{}: {} (date {:?}) vs {}",
                    l.file,
                    show(inc.moments.started_at),
                    inc.date.map(|d| d.to_string()),
                    l.started_at
                )
            });
        }
        if let Ok(want) = l.duration.parse::<i64>() {
            let ours = inc.duration_minutes();
            let ok = ours.is_some_and(|d| (d - want).abs() as f64 <= (want as f64 * 0.10).max(5.0));
            duration.add(ok, || format!("{}: {ours:?} vs {want}", l.file));
        }
        if !l.causes.is_empty() {
            let want: Vec<&str> = l.causes.split(',').map(str::trim).collect();
            let ok = inc.causes.iter().any(|c| want.contains(&c.as_str()));
            causes.add(ok, || format!("{}: {:?} vs {:?}", l.file, inc.causes, want));
        }
    }
    println!("\n| field | correct | labelled | accuracy | minimum |");
    println!("|---|---|---|---|---|");
    let rows: [(&str, &Tally, f64); 5] = [
        ("title", &title, MIN_TITLE),
        ("title (strict)", &title_strict, 0.0),
        ("started_at", &started, MIN_STARTED),
        ("duration", &duration, MIN_DURATION),
        ("causes", &causes, MIN_CAUSES),
    ];
    for (name, t, min) in &rows {
        let min = if *min > 0.0 {
            format!("{:.0}%", min * 100.0)
        } else {
            "-".into()
        };
        println!(
            "| {name} | {} | {} | {:.1}% | {min} |",
            t.right,
            t.total,
            t.share() * 100.0
        );
    }
    for (name, t, _) in &rows {
        for m in t.misses.iter().filter(|m| !m.is_empty()) {
            println!("miss {name}: {m}");
        }
    }
    for (name, t, min) in &rows {
        assert!(
            t.share() >= *min,
            "{name} accuracy {:.1}% is below {:.0}%",
            t.share() * 100.0,
            min * 100.0
        );
    }
}
