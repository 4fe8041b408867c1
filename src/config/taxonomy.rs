//! The archive's vocabulary: severity levels, root-cause categories and known services, with defaults.

use serde::Serialize;

/// One severity level, e.g. `SEV1`; levels are ordered most severe first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeverityLevel {
    /// The id used in front matter and URLs, e.g. `SEV1`.
    pub id: String,
    /// A short human label, e.g. `Critical`.
    pub label: String,
    /// When to use this level.
    pub description: String,
}

/// One root-cause category, e.g. `config-change`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CauseCategory {
    /// The id used in front matter and URLs.
    pub id: String,
    /// What belongs in this category.
    pub description: String,
    /// Words and phrases that point to this cause when it must be inferred from text.
    pub keywords: Vec<String>,
}

/// A service the organisation runs, with the other names authors use for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceEntry {
    /// The id used in front matter and URLs, e.g. `checkout`.
    pub id: String,
    /// Display name, e.g. `Checkout`.
    pub name: String,
    /// Other spellings found in prose, e.g. `checkout-api`.
    pub aliases: Vec<String>,
}

/// The configured vocabulary of an archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Taxonomy {
    /// Severity levels, most severe first.
    pub severities: Vec<SeverityLevel>,
    /// Root-cause categories.
    pub causes: Vec<CauseCategory>,
    /// Known services (may be empty: then any service name is accepted silently).
    pub services: Vec<ServiceEntry>,
}

impl Taxonomy {
    /// The position of a severity id in the configured order (0 = most severe).
    pub fn severity_rank(&self, id: &str) -> Option<usize> {
        self.severities.iter().position(|s| s.id == id)
    }

    /// The configured severity level with this id.
    pub fn severity(&self, id: &str) -> Option<&SeverityLevel> {
        self.severities.iter().find(|s| s.id == id)
    }

    /// The level meant by a severity as people write it: `SEV2`, `sev 2`, `Sev-2`, `2`, `P2`
    /// or a label such as `Major`. `P0` on a scale that starts at 1 is its most severe level.
    pub fn resolve_severity(&self, given: &str) -> Option<&SeverityLevel> {
        resolve_severity(&self.severities, given)
    }

    /// The configured cause category with this id.
    pub fn cause(&self, id: &str) -> Option<&CauseCategory> {
        self.causes.iter().find(|c| c.id == id)
    }

    /// The configured service with this id.
    pub fn service(&self, id: &str) -> Option<&ServiceEntry> {
        self.services.iter().find(|s| s.id == id)
    }
}

/// The level of `levels` meant by `given`; see [`Taxonomy::resolve_severity`].
pub fn resolve_severity<'a>(levels: &'a [SeverityLevel], given: &str) -> Option<&'a SeverityLevel> {
    let given = given.trim();
    let squashed: String = given.chars().filter(|c| c.is_alphanumeric()).collect();
    if let Some(level) = levels
        .iter()
        .find(|l| l.id.eq_ignore_ascii_case(&squashed) || l.label.eq_ignore_ascii_case(given))
    {
        return Some(level);
    }
    let number_of = |text: &str| {
        text.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .ok()
    };
    let n = number_of(&squashed)?;
    levels
        .iter()
        .find(|l| number_of(&l.id) == Some(n))
        .or_else(|| {
            let lowest = levels.iter().filter_map(|l| number_of(&l.id)).min()?;
            (n < lowest).then(|| levels.first()).flatten()
        })
}

/// SEV1..SEV4, the scale most incident processes use.
pub fn default_severities() -> Vec<SeverityLevel> {
    [
        (
            "SEV1",
            "Critical",
            "Customer-facing outage or data loss; all hands, executive updates.",
        ),
        (
            "SEV2",
            "Major",
            "Significant degradation of a core feature for many customers.",
        ),
        (
            "SEV3",
            "Minor",
            "Partial or brief degradation with a workaround; limited customer impact.",
        ),
        (
            "SEV4",
            "Low",
            "Internal impact or a near miss; no customer-visible effect.",
        ),
    ]
    .into_iter()
    .map(|(id, label, description)| SeverityLevel {
        id: id.into(),
        label: label.into(),
        description: description.into(),
    })
    .collect()
}

