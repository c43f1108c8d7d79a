//! A small RFC 4180 CSV reader that knows the line each record starts on.
//!
//! Hand-written rather than a dependency because the importer's messages need the physical
//! line of every row (quoted fields span lines) and the input is untrusted: a stray quote,
//! a missing closing quote, CR, CRLF or a BOM must all read as *something*, never panic.

/// One CSV record: its fields and the 1-based line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The line (1-based) of the record's first character.
    pub line: usize,
    /// Its fields, unquoted.
    pub fields: Vec<String>,
}

/// Something odd about the file's shape, with the line it was seen on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Oddity {
    /// 1-based line.
    pub line: usize,
    /// What was odd.
    pub what: String,
}

/// Splits comma-separated `text` into records (see [`records_with`]).
pub fn records(text: &str) -> (Vec<Record>, Vec<Oddity>) {
    records_with(text, ',')
}

/// Splits `text` into records of fields separated by `sep` (spreadsheets in some locales save
/// with `;`). Blank lines are skipped; a quote that is never closed runs to the end of the
/// file (reported); a quote inside an unquoted field is kept as a character.
pub fn records_with(text: &str, sep: char) -> (Vec<Record>, Vec<Oddity>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut odd = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut start = 1usize;
    // Whether the record being read has any character yet (a blank line has none).
    let mut started = false;
    while let Some(c) = chars.next() {
        if !started {
            start = line;
        }
        match c {
            '"' if field.is_empty() => {
                started = true;
                let open = line;
                let mut closed = false;
                while let Some(q) = chars.next() {
                    match q {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\n' => {
                            line += 1;
                            field.push('\n');
                        }
                        '\r' => {
                            // CRLF inside a quoted field is one line break.
                            if chars.peek() == Some(&'\n') {
                                chars.next();
                            }
                            line += 1;
                            field.push('\n');
                        }
                        _ => field.push(q),
                    }
                }
                if !closed {
                    odd.push(Oddity {
                        line: open,
                        what: "a quoted field is never closed; read to the end of the file".into(),
                    });
                }
            }
            c if c == sep => {
                started = true;
                fields.push(std::mem::take(&mut field));
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                if started {
                    fields.push(std::mem::take(&mut field));
                    out.push(Record {
                        line: start,
                        fields: std::mem::take(&mut fields),
                    });
                }
                started = false;
                line += 1;
            }
            _ => {
                started = true;
                field.push(c);
            }
        }
    }
    if started {
        fields.push(field);
        out.push(Record { line: start, fields });
    }
    (out, odd)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        records(text).0.into_iter().map(|r| r.fields).collect()
    }

    #[test]
    fn reads_quotes_commas_and_multi_line_fields_with_their_lines() {
        let (recs, odd) = records("a,b,c\n1,\"x, \"\"y\"\"\nz\",3\n\n4,5,6");
        assert!(odd.is_empty());
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[1].fields, ["1", "x, \"y\"\nz", "3"]);
        assert_eq!(recs[1].line, 2);
        assert_eq!(recs[2].line, 5);
    }

    #[test]
    fn crlf_bom_and_bare_cr_are_line_ends() {
        assert_eq!(
            fields("\u{feff}a,b\r\n1,2\r3,4\r\n"),
            [vec!["a", "b"], vec!["1", "2"], vec!["3", "4"]]
        );
        let (recs, _) = records("a\r\n\"x\r\ny\"\r\nb");
        assert_eq!(recs[1].fields, ["x\ny"]);
        assert_eq!(recs[2].line, 4);
    }

    #[test]
    fn other_separators() {
        assert_eq!(records_with("a;\"b;c\"\n1;2", ';').0[0].fields, ["a", "b;c"]);
    }

    #[test]
    fn empty_fields_and_stray_quotes_are_kept() {
        assert_eq!(fields(",,\n"), [vec!["", "", ""]]);
        assert_eq!(fields("a\"b,c"), [vec!["a\"b", "c"]]);
        let (recs, odd) = records("a,\"open\nmore");
        assert_eq!(recs[0].fields, ["a", "open\nmore"]);
        assert_eq!(odd.len(), 1);
        assert_eq!(odd[0].line, 1);
    }
}
