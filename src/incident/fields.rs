//! The front-matter schema: [`RawFrontMatter`] read field by field from a parsed map, so that
//! every wrong type and unknown field is reported, each with the field's line.

use serde_json::{Map, Value};

use crate::frontmatter::kind;

/// Every field the front-matter schema defines.
pub const KNOWN_FIELDS: &[&str] = &[
    "title",
    "date",
    "severity",
    "status",
    "services",
    "causes",
    "trigger",
    "tags",
    "authors",
    "started_at",
    "detected_at",
    "mitigated_at",
    "resolved_at",
    "impact",
    "summary",
    "action_items",
    "related",
    "slug",
    "draft",
];

/// Front matter as written: typed but not yet validated against the taxonomy or parsed as dates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawFrontMatter {
    /// The `title`.
    pub title: Option<String>,
    /// The `date`, not yet parsed.
    pub date: Option<String>,
    /// The `severity` id, not yet checked against the taxonomy.
    pub severity: Option<String>,
    /// The review `status` (draft, in-review or published), not yet checked.
    pub status: Option<String>,
    /// The `services` affected.
    pub services: Option<Vec<String>>,
    /// The root-cause category ids (`causes`), not yet checked against the taxonomy.
    pub causes: Option<Vec<String>>,
    /// The `trigger`.
    pub trigger: Option<String>,
    /// The `tags`.
    pub tags: Option<Vec<String>>,
    /// The `authors`.
    pub authors: Option<Vec<String>>,
    /// `started_at`, not yet parsed.
    pub started_at: Option<String>,
    /// `detected_at`, not yet parsed.
    pub detected_at: Option<String>,
    /// `mitigated_at`, not yet parsed.
    pub mitigated_at: Option<String>,
    /// `resolved_at`, not yet parsed.
    pub resolved_at: Option<String>,
    /// The `impact` text.
    pub impact: Option<String>,
    /// The `summary`.
    pub summary: Option<String>,
    /// The `action_items`.
    pub action_items: Option<Vec<RawActionItem>>,
    /// The slugs of the `related` incidents.
    pub related: Option<Vec<String>>,
    /// The `slug` the page is published under.
    pub slug: Option<String>,
    /// Whether the postmortem is a `draft`.
    pub draft: Option<bool>,
    /// Fields outside the schema, kept for inference (e.g. `start_time` in exported archives).
    pub extra: Map<String, Value>,
}

/// One action item as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawActionItem {
    /// What is to be done.
    pub title: String,
    /// Who owns it.
    pub owner: Option<String>,
    /// `open` or `done`, not yet checked.
    pub status: Option<String>,
    /// When it is due, not yet parsed.
    pub due: Option<String>,
    /// The tracking ticket.
    pub ticket: Option<String>,
}

/// A field with a value of the wrong type, or a field outside the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's name.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// Whether the field is unknown (a warning) rather than mistyped (an error).
    pub unknown: bool,
}