/// The default root-cause categories, each with keywords used to infer it from prose.
pub fn default_causes() -> Vec<CauseCategory> {
    const CAUSES: &[(&str, &str, &[&str])] = &[
        (
            "config-change",
            "A configuration change, flag flip or settings edit.",
            &[
                "configuration",
                "config change",
                "misconfigur",
                "config file",
                "feature flag",
                "setting",
                "directive",
                "typo in the config",
                "wrong value",
            ],
        ),
        (
            "deploy",
            "A deployment, release or rollout of new code.",
            &[
                "deploy",
                "release",
                "rollout",
                "rolled out",
                "roll back",
                "rollback",
                "rolled back",
                "new version",
                "upgrade",
            ],
        ),
        (
            "software-bug",
            "A defect in the organisation's own code.",
            &[
                "bug",
                "regression",
                "null pointer",
                "exception",
                "race condition",
                "off-by-one",
                "panic",
                "crash",
                "memory leak",
                "leaking",
                "resource leak",
                "infinite loop",
                "typo",
            ],
        ),
        (
            "dependency",
            "A library, package or internal dependency that changed or failed.",
            &[
                "dependency",
                "library",
                "package",
                "crate",
                "npm",
                "upstream",
                "version bump",
                "transitive",
            ],
        ),
        (
            "capacity",
            "Load beyond what the system was sized for: CPU, memory, disk, connections, quotas.",
            &[
                "capacity",
                "overload",
                "out of memory",
                "oom",
                "disk full",
                "disk space",
                "exhaust",
                "saturat",
                "quota",
                "rate limit",
                "traffic spike",
                "load spike",
                "backlog",
                "no space left",
                "throttl",
                "scaling",
            ],
        ),
        (
            "database",
            "A database: queries, replication, locks, migrations, connection pools.",
            &[
                "database",
                "postgres",
                "mysql",
                "replica",
                "replication",
                "query",
                "deadlock",
                "migration",
                "connection pool",
                "db ",
                "sql",
                "vacuum",
                "index",
            ],
        ),
        (
            "network",
            "Network connectivity, routing, load balancers, packet loss.",
            &[
                "network",
                "packet loss",
                "routing",
                "bgp",
                "load balancer",
                "firewall",
                "latency",
                "connectivity",
                "switch",
                "ip address",
                "subnet",
                "tcp",
                "port",
            ],
        ),
        (
            "dns",
            "Name resolution: records, resolvers, TTLs, registrars.",
            &[
                "dns",
                "resolver",
                "nameserver",
                "domain name",
                "ttl",
                "cname",
                "a record",
                "registrar",
            ],
        ),
        (
            "certificate",
            "TLS certificates: expiry, renewal, trust chains.",
            &[
                "certificate",
                "tls",
                "ssl",
                "expired",
                "expiry",
                "certbot",
                "let's encrypt",
                "letsencrypt",
                "x509",
            ],
        ),
        (
            "hardware",
            "Physical hardware: disks, hosts, power, cooling.",
            &[
                "hardware",
                "disk failure",
                "power",
                "psu",
                "voltage",
                "raid",
                "host failure",
                "nic",
                "cooling",
                "failed drive",
                "server failure",
            ],
        ),
        (
            "third-party",
            "A vendor, cloud provider or external service.",
            &[
                "third-party",
                "third party",
                "vendor",
                "provider",
                "aws",
                "gcp",
                "azure",
                "cloudflare",
                "github",
                "external service",
                "saas",
                "outage at",
            ],
        ),
        (
            "security",
            "An attack, leaked credential, vulnerability or abuse.",
            &[
                "security",
                "attack",
                "vulnerability",
                "exploit",
                "phishing",
                "leaked",
                "token",
                "credential",
                "malicious",
                "ddos",
                "compromise",
                "cve",
                "brute force",
            ],
        ),
        (
            "process",
            "A gap in process: runbooks, reviews, communication, ownership.",
            &[
                "process",
                "runbook",
                "review",
                "communication",
                "ownership",
                "escalation",
                "procedure",
                "checklist",
                "documentation",
            ],
        ),
        (
            "human-error",
            "A manual action that went wrong.",
            &[
                "human error",
                "manual",
                "accidentally",
                "mistake",
                "by hand",
                "wrong server",
                "fat-finger",
                "mistyped",
                "deleted",
            ],
        ),
        (
            "data-corruption",
            "Data that was corrupted, lost or made inconsistent.",
            &[
                "corrupt",
                "data loss",
                "inconsistent",
                "lost data",
                "integrity",
                "checksum",
                "restore from backup",
                "backup",
            ],
        ),
        (
            "monitoring-gap",
            "The problem was not detected, or detected late, for lack of monitoring or alerting.",
            &[
                "monitoring",
                "alert",
                "alerting",
                "no alert",
                "undetected",
                "observability",
                "dashboard",
                "not notified",
                "went unnoticed",
            ],
        ),
    ];
    CAUSES
        .iter()
        .map(|(id, description, keywords)| CauseCategory {
            id: (*id).into(),
            description: (*description).into(),
            keywords: keywords.iter().map(|k| (*k).into()).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_resolve_as_people_write_them() {
        let t = Taxonomy {
            severities: default_severities(),
            causes: Vec::new(),
            services: Vec::new(),
        };
        for (given, want) in [
            ("SEV2", "SEV2"),
            ("sev 2", "SEV2"),
            ("Sev-2", "SEV2"),
            ("2", "SEV2"),
            ("P2", "SEV2"),
            ("major", "SEV2"),
            ("P0", "SEV1"),
        ] {
            assert_eq!(
                t.resolve_severity(given).map(|l| l.id.as_str()),
                Some(want),
                "{given}"
            );
        }
        assert!(t.resolve_severity("SEV9").is_none());
        assert!(t.resolve_severity("high-ish").is_none());
    }

    #[test]
    fn defaults_cover_the_required_categories() {
        let ids: Vec<_> = default_causes().into_iter().map(|c| c.id).collect();
        for required in [
            "config-change",
            "deploy",
            "software-bug",
            "dependency",
            "capacity",
            "database",
            "network",
            "dns",
            "certificate",
            "hardware",
            "third-party",
            "security",
            "process",
            "human-error",
            "data-corruption",
            "monitoring-gap",
        ] {
            assert!(ids.iter().any(|id| id == required), "missing {required}");
        }
        assert_eq!(default_severities().len(), 4);
    }
}
