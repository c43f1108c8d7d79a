//! Rows → a labdash data file: labs, chips, models and one claim by Epoch AI per figure, with
//! ids that line up with the bundled dataset's.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::claims::{self, CLAIMANT};
use super::countries::Country;
use super::curated::Curated;
use super::rows::Row;
use super::slug::{Ids, model_slug, slug};
use super::write::{self, Record};
use crate::data::PartialDate;

/// Epoch's title, address and licence, as the attribution asks.
pub const TITLE: &str = "Data on Notable AI Models";
/// Where Epoch publishes the data.
pub const URL: &str = "https://epoch.ai/data/notable-ai-models";

/// What the file is built from besides its rows.
pub struct Context<'a> {
    /// The export's file name, for the header and the source note.
    pub file_name: &'a str,
    /// The snapshot date: claims without a `Last modified` are dated by it.
    pub snapshot: PartialDate,
    /// Whether notes columns are kept.
    pub with_notes: bool,
    /// The bundled dataset's ids.
    pub curated: &'a Curated,
}

/// The file's text, with counts and the ids that had to change.
#[derive(Debug, Default)]
pub struct Built {
    /// The TOML.
    pub toml: String,
    /// Labs, chips and claims written.
    pub labs: usize,
    /// Chips written.
    pub chips: usize,
    /// Claims written.
    pub claims: usize,
    /// `(line, wanted, given, by)` for every model whose id had to be made unique, with what
    /// holds the id it wanted.
    pub renamed: Vec<(usize, String, String, &'static str)>,
}

/// Country tokens of an organisation, learnt from the rows.
type Lists = HashMap<String, Vec<Country>>;

/// Each organisation's own countries. Epoch's country column is the concatenation of every
/// organisation's countries, in order: a row with one organisation gives its list exactly,
/// and a row where all organisations but one are known gives the last one's by difference.
fn org_countries(rows: &[Row]) -> Lists {
    let mut known: Lists = HashMap::new();
    for r in rows {
        if let ([org], Some(list)) = (r.orgs.as_slice(), &r.countries) {
            known.entry(org.clone()).or_insert_with(|| list.clone());
        }
    }
    // Each pass can make new rows decidable; a handful of passes reaches the fixed point on
    // real exports, and the bound keeps hostile input linear.
    for _ in 0..4 {
        let mut learnt = false;
        for r in rows.iter().filter(|r| r.orgs.len() > 1) {
            let Some(list) = &r.countries else { continue };
            let unknown: Vec<usize> = (0..r.orgs.len()).filter(|&i| !known.contains_key(&r.orgs[i])).collect();
            let [u] = unknown.as_slice() else { continue };
            let len = |orgs: &[String]| orgs.iter().map(|o| known.get(o).map_or(0, Vec::len)).sum::<usize>();
            let concat = |orgs: &[String]| -> Vec<Country> {
                orgs.iter()
                    .flat_map(|o| known.get(o).cloned().unwrap_or_default())
                    .collect()
            };
            let (before, after) = (&r.orgs[..*u], &r.orgs[*u + 1..]);
            let (b, a) = (len(before), len(after));
            if b + a > list.len() || list[..b] != concat(before)[..] || list[list.len() - a..] != concat(after)[..] {
                continue;
            }
            known.insert(r.orgs[*u].clone(), list[b..list.len() - a].to_vec());
            learnt = true;
        }
        if !learnt {
            break;
        }
    }
    known
}

/// ISO codes, deduplicated (`ZZ`, CLDR's unknown region, when none is known), and whether
/// Epoch also says "multinational".
fn codes(list: Option<&Vec<Country>>) -> (String, bool) {
    let mut out: Vec<&str> = Vec::new();
    let mut multi = false;
    for c in list.into_iter().flatten() {
        match c {
            Country::Code(c) if !out.contains(c) => out.push(c),
            Country::Code(_) => {}
            Country::Multinational => multi = true,
        }
    }
    if out.is_empty() {
        out.push("ZZ");
    }
    (out.join(","), multi)
}

/// How chip vendors are written in the bundled dataset.
fn vendor(hardware: &str) -> Option<&'static str> {
    let first = hardware.split_whitespace().next()?.to_lowercase();
    Some(match first.as_str() {
        "nvidia" => "Nvidia",
        "google" => "Google",
        "amd" => "AMD",
        "huawei" => "Huawei",
        "intel" => "Intel",
        _ => return None,
    })
}

