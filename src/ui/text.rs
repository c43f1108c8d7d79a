//! Width-aware text helpers: truncation with `…` and padding that keep CJK aligned.

use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Truncates `s` to at most `max` columns, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// `line` broken at spaces into lines of at most `width` columns; every line after the first
/// starts `hang` columns in (at most two thirds of the width), so a wrapped value stays under itself
/// instead of running back to the left edge. A word longer than a line is cut where it must.
pub fn wrap_hanging(line: Line<'static>, width: usize, hang: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    if line.width() <= width {
        return vec![line];
    }
    let hang = hang.min(width * 2 / 3);
    let (style, alignment) = (line.style, line.alignment);
    let mut out: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    // Columns used on the current line, and whether it holds a word yet (not only indent).
    let (mut used, mut worded) = (0, false);
    let break_line = |out: &mut Vec<Vec<Span<'static>>>, used: &mut usize, worded: &mut bool| {
        if let Some(last) = out.last_mut().and_then(|l| l.last_mut()) {
            let kept = last.content.trim_end_matches(' ').len();
            last.content.to_mut().truncate(kept);
        }
        out.push(vec![Span::raw(" ".repeat(hang))]);
        (*used, *worded) = (hang, false);
    };
    for span in line.spans {
        for word in span.content.split_inclusive(' ') {
            let body = word.trim_end_matches(' ');
            if body.is_empty() && worded && used + word.width() > width {
                // Spaces that fall at a break are the break.
                continue;
            }
            if body.is_empty() && !worded && out.len() > 1 {
                continue;
            }
            if worded && used + body.width() > width {
                break_line(&mut out, &mut used, &mut worded);
            }
            let mut rest = word;
            // A word wider than the room left: cut it where the line ends.
            while used + rest.trim_end_matches(' ').width() > width {
                let (mut taken, mut cut) = (0, 0);
                for (i, c) in rest.char_indices() {
                    let cw = c.width().unwrap_or(0);
                    if used + taken + cw > width {
                        break;
                    }
                    taken += cw;
                    cut = i + c.len_utf8();
                }
                if cut == 0 {
                    break;
                }
                if let Some(last) = out.last_mut() {
                    last.push(Span::styled(rest[..cut].to_string(), span.style));
                }
                rest = &rest[cut..];
                break_line(&mut out, &mut used, &mut worded);
            }
            if !rest.is_empty() {
                used += rest.width();
                worded |= !rest.trim().is_empty();
                if let Some(last) = out.last_mut() {
                    last.push(Span::styled(rest.to_string(), span.style));
                }
            }
        }
    }
    if let Some(last) = out.last_mut().and_then(|l| l.last_mut()) {
        let kept = last.content.trim_end_matches(' ').len();
        last.content.to_mut().truncate(kept);
    }
    out.into_iter()
        .map(|spans| {
            let mut l = Line::from(spans).style(style);
            l.alignment = alignment;
            l
        })
        .collect()
}

/// Display width.
pub fn width(s: &str) -> usize {
    s.width()
}

/// A rendered buffer as text, one line per row, trailing blanks trimmed; a wide character
/// counts once (its second cell holds no symbol of its own). For tests and benchmarks.
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            x = x.saturating_add((sym.width() as u16).max(1));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wrapped_lines_hang_under_the_value() {
        let field = format!("{:<22} {}", "Note", "a long note that goes on for more words than fit");
        let lines = wrap_hanging(Line::from(field.clone()), 40, 23);
        assert_eq!(
            plain(&lines),
            [
                "Note                   a long note that",
                "                       goes on for more",
                "                       words than fit",
            ]
        );
        // Nothing is lost: the words read the same as the line.
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&plain(&lines).join(" ")), words(&field));
        // A URL longer than the room is cut where the line ends, each piece hanging.
        let url = "        https://example.org/a/very/long/path/that/does/not/fit";
        let lines = wrap_hanging(Line::from(url), 30, 8);
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines {
            assert!(l.width() <= 30, "{l}");
            assert!(l.to_string().starts_with("        "), "{l}");
        }
        let rejoined: String = lines.iter().map(|l| l.to_string().trim().to_string()).collect();
        assert_eq!(rejoined, url.trim());
        // Short lines pass through untouched; a narrow box caps the hang.
        assert_eq!(plain(&wrap_hanging(Line::from("short"), 30, 8)), ["short"]);
        for l in wrap_hanging(Line::from(format!("{:<22} {}", "Note", "x ".repeat(40))), 20, 23) {
            assert!(l.width() <= 20, "{l}");
        }
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("DeepSeek-V3", 6), "DeepS…");
        assert_eq!(truncate("深度求索", 5), "深度…");
        assert_eq!(width(&truncate("深度求索", 5)), 5);
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abc", 0), "");
    }
}
