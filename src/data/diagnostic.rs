//! Problems found in a data file, located by byte span and printed rustc-style:
//! `FILE:LINE:COL: error: message`, then the offending line and a caret.

use std::fmt::Write as _;
use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::sanitize::printable;

/// The UTF-8 byte-order mark some editors put at the start of a file.
const BOM: &str = "\u{feff}";

/// Source lines wider than this many columns are shown as a window around the caret.
const MAX_SHOWN_WIDTH: usize = 120;

/// How many problems are shown one by one; the others are counted by kind. A file with a
/// million broken lines must not make a million diagnostics (memory, time, stderr).
pub const MAX_SHOWN: usize = 50;

/// How many problems a collector holds before folding all but the first `MAX_SHOWN` into
/// counts: memory stays bounded whatever the file, and folding costs a sort of this many.
pub const FOLD_AT: usize = 1024;

/// One problem in a data file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Byte span in the file text.
    pub span: Range<usize>,
    /// What is wrong, and what was expected.
    pub message: String,
    /// A short hint printed under the caret ("did you mean `chips`?").
    pub label: Option<String>,
    /// For the closing summary alone: the problems not shown, counted by kind (sorted).
    pub folded: Vec<(String, usize)>,
    /// For the closing summary alone: the line where labdash stopped looking (a file full of
    /// problems), so what is counted is a lower bound.
    pub stopped_at: Option<usize>,
    /// An unknown id found in one chunk of a large file, and the kinds it should be: its
    /// "did you mean" is looked up among the whole file's ids once it is known to be shown.
    pub unresolved: Option<Box<(String, Vec<super::records::Kind>)>>,
}

impl Diagnostic {
    /// A problem at `span`.
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            label: None,
            folded: Vec::new(),
            stopped_at: None,
            unresolved: None,
        }
    }

    /// How many problems this stands for: one, or the folded ones of a summary.
    pub fn count(&self) -> usize {
        if self.folded.is_empty() {
            1
        } else {
            self.folded.iter().map(|(_, n)| n).sum()
        }
    }

    /// Adds a hint under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// Where a byte offset lies, for humans: 1-based line and column (columns count characters,
/// not bytes, as rustc does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub col: usize,
}

/// A file's text with its line starts, to turn byte spans into positions.
#[derive(Clone, Debug)]
pub struct SourceMap<'a> {
    name: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
    /// Lines of the file before `text`, when `text` is one part of it (a chunk).
    line_base: usize,
}

