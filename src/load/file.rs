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
    if path.is_dir() {
        return Err(fail(
            2,
            format!("labdash: {}: is a directory, not a data file", shown(path)),
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot(path, e))?;
    // A regular file's size is known: refuse an oversized one without reading it. Devices and
    // pipes (`/dev/zero`, `<(…)`) report no size and are cut off while reading.
    let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
    if size.is_some_and(|n| n > MAX_FILE_BYTES) {
        return Err(too_large(path));
    }
    Ok((file, size))
}

/// The text of a file's bytes: exit 2 when too large, 1 when not UTF-8.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Failure> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    String::from_utf8(bytes).map_err(|e| {
        let shown = shown(path);
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let bad = bytes.get(valid).copied().unwrap_or(0);
        let why = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            "the file is UTF-16; save it as UTF-8".to_string()
        } else {
            format!("the file is not valid UTF-8 (byte 0x{bad:02x} at offset {valid}); save it as UTF-8")
        };
        // Show the line with the bad byte as U+FFFD: the text before it is unchanged, so the
        // offset still points at it.
        let lossy = String::from_utf8_lossy(bytes);
        let map = SourceMap::new(&shown, &lossy);
        let d = data::Diagnostic::new(valid..valid + '\u{fffd}'.len_utf8(), why);
        fail(1, format!("{}\n\nlabdash: 1 problem in {shown}", map.render(&d)))
    })
}

/// Whether `path` is a regular file large enough to load in chunks (and not over the limit).
pub(super) fn is_large(path: &Path) -> bool {
    std::fs::metadata(path)
        .is_ok_and(|m| m.is_file() && m.len() >= data::PARALLEL_MIN_BYTES as u64 && m.len() <= MAX_FILE_BYTES)
}
