//! A file full of problems judged from its beginning: the TOML parser builds a tree, a token
//! list and an error list of the whole text (~25× its size), so a 50 MB file of a million
//! unknown keys or broken lines is first parsed in prefixes of growing length, and once one
//! holds more problems than are shown, labdash stops there and says so.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::super::diagnostic::{self, Diagnostic, MAX_SHOWN, fold_if_full};
use super::super::fields::Fields;
use super::super::schema;
use super::{Kind, kind_of, unknown_kind};

/// The first prefix parsed; a file up to four times this size is parsed whole at once.
const FIRST_PREFIX: usize = 64 << 10;

/// How much longer each prefix is than the one before.
const GROWTH: usize = 4;

/// The first problems of `text` when it is full of them, found in a prefix, folded, with
/// where labdash stopped looking; `None` when the whole text must be parsed (it is small,
/// or a prefix of it had no problem, or not enough).
///
/// Only problems local to a line are counted here (syntax errors, unknown record kinds and
/// keys): a reference may point past the prefix, a record may end past it. A prefix at most
/// half the text is parsed only while the prefixes before it had problems, so a valid file
/// costs one parse of 64 KiB more, and a file with a few problems at most two thirds of a
/// whole parse more.
pub(super) fn problems(text: &str) -> Option<Vec<Diagnostic>> {
    if text.len() <= GROWTH * FIRST_PREFIX {
        return None;
    }
    // A valid beginning followed by one giant record (a million unknown keys after 1 MB of
    // good records): the prefixes reach into that record rather than stopping in the good part.
    let base = giant_record(text).unwrap_or(0);
    let mut len = FIRST_PREFIX;
    while (base + len).saturating_mul(2) <= text.len() + base {
        let (end, sure) = cut(text, base + len, base)?;
        let mut found = local(&text[..end], sure);
        let n = diagnostic::total(&found);
        if n == 0 {
            return None;
        }
        if n > MAX_SHOWN {
            diagnostic::fold(&mut found);
            let line = memchr::memchr_iter(b'\n', &text.as_bytes()[..sure]).count() + 1;
            diagnostic::stop_at(&mut found, line);
            return Some(found);
        }
        len = len.saturating_mul(GROWTH);
    }
    None
}

/// Where the largest record of `text` starts, when it is far larger than any record written
/// by hand or by a tool (over `GROWTH * FIRST_PREFIX` bytes) and not at the start.
fn giant_record(text: &str) -> Option<usize> {
    let mut last = 0;
    let mut best = (0, 0);
    for i in memchr::memmem::find_iter(text.as_bytes(), b"\n[[") {
        if i - last > best.1 {
            best = (last, i - last);
        }
        last = i + 1;
    }
    if text.len() - last > best.1 {
        best = (last, text.len() - last);
    }
    (best.0 > 0 && best.1 > GROWTH * FIRST_PREFIX).then_some(best.0)
}

/// Where a prefix of about `len` bytes of `text` ends, and up to where its problems are the
/// whole text's. Cut before a record header in its second half, no record, array or string
/// is cut off (all its problems count); else after its last whole line, and only problems
/// starting before that line count (a value there may go on past the cut).
fn cut(text: &str, len: usize, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes().get(..len)?;
    // Past `from` (the giant record's start): a cut before it would leave the record out.
    let half = (len / 2).max(from + 1).min(len);
    if let Some(i) = memchr::memmem::rfind(&bytes[half..], b"\n[[") {
        let header = half + i + 1;
        return Some((header, header));
    }
    let end = memchr::memrchr(b'\n', bytes)? + 1;
    let last_line = memchr::memrchr(b'\n', &bytes[..end - 1]).map_or(0, |i| i + 1);
    Some((end, last_line))
}

/// The syntax errors, unknown record kinds and unknown keys of `prefix` that start before
/// byte `sure` (folded as they are collected).
fn local(prefix: &str, sure: usize) -> Vec<Diagnostic> {
    let before = |span: &Range<usize>| span.start < sure;
    let (root, errors) = DeTable::parse_recoverable(prefix);
    let errors: Vec<_> = errors
        .into_iter()
        .filter(|e| e.span().is_some_and(|s| before(&s)))
        .collect();
    let mut found = super::super::syntax::diagnostics(prefix, &errors);
    drop(errors);
    fold_if_full(&mut found);
    for (key, value) in root.get_ref().iter() {
        let name: &str = key.get_ref();
        let Some(kind) = kind_of(name) else {
            if before(&key.span()) {
                found.push(unknown_kind(name, key.span()));
                fold_if_full(&mut found);
            }
            continue;
        };
        let DeValue::Array(items) = value.get_ref() else {
            continue;
        };
        for item in items {
            let DeValue::Table(t) = item.get_ref() else { continue };
            let mut f = Fields::new(t, item.span(), section(kind));
            f.deny_unknown(schema::keys(kind));
            found.extend(f.diags.into_iter().filter(|d| !d.folded.is_empty() || before(&d.span)));
            fold_if_full(&mut found);
        }
    }
    found
}