/// Builds the file.
pub fn build(rows: &[Row], cx: &Context<'_>) -> Built {
    let mut ids = Ids::new(cx.curated.reserved());
    let mut b = Built::default();
    let mut body = String::new();

    let export = ids.take(&format!("epoch-export-{}", cx.snapshot)).0;
    Record::new(&mut body, "source")
        .str("id", &export)
        .str("title", &format!("{TITLE} (export of {})", cx.snapshot))
        .str("publisher", CLAIMANT)
        .raw("date", &write::date(cx.snapshot))
        .str("url", URL)
        .str(
            "note",
            &format!(
                "CC BY 4.0. Credit: Epoch AI, \"{TITLE}\", published online at epoch.ai ({URL}). \
                 Imported by labdash from {}.",
                cx.file_name
            ),
        );

    // Chips: one per single hardware type; several types are recorded, not matched.
    let mut chip_ids: HashMap<&str, String> = HashMap::new();
    for r in rows {
        let [hw] = r.hardware.as_slice() else { continue };
        if chip_ids.contains_key(hw.as_str()) {
            continue;
        }
        let id = match cx.curated.chip(hw) {
            Some(c) if !chip_ids.values().any(|v| v == c) => {
                ids.reuse(c);
                c.to_string()
            }
            _ => ids.take(&prefixed(hw)).0,
        };
        Record::new(&mut body, "chip")
            .str("id", &id)
            .str("name", hw)
            .opt("vendor", vendor(hw))
            .list("sources", &[&export]);
        chip_ids.insert(hw, id);
        b.chips += 1;
    }

    // Labs, in order of first mention.
    let countries = org_countries(rows);
    let mut lab_ids: HashMap<&str, String> = HashMap::new();
    for org in rows.iter().flat_map(|r| r.orgs.iter()) {
        if lab_ids.contains_key(org.as_str()) {
            continue;
        }
        let id = match cx.curated.lab(org) {
            Some(l) if !lab_ids.values().any(|v| v == l) => {
                ids.reuse(l);
                l.to_string()
            }
            _ => ids.take(&prefixed(org)).0,
        };
        let (country, multi) = codes(countries.get(org));
        let note = match (country.as_str(), multi) {
            ("ZZ", true) => Some("Epoch AI lists it as multinational; no country is named (ZZ)."),
            ("ZZ", false) => Some("Its country is not known from Epoch AI's export (ZZ)."),
            (_, true) => Some("Epoch AI also lists it as multinational."),
            _ => None,
        };
        Record::new(&mut body, "lab")
            .str("id", &id)
            .str("name", org)
            .str("country", &country)
            .opt("note", note)
            .list("sources", &[&export]);
        lab_ids.insert(org, id);
        b.labs += 1;
    }
    let orphan = rows.iter().any(|r| r.orgs.is_empty()).then(|| {
        let id = ids.take("epoch-unknown-organization").0;
        Record::new(&mut body, "lab")
            .str("id", &id)
            .str("name", "Unknown organization")
            .str("country", "ZZ")
            .str("note", "For models Epoch AI lists without an organization.")
            .list("sources", &[&export]);
        b.labs += 1;
        id
    });

    // Models and their claims; a row's link is a source of its own.
    let mut claims = String::new();
    for r in rows {
        let wanted = Some(model_slug(&r.name))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "model".into());
        let (id, changed) = ids.take(&wanted);
        if changed {
            let by = if cx.curated.is_other(&wanted) {
                "another kind of record in the bundled dataset"
            } else {
                "an earlier row"
            };
            b.renamed.push((r.line, wanted, id.clone(), by));
        }
        let mut sources = vec![export.as_str()];
        let reference = r.links.first().map(|url| {
            let rid = ids.take(&format!("epoch-ref-{id}")).0;
            Record::new(&mut body, "source")
                .str("id", &rid)
                .str("title", r.reference.as_deref().unwrap_or(&r.name))
                .str("url", url)
                .list("mirrors", &r.links[1..].iter().map(String::as_str).collect::<Vec<_>>())
                .str("note", &format!("Listed by Epoch AI as the publication of {}.", r.name));
            rid
        });
        if let Some(rid) = &reference {
            sources.push(rid);
        }
        let lab = r
            .orgs
            .first()
            .and_then(|o| lab_ids.get(o.as_str()))
            .or(orphan.as_ref())
            .map_or("", String::as_str);
        let chip = match r.hardware.as_slice() {
            [hw] => chip_ids.get(hw.as_str()).map(String::as_str),
            _ => None,
        };
        let mut notes = Vec::new();
        if r.orgs.len() > 1 {
            notes.push(format!(
                "Organizations per Epoch AI: {} (linked to the first).",
                r.orgs.join(", ")
            ));
        }
        if r.hardware.len() > 1 {
            notes.push(format!(
                "Training hardware per Epoch AI: {} (several types, so no chip is set).",
                r.hardware.join(", ")
            ));
        }
        let note = (!notes.is_empty()).then(|| notes.join(" "));
        let mut m = Record::new(&mut body, "model");
        m.str("id", &id).str("lab", lab).str("name", &r.name);
        if let Some(d) = r.released {
            m.raw("released", &write::date(d));
        }
        m.opt("chip", chip)
            .opt("open_weights", r.open_weights)
            .opt("note", note.as_deref())
            .list("sources", &sources);

        let about = claims::About {
            model: &id,
            sources: &sources,
            date: r.modified.unwrap_or(cx.snapshot),
        };
        b.claims += claims::write(&mut claims, &mut ids, r, &about);
    }
    b.toml = header(cx) + &body + &claims;
    b
}