impl RawFrontMatter {
    /// Reads every field of `map`, collecting all problems rather than stopping at the first.
    pub fn from_map(map: Map<String, Value>) -> (RawFrontMatter, Vec<FieldProblem>) {
        let mut fm = RawFrontMatter::default();
        let mut problems = Vec::new();
        for (key, value) in map {
            if value.is_null() {
                continue;
            }
            let mut bad = |expected: &str, v: &Value| {
                problems.push(FieldProblem {
                    field: key.clone(),
                    message: format!("`{key}` should be {expected}, found {}", kind(v)),
                    unknown: false,
                });
            };
            match key.as_str() {
                "title" => {
                    fm.title = text(&value).or_else(|| {
                        bad("text", &value);
                        None
                    })
                }
                "date" => {
                    fm.date = text(&value).or_else(|| {
                        bad("a date (YYYY-MM-DD)", &value);
                        None
                    })
                }
                "severity" => {
                    fm.severity = text(&value).or_else(|| {
                        bad("a severity id such as SEV2", &value);
                        None
                    })
                }
                "status" => {
                    fm.status = text(&value).or_else(|| {
                        bad("draft, in-review or published", &value);
                        None
                    })
                }
                "trigger" => {
                    fm.trigger = text(&value).or_else(|| {
                        bad("text", &value);
                        None
                    })
                }
                "impact" => {
                    fm.impact = text(&value).or_else(|| {
                        bad("text", &value);
                        None
                    })
                }
                "summary" => {
                    fm.summary = text(&value).or_else(|| {
                        bad("text", &value);
                        None
                    })
                }
                "slug" => {
                    fm.slug = text(&value).or_else(|| {
                        bad("text", &value);
                        None
                    })
                }
                "started_at" => {
                    fm.started_at = text(&value).or_else(|| {
                        bad("a date-time", &value);
                        None
                    })
                }
                "detected_at" => {
                    fm.detected_at = text(&value).or_else(|| {
                        bad("a date-time", &value);
                        None
                    })
                }
                "mitigated_at" => {
                    fm.mitigated_at = text(&value).or_else(|| {
                        bad("a date-time", &value);
                        None
                    })
                }
                "resolved_at" => {
                    fm.resolved_at = text(&value).or_else(|| {
                        bad("a date-time", &value);
                        None
                    })
                }
                "services" => {
                    fm.services = list(&value).or_else(|| {
                        bad("a list of service ids", &value);
                        None
                    })
                }
                "causes" => {
                    fm.causes = list(&value).or_else(|| {
                        bad("a list of cause ids", &value);
                        None
                    })
                }
                "tags" => {
                    fm.tags = list(&value).or_else(|| {
                        bad("a list of tags", &value);
                        None
                    })
                }
                "authors" => {
                    fm.authors = list(&value).or_else(|| {
                        bad("a list of names", &value);
                        None
                    })
                }
                "related" => {
                    fm.related = list(&value).or_else(|| {
                        bad("a list of incident slugs", &value);
                        None
                    })
                }
                "draft" => {
                    fm.draft = value.as_bool().or_else(|| {
                        bad("true or false", &value);
                        None
                    })
                }
                "action_items" => match action_items(&value) {
                    Ok(items) => fm.action_items = Some(items),
                    Err(message) => problems.push(FieldProblem {
                        field: key.clone(),
                        message,
                        unknown: false,
                    }),
                },
                _ => {
                    problems.push(FieldProblem {
                        field: key.clone(),
                        message: format!("unknown field `{key}`"),
                        unknown: true,
                    });
                    fm.extra.insert(key, value);
                }
            }
        }
        (fm, problems)
    }
}

/// Text, or a number or boolean written without quotes (`severity: 2`, `date: 2024-01-01` in TOML).
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of strings; a single string is read as a comma-separated list.
fn list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(text)
            .collect::<Option<Vec<_>>>()
            .map(|v| v.into_iter().filter(|s| !s.is_empty()).collect()),
        Value::String(s) => Some(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        ),
        _ => None,
    }
}

fn action_items(value: &Value) -> Result<Vec<RawActionItem>, String> {
    let Value::Array(items) = value else {
        return Err(format!(
            "`action_items` should be a list, found {}",
            kind(value)
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::String(s) => Ok(RawActionItem { title: s.clone(), ..Default::default() }),
            Value::Object(map) => {
                let get = |k: &str| map.get(k).and_then(text).filter(|s| !s.is_empty());
                let title = get("title").or_else(|| get("action")).or_else(|| get("item"));
                let Some(title) = title else {
                    return Err(format!("action item {} has no `title`", i + 1));
                };
                if let Some(k) = map.keys().find(|k| {
                    !["title", "action", "item", "owner", "status", "due", "ticket"].contains(&k.as_str())
                }) {
                    return Err(format!(
                        "action item {} has an unknown field `{k}` (use title, owner, status, due, ticket)",
                        i + 1
                    ));
                }
                Ok(RawActionItem {
                    title,
                    owner: get("owner"),
                    status: get("status"),
                    due: get("due"),
                    ticket: get("ticket"),
                })
            }
            other => Err(format!("action item {} should be a table or text, found {}", i + 1, kind(other))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> (RawFrontMatter, Vec<FieldProblem>) {
        let Value::Object(map) = v else {
            unreachable!()
        };
        RawFrontMatter::from_map(map)
    }

    #[test]
    fn reads_the_schema_leniently() {
        let (fm, problems) = read(json!({
            "title": "Checkout 500s", "severity": 2, "services": "checkout, payments",
            "causes": ["deploy"], "draft": false,
            "action_items": [{"title": "Pin it", "owner": "Ana", "status": "done"}, "Add canary"],
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fm.severity.as_deref(), Some("2"));
        assert_eq!(fm.services.unwrap(), ["checkout", "payments"]);
        assert_eq!(fm.action_items.unwrap()[1].title, "Add canary");
    }

    #[test]
    fn every_wrong_type_and_unknown_field_is_reported() {
        let (fm, problems) = read(json!({
            "title": ["a"], "services": {"x": 1}, "sevrity": "SEV1", "draft": "yes",
        }));
        let fields: Vec<_> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.unknown))
            .collect();
        assert_eq!(fields.len(), 4);
        assert!(fields.contains(&("sevrity", true)));
        assert!(fields.contains(&("title", false)));
        assert!(fm.extra.contains_key("sevrity"));
    }
}
