//! Turns the spanned TOML tree into a `Dataset`, collecting every problem with its span.
//!
//! Two passes: the first registers every record's id (so references may point forward), the
//! second reads each record's fields and resolves references. `slots` then fills each figure's
//! provenance (disputed, from a claim, confidence) from the claims.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::dataset::*;
use super::diagnostic::{Diagnostic, SourceMap, did_you_mean, fold, fold_if_full};
use super::fields::Fields;
use super::slots;

const OPEN_WEIGHTS: &[&str] = &["open", "restricted", "mixed", "closed", "n/a"];
const COMPUTE_KINDS: &[&str] = &["cluster", "fleet", "purchase", "investment"];
const EVENT_KINDS: &[&str] = &[
    "release",
    "export_control",
    "market",
    "founding",
    "funding",
    "policy",
    "other",
];
const ENTITY_KINDS: &[&str] = &["person", "company", "market", "product", "topic", "government"];
const CLAIM_KINDS: &[&str] = &["claimed", "reported", "estimated", "derived"];
const CONFIDENCES: &[&str] = &["confident", "likely", "speculative", "unknown"];
const CURRENCIES: &[&str] = &["USD", "USD-2023", "EUR", "CNY"];

fn kind_of(key: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.key() == key)
}

/// A top-level key that names no record kind, with the closest kind.
fn unknown_kind(name: &str, span: Range<usize>) -> Diagnostic {
    let keys: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
    let d = Diagnostic::new(
        span,
        format!(
            "unknown record kind `{name}`; expected one of: [[{}]]",
            keys.join("]], [[")
        ),
    );
    match did_you_mean(name, keys) {
        Some(s) => d.with_label(format!("did you mean `[[{s}]]`?")),
        None => d,
    }
}

/// A chunk larger than this is checked from its beginning first (`early`).
const GIANT_CHUNK: usize = 4 << 20;

/// Validates one chunk of a large file against the pre-scanned ids of the whole file:
/// the chunk's records in file order (references resolved to whole-file indices; claim indexes
/// and slots not yet filled), or `None` when the chunk has any problem (`chunk_problems`
/// then says which, without the whole text in memory).
pub(super) fn load_chunk(name: &str, text: &str, first_line: usize, ids: &HashMap<Text, RecordRef>) -> Option<Dataset> {
    validate_chunk(name, text, first_line, ids).ok()
}

/// The problems of one chunk of a large file, judged as `load_chunk` judges it (against the
/// scan's ids), with spans in the chunk's text: how a large file with problems is reported
/// without its whole text in memory.
pub(super) fn chunk_problems(
    name: &str,
    text: &str,
    first_line: usize,
    ids: &HashMap<Text, RecordRef>,
) -> Vec<Diagnostic> {
    validate_chunk(name, text, first_line, ids).err().unwrap_or_default()
}

/// One chunk's records, or its problems (see `load_chunk`, `chunk_problems`).
fn validate_chunk(
    name: &str,
    text: &str,
    first_line: usize,
    ids: &HashMap<Text, RecordRef>,
) -> Result<Dataset, Vec<Diagnostic>> {
    if let Some(d) = super::syntax::binary(text) {
        return Err(vec![d]);
    }
    // Chunks are planned at about 512 KiB: one far larger is a single huge record, maybe a
    // million unknown keys, not worth parsing whole only to find it broken.
    if text.len() > GIANT_CHUNK
        && let Some(mut diags) = early::problems(text)
    {
        // Where it stopped, by the file's lines.
        for d in &mut diags {
            if let Some(line) = &mut d.stopped_at {
                *line += first_line;
            }
        }
        return Err(diags);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(super::syntax::diagnostics(text, &errors));
    }
    let mut v = Validator::new(name, text);
    v.chunk = Some((ids, first_line));
    v.run(root.get_ref())
}

