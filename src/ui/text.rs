//! Width-aware text helpers: truncation with `…` and padding that keep CJK aligned.

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

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("DeepSeek-V3", 6), "DeepS…");
        assert_eq!(truncate("深度求索", 5), "深度…");
        assert_eq!(width(&truncate("深度求索", 5)), 5);
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abc", 0), "");
    }
}