/// How messages name a record kind's section (as the record readers do).
fn section(kind: Kind) -> &'static str {
    match kind {
        Kind::Source => "[[source]]",
        Kind::Chip => "[[chip]]",
        Kind::Lab => "[[lab]]",
        Kind::Entity => "[[entity]]",
        Kind::Model => "[[model]]",
        Kind::Compute => "[[compute]]",
        Kind::Event => "[[event]]",
        Kind::Claim => "[[claim]]",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn unknown_keys(n: usize) -> String {
        let mut s = String::from("[[lab]]\nid = \"x\"\nname = \"X\"\n");
        for i in 0..n {
            s.push_str(&format!("k{i} = 1\n"));
        }
        s
    }

    #[test]
    fn a_small_file_is_parsed_whole() {
        assert!(problems(&unknown_keys(1000)).is_none());
    }

    #[test]
    fn a_valid_beginning_means_a_whole_parse() {
        let mut s = String::new();
        for i in 0..20_000 {
            s.push_str(&format!("[[lab]]\nid = \"l{i}\"\nname = \"L\"\n"));
        }
        assert!(problems(&s).is_none());
    }

    #[test]
    fn many_unknown_keys_stop_at_the_first_prefix() {
        let text = unknown_keys(1_000_000);
        let found = problems(&text).unwrap();
        assert!(diagnostic::stopped(&found));
        assert_eq!(found.iter().filter(|d| d.folded.is_empty()).count(), MAX_SHOWN);
        assert!(
            found[0].message.starts_with("unknown key `k0` in a [[lab]]"),
            "{}",
            found[0].message
        );
        let summary = found.iter().find(|d| !d.folded.is_empty()).unwrap();
        // Stopped within the first prefix: a few thousand lines, not a million.
        assert!(summary.stopped_at.unwrap() < 10_000, "{:?}", summary.stopped_at);
        assert!(diagnostic::total(&found) > MAX_SHOWN);
    }

    #[test]
    fn many_syntax_errors_stop_before_the_last_line_of_the_prefix() {
        let text = "x\n".repeat(1_000_000);
        let found = problems(&text).unwrap();
        let shown: Vec<_> = found.iter().filter(|d| d.folded.is_empty()).collect();
        assert_eq!(shown.len(), MAX_SHOWN);
        // One per line, from the first.
        assert!(shown.windows(2).all(|w| w[1].span.start == w[0].span.start + 2));
        assert!(shown[0].span.start < 2);
    }

    #[test]
    fn problems_only_late_in_ordinary_records_are_left_to_the_whole_parse() {
        let mut s = String::new();
        for i in 0..20_000 {
            s.push_str(&format!("[[lab]]\nid = \"l{i}\"\nname = \"L\"\n"));
        }
        for i in 0..5_000 {
            s.push_str(&format!("[[lab]]\nid = \"b{i}\"\nname = \"B\"\nk = 1\n"));
        }
        assert!(problems(&s).is_none());
    }

    #[test]
    fn a_giant_record_after_a_valid_beginning_is_judged_from_its_own_beginning() {
        let mut s = String::new();
        for i in 0..20_000 {
            s.push_str(&format!("[[lab]]\nid = \"l{i}\"\nname = \"L\"\n"));
        }
        let giant = s.len();
        s.push_str(&unknown_keys(100_000));
        let found = problems(&s).unwrap();
        let shown: Vec<_> = found.iter().filter(|d| d.folded.is_empty()).collect();
        assert_eq!(shown.len(), MAX_SHOWN);
        assert!(shown.iter().all(|d| d.span.start > giant));
        assert!(diagnostic::stopped(&found));
    }

    #[test]
    fn a_cut_is_before_a_header_or_after_a_whole_line() {
        let text = format!("{}[[lab]]\n{}", "a = 1\n".repeat(20), "b = 2\n".repeat(20));
        let (end, sure) = cut(&text, 200, 0).unwrap();
        assert_eq!(end, sure);
        assert!(text[end..].starts_with("[[lab]]"));
        let text = "a = 1\n".repeat(100);
        let (end, sure) = cut(&text, 200, 0).unwrap();
        assert_eq!((end % 6, sure % 6, end - sure), (0, 0, 6));
    }
}
