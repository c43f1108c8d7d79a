//! Reading a data file's bytes safely: refusing directories and oversized files before
//! reading them, and decoding UTF-8 with a diagnostic that points at the first bad byte.

use std::path::Path;

use super::{Failure, fail};
use crate::data::{self, SourceMap};

/// The largest data file labdash reads (2 GiB: generated million-model scenario files are
/// ~800 MB); anything bigger is not a data file (and `/dev/zero` must not exhaust memory).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Reads a data file's text: exit 2 when missing, unreadable or too large, 1 when not UTF-8.
pub fn read(path: &Path) -> Result<String, Failure> {
    use std::io::Read as _;
    let (file, _) = open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(path, e))?;
    decode(path, bytes)
}

/// A file name as messages show it.
pub(super) fn shown(path: &Path) -> String {
    data::sanitize::printable(&path.display().to_string()).into_owned()
}

pub(super) fn cannot(path: &Path, e: std::io::Error) -> Failure {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    fail(2, format!("labdash: cannot read {}: {why}", shown(path)))
}

fn too_large(path: &Path) -> Failure {
    fail(
        2,
        format!(
            "labdash: cannot read {}: larger than {} MiB; not a labdash data file",
            shown(path),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Opens a data file, with its size when it is a regular file: exit 2 when missing, a
/// directory, unreadable or too large.
pub(super) fn open(path: &Path) -> Result<(std::fs::File, Option<u64>), Failure> {
    // Decided from the file's type before opening it: opening a FIFO with no writer blocks
    // for good (a frozen dashboard), and a device never ends (`/dev/zero`).
    let meta = std::fs::metadata(path).map_err(|e| cannot(path, e))?;
    not_a_file(path, &meta)?;
    let file = crate::fsio::open_nonblocking(path).map_err(|e| cannot(path, e))?;
    // Checked again on what was opened: the path may have been swapped meanwhile.
    let meta = file.metadata().map_err(|e| cannot(path, e))?;
    not_a_file(path, &meta)?;
    // A regular file's size is known: refuse an oversized one without reading it.
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    sniff(path, &file)?;
    Ok((file, Some(meta.len())))
}

/// Refuses anything but a regular file, saying what it is.
fn not_a_file(path: &Path, meta: &std::fs::Metadata) -> Result<(), Failure> {
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        return Err(fail(
            2,
            format!("labdash: {}: is a directory, not a data file", shown(path)),
        ));
    } else {
        kind_of(meta)
    };
    Err(fail(
        2,
        format!("labdash: cannot read {}: {what}, not a file", shown(path)),
    ))
}

#[cfg(unix)]
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    let t = meta.file_type();
    if t.is_fifo() {
        "is a FIFO"
    } else if t.is_char_device() {
        "is a character device"
    } else if t.is_block_device() {
        "is a block device"
    } else if t.is_socket() {
        "is a socket"
    } else {
        "is not a regular file"
    }
}

#[cfg(not(unix))]
fn kind_of(_: &std::fs::Metadata) -> &'static str {
    "is not a regular file"
}

/// How much of a file's beginning is looked at before the rest is read.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Refuses a file from its first bytes: UTF-16/UTF-32 (by their byte-order marks), a NUL byte
/// (binary) or bytes that are not UTF-8 — without reading the rest of a file of any size.
fn sniff(path: &Path, file: &std::fs::File) -> Result<(), Failure> {
    use std::io::{Read as _, Seek as _};
    let mut head = Vec::new();
    let mut f = file;
    f.take(SNIFF_BYTES)
        .read_to_end(&mut head)
        .map_err(|e| cannot(path, e))?;
    f.rewind().map_err(|e| cannot(path, e))?;
    if let Some(why) = wide_encoding(&head) {
        return Err(bad_text(path, &head, 0, why.to_string()));
    }
    if let Some(at) = memchr::memchr(0, &head) {
        return Err(bad_text(
            path,
            &head,
            at,
            "the file contains a NUL byte: it is binary, not a TOML data file".to_string(),
        ));
    }
    // A character cut at the end of the head is not an error: the rest of it comes later.
    if let Err(e) = std::str::from_utf8(&head)
        && e.error_len().is_some()
    {
        let at = e.valid_up_to();
        let bad = head.get(at).copied().unwrap_or(0);
        let why = format!("the file is not valid UTF-8 (byte 0x{bad:02x} at offset {at}); save it as UTF-8");
        return Err(bad_text(path, &head, at, why));
    }
    Ok(())
}

/// UTF-32 or UTF-16, from the byte-order mark (UTF-32LE's begins as UTF-16LE's does).
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xff, 0xfe, 0, 0]) || bytes.starts_with(&[0, 0, 0xfe, 0xff]) {
        Some("the file is UTF-32; save it as UTF-8")
    } else if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        Some("the file is UTF-16; save it as UTF-8")
    } else {
        None
    }
}

/// A problem at byte `at` of a file that is not UTF-8 text, shown on its line (bad bytes as
/// U+FFFD; the text before `at` is unchanged, so the offset still points at it).
fn bad_text(path: &Path, bytes: &[u8], at: usize, why: String) -> Failure {
    let shown = shown(path);
    let lossy = String::from_utf8_lossy(bytes);
    let map = SourceMap::new(&shown, &lossy);
    // Bad bytes before `at` (a NUL after them) each became a U+FFFD: where `at` is now.
    let at = String::from_utf8_lossy(&bytes[..at.min(bytes.len())]).len();
    let width = lossy.get(at..).and_then(|t| t.chars().next()).map_or(0, char::len_utf8);
    let d = data::Diagnostic::new(at..at + width, why);
    fail(1, format!("{}\n\nlabdash: 1 problem in {shown}", map.render(&d)))
}

/// The text of a file's bytes: exit 2 when too large, 1 when not UTF-8.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Failure> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let bad = bytes.get(valid).copied().unwrap_or(0);
        let why = wide_encoding(bytes).map_or_else(
            || format!("the file is not valid UTF-8 (byte 0x{bad:02x} at offset {valid}); save it as UTF-8"),
            str::to_string,
        );
        bad_text(path, bytes, valid, why)
    })
}

/// Whether `path` is a regular file large enough to load in chunks (and not over the limit).
pub(super) fn is_large(path: &Path) -> bool {
    std::fs::metadata(path)
        .is_ok_and(|m| m.is_file() && m.len() >= data::PARALLEL_MIN_BYTES as u64 && m.len() <= MAX_FILE_BYTES)
}
