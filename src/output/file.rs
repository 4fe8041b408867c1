//! Writing one output file: rewritten where it stands when it has no other name, so the file
//! system keeps its blocks (truncating to nothing and writing again frees and allocates them,
//! which on a disk mounted with `discard` costs a trim per file).

use std::fs::Metadata;
use std::io::Write;
use std::path::Path;

/// Gives the file at `path` exactly `bytes`. An existing regular file with one name is
/// overwritten and cut to length; anything else at the path (a file with other names, such as
/// a hard link someone made, or a symbolic link) is replaced by a new file, so what the other
/// names lead to keeps its bytes. Returns the written file's metadata.
pub fn put(path: &Path, bytes: &[u8]) -> std::io::Result<Metadata> {
    put_over(path, std::fs::symlink_metadata(path), bytes)
}

/// [`put`], given what `symlink_metadata` said of `path` (so a caller that looked already
/// does not ask twice).
pub fn put_over(
    path: &Path,
    existing: std::io::Result<Metadata>,
    bytes: &[u8],
) -> std::io::Result<Metadata> {
    let mut file = match existing {
        Ok(m) if m.is_file() && !shared(&m) => std::fs::OpenOptions::new()
            .write(true)
            .truncate(false)
            .open(path)?,
        Ok(_) => {
            std::fs::remove_file(path)?;
            std::fs::File::create_new(path)?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::File::create_new(path)?,
        Err(e) => return Err(e),
    };
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.metadata()
}

/// Whether the file has more than one name.
#[cfg(unix)]
fn shared(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

/// Without link counts, every existing file is treated as possibly shared.
#[cfg(not(unix))]
fn shared(_meta: &std::fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longer_and_shorter_contents_replace_the_old_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        put(&path, b"first version of the page").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first version of the page");
        put(&path, b"short").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"short");
        put(&path, b"a longer second version").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a longer second version");
        put(&path, b"").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_keeps_its_other_name() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        let backup = dir.path().join("backup.html");
        put(&path, b"old").unwrap();
        std::fs::hard_link(&path, &backup).unwrap();
        put(&path, b"new bytes").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new bytes");
        assert_eq!(std::fs::read(&backup).unwrap(), b"old");
        assert_eq!(std::fs::metadata(&path).unwrap().nlink(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_with_one_name_keeps_its_inode() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        put(&path, b"old").unwrap();
        let inode = std::fs::metadata(&path).unwrap().ino();
        put(&path, b"new").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere.txt");
        std::fs::write(&target, "not coroner's").unwrap();
        let path = dir.path().join("page.html");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        put(&path, b"page").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"not coroner's");
        assert_eq!(std::fs::read(&path).unwrap(), b"page");
        assert!(!std::fs::symlink_metadata(&path).unwrap().is_symlink());
    }
}
