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
use super::diagnostic::{Diagnostic, SourceMap, did_you_mean};
use super::fields::Fields;
use super::slots;

const SOURCE_KEYS: &[&str] = &["id", "title", "publisher", "author", "date", "url", "mirrors", "note"];
const LAB_KEYS: &[&str] = &[
    "id",
    "name",
    "name_native",
    "country",
    "hq",
    "founded",
    "founders",
    "ceo",
    "parent",
    "backers",
    "open_weights",
    "note",
    "sources",
];
const MODEL_KEYS: &[&str] = &[
    "id",
    "lab",
    "name",
    "released",
    "arch",
    "params_b",
    "active_params_b",
    "tokens_t",
    "chip",
    "chips",
    "gpu_hours",
    "train_flop",
    "cost_usd",
    "mfu",
    "open_weights",
    "note",
    "sources",
];
const COMPUTE_KEYS: &[&str] = &[
    "id",
    "name",
    "owner",
    "kind",
    "chip",
    "chips",
    "capex_usd",
    "announced",
    "location",
    "note",
    "sources",
];
const CHIP_KEYS: &[&str] = &[
    "id",
    "name",
    "vendor",
    "arch",
    "bf16_tflops",
    "fp8_tflops",
    "memory_gb",
    "mem_bw_tbs",
    "interconnect_gbs",
    "tdp_w",
    "export_status",
    "note",
    "sources",
];
const EVENT_KEYS: &[&str] = &[
    "id",
    "date",
    "title",
    "actor",
    "kind",
    "about",
    "amount_usd",
    "note",
    "sources",
];
const ENTITY_KEYS: &[&str] = &["id", "name", "kind", "country", "note", "sources"];
const CLAIM_KEYS: &[&str] = &[
    "id",
    "subject",
    "metric",
    "value",
    "min",
    "max",
    "approx",
    "text",
    "currency",
    "unit",
    "claimant",
    "kind",
    "basis",
    "confidence",
    "date",
    "source",
    "sources",
    "quote",
    "formula",
    "note",
];
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
const CONFIDENCES: &[&str] = &["confident", "likely", "speculative"];
const CURRENCIES: &[&str] = &["USD", "USD-2023", "EUR", "CNY"];

fn kind_of(key: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.key() == key)
}

/// Parses and validates a whole data file.
pub fn load(name: &str, text: &str) -> Result<Dataset, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(syntax_diagnostics(&errors));
    }
    Validator::new(name, text).run(root.get_ref())
}

/// Syntax errors, one per line (the parser's recovery repeats itself on a broken line).
fn syntax_diagnostics(errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = errors
        .iter()
        .map(|e| {
            let span = e.span().unwrap_or(0..0);
            Diagnostic::new(span, format!("invalid TOML: {}", e.message()))
        })
        .collect();
    out.sort_by_key(|d| d.span.start);
    out.dedup_by(|a, b| a.span.start == b.span.start);
    out
}

type Item<'a, 'i> = &'a Spanned<DeValue<'i>>;

struct Validator<'t> {
    map: SourceMap<'t>,
    diags: Vec<Diagnostic>,
    ds: Dataset,
}

impl<'t> Validator<'t> {
    fn new(name: &'t str, text: &'t str) -> Self {
        Self {
            map: SourceMap::new(name, text),
            diags: Vec::new(),
            ds: Dataset::default(),
        }
    }