impl<'a> SourceMap<'a> {
    /// Indexes `text`, which was read from `name`.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self {
            name,
            text,
            line_starts,
            line_base: 0,
        }
    }

    /// Indexes `text`, one part of the file `name` with `line_base` lines before it: problems
    /// are numbered by the file's lines.
    pub fn part(name: &'a str, text: &'a str, line_base: usize) -> Self {
        Self {
            line_base,
            ..Self::new(name, text)
        }
    }

    /// The file name diagnostics print.
    pub fn name(&self) -> &str {
        self.name
    }

    /// The position of byte `offset` (clamped to the text, and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_boundary(offset.min(self.text.len()));
        let line_idx = self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let mut start = self.line_starts[line_idx];
        // A byte-order mark is invisible: the first character after it is column 1.
        if start == 0 && self.text.starts_with(BOM) {
            start = BOM.len().min(offset);
        }
        let col = self.text[start..offset].chars().count() + 1;
        Position {
            line: line_idx + 1,
            col,
        }
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let (start, end) = self.line_bounds(line);
        &self.text[start..end]
    }

    /// Byte range of 1-based line `line` without its line ending (and without a leading BOM);
    /// an empty range at the end of the text for a line that does not exist.
    fn line_bounds(&self, line: usize) -> (usize, usize) {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return (self.text.len(), self.text.len());
        };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e);
        let end = start + self.text[start..end].trim_end_matches(['\n', '\r']).len();
        let start = if start == 0 && self.text[..end].starts_with(BOM) {
            BOM.len()
        } else {
            start
        };
        (start, end)
    }

    fn floor_boundary(&self, mut i: usize) -> usize {
        while i > 0 && !self.text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// The 1-based line of byte `offset`, without counting columns.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset.min(self.text.len()))
    }

    /// The headline `FILE:LINE:COL: error: message` of a diagnostic.
    pub fn headline(&self, d: &Diagnostic) -> String {
        self.headline_at(d, self.position(d.span.start))
    }

    fn headline_at(&self, d: &Diagnostic, p: Position) -> String {
        format!(
            "{}:{}:{}: error: {}",
            printable(self.name),
            p.line + self.line_base,
            p.col,
            printable(&d.message)
        )
    }

    /// The full rustc-style rendering: headline, the offending line, a caret under the span.
    pub fn render(&self, d: &Diagnostic) -> String {
        self.render_at(d, self.position(d.span.start))
    }

    /// `render`, with the position of `d.span.start` already known. Costs time in proportion to
    /// the part of the line shown, not to the line's length, so a file of one 10 MB line with
    /// thousands of problems renders in linear time.
    fn render_at(&self, d: &Diagnostic, p: Position) -> String {
        let (line_start, line_end) = self.line_bounds(p.line);
        let line = &self.text[line_start..line_end];
        let off = self
            .floor_boundary(d.span.start.min(self.text.len()))
            .clamp(line_start, line_start + line.len());
        let gutter = (p.line + self.line_base).to_string().len();
        let mut out = self.headline_at(d, p);
        // Long lines (minified data, a 10 MB string) are shown as a window around the caret.
        let long = line.len() > MAX_SHOWN_WIDTH;
        let from = if long {
            line[..off - line_start]
                .char_indices()
                .rev()
                .take(MAX_SHOWN_WIDTH / 3)
                .last()
                .map_or(off, |(i, _)| line_start + i)
        } else {
            line_start
        };
        let mut shown = String::new();
        let mut width = 0;
        let mut indent = None;
        if from > line_start {
            shown.push('…');
            width = 1;
        }
        let mut buf = [0; 4];
        for (i, c) in self.text[from..line_start + line.len()].char_indices() {
            let i = from + i;
            // Control characters are shown as stand-ins, and counted as shown, so the caret stays
            // aligned; wide (CJK) characters count two columns.
            let piece = printable(c.encode_utf8(&mut buf));
            let w: usize = piece.chars().map(|c| c.width().unwrap_or(0)).sum();
            if long && width + w > MAX_SHOWN_WIDTH && i > off {
                shown.push('…');
                break;
            }
            if i == off {
                indent = Some(width);
            }
            shown.push_str(&piece);
            width += w;
        }
        // Past the last character (an error at the end of the line): just after it.
        let indent = indent.unwrap_or(width);
        let end = self.floor_boundary(d.span.end.min(self.text.len()));
        let span_on_line: &str = if end > off {
            self.text[off..end].lines().next().unwrap_or("")
        } else {
            ""
        };
        let mut carets = 0;
        for c in span_on_line.chars() {
            carets += printable(c.encode_utf8(&mut buf))
                .chars()
                .map(|c| c.width().unwrap_or(0))
                .sum::<usize>();
            if long && carets >= MAX_SHOWN_WIDTH {
                break;
            }
        }
        let carets = if long {
            carets.min(width.saturating_sub(indent)).max(1)
        } else {
            carets.max(1)
        };
        let _ = write!(
            out,
            "\n{:gutter$} |\n{} | {}\n{:gutter$} | {}{}",
            "",
            p.line + self.line_base,
            shown,
            "",
            " ".repeat(indent),
            "^".repeat(carets)
        );
        if let Some(label) = &d.label {
            let _ = write!(out, " {}", printable(label));
        }
        out
    }
}

/// Renders every diagnostic, sorted by position, separated by blank lines.
pub fn render_all(map: &SourceMap<'_>, diags: &[Diagnostic]) -> String {
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    // The summary of folded problems closes the list.
    sorted.sort_by_key(|d| (!d.folded.is_empty(), d.span.start, d.span.end));
    // Columns are counted on from the previous problem on the same line, so many problems on
    // one long line cost one pass over it, not one pass each.
    let mut last: Option<(usize, Position)> = None;
    let mut parts = Vec::with_capacity(sorted.len());
    for d in sorted {
        if !d.folded.is_empty() {
            parts.push(summary(map, d));
            continue;
        }
        let off = map.floor_boundary(d.span.start.min(map.text.len()));
        let line = map.line(off);
        let p = match last {
            Some((prev, pp)) if pp.line == line && prev <= off && (line > 1 || !map.text.starts_with(BOM)) => {
                Position {
                    line,
                    col: pp.col + map.text[prev..off].chars().count(),
                }
            }
            _ => map.position(off),
        };
        last = Some((off, p));
        parts.push(map.render_at(d, p));
    }
    parts.join("\n\n")
}

