//! Splitting a data file at top-level `[[kind]]` headers and pre-scanning record ids, so large
//! files load on several threads.
//!
//! Both are optimisations that are checked afterwards, never trusted: a split that falls inside
//! a multi-line string or array leaves the chunk before it unclosed (a syntax error in that
//! chunk), and the ids found by the scan are compared with the ids the parser really read.
//! On any doubt the loader falls back to reading the whole document at once, so results and
//! diagnostics are exactly those of the one-piece path.

use std::collections::HashMap;
use std::ops::Range;

pub use super::chunk_layout::{Chunk, Cut, Layout};
use super::chunk_layout::{fingerprint, newlines};
use super::dataset::{Kind, RecordRef, Text};

/// Cuts `text` into chunks of at least `target` bytes, each ending just before a line that
/// starts with `[[`.
pub fn split(text: &str, target: usize) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut line = 0;
    let bytes = text.as_bytes();
    let mut search = target.min(text.len());
    while search < text.len() {
        // The next header at or after `search` (a header starts with an ASCII newline, so
        // never inside a character: look from the next character boundary).
        while !text.is_char_boundary(search) {
            search += 1;
        }
        let Some(found) = text[search..].find("\n[[") else {
            break;
        };
        let cut = search + found + 1;
        chunks.push(Chunk {
            range: start..cut,
            first_line: line,
        });
        line += bytes[start..cut].iter().filter(|&&b| b == b'\n').count();
        start = cut;
        search = (cut + target).min(text.len());
    }
    chunks.push(Chunk {
        range: start..text.len(),
        first_line: line,
    });
    chunks
}

fn kind_of(header: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.key() == header)
}

/// What `prescan` finds: id → record (kind and index in that kind's records, in file order).
pub type Scan = HashMap<Text, RecordRef>;

/// The ids of every record, read without parsing TOML: a `[[kind]]` line, then
/// the record's first `id = "…"` line. `None` when the file is written in a way this scan does
/// not follow (the loader then reads the whole document at once).
pub fn prescan(text: &str) -> Option<Scan> {
    let mut scanner = Scanner::default();
    scanner.feed(text)?;
    scanner.finish()
}

/// `prescan` fed piece by piece, for a file read in blocks.
#[derive(Default)]
pub struct Scanner {
    ids: Scan,
    counts: [u32; Kind::ALL.len()],
    current: Option<Kind>,
    need_id: bool,
}

impl Scanner {
    /// Scans whole lines (`text` must end at a line's end, or be the file's end).
    pub fn feed(&mut self, text: &str) -> Option<()> {
        let text = text.strip_suffix('\n').unwrap_or(text);
        for raw in text.split('\n') {
            self.line(raw.trim_end_matches('\r'))?;
        }
        Some(())
    }

    fn line(&mut self, line: &str) -> Option<()> {
        if let Some(rest) = line.strip_prefix("[[") {
            if self.need_id {
                return None;
            }
            let name = rest.split("]]").next()?.trim();
            self.current = Some(kind_of(name)?);
            self.need_id = true;
            return Some(());
        }
        if !self.need_id {
            return Some(());
        }
        let t = line.trim_start();
        let Some(after) = t.strip_prefix("id") else {
            return Some(());
        };
        let after = after.trim_start();
        let Some(value) = after.strip_prefix('=') else {
            return Some(());
        };
        let value = value.trim();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let body = &value[1..];
        let end = body.find(quote)?;
        let id = &body[..end];
        // Escapes, or anything after the closing quote but a comment: let the parser decide.
        let tail = body[end + 1..].trim();
        if (quote == '"' && id.contains('\\')) || !(tail.is_empty() || tail.starts_with('#')) {
            return None;
        }
        let kind = self.current?;
        let slot = kind as usize;
        let r = RecordRef {
            kind,
            index: self.counts[slot],
        };
        self.counts[slot] += 1;
        if self.ids.insert(Text::from(id), r).is_some() {
            return None;
        }
        self.need_id = false;
        Some(())
    }

    /// The ids, or `None` when the last record had no id line.
    pub fn finish(self) -> Option<Scan> {
        if self.need_id { None } else { Some(self.ids) }
    }
}

