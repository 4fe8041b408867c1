//! Services named in the text: the ids of configured services whose id, name or an alias
//! appears as a whole word (case-insensitive), most mentioned first.

use super::matcher::shared;
use super::moments::Field;
use crate::config::ServiceEntry;

/// Services listed in a `Services:` field of the text: configured services found by id, name or
/// alias, or, when no services are configured (any name is then accepted), the names as ids.
pub fn stated(fields: &[Field], services: &[ServiceEntry]) -> Vec<String> {
    let keys = [
        "services",
        "service",
        "affected services",
        "services affected",
        "affected systems",
        "systems affected",
    ];
    let values = fields.iter().filter(|f| keys.contains(&f.key.as_str()));
    let mut out: Vec<String> = Vec::new();
    for f in values {
        let found = if services.is_empty() {
            f.value
                .split([',', ';'])
                .map(|s| crate::url::slugify(s.trim()))
                .filter(|s| !s.is_empty())
                .collect()
        } else {
            find(std::iter::once(f.value.as_str()), services)
        };
        for id in found {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// The ids of the configured services the texts mention.
pub fn find<'a>(texts: impl Iterator<Item = &'a str>, services: &[ServiceEntry]) -> Vec<String> {
    if services.is_empty() {
        return Vec::new();
    }
    let groups: Vec<Vec<String>> = services
        .iter()
        .map(|s| {
            let mut names = vec![s.id.clone(), s.name.clone()];
            names.extend(s.aliases.iter().cloned());
            names
        })
        .collect();
    let matcher = shared(&groups, false);
    // (mentions, first mention) per service.
    let mut seen: Vec<(usize, usize)> = vec![(0, usize::MAX); services.len()];
    let mut order = 0;
    for text in texts {
        for hit in matcher.hits(text) {
            let e = &mut seen[hit.group];
            e.0 += 1;
            e.1 = e.1.min(order);
            order += 1;
        }
    }
    let mut found: Vec<(usize, (usize, usize))> = seen
        .into_iter()
        .enumerate()
        .filter(|(_, (n, _))| *n > 0)
        .collect();
    found.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    found
        .into_iter()
        .map(|(i, _)| services[i].id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(id: &str, name: &str, aliases: &[&str]) -> ServiceEntry {
        ServiceEntry {
            id: id.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn a_services_field_lists_them() {
        let f = Field {
            key: "services".into(),
            value: "Checkout, login".into(),
            line: None,
        };
        let services = [
            svc("checkout", "Checkout", &[]),
            svc("auth", "Auth", &["login"]),
        ];
        assert_eq!(
            stated(std::slice::from_ref(&f), &services),
            ["checkout", "auth"]
        );
        assert_eq!(stated(&[f], &[]), ["checkout", "login"]);
    }

    #[test]
    fn finds_ids_names_and_aliases_on_word_boundaries() {
        let services = [
            svc("checkout", "Checkout", &["checkout-api"]),
            svc("auth", "Auth Service", &["login"]),
            svc("search", "Search", &[]),
        ];
        let text = "The checkout-api failed; Checkout retried. Users could not log in via the Auth Service. Researchers noticed.";
        let ids = find([text].into_iter(), &services);
        assert_eq!(ids, ["checkout", "auth"]);
        assert!(find(["nothing here"].into_iter(), &services).is_empty());
    }
}
