//! `metrics.json` of the `basic` fixture site, built on a fixed date: it parses, holds the
//! figures of the fixture, and every field it has is documented.

mod common;

use serde_json::Value;

fn metrics() -> Value {
    serde_json::from_slice(&common::basic_fixture_file("metrics.json"))
        .expect("metrics.json is JSON")
}

#[test]
fn metrics_hold_the_fixture_figures() {
    let m = metrics();
    assert_eq!(m["schema_version"], 1);
    assert_eq!(m["build_date"], "2024-03-15");
    assert_eq!(m["incidents"], 2);
    let current = &m["windows"]["current"];
    assert_eq!(current["from"], "2023-03-16");
    assert_eq!(current["to"], "2024-03-15");
    assert_eq!(current["incidents"], 2);
    assert_eq!(m["windows"]["previous"]["incidents"], 0);
    // 68 and 11 minutes; only the checkout incident says when it was detected.
    let d = &m["duration_minutes"];
    assert_eq!(
        (d["known"].as_u64(), d["unknown"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(
        (d["median"].as_i64(), d["p90"].as_i64()),
        (Some(40), Some(62))
    );
    let ttd = &m["time_to_detect_minutes"];
    assert_eq!(
        (ttd["known"].as_u64(), ttd["unknown"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(ttd["median"], 7);
    let histogram = d["histogram"].as_array().expect("histogram");
    assert_eq!(histogram.len(), 9);
    assert_eq!(histogram[0]["max_minutes"], 15);
    assert!(histogram[8]["max_minutes"].is_null());
    assert_eq!(
        histogram
            .iter()
            .map(|b| b["count"].as_u64().unwrap_or(0))
            .sum::<u64>(),
        2
    );
    let history = &m["history"];
    assert_eq!(history["granularity"], "month");
    assert_eq!(history["severities"], serde_json::json!(["SEV1", "SEV2"]));
    let periods = history["periods"].as_array().expect("periods");
    assert_eq!(periods.len(), 3, "January to the build month");
    assert_eq!(periods[0]["by_severity"], serde_json::json!([0, 1]));
    assert_eq!(m["matrix"]["cells"].as_array().map(Vec::len), Some(6));
    assert_eq!(m["matrix"]["unplaced"], 0);
    let actions = &m["action_items"];
    assert_eq!(
        (actions["open"].as_u64(), actions["done"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(actions["overdue"], 1);
    assert_eq!(actions["by_owner"][0]["owner"], "Ana Lima");
    let checkout = m["services"]
        .as_array()
        .and_then(|s| s.iter().find(|t| t["id"] == "checkout"))
        .expect("checkout is a service");
    assert_eq!(checkout["incidents"], 2);
    assert_eq!(checkout["last_12_months"], 2);
    assert_eq!(checkout["change"], 2);
    assert!(m["on_this_day"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn every_field_is_documented() {
    let docs = std::fs::read_to_string(common::repo_root().join("README.md")).expect("README.md");
    assert!(
        docs.contains("## metrics.json"),
        "the README documents metrics.json"
    );
    // Every name inside a `code span` of the docs: `action_items.by_owner[].owner` names three.
    let documented: Vec<&str> = docs
        .split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|span| span.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
        .filter(|name| !name.is_empty())
        .collect();
    let mut keys = Vec::new();
    collect_keys(&metrics(), &mut keys);
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| !documented.contains(&k.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "undocumented fields of metrics.json: {missing:?}"
    );
}

fn collect_keys(v: &Value, keys: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
                collect_keys(child, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_keys(i, keys)),
        _ => {}
    }
}
