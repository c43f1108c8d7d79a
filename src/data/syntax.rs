//! Turns the TOML parser's syntax errors into diagnostics a person can act on.
//!
//! The parser's messages are terse ("duplicate key", "string values must be quoted") and its
//! recovery repeats itself: one unclosed array yields an error for every line after it. This
//! module names the offending text, says what was expected, moves the caret to where the fix
//! goes (the opening `"""` of an unclosed multi-line string, the end of the line missing its
//! `]`), drops the cascade that follows, and keeps one error per line.

use std::ops::Range;

use super::diagnostic::{Diagnostic, SourceMap};
use super::sanitize::printable;

/// How deep the TOML parser lets arrays, inline tables and dotted keys nest.
const NESTING_LIMIT: usize = 80;

/// Errors the parser reports while it is still inside an array it thinks is open.
const ARRAY_CASCADE: &[&str] = &[
    "missing comma between array elements",
    "unexpected `=` in array",
    "extra comma in array",
    "string values must be quoted",
    "missing array opening",
    "missing inline table opening",
    "unclosed array",
];

/// Errors the parser reports while it is still inside an inline table it thinks is open.
const TABLE_CASCADE: &[&str] = &[
    "missing comma between key-value pairs",
    "extra assignment between key-value pairs",
    "missing assignment between key-value pairs",
    "missing key for inline table element",
    "invalid inline table element",
    "string values must be quoted",
    "unclosed inline table",
];

/// One parser error, split into its description and what it expected.
struct Raw<'e> {
    span: Range<usize>,
    desc: &'e str,
    expected: Option<&'e str>,
}

/// What a rewritten error leaves behind: the cascade of follow-up errors to drop, if any.
#[derive(Clone, Copy, PartialEq)]
enum Cascade {
    None,
    Array,
    InlineTable,
}

impl Cascade {
    /// The parser's error when the construct is still open at the end of the file.
    fn closing(self) -> &'static str {
        match self {
            Cascade::None => "",
            Cascade::Array => "unclosed array",
            Cascade::InlineTable => "unclosed inline table",
        }
    }

    fn listed(self, desc: &str) -> bool {
        match self {
            Cascade::None => false,
            Cascade::Array => ARRAY_CASCADE.contains(&desc),
            Cascade::InlineTable => TABLE_CASCADE.contains(&desc),
        }
    }
}

/// A NUL byte: no TOML file has one (not even in a string or comment), so the file is binary
/// and one problem says so — before the parser makes one error per line of it.
pub fn binary(text: &str) -> Option<Diagnostic> {
    let at = memchr::memchr(0, text.as_bytes())?;
    Some(Diagnostic::new(
        at..at + 1,
        "the file contains a NUL byte: it is binary, not a TOML data file",
    ))
}

/// Diagnostics for the syntax errors of `text`, sorted, at most one per line.
pub fn diagnostics(text: &str, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let mut raw: Vec<Raw<'_>> = errors
        .iter()
        .map(|e| {
            let message = e.message();
            let (desc, expected) = match message.split_once(", expected ") {
                Some((d, x)) => (d, Some(x).filter(|x| *x != "nothing")),
                None => (message, None),
            };
            let span = e.span().unwrap_or(0..0);
            let start = span.start.min(text.len());
            Raw {
                span: start..span.end.clamp(start, text.len()),
                desc,
                expected,
            }
        })
        .collect();
    raw.sort_by_key(|r| r.span.start);

    let mut out: Vec<Diagnostic> = Vec::new();
    let mut cascade = Cascade::None;
    // Whether the construct stays open to the end of the file: then every error until the
    // parser's "unclosed …" is a consequence of the one already reported.
    let mut to_the_end = false;
    for (i, r) in raw.iter().enumerate() {
        if cascade != Cascade::None && (to_the_end || cascade.listed(r.desc)) {
            if r.desc == cascade.closing() {
                cascade = Cascade::None;
            }
            continue;
        }
        let (d, next) = describe(text, r);
        cascade = next;
        to_the_end = next != Cascade::None && raw[i + 1..].iter().any(|e| e.desc == next.closing());
        out.push(d);
    }

    // One error per line: the parser's recovery often reports a broken line several times.
    let map = SourceMap::new("", text);
    out.sort_by_key(|d| d.span.start);
    out.dedup_by(|b, a| map.line(a.span.start) == map.line(b.span.start));
    super::diagnostic::fold(&mut out);
    out
}

