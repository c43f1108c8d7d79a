//! Problems found in a data file, located by byte span and printed rustc-style:
//! `FILE:LINE:COL: error: message`, then the offending line and a caret.

use std::fmt::Write as _;
use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::sanitize::printable;

/// One problem in a data file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Byte span in the file text.
    pub span: Range<usize>,
    /// What is wrong, and what was expected.
    pub message: String,
    /// A short hint printed under the caret ("did you mean `chips`?").
    pub label: Option<String>,
}

impl Diagnostic {
    /// A problem at `span`.
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            label: None,
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
        let start = self.line_starts[line_idx];
        let col = self.text[start..offset].chars().count() + 1;
        Position {
            line: line_idx + 1,
            col,
        }
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    fn floor_boundary(&self, mut i: usize) -> usize {
        while i > 0 && !self.text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// The headline `FILE:LINE:COL: error: message` of a diagnostic.
    pub fn headline(&self, d: &Diagnostic) -> String {
        let p = self.position(d.span.start);
        format!(
            "{}:{}:{}: error: {}",
            printable(self.name),
            p.line,
            p.col,
            printable(&d.message)
        )
    }

    /// The full rustc-style rendering: headline, the offending line, a caret under the span.
    pub fn render(&self, d: &Diagnostic) -> String {
        let p = self.position(d.span.start);
        let line = self.line_text(p.line);
        let gutter = p.line.to_string().len();
        let mut out = self.headline(d);
        let shown = printable(line);
        // Width of the text before the span decides the caret's indent, so wide (CJK)
        // characters keep it aligned; stand-ins for control characters are counted as shown.
        let before: String = line.chars().take(p.col - 1).collect();
        let indent: usize = printable(&before).chars().map(|c| c.width().unwrap_or(0)).sum();
        let end = self.floor_boundary(d.span.end.min(self.text.len()));
        let span_on_line: String = if end > d.span.start {
            self.text[self.floor_boundary(d.span.start)..end]
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        } else {
            String::new()
        };
        let carets = printable(&span_on_line)
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum::<usize>()
            .max(1);
        let _ = write!(
            out,
            "\n{:gutter$} |\n{} | {}\n{:gutter$} | {}{}",
            "",
            p.line,
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
    sorted.sort_by_key(|d| (d.span.start, d.span.end));
    sorted.iter().map(|d| map.render(d)).collect::<Vec<_>>().join("\n\n")
}

/// The closest candidate to `word` by edit distance, if close enough to be a likely typo.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).max(1) + usize::from(word.len() > 8);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
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
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("chipz", ["chips", "chip", "name"]), Some("chips"));
        assert_eq!(did_you_mean("cost", ["cost_usd", "name"]), None);
        assert_eq!(did_you_mean("paramsb", ["params_b", "tokens_t"]), Some("params_b"));
    }
}