/// `prescan` and `split(text, target)` in one pass over a text read in blocks from `reader`,
/// without holding all of it: the ids and the chunks, or `None` as `prescan` (or when the
/// text is not UTF-8, or cannot be read).
pub fn plan(reader: &mut dyn std::io::Read, target: usize) -> Option<(Scan, Vec<Chunk>)> {
    const BLOCK: usize = 4 << 20;
    let mut scanner = Scanner::default();
    let mut chunks = Vec::new();
    // The chunk being measured: its start and its first line.
    let (mut start, mut start_line) = (0, 0);
    // The line being read: its offset in the file and its number.
    let (mut at, mut line_no) = (0, 0);
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK);
    loop {
        let old = buf.len();
        buf.resize(old + BLOCK, 0);
        let n = loop {
            match reader.read(&mut buf[old..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                r => break r.ok()?,
            }
        };
        buf.truncate(old + n);
        let eof = n == 0;
        // Whole lines only; a line longer than a block waits for the next one.
        let end = match buf.iter().rposition(|&b| b == b'\n') {
            _ if eof => buf.len(),
            Some(i) => i + 1,
            None => continue,
        };
        for raw in std::str::from_utf8(&buf[..end]).ok()?.split_inclusive('\n') {
            // As `split`: cut before a line starting with `[[` found `target` bytes or more
            // into the chunk.
            if raw.starts_with("[[") && at > start + target {
                chunks.push(Chunk {
                    range: start..at,
                    first_line: start_line,
                });
                (start, start_line) = (at, line_no);
            }
            scanner.line(raw.strip_suffix('\n').unwrap_or(raw).trim_end_matches('\r'))?;
            at += raw.len();
            line_no += usize::from(raw.ends_with('\n'));
        }
        buf.drain(..end);
        if eof {
            break;
        }
    }
    chunks.push(Chunk {
        range: start..at,
        first_line: start_line,
    });
    Some((scanner.finish()?, chunks))
}

/// The chunks `split(text, target)` gives, with their fingerprints, from a text read in
/// blocks from `reader` (only a block is held): no TOML and no ids are read, and the chunks
/// of each block are fingerprinted on all cores. `None` when the text cannot be read.
pub fn cuts(reader: &mut dyn std::io::Read, target: usize) -> Option<Vec<Cut>> {
    const BLOCK: usize = 8 << 20;
    let finder = memchr::memmem::Finder::new(b"\n[[");
    let mut out: Vec<Cut> = Vec::new();
    // `buf` is the file from `start` on.
    let mut start = 0;
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK + target);
    // Where the block's chunks end in `buf`; the first `searched` bytes after the last end
    // hold no cut.
    let mut ends: Vec<usize> = Vec::new();
    let mut searched = target;
    loop {
        let n = std::io::Read::read_to_end(&mut std::io::Read::take(&mut *reader, BLOCK as u64), &mut buf).ok()?;
        let eof = n == 0;
        ends.clear();
        loop {
            let from = ends.last().copied().unwrap_or(0);
            let held = &buf[from..];
            let at = searched.min(held.len());
            match finder.find(&held[at..]) {
                Some(i) => {
                    ends.push(from + at + i + 1);
                    searched = target;
                }
                None => {
                    // The pattern may straddle the end of what is held: search its last
                    // bytes again once more is read.
                    searched = searched.max(held.len().saturating_sub(2));
                    break;
                }
            }
        }
        if eof {
            ends.push(buf.len());
        }
        fingerprint_all(&buf, &ends, start, &mut out)?;
        let done = ends.last().copied().unwrap_or(0);
        buf.drain(..done);
        start += done;
        if eof {
            return Some(out);
        }
    }
}

