//! Action items: the follow-ups of a postmortem, and the words teams use for where each stands.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where an action item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    /// Still to be done (`open`, `in progress`, `pending`, ...).
    Open,
    /// Done (`done`, `closed`, `fixed`, ...).
    Done,
    /// Decided against (`dropped`, `won't do`, `wontfix`, `cancelled`, ...): closed, but not
    /// done, so it is neither counted as done nor listed as open or overdue.
    Dropped,
}

impl ActionStatus {
    /// The status as `status:` takes it and `incidents.json` gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }

    /// The status a text starts with (`Done`, `✅ Done`, `[done]`, `Won't do`, `In progress
    /// since May`), ignoring case and leading marks; `None` when it names none.
    pub fn read(text: &str) -> Option<ActionStatus> {
        let t = text
            .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '✅' && c != '✔')
            .to_lowercase()
            .replace('’', "'");
        if t.starts_with('✅') || t.starts_with('✔') || t == "x" {
            return Some(ActionStatus::Done);
        }
        let starts = |words: &[&str]| {
            words.iter().any(|w| {
                t.strip_prefix(w)
                    .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
            })
        };
        if starts(&[
            "done",
            "closed",
            "complete",
            "completed",
            "fixed",
            "resolved",
        ]) {
            Some(ActionStatus::Done)
        } else if starts(&[
            "dropped",
            "won't",
            "wont",
            "wontfix",
            "will not",
            "cancelled",
            "canceled",
            "obsolete",
            "not planned",
            "not doing",
            "declined",
            "rejected",
            "abandoned",
            "descoped",
            "superseded",
        ]) {
            Some(ActionStatus::Dropped)
        } else if starts(&[
            "open",
            "todo",
            "to do",
            "to-do",
            "in progress",
            "in-progress",
            "wip",
            "pending",
            "planned",
            "blocked",
            "not started",
            "ongoing",
            "backlog",
            "new",
            "started",
            "doing",
            "in review",
            "proposed",
        ]) {
            Some(ActionStatus::Open)
        } else {
            None
        }
    }
}

/// An action item: a follow-up someone owns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// What is to be done.
    pub title: String,
    /// Who owns it.
    pub owner: Option<String>,
    /// Where it stands.
    pub status: ActionStatus,
    /// When it is due.
    pub due: Option<Date>,
    /// Ticket reference (`PAY-1182` or a URL).
    pub ticket: Option<String>,
    /// The line of the source file it was read from (for front matter, the `action_items`
    /// key's), so that messages about it point there. Not part of what is rendered.
    pub line: Option<usize>,
}

impl ActionItem {
    /// The same item, read from line `line` of its file.
    pub fn at(self, line: usize) -> ActionItem {
        ActionItem {
            line: Some(line),
            ..self
        }
    }

    /// Whether it is still to be done (neither done nor dropped).
    pub fn is_open(&self) -> bool {
        self.status == ActionStatus::Open
    }
}

#[cfg(test)]
mod tests {
    use super::ActionStatus::{self, Done, Dropped, Open};

    #[test]
    fn action_statuses_as_teams_write_them() {
        for (text, want) in [
            ("done", Some(Done)),
            ("✅ Done", Some(Done)),
            ("[closed]", Some(Done)),
            ("Fixed in 4.2", Some(Done)),
            ("x", Some(Done)),
            ("dropped", Some(Dropped)),
            ("Won't do", Some(Dropped)),
            ("Won’t fix", Some(Dropped)),
            ("wontfix", Some(Dropped)),
            ("Cancelled (superseded by PAY-12)", Some(Dropped)),
            ("Not planned", Some(Dropped)),
            ("Open", Some(Open)),
            ("In progress", Some(Open)),
            ("TODO", Some(Open)),
            ("pending review", Some(Open)),
            // Whole words only: these are not statuses.
            ("Donegal office", None),
            ("openness", None),
            ("someday", None),
        ] {
            assert_eq!(ActionStatus::read(text), want, "{text}");
        }
        for s in [Open, Done, Dropped] {
            assert_eq!(ActionStatus::read(s.as_str()), Some(s), "round trip");
        }
    }
}