/// An Epoch-only record's id: `epoch-` and its slug, so it never meets a curated id.
fn prefixed(name: &str) -> String {
    let s = slug(name);
    if s.is_empty() {
        "epoch-unnamed".into()
    } else {
        format!("epoch-{s}")
    }
}

/// The file's header comment: what it is, where from, and the attribution.
fn header(cx: &Context<'_>) -> String {
    let mut h = String::new();
    let lines = [
        "labdash data file imported from an Epoch AI export by `labdash import epoch`.".to_string(),
        format!("Export: {} (snapshot {}).", write::comment(cx.file_name), cx.snapshot),
        format!("Data: Epoch AI, \"{TITLE}\", published online at epoch.ai ({URL}),"),
        "licensed under CC BY 4.0. Every figure below is a claim by Epoch AI.".to_string(),
        if cx.with_notes {
            "Epoch's notes columns are kept (--with-notes); abstracts and authors are not copied.".to_string()
        } else {
            "Figures, names, dates, links and confidence only: abstracts, authors and notes are not copied.".to_string()
        },
        "Schema: data/SCHEMA.md in the labdash repository. Validate with `labdash check FILE`.".to_string(),
    ];
    for l in lines {
        let _ = writeln!(h, "# {l}");
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(orgs: &[&str], countries: &[Country]) -> Row {
        Row {
            orgs: orgs.iter().map(|o| o.to_string()).collect(),
            countries: Some(countries.to_vec()),
            ..Row::default()
        }
    }

    #[test]
    fn organisation_countries_come_from_single_rows_and_by_difference() {
        use Country::{Code, Multinational};
        let rows = [
            row(&["A"], &[Code("US"), Code("GB"), Multinational]),
            // C's list is what is left of the row once A's is taken away.
            row(&["A", "C"], &[Code("US"), Code("GB"), Multinational, Code("CN")]),
            // Two unknowns sharing one country: neither is guessed.
            row(&["D", "E"], &[Code("FR")]),
        ];
        let known = org_countries(&rows);
        assert_eq!(known.get("C"), Some(&vec![Code("CN")]));
        assert!(!known.contains_key("D") && !known.contains_key("E"));
        assert_eq!(codes(known.get("A")), ("US,GB".to_string(), true));
        assert_eq!(codes(known.get("D")), ("ZZ".to_string(), false));
    }
}
