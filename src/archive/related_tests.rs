//! Unit tests of related incidents: reasons, order, and the pruned ranking against a full one.

use super::*;

fn related(explicit: bool, text: &[&str]) -> Related {
    Related {
        index: 0,
        explicit,
        shared_causes: vec!["config-change".into()],
        shared_services: vec!["checkout".into()],
        shared_tags: Vec::new(),
        similar_text: text.iter().map(|t| t.to_string()).collect(),
        text_score: 0.4,
    }
}

#[test]
fn reason_names_every_shared_thing() {
    assert_eq!(
        related(false, &["connection pool", "timeout"]).reason(),
        "same service: checkout; same cause: config-change; similar text: 'connection pool', 'timeout'"
    );
    assert_eq!(
        related(true, &[]).reason(),
        "linked by the authors; same service: checkout; same cause: config-change"
    );
    let mut tagged = related(false, &["timeout"]);
    tagged.shared_services.clear();
    tagged.shared_tags = vec!["k8s".into(), "rollback".into()];
    assert_eq!(
        tagged.reason(),
        "same cause: config-change; same tag: k8s, rollback; similar text: 'timeout'"
    );
    let mut bare = related(true, &[]);
    bare.shared_causes.clear();
    bare.shared_services.clear();
    assert_eq!(bare.reason(), "linked by the authors");
    bare.explicit = false;
    assert_eq!(bare.reason(), "");
}

#[test]
fn explicit_first_then_shared_terms_and_similar_text() {
    let mut a = crate::testing::incident("a");
    a.causes = vec!["dns".into()];
    a.related = vec!["d".into()];
    let mut b = crate::testing::incident("b");
    b.causes = vec!["dns".into()];
    let incidents = vec![
        a,
        b,
        crate::testing::incident("c"),
        crate::testing::incident("d"),
    ];
    let by_slug = by_slug(&incidents);
    let mut text = vec![Vec::new(); 4];
    text[0].push(TextMatch {
        index: 2,
        score: 0.9,
        terms: vec!["connection pool".into()],
    });
    let order = |r: &[Related]| r.iter().map(|x| x.index).collect::<Vec<_>>();
    let ranked = rank_all(&incidents, &by_slug, Some(&text));
    // d is named by the author; c reads alike (6 × 0.9) and outranks b's shared cause (3).
    assert_eq!(order(&ranked[0]), [3, 2, 1]);
    assert_eq!(ranked[0][1].reason(), "similar text: 'connection pool'");
    assert_eq!(order(&rank_all(&incidents, &by_slug, None)[0]), [3, 1]);
}

/// Each incident's position, by its slug.
fn by_slug(incidents: &[Incident]) -> HashMap<String, usize> {
    incidents
        .iter()
        .enumerate()
        .map(|(i, inc)| (inc.slug.clone(), i))
        .collect()
}

/// Every candidate scored and the whole list ordered: what the pruned ranking must equal.
fn rank_naive(i: usize, incidents: &[Incident], matches: &[TextMatch]) -> Vec<usize> {
    let inc = &incidents[i];
    let shared = |a: &[String], b: &[String]| a.iter().filter(|x| b.contains(x)).count() as u32;
    let mut all: Vec<(f32, usize)> = (0..incidents.len())
        .filter(|&j| j != i)
        .filter_map(|j| {
            let o = &incidents[j];
            let terms = WEIGHTS[0] * shared(&inc.causes, &o.causes)
                + WEIGHTS[1] * shared(&inc.services, &o.services)
                + WEIGHTS[2] * shared(&inc.tags, &o.tags);
            let text = matches.iter().find(|m| m.index == j).map(|m| m.score);
            (terms > 0 || text.is_some())
                .then(|| (terms as f32 + TEXT_WEIGHT * text.unwrap_or(0.0), j))
        })
        .collect();
    all.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.abs_diff(i).cmp(&b.1.abs_diff(i)))
            .then(a.1.cmp(&b.1))
    });
    all.into_iter().take(MAX_RELATED).map(|(_, j)| j).collect()
}

