//! Writing files safely: every file labdash writes (`init`, `import -o`, saved views, config)
//! goes through [`write_atomic`], so a full disk or a crash never leaves a cut-off file where
//! the user's data was. Reading opens without blocking ([`open_nonblocking`]).

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: into a temporary file in the same directory, flushed to
/// disk, then renamed over `path`. On any failure the temporary is removed and whatever was at
/// `path` is untouched.
///
/// Without `overwrite`, an existing `path` is refused with `AlreadyExists` — a dangling symlink
/// counts as existing (its target is never created) — and the final step links the temporary
/// into place, which fails rather than replaces if something appeared at `path` meanwhile.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> io::Result<()> {
    if !overwrite && std::fs::symlink_metadata(path).is_ok() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, "file exists"));
    }
    // Replacing a symlink's target, not the link: the user's link keeps pointing at the data.
    let resolved = if overwrite {
        std::fs::canonicalize(path).ok()
    } else {
        None
    };
    let path = resolved.as_deref().unwrap_or(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (tmp, mut file) = temporary(&dir, path)?;
    // The replacement keeps the original's permissions (a private file stays private).
    if let Some(m) = std::fs::metadata(path).ok().filter(|_| overwrite) {
        let _ = file.set_permissions(m.permissions());
    }
    let written = file.write_all(bytes).and_then(|()| file.sync_all()).and_then(|()| {
        drop(file);
        if overwrite {
            std::fs::rename(&tmp, path)
        } else {
            std::fs::hard_link(&tmp, path).and_then(|()| std::fs::remove_file(&tmp))
        }
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // The rename itself is durable only once the directory is synced; a failure here leaves
    // the new file in place, so it is not reported.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A new, uniquely named file beside `path` (`.NAME.labdash-PID-N.tmp`), created exclusively.
fn temporary(dir: &Path, path: &Path) -> io::Result<(PathBuf, std::fs::File)> {
    let name = path
        .file_name()
        .map_or_else(|| "data".into(), |n| n.to_string_lossy().into_owned());
    let pid = std::process::id();
    let mut last = None;
    for n in 0..100u32 {
        let tmp = dir.join(format!(".{name}.labdash-{pid}-{n}.tmp"));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary file name free")))
}

/// Opens for reading without blocking: should a FIFO take a file's place after its type was
/// checked, `open` returns at once instead of waiting for a writer (regular files ignore the
/// flag). The loader and the file watcher both open this way.
#[cfg(unix)]
pub fn open_nonblocking(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Opens for reading (no FIFOs to fear off Unix).
#[cfg(not(unix))]
pub fn open_nonblocking(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("labdash-fsio-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).ok();
        d
    }

    #[test]
    fn writes_new_and_refuses_existing_without_overwrite() {
        let d = dir("new");
        let p = d.join("a.toml");
        write_atomic(&p, b"one", false).ok();
        assert_eq!(std::fs::read(&p).ok().as_deref(), Some(&b"one"[..]));
        let e = write_atomic(&p, b"two", false).err().map(|e| e.kind());
        assert_eq!(e, Some(io::ErrorKind::AlreadyExists));
        assert_eq!(std::fs::read(&p).ok().as_deref(), Some(&b"one"[..]));
        write_atomic(&p, b"two", true).ok();
        assert_eq!(std::fs::read(&p).ok().as_deref(), Some(&b"two"[..]));
        // No temporary left behind.
        let left: Vec<_> = std::fs::read_dir(&d).into_iter().flatten().flatten().collect();
        assert_eq!(left.len(), 1);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn dangling_symlink_is_not_followed() {
        let d = dir("link");
        let target = d.join("elsewhere.toml");
        let link = d.join("link.toml");
        std::os::unix::fs::symlink(&target, &link).ok();
        assert!(write_atomic(&link, b"x", false).is_err());
        assert!(!target.exists());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn overwrite_keeps_the_link_and_the_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let d = dir("keep");
        let target = d.join("data.toml");
        let link = d.join("link.toml");
        std::fs::write(&target, "old").ok();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).ok();
        std::os::unix::fs::symlink(&target, &link).ok();
        assert!(write_atomic(&link, b"new", true).is_ok());
        assert!(std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
        assert_eq!(std::fs::read(&target).ok().as_deref(), Some(&b"new"[..]));
        let mode = std::fs::metadata(&target).map(|m| m.permissions().mode() & 0o777).ok();
        assert_eq!(mode, Some(0o600));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn failure_leaves_no_temporary() {
        let d = dir("fail");
        // A directory in the way of the rename: the write fails, nothing is left.
        let p = d.join("sub");
        std::fs::create_dir_all(p.join("inner")).ok();
        assert!(write_atomic(&p, b"x", true).is_err());
        let left: Vec<_> = std::fs::read_dir(&d).into_iter().flatten().flatten().collect();
        assert_eq!(left.len(), 1);
        let _ = std::fs::remove_dir_all(&d);
    }
}