/// The diagnostic for one parser error, and whether it opens a cascade to drop.
fn describe(text: &str, r: &Raw<'_>) -> (Diagnostic, Cascade) {
    let at = r.span.start;
    let here = char_at(text, at);
    let diag = |span: Range<usize>, msg: String| Diagnostic::new(span, format!("invalid TOML: {msg}"));
    match r.desc {
        "invalid basic string" | "invalid literal string" if at_line_end(text, at) => {
            let q = if r.desc == "invalid basic string" { '"' } else { '\'' };
            let d = diag(
                at..at,
                format!("unclosed string: expected a closing `{q}` before the end of the line"),
            );
            (d, Cascade::None)
        }
        "invalid basic string" | "invalid literal string" if here.is_some_and(char::is_control) => {
            let c = here.unwrap_or(' ');
            let d = diag(
                at..at + c.len_utf8(),
                format!(
                    "control character U+{:04X} inside a string; write it as an escape such as `\\t` or `\\u{:04X}`",
                    c as u32, c as u32
                ),
            );
            (d, Cascade::None)
        }
        "invalid multi-line basic string" | "invalid multi-line literal string" if at >= text.trim_end().len() => {
            let delim = if r.desc.contains("basic") { "\"\"\"" } else { "'''" };
            let q = delim.as_bytes()[0];
            let span = match text.rfind(delim) {
                Some(mut i) => {
                    while i > 0 && text.as_bytes()[i - 1] == q {
                        i -= 1;
                    }
                    i..i + 3
                }
                None => at..at,
            };
            let d = diag(
                span,
                format!("unclosed multi-line string: this `{delim}` is never closed; expected a closing `{delim}`"),
            );
            (d, Cascade::None)
        }
        "missing escaped value" => {
            let start = if at > 0 && text.as_bytes()[at - 1] == b'\\' {
                at - 1
            } else {
                at
            };
            let msg = match here {
                Some(c) if !c.is_whitespace() => format!(
                    "unknown escape `\\{}` in a string; expected one of \\b \\t \\n \\f \\r \\e \\\" \\\\ \\xHH \\uHHHH \\UHHHHHHHH (write `\\\\` for a backslash)",
                    printable(&c.to_string())
                ),
                _ => {
                    "a `\\` in a string must be followed by an escape such as \\n or \\\\; write `\\\\` for a backslash"
                        .to_string()
                }
            };
            let end = at + here.map_or(0, char::len_utf8);
            (diag(start..end, msg), Cascade::None)
        }
        "duplicate key" => (duplicate_key(text, &r.span), Cascade::None),
        "key with no value" => {
            let key = key_before(text, at);
            let msg = if key.is_empty() {
                "expected `=` after the key".to_string()
            } else {
                format!("expected `=` after the key `{key}`")
            };
            let d = diag(at..at, msg).with_label("each line is `key = value`, a [table] header or a # comment");
            (d, Cascade::None)
        }
        "string values must be quoted" | "missing value" | "missing value for key" => {
            let word = text.get(r.span.clone()).unwrap_or("").trim();
            if word.is_empty() || at_line_end(text, at) {
                let key = key_before(text, at);
                let key = key.trim_end_matches('=').trim_end();
                let msg = if key.is_empty() {
                    "missing value after `=`; expected a string, number, date, array or table".to_string()
                } else {
                    format!("`{key}` has no value after `=`; expected a string, number, date, array or table")
                };
                (diag(at..at, msg), Cascade::None)
            } else {
                let shown = shorten(word, 60);
                let msg = format!(
                    "string values must be quoted: found `{shown}`; expected \"{}\"",
                    shown.replace('"', "\\\"")
                );
                (diag(r.span.clone(), msg), Cascade::None)
            }
        }
        "unexpected key or value" => {
            let d = match here {
                Some(',') if digit_before(text, at) => {
                    let tok = token(text, at, "_.+-,eE");
                    let fixed = text[tok.clone()].replace(',', "_");
                    diag(
                        tok.clone(),
                        format!(
                            "numbers take no `,` separators: found `{}`; write {fixed} (or without separators)",
                            printable(&text[tok])
                        ),
                    )
                }
                _ => {
                    let tok = token(text, at, "_.+-:");
                    diag(
                        tok.clone(),
                        format!(
                            "unexpected `{}` after the value; expected the end of the line (one `key = value` per line) or a # comment",
                            shorten(&text[tok], 40)
                        ),
                    )
                }
            };
            (d, Cascade::None)
        }
        "cannot recurse further; max recursion depth met" => {
            let d = diag(
                r.span.clone(),
                format!("arrays and inline tables are nested too deeply; at most {NESTING_LIMIT} levels are allowed"),
            );
            (d, Cascade::None)
        }
        "recursion limit" => {
            let span = deep_key_line(text).unwrap_or(r.span.clone());
            let d = diag(
                span,
                format!(
                    "a key has too many dotted parts; at most {} are allowed",
                    NESTING_LIMIT - 1
                ),
            );
            (d, Cascade::None)
        }
        "missing comma between array elements" if starts_key_line(text, at) => {
            let end = end_of_previous_line(text, at);
            let d = diag(
                end..end,
                "unclosed array: expected `]` at the end of this line".to_string(),
            )
            .with_label(next_key_label(text, at));
            (d, Cascade::Array)
        }
        "missing comma between key-value pairs" if starts_key_line(text, at) => {
            let end = end_of_previous_line(text, at);
            let d = diag(
                end..end,
                "unclosed inline table: expected `}` at the end of this line".to_string(),
            )
            .with_label(next_key_label(text, at));
            (d, Cascade::InlineTable)
        }
        "carriage return must be followed by newline" => {
            let cr = text[..floor(text, at)].rfind('\r').unwrap_or(at);
            let d = diag(
                cr..cr + 1,
                "a carriage return (\\r) must be followed by a newline (\\n); the file mixes line endings".to_string(),
            );
            (d, Cascade::None)
        }
        _ => (generic(text, r), Cascade::None),
    }
}

