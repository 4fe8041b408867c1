//! A build killed at any moment (SIGKILL, no chance to clean up) leaves the output either
//! entirely the old site or entirely the new one, never a mix or nothing.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// How many postmortems the generated site has: enough that writing it takes a while.
const POSTMORTEMS: usize = 2000;

/// Writes the generated site's content; `variant` changes every page.
fn generate(root: &Path, variant: &str) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let services = ["checkout", "payments", "search", "auth", "dns", "warehouse"];
    let causes = ["deploy", "config-change", "capacity", "dependency"];
    for i in 0..POSTMORTEMS {
        let day = i % 28 + 1;
        let month = i / 28 % 12 + 1;
        let year = 2015 + i / 336;
        let text = format!(
            "---\ntitle: Incident {i} ({variant})\ndate: {year}-{month:02}-{day:02}\nseverity: SEV{}\n\
             services: [{}]\ncauses: [{}]\ntags: [t{}]\n---\n# Incident {i} ({variant})\n\n\
             ## Summary\n\nVariant {variant}: the {} service failed for a while.\n\n## Timeline\n\n\
             - 14:00 alert fired\n- 14:30 mitigated\n",
            i % 4 + 1,
            services[i % services.len()],
            causes[i % causes.len()],
            i % 50,
            services[i % services.len()],
        );
        std::fs::write(
            content.join(format!("{year}-{month:02}-{day:02}-incident-{i}.md")),
            text,
        )
        .unwrap();
    }
}

fn build_cmd(root: &Path, output: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coroner"));
    cmd.arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(output);
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

fn full_build(root: &Path, output: &Path) -> Duration {
    let started = Instant::now();
    assert!(build_cmd(root, output).status().unwrap().success());
    started.elapsed()
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("book.toml"), "[site]\ntitle = \"Kill test\"\n").unwrap();
    let refs = dir.path().join("refs");
    generate(&root, "A");
    full_build(&root, &refs.join("a"));
    generate(&root, "B");
    let took = full_build(&root, &refs.join("b"));
    let (site_a, site_b) = (
        common::site_tree(&refs.join("a")),
        common::site_tree(&refs.join("b")),
    );
    assert_ne!(site_a, site_b);
    assert!(site_a.len() > POSTMORTEMS);

    let out = dir.path().join("out").join("public");
    generate(&root, "A");
    full_build(&root, &out);
    assert_eq!(common::site_tree(&out), site_a, "builds are deterministic");

    let mut outcomes = Vec::new();
    let mut variant = "A";
    let mut generated = "A";
    for percent in [5u32, 25, 50, 70, 85, 95, 110] {
        variant = if variant == "A" { "B" } else { "A" };
        generate(&root, variant);
        generated = variant;
        let mut child = build_cmd(&root, &out).spawn().unwrap();
        std::thread::sleep(took * percent / 100);
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let now = common::site_tree(&out);
        let state = if now == site_a {
            "A"
        } else if now == site_b {
            "B"
        } else {
            let a_only = now
                .iter()
                .filter(|(k, v)| site_a.get(*k) == Some(v))
                .count();
            panic!(
                "killed at {percent}% of {took:?}: the output is neither site ({} files, {a_only} as in A)",
                now.len()
            );
        };
        outcomes.push(format!(
            "{percent}%: {state}{}",
            if finished { " (had finished)" } else { "" }
        ));
        variant = state;
    }
    eprintln!("build takes {took:?}; kills: {}", outcomes.join(", "));

    // The next build takes over or cleans the staging directories and the half-written caches
    // the killed ones left; only the output, the build before it and the cache remain.
    full_build(&root, &out);
    let mut leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        [
            ".public.coroner-cache",
            ".public.coroner-previous",
            "public"
        ]
    );
    assert_eq!(
        common::site_tree(&out),
        if generated == "A" { site_a } else { site_b }
    );
}
