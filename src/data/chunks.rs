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

use super::dataset::{Kind, RecordRef};

/// A piece of the file that starts at a `[[kind]]` header (or at the file's start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Byte range in the file.
    pub range: Range<usize>,
    /// 0-based line number of the chunk's first line.
    pub first_line: usize,
}

/// Cuts `text` into chunks of at least `target` bytes, each ending just before a line that
/// starts with `[[`.
pub fn split(text: &str, target: usize) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut line = 0;
    let bytes = text.as_bytes();
    let mut search = target.min(text.len());
    while search < text.len() {
        // The next header at or after `search`.
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

/// What `prescan` finds: id → record, and the (kind, id) of every record in file order.
pub type Scan = (HashMap<String, RecordRef>, Vec<(Kind, String)>);

/// The ids of every record, in file order, read without parsing TOML: a `[[kind]]` line, then
/// the record's first `id = "…"` line. `None` when the file is written in a way this scan does
/// not follow (the loader then reads the whole document at once).
pub fn prescan(text: &str) -> Option<Scan> {
    let mut ids = HashMap::new();
    let mut order = Vec::new();
    let mut counts = [0u32; Kind::ALL.len()];
    let mut current: Option<Kind> = None;
    let mut need_id = false;
    for raw in text.split('\n') {
        let line = raw.trim_end_matches('\r');
        if let Some(rest) = line.strip_prefix("[[") {
            if need_id {
                return None;
            }
            let name = rest.split("]]").next()?.trim();
            current = Some(kind_of(name)?);
            need_id = true;
            continue;
        }
        if !need_id {
            continue;
        }
        let t = line.trim_start();
        let Some(after) = t.strip_prefix("id") else { continue };
        let after = after.trim_start();
        let Some(value) = after.strip_prefix('=') else { continue };
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
        let kind = current?;
        let slot = Kind::ALL.iter().position(|k| *k == kind)?;
        let r = RecordRef {
            kind,
            index: counts[slot],
        };
        counts[slot] += 1;
        if ids.insert(id.to_string(), r).is_some() {
            return None;
        }
        order.push((kind, id.to_string()));
        need_id = false;
    }
    if need_id { None } else { Some((ids, order)) }
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

    #[test]
    fn prescan_reads_ids_in_order_and_gives_up_on_odd_files() {
        let text = "[[lab]]\nid = \"a\"\n[[model]]\nname = \"x\"\n  id = 'm1' # c\n[[lab]]\nid=\"b\"\n";
        let (ids, order) = prescan(text).unwrap_or_else(|| panic!("scan failed"));
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
        assert_eq!(order.len(), 3);
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
}
