//! Unit tests of writing the output: staging, updating the previous build in place, refusing
//! directories with foreign files, and leaving the old output untouched on failure.

use super::*;

fn file(rel: &str, text: &str) -> OutputFile {
    OutputFile {
        rel: rel.into(),
        bytes: text.as_bytes().to_vec().into(),
    }
}

#[test]
fn writes_then_replaces_a_previous_build() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one"), file("a/b.html", "b")]).unwrap();
    assert_eq!(std::fs::read_to_string(out.join("a/b.html")).unwrap(), "b");
    write_site(&out, &[file("index.html", "two")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "two"
    );
    assert!(!out.join("a").exists(), "files of the old build are gone");
    let mut leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        [".public.coroner-previous", "public"],
        "no staging directory is left behind, only the previous build"
    );
    let previous = dir.path().join(".public.coroner-previous");
    assert_eq!(
        std::fs::read_to_string(previous.join("index.html")).unwrap(),
        "one"
    );
}

#[test]
fn the_previous_build_is_updated_in_place_writing_only_changed_files() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let site = |home: &str| {
        vec![
            file("index.html", home),
            file("a/same.html", "same"),
            file("b/gone.html", "gone"),
        ]
    };
    write_site(&out, &site("one")).unwrap();
    write_site(&out, &site("two")).unwrap();
    // The third build starts from the first, kept as the previous build.
    let previous = dir.path().join(".public.coroner-previous");
    let same_inode = std::fs::metadata(previous.join("a/same.html"))
        .unwrap()
        .ino();
    let mut third = site("three");
    third.pop();
    write_site(&out, &third).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "three"
    );
    assert_eq!(
        std::fs::metadata(out.join("a/same.html")).unwrap().ino(),
        same_inode,
        "an unchanged file is not written again"
    );
    assert!(
        !out.join("b").exists(),
        "a file the build no longer has is removed, and its folder"
    );
    assert_eq!(
        std::fs::read_to_string(out.join(MANIFEST)).unwrap(),
        "a/same.html\nindex.html\n"
    );
    assert_eq!(
        std::fs::read_to_string(previous.join("index.html")).unwrap(),
        "two",
        "the replaced output becomes the previous build"
    );
}

#[test]
fn a_previous_build_with_foreign_files_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one")]).unwrap();
    write_site(&out, &[file("index.html", "two")]).unwrap();
    let previous = dir.path().join(".public.coroner-previous");
    std::fs::write(previous.join("notes.txt"), "mine").unwrap();
    write_site(&out, &[file("index.html", "three")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "three"
    );
    assert_eq!(
        std::fs::read_to_string(previous.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!out.join("notes.txt").exists());
}

#[test]
fn refuses_to_replace_a_directory_with_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one")]).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let err = write_site(&out, &[file("index.html", "two")]).unwrap_err();
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "one"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn failed_write_leaves_the_old_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one")]).unwrap();
    let err = write_site(&out, &[file("ok.html", "x"), file("../escape.html", "x")]).unwrap_err();
    assert!(matches!(err, OutputError::Escape(_)));
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "one"
    );
    assert!(!dir.path().join("escape.html").exists());
}

#[test]
fn output_may_not_be_the_root_content_or_a_parent() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    assert!(check_location(&root, &root, &content).is_err());
    assert!(check_location(&content, &root, &content).is_err());
    assert!(check_location(dir.path(), &root, &content).is_err());
    assert!(check_location(&root.join("public"), &root, &content).is_ok());
    assert!(check_location(&root.join("public/../content"), &root, &content).is_err());
    assert!(check_location(&content.join("public"), &root, &content).is_err());
}

#[test]
fn stale_staging_from_a_killed_build_is_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    // A pid above the kernel's maximum (2^22) is never a running process.
    let stale = dir.path().join(".public.coroner-staging-99999999");
    std::fs::create_dir_all(stale.join("incidents")).unwrap();
    std::fs::write(stale.join("incidents/x.html"), "half").unwrap();
    std::fs::write(stale.join(MANIFEST), "incidents/x.html\nincidents/y.html\n").unwrap();
    let lookalike = dir.path().join(".public.coroner-staging-notes");
    std::fs::create_dir_all(&lookalike).unwrap();
    std::fs::write(lookalike.join("mine.txt"), "mine").unwrap();
    write_site(&dir.path().join("public"), &[file("index.html", "x")]).unwrap();
    assert!(!stale.exists());
    let public = dir.path().join("public");
    assert!(
        !public.join("incidents").exists(),
        "the killed build's files that this build does not have are removed"
    );
    assert_eq!(
        std::fs::read_to_string(public.join("index.html")).unwrap(),
        "x"
    );
    assert!(
        lookalike.join("mine.txt").exists(),
        "not coroner's: left alone"
    );
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    // Bug guarded: the file was swapped into the staging name and left there.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::write(&out, "my notes").unwrap();
    let err = write_site(&out, &[file("index.html", "x")]).unwrap_err();
    assert!(err.to_string().contains("a file, not a directory"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "my notes");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_previous_file_edited_after_it_was_stamped_is_written_again() {
    // Guards the stamps: a file changed since its stamp (same length, so only its bytes tell)
    // must not be taken for the one coroner wrote.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one")]).unwrap();
    write_site(&out, &[file("index.html", "two")]).unwrap();
    let previous = dir.path().join(".public.coroner-previous");
    let stamps = std::fs::read_to_string(previous.join(stamps::STAMPS)).unwrap();
    assert!(stamps.trim_end().ends_with(" index.html"), "{stamps}");
    std::fs::write(previous.join("index.html"), "own").unwrap();
    write_site(&out, &[file("index.html", "one")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "one"
    );
}

#[test]
fn the_stamps_file_is_coroners_and_goes_with_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, &[file("index.html", "one")]).unwrap();
    assert!(out.join(stamps::STAMPS).is_file());
    // Not a foreign file: the next build replaces the output.
    write_site(&out, &[file("index.html", "two")]).unwrap();
    remove_site(&out).unwrap();
    assert!(!out.exists(), "removing the site removes its stamps too");
}