/// Any other parser error: its description, the offending text, and what was expected.
fn generic(text: &str, r: &Raw<'_>) -> Diagnostic {
    let mut msg = format!("invalid TOML: {}", r.desc);
    let tok = token(text, r.span.start, "_.+-:");
    let found = &text[tok.clone()];
    if !found.trim().is_empty() {
        msg.push_str(&format!(": found `{}`", shorten(found, 40)));
    }
    if let Some(x) = r.expected {
        msg.push_str(&format!("; expected {x}"));
    }
    let span = if r.span.is_empty() { r.span.clone() } else { tok };
    Diagnostic::new(span, msg)
}

/// "duplicate key `name`: already set at line 3", or for a header, the table it repeats.
fn duplicate_key(text: &str, span: &Range<usize>) -> Diagnostic {
    let key = text.get(span.clone()).unwrap_or("").trim();
    let (line_start, _) = line_bounds(text, span.start);
    let line = text[line_start..].lines().next().unwrap_or("").trim();
    let before = &text[..line_start];
    if line.starts_with('[') {
        let inner = header_name(line);
        let prev = before
            .lines()
            .enumerate()
            .find(|(_, l)| l.trim_start().starts_with('[') && header_name(l.trim()) == inner);
        let mut d = Diagnostic::new(
            span.clone(),
            match prev {
                Some((n, _)) => format!(
                    "invalid TOML: duplicate table `[{inner}]`: `{key}` is already defined at line {}",
                    n + 1
                ),
                None => format!("invalid TOML: duplicate table `[{inner}]`: `{key}` is already defined"),
            },
        );
        if prev.is_some_and(|(_, l)| l.trim_start().starts_with("[[")) {
            d = d.with_label(format!("write [[{inner}]] to add another record"));
        }
        return d;
    }
    // Look back within the same table (up to the previous header) for the first definition.
    let mut first = None;
    for (n, l) in before.lines().enumerate() {
        let t = l.trim_start();
        if t.starts_with('[') {
            first = None;
        } else if let Some(rest) = t.strip_prefix(key)
            && matches!(rest.trim_start().chars().next(), Some('=' | '.'))
        {
            first = first.or(Some(n + 1));
        }
    }
    let msg = match first {
        Some(n) => format!("invalid TOML: duplicate key `{key}`: already set at line {n}"),
        None => format!("invalid TOML: duplicate key `{key}`"),
    };
    Diagnostic::new(span.clone(), msg).with_label("each key may appear once per record")
}

/// `lab` for `[[lab]]`, `a.b` for `[ a.b ]`.
fn header_name(line: &str) -> String {
    let l = line.split('#').next().unwrap_or("");
    l.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim()
        .to_string()
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|s| s.chars().next())
}

