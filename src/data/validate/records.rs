//! One reader per record kind: fields, types, enumerations and references.

use toml::de::DeValue;

use super::super::fields::{Fields, Sign};
use super::super::metric::{self, Unit};
use super::super::schema;
use super::*;

const OWNERS: &[Kind] = &[Kind::Lab, Kind::Entity];
const ANY_SUBJECT: &[Kind] = &[
    Kind::Lab,
    Kind::Model,
    Kind::Compute,
    Kind::Chip,
    Kind::Event,
    Kind::Entity,
];

/// Parses a currency code (validated against the list beforehand).
pub fn parse_currency(code: &str) -> Currency {
    match code {
        "USD-2023" => Currency::Usd2023,
        "EUR" => Currency::Eur,
        "CNY" => Currency::Cny,
        _ => Currency::Usd,
    }
}

fn figure_slot(f: &mut Fields<'_, '_>, key: &str) -> Slot {
    Slot {
        fig: f.figure(key, Sign::Positive),
        ..Slot::default()
    }
}

/// An ISO 3166 alpha-2 country code (`CN`, `US`), or several separated by commas (`US,GB`),
/// as the schema asks of labs and entities.
fn country(f: &mut Fields<'_, '_>, required: bool) -> Option<Text> {
    let country = f.string("country", required)?;
    if country
        .split(',')
        .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Some(country);
    }
    let span = f.get("country").map_or(0..0, |v| v.span());
    f.diags.push(Diagnostic::new(
        span,
        format!(
            "`country` is \"{}\"; expected a two-letter ISO code such as \"CN\", \"US\", \"FR\", \"GB\"",
            crate::data::sanitize::printable(&country)
        ),
    ));
    None
}