/// The closing summary of folded problems: `FILE: error: and N more problems of these kinds:`, then
/// one line per kind with its count.
fn summary(map: &SourceMap<'_>, d: &Diagnostic) -> String {
    let mut out = format!("{}: error: {}", printable(map.name), d.message);
    for (kind, n) in &d.folded {
        let _ = write!(out, "\n  {n} × {}", printable(kind));
    }
    if let Some(line) = d.stopped_at {
        let _ = write!(
            out,
            "\n  labdash stopped looking at line {line}: the rest of the file is not checked"
        );
    }
    out
}

/// Marks `diags` (folded, so with a closing summary) as found in the file's first `line`
/// lines alone: the summary says where labdash stopped looking.
pub fn stop_at(diags: &mut [Diagnostic], line: usize) {
    if let Some(summary) = diags.iter_mut().find(|d| !d.folded.is_empty()) {
        summary.stopped_at = Some(line);
    }
}

/// Whether labdash stopped looking before the end of the file: there may be more problems
/// than `total` counts.
pub fn stopped(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.stopped_at.is_some())
}

/// How many problems `diags` stand for (a summary counts the problems it folds).
pub fn total(diags: &[Diagnostic]) -> usize {
    diags.iter().map(Diagnostic::count).sum()
}

/// Keeps the first `MAX_SHOWN` problems of `diags` by position and folds the others into one
/// closing summary counted by kind (merged with an earlier summary). Sorts `diags`.
pub fn fold(diags: &mut Vec<Diagnostic>) {
    diags.sort_by_key(|d| (!d.folded.is_empty(), d.span.start, d.span.end));
    let shown = diags.iter().filter(|d| d.folded.is_empty()).count();
    if shown <= MAX_SHOWN {
        return;
    }
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    // The summary sits where the last folded problem is: inside the text, after those shown.
    let mut last = 0;
    let mut kept = 0;
    let mut stopped_at = None;
    diags.retain_mut(|d| {
        if d.folded.is_empty() && kept < MAX_SHOWN {
            kept += 1;
            return true;
        }
        last = last.max(d.span.start);
        if d.folded.is_empty() {
            *counts.entry(kind(&d.message)).or_default() += 1;
        } else {
            stopped_at = stopped_at.max(d.stopped_at);
            for (k, n) in d.folded.drain(..) {
                *counts.entry(k).or_default() += n;
            }
        }
        false
    });
    let mut folded: Vec<(String, usize)> = counts.into_iter().collect();
    // Most frequent first; ties by name, so the output is stable.
    folded.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let n: usize = folded.iter().map(|(_, n)| n).sum();
    let plural = if n == 1 { "" } else { "s" };
    let mut d = Diagnostic::new(last..last, format!("and {n} more problem{plural} of these kinds:"));
    d.folded = folded;
    d.stopped_at = stopped_at;
    diags.push(d);
}

/// Folds `diags` once it holds `FOLD_AT` problems: collectors call this as they go.
pub fn fold_if_full(diags: &mut Vec<Diagnostic>) {
    if diags.len() >= FOLD_AT {
        fold(diags);
    }
}

/// A problem's kind: its message before any `;`, with quoted names and values (`…`, "…")
/// replaced by an ellipsis, so "unknown key `k1` in a [[lab]]" and "… `k2` …" count together.
fn kind(message: &str) -> String {
    let head = message.split(';').next().unwrap_or(message);
    let mut out = String::with_capacity(head.len().min(120));
    let mut quote: Option<char> = None;
    for c in head.chars() {
        match quote {
            Some(q) if c == q => {
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                out.push(c);
                out.push('…');
                quote = Some(c);
            }
            None => out.push(c),
        }
        if out.len() > 200 {
            out.push('…');
            break;
        }
    }
    out
}