    fn run(mut self, root: &DeTable<'_>) -> Result<Dataset, Vec<Diagnostic>> {
        let mut groups: HashMap<Kind, Vec<Item<'_, '_>>> = HashMap::new();
        for (key, value) in root.iter() {
            let name: &str = key.get_ref();
            let Some(kind) = kind_of(name) else {
                let keys: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
                let mut d = Diagnostic::new(
                    key.span(),
                    format!(
                        "unknown record kind `{name}`; expected one of: [[{}]]",
                        keys.join("]], [[")
                    ),
                );
                if let Some(s) = did_you_mean(name, keys) {
                    d = d.with_label(format!("did you mean `[[{s}]]`?"));
                }
                self.diags.push(d);
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
        if groups.values().all(Vec::is_empty) && self.diags.is_empty() {
            self.diags.push(Diagnostic::new(
                0..0,
                "the file has no records; expected [[lab]], [[model]], [[claim]] … sections (see data/SCHEMA.md)",
            ));
        }
        let get = |k: Kind| groups.get(&k).map_or(&[][..], Vec::as_slice);
        self.register_ids(&groups);
        for item in get(Kind::Source) {
            self.source(item);
        }
        for item in get(Kind::Chip) {
            self.chip(item);
        }
        for item in get(Kind::Lab) {
            self.lab(item);
        }
        for item in get(Kind::Entity) {
            self.entity(item);
        }
        for item in get(Kind::Model) {
            self.model(item);
        }
        for item in get(Kind::Compute) {
            self.compute(item);
        }
        for item in get(Kind::Event) {
            self.event(item);
        }
        for item in get(Kind::Claim) {
            self.claim(item);
        }
        if !self.diags.is_empty() {
            self.diags.sort_by_key(|d| (d.span.start, d.span.end));
            return Err(self.diags);
        }
        slots::fill(&mut self.ds);
        Ok(self.ds)
    }

    fn register_ids(&mut self, groups: &HashMap<Kind, Vec<Item<'_, '_>>>) {
        let mut first: HashMap<String, Range<usize>> = HashMap::new();
        for kind in Kind::ALL {
            let Some(items) = groups.get(&kind) else { continue };
            for (index, item) in items.iter().enumerate() {
                let DeValue::Table(t) = item.get_ref() else { continue };
                let Some(v) = t.get("id") else {
                    self.diags.push(
                        Diagnostic::new(item.span(), format!("missing key `id` in a [[{}]]", kind.key()))
                            .with_label("every record needs a unique `id = \"…\"`"),
                    );
                    continue;
                };
                let DeValue::String(id) = v.get_ref() else {
                    self.diags.push(Diagnostic::new(v.span(), "`id` must be a string"));
                    continue;
                };
                if id.is_empty() || !id.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c)) {
                    self.diags.push(Diagnostic::new(
                        v.span(),
                        format!("id \"{id}\" may only contain letters, digits, `-`, `_` and `.`"),
                    ));
                    continue;
                }
                if let Some(prev) = first.get(id.as_ref()) {
                    let line = self.map.position(prev.start).line;
                    self.diags.push(
                        Diagnostic::new(v.span(), format!("duplicate id \"{id}\": already used at line {line}"))
                            .with_label("ids must be unique across the whole file"),
                    );
                    continue;
                }
                first.insert(id.to_string(), v.span());
                let index = u32::try_from(index).unwrap_or(u32::MAX);
                self.ds.ids.insert(id.to_string(), RecordRef { kind, index });
            }
        }
    }

    fn line(&self, item: Item<'_, '_>) -> Line {
        u32::try_from(self.map.position(item.span().start).line).unwrap_or(u32::MAX)
    }

    /// Resolves a reference to one of `kinds`, reporting unknown or wrong-kind ids.
    fn resolve(&mut self, id: &str, span: Range<usize>, kinds: &[Kind], key: &str) -> Option<RecordRef> {
        let names: Vec<&str> = kinds.iter().map(|k| k.key()).collect();
        let wanted = names.join(" or ");
        match self.ds.ids.get(id) {
            Some(r) if kinds.contains(&r.kind) => Some(*r),
            Some(r) => {
                self.diags.push(Diagnostic::new(
                    span,
                    format!(
                        "`{key}` = \"{id}\" is a {}, but a {wanted} is expected here",
                        r.kind.key()
                    ),
                ));
                None
            }
            None => {
                let candidates = self
                    .ds
                    .ids
                    .iter()
                    .filter(|(_, r)| kinds.contains(&r.kind))
                    .map(|(k, _)| k.as_str());
                let mut d = Diagnostic::new(span, format!("`{key}` refers to unknown {wanted} \"{id}\""));
                if let Some(s) = did_you_mean(id, candidates) {
                    d = d.with_label(format!("did you mean \"{s}\"?"));
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

    fn sources(&mut self, f: &mut Fields<'_, '_>, key: &str) -> Vec<u32> {
        let ids = f.strings(key);
        ids.into_iter()
            .filter_map(|(id, span)| self.resolve(&id, span, &[Kind::Source], key))
            .map(|r| r.index)
            .collect()
    }
}

// Record readers, one per kind.
mod records;