impl Validator<'_> {
    fn fields<'a, 'i>(&self, item: Item<'a, 'i>, what: &'static str, keys: &[&str]) -> Option<Fields<'a, 'i>> {
        let DeValue::Table(t) = item.get_ref() else { return None };
        let mut f = Fields::new(t, item.span(), what);
        f.deny_unknown(keys);
        Some(f)
    }

    /// Reads the figure fields (as `schema` declares them) of the record just pushed.
    fn figures(&mut self, f: &mut Fields<'_, '_>, kind: Kind) {
        let figures = schema::figures_in_file(kind);
        if figures.is_empty() {
            return;
        }
        let Some(last) = self.ds.count(kind).checked_sub(1) else {
            return;
        };
        for fig in figures {
            let read = figure_slot(f, fig.name());
            if let Some(slot) = (fig.slot_mut)(&mut self.ds, last) {
                *slot = read;
            }
        }
    }

    fn done(&mut self, mut f: Fields<'_, '_>) {
        self.diags.append(&mut f.diags);
        super::super::diagnostic::fold_if_full(&mut self.diags);
    }

    pub(super) fn source(&mut self, item: Item<'_, '_>) {
        let Some(mut f) = self.fields(item, "[[source]]", schema::keys(Kind::Source)) else {
            return;
        };
        let rec = Source {
            id: f.string("id", false).unwrap_or_default(),
            title: f.string("title", true).unwrap_or_default(),
            publisher: f.string("publisher", false),
            author: f.string("author", false),
            date: f.date("date", false),
            url: f.string("url", false),
            mirrors: f.strings("mirrors").into_iter().map(|(s, _)| s).collect(),
            note: f.string("note", false),
            line: self.line(item),
        };
        self.ds.sources.push(rec);
        self.done(f);
    }

    pub(super) fn chip(&mut self, item: Item<'_, '_>) {
        let Some(mut f) = self.fields(item, "[[chip]]", schema::keys(Kind::Chip)) else {
            return;
        };
        let rec = Chip {
            id: f.string("id", false).unwrap_or_default(),
            name: f.string("name", true).unwrap_or_default(),
            vendor: f.string("vendor", false),
            arch: f.string("arch", false),
            export_status: f.string("export_status", false),
            note: f.string("note", false),
            sources: self.sources(&mut f, "sources"),
            line: self.line(item),
            ..Chip::default()
        };
        self.ds.chips.push(rec);
        self.figures(&mut f, Kind::Chip);
        self.done(f);
    }

    pub(super) fn lab(&mut self, item: Item<'_, '_>) {
        let Some(mut f) = self.fields(item, "[[lab]]", schema::keys(Kind::Lab)) else {
            return;
        };
        let country = country(&mut f, true).unwrap_or_default();
        let rec = Lab {
            id: f.string("id", false).unwrap_or_default(),
            name: f.string("name", true).unwrap_or_default(),
            name_native: f.string("name_native", false),
            country,
            hq: f.string("hq", false),
            founded: f.date("founded", false),
            founders: f.strings("founders").into_iter().map(|(s, _)| s).collect(),
            ceo: f.string("ceo", false),
            parent: self.reference(&mut f, "parent", OWNERS, false),
            backers: f.string("backers", false),
            open_weights: f.choice("open_weights", false, OPEN_WEIGHTS).map(|(s, _)| s),
            note: f.string("note", false),
            sources: self.sources(&mut f, "sources"),
            line: self.line(item),
            ..Lab::default()
        };
        self.ds.labs.push(rec);
        self.done(f);
    }

    pub(super) fn entity(&mut self, item: Item<'_, '_>) {
        let Some(mut f) = self.fields(item, "[[entity]]", schema::keys(Kind::Entity)) else {
            return;
        };
        let rec = Entity {
            id: f.string("id", false).unwrap_or_default(),
            name: f.string("name", true).unwrap_or_default(),
            kind: f.choice("kind", true, ENTITY_KINDS).map(|(s, _)| s).unwrap_or_default(),
            country: country(&mut f, false),
            note: f.string("note", false),
            sources: self.sources(&mut f, "sources"),
            line: self.line(item),
        };
        self.ds.entities.push(rec);
        self.done(f);
    }

    pub(super) fn model(&mut self, item: Item<'_, '_>) {
        let Some(mut f) = self.fields(item, "[[model]]", schema::keys(Kind::Model)) else {
            return;
        };
        let mfu = f.number("mfu");
        if let Some(m) = mfu
            && !(m > 0.0 && m <= 1.0)
        {
            let span = f.get("mfu").map_or(0..0, |v| v.span());
            f.diags.push(Diagnostic::new(
                span,
                format!("`mfu` is {m}; expected a fraction greater than 0 and at most 1"),
            ));
        }
        let rec = Model {
            id: f.string("id", false).unwrap_or_default(),
            lab: self.reference(&mut f, "lab", &[Kind::Lab], true).map_or(0, |r| r.index),
            name: f.string("name", true).unwrap_or_default(),
            released: f.date("released", false),
            arch: f.string("arch", false),
            chip: self.reference(&mut f, "chip", &[Kind::Chip], false).map(|r| r.index),
            mfu: mfu.filter(|m| *m > 0.0 && *m <= 1.0),
            open_weights: f.choice("open_weights", false, OPEN_WEIGHTS).map(|(s, _)| s),
            note: f.string("note", false),
            sources: self.sources(&mut f, "sources"),
            line: self.line(item),
            ..Model::default()
        };
        self.ds.models.push(rec);
        self.figures(&mut f, Kind::Model);
        self.done(f);
    }

    pub(super) fn compute(&mut self, item: Item<'_, '_>) {
        let Some(mut f) = self.fields(item, "[[compute]]", schema::keys(Kind::Compute)) else {
            return;
        };
        let rec = Compute {
            id: f.string("id", false).unwrap_or_default(),
            name: f.string("name", true).unwrap_or_default(),
            owner: self.reference(&mut f, "owner", OWNERS, true),
            kind: f
                .choice("kind", true, COMPUTE_KINDS)
                .map(|(s, _)| s)
                .unwrap_or_default(),
            chip: self.reference(&mut f, "chip", &[Kind::Chip], false).map(|r| r.index),
            announced: f.date("announced", false),
            location: f.string("location", false),
            note: f.string("note", false),
            sources: self.sources(&mut f, "sources"),
            line: self.line(item),
            ..Compute::default()
        };
        self.ds.compute.push(rec);
        self.figures(&mut f, Kind::Compute);
        self.done(f);
    }

    pub(super) fn event(&mut self, item: Item<'_, '_>) {
        let Some(mut f) = self.fields(item, "[[event]]", schema::keys(Kind::Event)) else {
            return;
        };
        let about = f
            .strings("about")
            .into_iter()
            .filter_map(|(id, span)| self.resolve(&id, span, ANY_SUBJECT, "about"))
            .collect();
        let claims = f
            .strings("claims")
            .into_iter()
            .filter_map(|(id, span)| self.resolve(&id, span, &[Kind::Claim], "claims"))
            .map(|r| r.index)
            .collect();
        let rec = Event {
            id: f.string("id", false).unwrap_or_default(),
            date: f.date("date", true),
            title: f.string("title", true).unwrap_or_default(),
            actor: f.string("actor", false),
            kind: f.choice("kind", true, EVENT_KINDS).map(|(s, _)| s).unwrap_or_default(),
            about,
            claims,
            note: f.string("note", false),
            sources: self.sources(&mut f, "sources"),
            line: self.line(item),
            ..Event::default()
        };
        self.ds.events.push(rec);
        self.figures(&mut f, Kind::Event);
        self.done(f);
    }

    pub(super) fn claim(&mut self, item: Item<'_, '_>) {
        let Some(mut f) = self.fields(item, "[[claim]]", schema::keys(Kind::Claim)) else {
            return;
        };
        let subject = self.reference(&mut f, "subject", ANY_SUBJECT, true);
        let metric_name = f.string("metric", true);
        let metric = metric_name.as_deref().and_then(|name| {
            let found = metric::find(name);
            if found.is_none() {
                let span = f.get("metric").map_or(0..0, |v| v.span());
                let mut d = Diagnostic::new(
                    span,
                    format!("unknown metric \"{name}\"; the metric names are listed in data/SCHEMA.md"),
                );
                if let Some(s) = did_you_mean(name, metric::names()) {
                    d = d.with_label(format!("did you mean \"{s}\"?"));
                }
                f.diags.push(d);
            }
            found
        });
        let unit = metric.map_or(Unit::Count, |m| m.unit);
        let sign = if unit.allows_negative() {
            Sign::Any
        } else {
            Sign::Positive
        };
        let figure = f.figure_parts(None, sign, false);
        let text = f.string("text", false);
        let has_number = ["value", "min", "max"].iter().any(|k| f.get(k).is_some());
        if let Some(m) = metric {
            let textual = matches!(m.unit, Unit::Text | Unit::Date);
            if has_number && text.is_some() {
                let span = f.get("text").map_or(0..0, |v| v.span());
                f.diags.push(Diagnostic::new(
                    span,
                    "a claim has either a number (`value`/`min`/`max`) or a `text`, not both",
                ));
            } else if !has_number && text.is_none() && f.get("text").is_none() {
                f.diags.push(
                    Diagnostic::new(
                        item.span().start..item.span().start,
                        format!("claim about \"{}\" states nothing", m.id),
                    )
                    .with_label("add `value = …`, `min`/`max`, or `text = \"…\"`"),
                );
            } else if textual && has_number {
                let span = f
                    .get("value")
                    .or(f.get("min"))
                    .or(f.get("max"))
                    .map_or(0..0, |v| v.span());
                f.diags.push(Diagnostic::new(
                    span,
                    format!("metric \"{}\" takes `text = \"…\"`, not a number", m.id),
                ));
            }
            if m.unit == Unit::Date
                && let Some(t) = &text
                && let Err(e) = super::super::date::PartialDate::parse(t)
            {
                let span = f.get("text").map_or(0..0, |v| v.span());
                f.diags
                    .push(Diagnostic::new(span, format!("metric \"{}\" needs a date: {e}", m.id)));
            }
        }
        let currency = f.choice("currency", false, CURRENCIES).map(|(c, span)| {
            if metric.is_some_and(|m| m.unit != Unit::Money) {
                f.diags.push(Diagnostic::new(
                    span,
                    "`currency` only applies to money metrics (…_usd, price_…)",
                ));
            }
            parse_currency(&c)
        });
        let kind = match f.choice("kind", true, CLAIM_KINDS).map(|(s, _)| s).as_deref() {
            Some("claimed") => ClaimKind::Claimed,
            Some("reported") => ClaimKind::Reported,
            Some("derived") => ClaimKind::Derived,
            _ => ClaimKind::Estimated,
        };
        let confidence = match f.choice("confidence", false, CONFIDENCES).map(|(s, _)| s).as_deref() {
            Some("likely") => Confidence::Likely,
            // The claimant gave no confidence: never shown as more certain than speculative.
            Some("speculative" | "unknown") => Confidence::Speculative,
            _ => Confidence::Confident,
        };
        let mut sources = self.sources(&mut f, "source");
        sources.extend(self.sources(&mut f, "sources"));
        if f.get("source").is_none() && f.get("sources").is_none() {
            f.diags.push(
                Diagnostic::new(
                    item.span().start..item.span().start,
                    "missing key `source` in a [[claim]]",
                )
                .with_label("every claim names where it was read: `source = \"S01\"`"),
            );
        }
        let rec = Claim {
            id: f.string("id", false).unwrap_or_default(),
            subject: subject.unwrap_or(RecordRef {
                kind: Kind::Entity,
                index: 0,
            }),
            metric: metric.unwrap_or(&metric::METRICS[0]),
            figure,
            text,
            currency: currency.unwrap_or_default(),
            unit: f.string("unit", false),
            claimant: f.string("claimant", true).unwrap_or_default(),
            kind,
            basis: f.string("basis", false),
            confidence,
            date: f.date("date", false),
            sources,
            quote: f.string("quote", false),
            formula: f.string("formula", false),
            note: f.string("note", false),
            line: self.line(item),
        };
        self.ds.claims.push(rec);
        self.done(f);
    }
}