#[test]
fn pruning_by_the_threshold_ranks_as_scoring_every_candidate_does() {
    // Regression guard for the threshold that skips ordering the thousands of weak
    // candidates of a large archive: the result must not change.
    let causes = ["dns", "deploy", "capacity", "database"];
    let services = ["checkout", "search", "auth", "billing", "cdn", "queue"];
    let tags = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    let incidents: Vec<Incident> = (0..400usize)
        .map(|n| {
            let mut inc = crate::testing::incident(&format!("i{n}"));
            inc.causes = vec![causes[n % 4].into()];
            inc.services = vec![services[n * 7 % 6].into(), services[n % 5].into()];
            inc.services.dedup();
            inc.tags = (0..n % 4)
                .map(|k| tags[(n * 3 + k * 5) % 10].into())
                .collect();
            inc.tags.sort();
            inc.tags.dedup();
            if n % 50 == 0 {
                // Shares nothing: only its text matches can relate it.
                inc.causes = vec![format!("only-{n}")];
                inc.services = vec![format!("svc-{n}")];
                inc.tags.clear();
            }
            inc
        })
        .collect();
    let by_slug = by_slug(&incidents);
    let text: Vec<Vec<TextMatch>> = (0..incidents.len())
        .map(|i| {
            (1..4)
                .map(|k| TextMatch {
                    index: (i * 13 + k * 101) % incidents.len(),
                    score: 0.1 * k as f32 + (i % 7) as f32 * 0.05,
                    terms: Vec::new(),
                })
                .filter(|m| m.index != i)
                .collect()
        })
        .collect();
    let ranked = rank_all(&incidents, &by_slug, Some(&text));
    for (i, r) in ranked.iter().enumerate() {
        let got: Vec<usize> = r.iter().map(|x| x.index).collect();
        assert_eq!(got, rank_naive(i, &incidents, &text[i]), "incident {i}");
    }
    let plain = rank_all(&incidents, &by_slug, None);
    for (i, r) in plain.iter().enumerate() {
        let got: Vec<usize> = r.iter().map(|x| x.index).collect();
        assert_eq!(
            got,
            rank_naive(i, &incidents, &[]),
            "incident {i} without text"
        );
    }
}

#[test]
fn every_incident_sharing_with_every_other_fills_the_touched_list() {
    // Regression guard for the branch-free list of touched incidents: when every incident
    // shares a term with every other, all of them (itself included) are touched, and the list
    // must hold them all without running past its end.
    let incidents: Vec<Incident> = (0..7usize)
        .map(|n| {
            let mut inc = crate::testing::incident(&format!("i{n}"));
            inc.causes = vec!["dns".into()];
            inc.services = vec!["checkout".into()];
            inc.tags = vec!["edge".into(), format!("t{}", n % 2)];
            inc
        })
        .collect();
    ranks_as_scoring_every_candidate(&incidents);
}

#[test]
fn points_beyond_the_counted_range_still_rank_as_scoring_every_candidate_does() {
    // Regression guard for the fixed array that counts points when finding the threshold:
    // incidents sharing more points than it holds are counted together at its top, and the
    // ranking must not change.
    let incidents: Vec<Incident> = (0..12usize)
        .map(|n| {
            let mut inc = crate::testing::incident(&format!("i{n}"));
            inc.tags = (0..TOP_POINTS + 10 + n).map(|t| format!("t{t}")).collect();
            inc.causes = vec![format!("c{}", n % 3)];
            inc
        })
        .collect();
    ranks_as_scoring_every_candidate(&incidents);
}

/// Asserts that, without text similarity, every incident's related list is the one scoring
/// every candidate gives, and never the incident itself.
fn ranks_as_scoring_every_candidate(incidents: &[Incident]) {
    let by_slug = by_slug(incidents);
    for (i, r) in rank_all(incidents, &by_slug, None).iter().enumerate() {
        let got: Vec<usize> = r.iter().map(|x| x.index).collect();
        assert_eq!(got, rank_naive(i, incidents, &[]), "incident {i}");
        assert!(!got.contains(&i), "incident {i} is not related to itself");
    }
}