/// Appends to `out` the cuts of the chunks of `buf` (the file from `start` on) ending at
/// `ends`, fingerprinted on all cores.
fn fingerprint_all(buf: &[u8], ends: &[usize], start: usize, out: &mut Vec<Cut>) -> Option<()> {
    let ranges: Vec<Range<usize>> = ends
        .iter()
        .scan(0, |from, &end| {
            let r = *from..end;
            *from = end;
            Some(r)
        })
        .collect();
    let sums = |rs: &[Range<usize>]| -> Vec<(usize, u64)> {
        rs.iter()
            .map(|r| {
                let b = &buf[r.clone()];
                (newlines(b), fingerprint(b))
            })
            .collect()
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(ranges.len())
        .max(1);
    let per = ranges.len().div_ceil(threads);
    let done: Vec<(usize, u64)> = if threads == 1 {
        sums(&ranges)
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = ranges.chunks(per).map(|rs| s.spawn(move || sums(rs))).collect();
            handles.into_iter().map(|h| h.join().ok()).collect::<Option<Vec<_>>>()
        })?
        .concat()
    };
    if done.len() != ranges.len() {
        return None;
    }
    for (r, (lines, sum)) in ranges.into_iter().zip(done) {
        let first_line = out.last().map_or(0, |c: &Cut| c.chunk.first_line + c.lines);
        out.push(Cut {
            chunk: Chunk {
                range: start + r.start..start + r.end,
                first_line,
            },
            lines,
            sum,
        });
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_only_before_headers_and_counts_lines() {
        let text = "# head\n[[lab]]\nid = \"a\"\n\n[[lab]]\nid = \"b\"\n[[model]]\nid = \"c\"\n";
        let chunks = split(text, 5);
        assert!(chunks.len() >= 2);
        for c in &chunks[1..] {
            assert!(text[c.range.clone()].starts_with("[["), "{:?}", &text[c.range.clone()]);
        }
        let joined: String = chunks.iter().map(|c| &text[c.range.clone()]).collect();
        assert_eq!(joined, text);
        for c in &chunks {
            assert_eq!(c.first_line, text[..c.range.start].matches('\n').count());
        }
        assert_eq!(split(text, 10_000).len(), 1);
    }

    /// A reader that hands out a few bytes at a time, as a pipe or slow disk may.
    struct Trickle<'a>(&'a [u8], usize);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(out.len()).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn the_one_pass_plan_equals_prescan_and_split() {
        let generated = crate::generate::dataset(crate::generate::Sizes::models(400), 2);
        let wide = generated
            .replace("Generated source", "生成的来源 ✓")
            .replace('\n', "\r\n");
        let bundled = crate::data::BUNDLED;
        for text in [generated.as_str(), wide.as_str(), bundled, "", "[[lab]]\nid = \"a\""] {
            for target in [1, 7, 100, 4096, 1 << 20] {
                for step in [1 << 30, 4099] {
                    let (ids, parts) = plan(&mut Trickle(text.as_bytes(), step), target)
                        .unwrap_or_else(|| panic!("plan refused a text prescan takes"));
                    assert_eq!(Some(ids), prescan(text));
                    assert_eq!(parts, split(text, target), "target {target}");
                }
            }
        }
        assert!(
            plan(&mut &b"[[lab]]\nid = \"a\"\n\xff\n"[..], 10).is_none(),
            "not UTF-8"
        );
    }

    #[test]
    fn split_never_cuts_inside_a_character() {
        let text = "[[lab]]\nid = \"é\"\n[[lab]]\nid = \"b\"\n";
        for target in 0..text.len() {
            let joined: String = split(text, target).iter().map(|c| &text[c.range.clone()]).collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn prescan_reads_ids_in_order_and_gives_up_on_odd_files() {
        let text = "[[lab]]\nid = \"a\"\n[[model]]\nname = \"x\"\n  id = 'm1' # c\n[[lab]]\nid=\"b\"\n";
        let ids = prescan(text).unwrap_or_else(|| panic!("scan failed"));
        assert_eq!(
            ids.get("b"),
            Some(&RecordRef {
                kind: Kind::Lab,
                index: 1
            })
        );
        assert_eq!(
            ids.get("m1"),
            Some(&RecordRef {
                kind: Kind::Model,
                index: 0
            })
        );
        assert_eq!(ids.len(), 3);
        assert!(
            prescan("[[lab]]\nname = \"x\"\n[[lab]]\nid = \"a\"\n").is_none(),
            "record without id"
        );
        assert!(prescan("[[lab]]\nid = \"a\\u0041\"\n").is_none(), "escapes");
        assert!(
            prescan("[[lab]]\nid = \"a\"\n[[lab]]\nid = \"a\"\n").is_none(),
            "duplicates"
        );
        assert!(prescan("[[labz]]\nid = \"a\"\n").is_none(), "unknown kind");
    }

    #[test]
    fn cuts_are_the_chunks_of_split_with_their_fingerprints() {
        let generated = crate::generate::dataset(crate::generate::Sizes::models(400), 2);
        for text in [generated.as_str(), crate::data::BUNDLED, "", "[[lab]]\nid = \"a\""] {
            for target in [1, 7, 100, 4096, 1 << 20] {
                for step in [1 << 30, 4099, 97] {
                    let got =
                        cuts(&mut Trickle(text.as_bytes(), step), target).unwrap_or_else(|| panic!("cuts failed"));
                    let want: Vec<Cut> = split(text, target)
                        .into_iter()
                        .map(|c| Cut::of(c.clone(), &text.as_bytes()[c.range]))
                        .collect();
                    assert_eq!(got, want, "target {target} step {step}");
                }
            }
        }
    }
}