/// The closest candidate to `word` by edit distance (a swap of two neighbouring letters counts
/// as one edit), if close enough to be a likely typo.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let len = word.chars().count();
    if len > 64 {
        return None;
    }
    let limit = (len / 3).max(1) + usize::from(word.len() > 8);
    candidates
        .into_iter()
        // Cheap length check first: files can hold many thousands of ids.
        .filter(|c| c.len().abs_diff(word.len()) <= limit * 4 && c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        // On a tie, a name of the same length (one letter changed) beats one letter more or less.
        .min_by_key(|(d, c)| (*d, c.len().abs_diff(word.len())))
        .map(|(_, c)| c)
}

/// Optimal-string-alignment distance, case-insensitive.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                cur[j + 1] = cur[j + 1].min(before[j - 1] + 1);
            }
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn fold_keeps_the_first_fifty_and_counts_the_rest_by_kind() {
        // Pushed out of order and folded as they come: the kept ones are the first by position.
        let mut diags = Vec::new();
        for i in (0..3000usize).rev() {
            let msg = if i % 2 == 0 {
                format!("unknown key `k{i}` in a [[lab]]; expected one of: id")
            } else {
                format!("`lab` refers to unknown lab \"l{i}\"")
            };
            diags.push(Diagnostic::new(i..i + 1, msg));
            fold_if_full(&mut diags);
        }
        fold(&mut diags);
        assert_eq!(total(&diags), 3000);
        assert_eq!(diags.len(), MAX_SHOWN + 1);
        assert!(diags[..MAX_SHOWN].iter().enumerate().all(|(i, d)| d.span.start == i));
        let last = diags.last().map(|d| d.folded.clone()).unwrap_or_default();
        assert_eq!(
            last,
            [
                ("`…` refers to unknown lab \"…\"".to_string(), 1475),
                ("unknown key `…` in a [[lab]]".to_string(), 1475),
            ]
        );
    }

    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "a = 1\nname = \"深度求索\" x\n";
        let map = SourceMap::new("f.toml", text);
        let off = text.find('x').unwrap_or(0);
        assert_eq!(map.position(off), Position { line: 2, col: 15 });
    }

    #[test]
    fn caret_aligns_under_wide_characters() {
        let text = "name = \"深度\" x\n";
        let map = SourceMap::new("f.toml", text);
        let off = text.find('x').unwrap_or(0);
        let out = map.render(&Diagnostic::new(off..off + 1, "bad").with_label("here"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "f.toml:1:13: error: bad");
        assert_eq!(lines[2], "1 | name = \"深度\" x");
        // `name = "深度" ` is 12 characters but 14 columns wide on screen.
        assert_eq!(lines[3], format!("  | {}^ here", " ".repeat(14)));
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}[[lab]]\nx\n";
        let map = SourceMap::new("f.toml", text);
        assert_eq!(map.position(3), Position { line: 1, col: 1 });
        assert_eq!(map.position(0), Position { line: 1, col: 1 });
        assert_eq!(map.line_text(1), "[[lab]]");
    }

    #[test]
    fn long_lines_are_windowed() {
        let text = format!("a = \"{}\" x\n", "y".repeat(100_000));
        let map = SourceMap::new("f.toml", &text);
        let off = text.find(" x").unwrap_or(0) + 1;
        let out = map.render(&Diagnostic::new(off..off + 1, "bad"));
        assert!(out.len() < 1000, "{}", out.len());
        let lines: Vec<&str> = out.lines().collect();
        let caret = lines[3].find('^').unwrap_or(0);
        assert_eq!(lines[2].chars().nth(caret), Some('x'), "{out}");
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("chipz", ["chips", "chip", "name"]), Some("chips"));
        assert_eq!(did_you_mean("cost", ["cost_usd", "name"]), None);
        assert_eq!(did_you_mean("paramsb", ["params_b", "tokens_t"]), Some("params_b"));
        assert_eq!(did_you_mean("modle", ["lab", "model", "claim"]), Some("model"));
        assert_eq!(did_you_mean("valeu", ["value", "min", "max"]), Some("value"));
    }
}