/// Validates `text`, a data file laid over the records of earlier files (`outer`): its records
/// in file order, numbered after `outer`'s (a record with an id of `outer`'s has that record's
/// number), its references resolved against both. Slots and indexes are left to `overlay`.
pub(super) fn load_layer(outer: &Dataset, name: &str, text: &str) -> Result<Dataset, Vec<Diagnostic>> {
    if let Some(d) = super::syntax::binary(text) {
        return Err(vec![d]);
    }
    if let Some(diags) = early::problems(text) {
        return Err(diags);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(super::syntax::diagnostics(text, &errors));
    }
    let mut v = Validator::new(name, text);
    v.outer = Some(outer);
    v.run(root.get_ref())
}

/// Parses and validates a data file in one piece.
pub fn load_whole(name: &str, text: &str) -> Result<Dataset, Vec<Diagnostic>> {
    if let Some(d) = super::syntax::binary(text) {
        return Err(vec![d]);
    }
    if let Some(diags) = early::problems(text) {
        return Err(diags);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(super::syntax::diagnostics(text, &errors));
    }
    Validator::new(name, text).run(root.get_ref())
}

type Item<'a, 'i> = &'a Spanned<DeValue<'i>>;

/// How many unknown references get a "did you mean" search: each search scans every id of the
/// wanted kinds, so a file with thousands of dangling references must not make it quadratic.
const SUGGESTION_BUDGET: usize = 200;

struct Validator<'t> {
    map: SourceMap<'t>,
    /// When validating one chunk of a large file: the ids of the whole file (pre-scanned), and
    /// the chunk's first line in the file. See `chunks` and `parallel`.
    chunk: Option<(&'t HashMap<Text, RecordRef>, usize)>,
    /// When validating a file laid over earlier ones: their merged records. This file's
    /// references may name them, a record with one of their ids is the same record (merged
    /// later by `overlay`), and this file's other records are numbered after theirs.
    outer: Option<&'t Dataset>,
    diags: Vec<Diagnostic>,
    ds: Dataset,
    /// Every registered id, by kind, for suggestions.
    by_kind: HashMap<Kind, Vec<String>>,
    suggestions_left: usize,
}

impl<'t> Validator<'t> {
    fn new(name: &'t str, text: &'t str) -> Self {
        Self {
            map: SourceMap::new(name, text),
            chunk: None,
            outer: None,
            diags: Vec::new(),
            ds: Dataset::default(),
            by_kind: HashMap::new(),
            suggestions_left: SUGGESTION_BUDGET,
        }
    }

    fn run(mut self, root: &DeTable<'_>) -> Result<Dataset, Vec<Diagnostic>> {
        let mut groups: HashMap<Kind, Vec<Item<'_, '_>>> = HashMap::new();
        for (key, value) in root.iter() {
            let name: &str = key.get_ref();
            let Some(kind) = kind_of(name) else {
                self.diags.push(unknown_kind(name, key.span()));
                fold_if_full(&mut self.diags);
                continue;
            };
            match value.get_ref() {
                DeValue::Array(items) => {
                    let tables: Vec<_> = items
                        .iter()
                        .filter(|item| {
                            let ok = matches!(item.get_ref(), DeValue::Table(_));
                            if !ok {
                                self.diags.push(Diagnostic::new(
                                    item.span(),
                                    format!("`{name}` entries must be tables; write each as a [[{name}]] section"),
                                ));
                                fold_if_full(&mut self.diags);
                            }
                            ok
                        })
                        .collect();
                    groups.insert(kind, tables);
                }
                _ => self.diags.push(Diagnostic::new(
                    value.span(),
                    format!("`{name}` must be an array of tables; write each record as a [[{name}]] section"),
                )),
            }
        }
        if groups.values().all(Vec::is_empty) && self.diags.is_empty() && self.chunk.is_none() {
            self.diags.push(Diagnostic::new(
                0..0,
                "the file has no records; expected [[lab]], [[model]], [[claim]] … sections (see data/SCHEMA.md)",
            ));
        }
        let get = |k: Kind| groups.get(&k).map_or(&[][..], Vec::as_slice);
        if self.chunk.is_none() {
            self.register_ids(&groups);
        }
        for item in get(Kind::Source) {
            self.source(item);
            fold_if_full(&mut self.diags);
        }
        for item in get(Kind::Chip) {
            self.chip(item);
            fold_if_full(&mut self.diags);
        }
        for item in get(Kind::Lab) {
            self.lab(item);
            fold_if_full(&mut self.diags);
        }
        for item in get(Kind::Entity) {
            self.entity(item);
            fold_if_full(&mut self.diags);
        }
        for item in get(Kind::Model) {
            self.model(item);
            fold_if_full(&mut self.diags);
        }
        for item in get(Kind::Compute) {
            self.compute(item);
            fold_if_full(&mut self.diags);
        }
        for item in get(Kind::Event) {
            self.event(item);
            fold_if_full(&mut self.diags);
        }
        for item in get(Kind::Claim) {
            self.claim(item);
            fold_if_full(&mut self.diags);
        }
        if !self.diags.is_empty() {
            fold(&mut self.diags);
            return Err(self.diags);
        }
        // A chunk's or a layer's references point into a larger whole: its slots are filled
        // once that whole is assembled.
        if self.chunk.is_none() && self.outer.is_none() {
            slots::fill(&mut self.ds);
        }
        Ok(self.ds)
    }

