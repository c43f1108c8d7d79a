//! A large file's chunks as a load cut them: where each is, its fingerprint and line count,
//! and (once loaded) how many records of each kind it holds — what a reload compares to
//! parse again only the chunks an edit changed (`chunks_reload`).

use std::ops::Range;

use super::records::Kind;

/// A piece of the file that starts at a `[[kind]]` header (or at the file's start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Byte range in the file.
    pub range: Range<usize>,
    /// 0-based line number of the chunk's first line.
    pub first_line: usize,
}

/// A chunk's fingerprint, so a reload can tell which chunks an edit changed without keeping
/// the old text: a 64-bit hash of its bytes (with the length, compared apart), one pass.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher as _;
    foldhash::quality::FixedState::with_seed(0x243f_6a88_85a3_08d3).hash_one(bytes)
}

/// How many newlines `bytes` holds: counted 255 bytes at a time in a byte, which the
/// compiler turns into wide vector adds (a plain count is several times slower).
pub fn newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n'))))
        .sum()
}

/// A chunk as a reload sees it: where it is, how many lines it spans, and its fingerprint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cut {
    /// Byte range in the file, and the 0-based line it starts on.
    pub chunk: Chunk,
    /// Newlines in it.
    pub lines: usize,
    /// `fingerprint` of its bytes.
    pub sum: u64,
}

impl Cut {
    /// The cut of `bytes`, the chunk `chunk` of a file.
    pub fn of(chunk: Chunk, bytes: &[u8]) -> Cut {
        Cut {
            chunk,
            lines: newlines(bytes),
            sum: fingerprint(bytes),
        }
    }

    /// Whether two cuts hold the same bytes (wherever they are in the file).
    pub fn same_bytes(&self, other: &Cut) -> bool {
        self.sum == other.sum && self.chunk.range.len() == other.chunk.range.len()
    }
}

/// A loaded file's chunks: each one's cut and how many records of each kind it holds, so a
/// reload can find each chunk's records in the dataset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// The chunks in file order, each with its record counts by `Kind as usize`.
    pub pieces: Vec<(Cut, [u32; Kind::ALL.len()])>,
}
