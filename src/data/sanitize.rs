//! Makes untrusted strings from a data file safe to put on a terminal.
//!
//! Control characters, escape sequences, bidi overrides and zero-width characters are shown as
//! visible stand-ins (`␛`, `\u{202e}`) instead of being written raw. Clean strings (the usual
//! case) are borrowed, not copied.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal raw.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM/RLM
            | '\u{2028}' | '\u{2029}' // line/paragraph separators
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{061C}' | '\u{FEFF}' | '\u{180E}'
            | '\u{FFF9}'..='\u{FFFB}')
}

/// Whether `text` is shown as it is (`printable` leaves it unchanged).
pub fn is_printable(text: &str) -> bool {
    !text.chars().any(is_unsafe)
}

/// Returns `text` with every unsafe character replaced by a visible stand-in.
/// Tabs and newlines become a single space so one record stays on one line.
pub fn printable(text: &str) -> Cow<'_, str> {
    if is_printable(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' | '\n' => out.push(' '),
            '\r' => out.push('␍'),
            '\u{1b}' => out.push('␛'),
            '\u{7f}' => out.push('␡'),
            // C0 controls map onto the Unicode "control pictures" block.
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�')),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(printable("DeepSeek 深度求索"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_controls_and_invisible_characters() {
        assert_eq!(printable("a\u{1b}[31mb"), "a␛[31mb");
        assert_eq!(printable("\u{1b}]52;c;aGk=\u{7}"), "␛]52;c;aGk=␇");
        assert_eq!(printable("x\u{9b}y"), "x\\u{9b}y");
        assert_eq!(printable("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(printable("zero\u{200b}width"), "zero\\u{200b}width");
        assert_eq!(printable("a\u{8}b\rc"), "a␈b␍c");
        assert_eq!(printable("line\nbreak\ttab"), "line break tab");
        assert!(printable("\u{1b}\u{7}\u{9b}\u{202e}").chars().all(|c| !is_unsafe(c)));
    }
}