    fn register_ids(&mut self, groups: &HashMap<Kind, Vec<Item<'_, '_>>>) {
        let mut first: HashMap<String, Range<usize>> = HashMap::new();
        for kind in Kind::ALL {
            let Some(items) = groups.get(&kind) else { continue };
            // Laid over earlier files, new records are numbered after theirs.
            let mut next = self.outer.map_or(0, |o| o.count(kind));
            for item in items {
                fold_if_full(&mut self.diags);
                let DeValue::Table(t) = item.get_ref() else { continue };
                let Some(v) = t.get("id") else {
                    self.diags.push(
                        Diagnostic::new(
                            item.span().start..item.span().start,
                            format!("missing key `id` in a [[{}]]", kind.key()),
                        )
                        .with_label("add `id = \"…\"`: every record needs a unique id"),
                    );
                    continue;
                };
                // A non-string or empty id is reported by the record's reader (`Fields::string`).
                let DeValue::String(id) = v.get_ref() else { continue };
                if id.trim().is_empty() {
                    continue;
                }
                if !id.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c)) {
                    self.diags.push(Diagnostic::new(
                        v.span(),
                        format!(
                            "id \"{}\" may only contain letters, digits, `-`, `_` and `.`",
                            shown_id(id)
                        ),
                    ));
                    continue;
                }
                if let Some(prev) = first.get(id.as_ref()) {
                    let line = self.map.line(prev.start);
                    self.diags.push(
                        Diagnostic::new(
                            v.span(),
                            format!("duplicate id \"{}\": already used at line {line}", shown_id(id)),
                        )
                        .with_label("ids must be unique across the whole file"),
                    );
                    continue;
                }
                first.insert(id.to_string(), v.span());
                let earlier = self.outer.and_then(|o| o.ids.get(id.as_ref()).copied());
                let r = match earlier {
                    // The same record as an earlier file's: merged with it.
                    Some(r) if r.kind == kind => r,
                    Some(r) => {
                        self.diags.push(
                            Diagnostic::new(
                                v.span(),
                                format!(
                                    "id \"{}\" is a [[{}]] in an earlier file, not a [[{}]]",
                                    shown_id(id),
                                    r.kind.key(),
                                    kind.key()
                                ),
                            )
                            .with_label("a record laid over another must be of the same kind"),
                        );
                        continue;
                    }
                    None => {
                        let r = RecordRef {
                            kind,
                            index: u32::try_from(next).unwrap_or(u32::MAX),
                        };
                        next += 1;
                        r
                    }
                };
                self.by_kind.entry(kind).or_default().push(id.to_string());
                self.ds.ids.insert(Text::from(id.as_ref()), r);
            }
        }
    }

    fn line(&self, item: Item<'_, '_>) -> Line {
        let base = self.chunk.map_or(0, |(_, first_line)| first_line);
        u32::try_from(self.map.line(item.span().start) + base).unwrap_or(u32::MAX)
    }

    /// Resolves a reference to one of `kinds`, reporting unknown or wrong-kind ids.
    fn resolve(&mut self, id: &str, span: Range<usize>, kinds: &[Kind], key: &str) -> Option<RecordRef> {
        // Named only for a message: built only when one is needed.
        let wanted = || one_of(kinds);
        let ids = match self.chunk {
            Some((ids, _)) => ids,
            None => &self.ds.ids,
        };
        let found = ids.get(id).or_else(|| self.outer.and_then(|o| o.ids.get(id)));
        match found {
            Some(r) if kinds.contains(&r.kind) => Some(*r),
            Some(r) => {
                self.diags.push(Diagnostic::new(
                    span,
                    format!(
                        "`{key}` = \"{}\" is a {}, but a {} is expected here",
                        shown_id(id),
                        r.kind.key(),
                        wanted()
                    ),
                ));
                None
            }
            None => {
                let mut d = Diagnostic::new(
                    span,
                    format!("`{key}` refers to unknown {} \"{}\"", wanted(), shown_id(id)),
                );
                if self.chunk.is_some() {
                    // A chunk knows the file's ids but not their order: the suggestion is
                    // made from all of them, in file order, if the problem is shown.
                    d.unresolved = Some(Box::new((id.to_string(), kinds.to_vec())));
                } else if self.suggestions_left > 0 {
                    self.suggestions_left -= 1;
                    let candidates = kinds
                        .iter()
                        .filter_map(|k| self.by_kind.get(k))
                        .flatten()
                        .map(String::as_str);
                    if let Some(s) = did_you_mean(id, candidates) {
                        d = d.with_label(format!("did you mean \"{s}\"?"));
                    }
                }
                self.diags.push(d);
                None
            }
        }
    }

    fn reference(&mut self, f: &mut Fields<'_, '_>, key: &str, kinds: &[Kind], required: bool) -> Option<RecordRef> {
        let id = f.string(key, required)?;
        let span = f.get(key).map_or(0..0, |v| v.span());
        self.resolve(&id, span, kinds, key)
    }

    fn sources(&mut self, f: &mut Fields<'_, '_>, key: &str) -> Refs {
        let ids = f.strings(key);
        ids.into_iter()
            .filter_map(|(id, span)| self.resolve(&id, span, &[Kind::Source], key))
            .map(|r| r.index)
            .collect()
    }
}

/// How long an id a message quotes whole; a longer one is shown as its two ends.
const ID_SHOWN_CHARS: usize = 60;

/// A rejected or unmatched id as a message quotes it: every character that is not printable
/// ASCII as its code point, so a look-alike cannot pass for the plain id (`cafe\u{301}`,
/// `\u{435}`), and a very long one as a window of its two ends (a 1 MB id is not echoed whole).
fn shown_id(id: &str) -> String {
    let escape = |c: char| {
        if c.is_ascii_graphic() || c == ' ' {
            c.to_string()
        } else {
            format!("\\u{{{:x}}}", c as u32)
        }
    };
    let n = id.chars().count();
    if n <= ID_SHOWN_CHARS {
        return id.chars().map(escape).collect();
    }
    let half = ID_SHOWN_CHARS / 2;
    let head: String = id.chars().take(half).map(escape).collect();
    let tail: String = id.chars().skip(n - half).map(escape).collect();
    format!("{head}…{tail}")
}

/// "lab", "lab or entity", "lab, model, chip or entity".
fn one_of(kinds: &[Kind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.key()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

// A file full of problems, judged from its beginning.
mod early;
// Record readers, one per kind.
mod records;