/// The start and end (before `\r\n` / `\n`) of the line holding byte `at`.
fn line_bounds(text: &str, at: usize) -> (usize, usize) {
    let at = floor(text, at);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let end = if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    (start, end.max(start))
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether only a line ending (or the end of the text) follows byte `at`.
fn at_line_end(text: &str, at: usize) -> bool {
    let rest = &text[floor(text, at)..];
    rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")
}

/// The key written before byte `at` on its line (`name` in `name "x"` or `name =`).
fn key_before(text: &str, at: usize) -> String {
    let (start, _) = line_bounds(text, at);
    let before = text[start..floor(text, at)].trim();
    let key = before.split_whitespace().next().unwrap_or("");
    shorten(key.trim_end_matches('='), 40)
}

/// Whether a digit comes right before byte `at`.
fn digit_before(text: &str, at: usize) -> bool {
    text[..floor(text, at)]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
}

/// The word around byte `at`: alphanumerics plus `extra`; else the one character there.
fn token(text: &str, at: usize, extra: &str) -> Range<usize> {
    let at = floor(text, at);
    let is_word = |c: char| c.is_alphanumeric() || extra.contains(c);
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| at + i);
    if end > start {
        return start..end;
    }
    match char_at(text, at) {
        Some(c) if !c.is_whitespace() => at..at + c.len_utf8(),
        _ => at..at,
    }
}

/// Whether byte `at` is the first thing on its line and the line reads `key = …`.
fn starts_key_line(text: &str, at: usize) -> bool {
    let (start, end) = line_bounds(text, at);
    if !text[start..floor(text, at)].trim().is_empty() {
        return false;
    }
    let line = text[start..end].trim_start();
    let key_len = line
        .find(|c: char| !(c.is_alphanumeric() || "_-.\"' ".contains(c)))
        .unwrap_or(line.len());
    key_len > 0 && line[key_len..].starts_with('=') && !line[..key_len].trim().is_empty()
}

/// "a new `key = value` starts on line 8".
fn next_key_label(text: &str, at: usize) -> String {
    let line = text[..floor(text, at)].matches('\n').count() + 1;
    format!("a new `key = value` starts on line {line}")
}

/// The end of the last line with a value before the one holding `at` (before a `# comment`).
fn end_of_previous_line(text: &str, at: usize) -> usize {
    let (mut start, _) = line_bounds(text, at);
    while start > 0 {
        let (s, e) = line_bounds(text, start - 1);
        let line = &text[s..e];
        if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            let code = line.find(" #").map_or(line, |i| &line[..i]);
            return s + code.trim_end().len();
        }
        start = s;
    }
    at
}

/// The first line whose key has too many dotted parts for the parser.
fn deep_key_line(text: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let key = line.split(['=', '#', '"']).next().unwrap_or("");
        if key.matches('.').count() + 1 >= NESTING_LIMIT {
            let start = offset + (line.len() - line.trim_start().len());
            let end = offset + line.trim_end().len();
            return Some(start..end.max(start));
        }
        offset += line.len();
    }
    None
}

/// `s` made printable, cut to `max` characters with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
    let p = printable(s);
    if p.chars().count() <= max {
        return p.into_owned();
    }
    let cut: String = p.chars().take(max).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<String> {
        let (_, errors) = toml::de::DeTable::parse_recoverable(text);
        let map = SourceMap::new("f", text);
        diagnostics(text, &errors).iter().map(|d| map.headline(d)).collect()
    }

    #[test]
    fn unclosed_array_is_one_error_at_its_line() {
        let out = check("a = [1, 2\nb = 3\nc = 4\n");
        assert_eq!(
            out,
            vec!["f:1:10: error: invalid TOML: unclosed array: expected `]` at the end of this line"]
        );
    }

    #[test]
    fn multiline_array_missing_comma_is_not_unclosed() {
        let out = check("a = [\n  1\n  2\n]\n");
        assert_eq!(out.len(), 1);
        assert!(out[0].contains("missing comma"), "{out:?}");
    }

    #[test]
    fn thousands_separator_is_named() {
        let out = check("chips = 2,048\n");
        assert_eq!(
            out,
            vec![
                "f:1:9: error: invalid TOML: numbers take no `,` separators: found `2,048`; write 2_048 (or without separators)"
            ]
        );
    }

    #[test]
    fn duplicate_key_names_the_first() {
        let out = check("a = 1\nb = 2\na = 3\n");
        assert_eq!(
            out,
            vec!["f:3:1: error: invalid TOML: duplicate key `a`: already set at line 1"]
        );
    }
}
