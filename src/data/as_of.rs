//! The dataset as it stood on a given day: what a reader could have known then. Claims made
//! after the day are gone, records released, announced or dated after it are gone (with the
//! claims about them), and a headline figure whose every backing claim came later falls back
//! to the best claim still standing, or to no figure. Undated claims and undated headline
//! figures stay: nothing says they came later (the status line says they are included).
//!
//! A date known only to the month or year counts as on or before the day when its earliest
//! day is (`2025-01` stands as of 2025-01-15).

use std::collections::HashMap;

use super::dataset::*;
use super::date::PartialDate;
use super::overlay;
use super::schema;

/// Whether something dated `date` was there on `day` (undated: yes).
fn standing(date: Option<PartialDate>, day: PartialDate) -> bool {
    date.is_none_or(|d| d <= day)
}

/// Old index → new index of the records of one kind that stay.
struct Remap(Vec<Option<u32>>);

impl Remap {
    fn keep(flags: impl Iterator<Item = bool>) -> Remap {
        let mut next = 0u32;
        Remap(
            flags
                .map(|k| {
                    k.then(|| {
                        next += 1;
                        next - 1
                    })
                })
                .collect(),
        )
    }

    fn get(&self, i: u32) -> Option<u32> {
        self.0.get(i as usize).copied().flatten()
    }

    /// How many of the records before `old` stay: where a file's first record now starts.
    fn start(&self, old: u32) -> u32 {
        self.0.iter().take(old as usize).filter(|x| x.is_some()).count() as u32
    }
}

/// Keeps the elements of `v` whose index `remap` keeps.
fn retain<T>(v: &mut Vec<T>, remap: &Remap) {
    let mut i = 0;
    v.retain(|_| {
        let keep = remap.0.get(i).copied().flatten().is_some();
        i += 1;
        keep
    });
}

/// `ds` as it stood on `day`.
pub fn as_of(ds: &Dataset, day: PartialDate) -> Dataset {
    let mut out = ds.clone();
    let models = Remap::keep(ds.models.iter().map(|m| standing(m.released, day)));
    let compute = Remap::keep(ds.compute.iter().map(|c| standing(c.announced, day)));
    let events = Remap::keep(ds.events.iter().map(|e| standing(e.date, day)));
    let subject_stays = |r: RecordRef| match r.kind {
        Kind::Model => models.get(r.index).is_some(),
        Kind::Compute => compute.get(r.index).is_some(),
        Kind::Event => events.get(r.index).is_some(),
        _ => true,
    };
    let claims = Remap::keep(
        ds.claims
            .iter()
            .map(|c| standing(c.date, day) && subject_stays(c.subject)),
    );
    // Headlines whose every backing claim came later fall back to the claims still standing.
    drop_late_headlines(&mut out, ds, &claims);
    let remap = |r: RecordRef| -> Option<RecordRef> {
        let index = match r.kind {
            Kind::Model => models.get(r.index)?,
            Kind::Compute => compute.get(r.index)?,
            Kind::Event => events.get(r.index)?,
            Kind::Claim => claims.get(r.index)?,
            _ => r.index,
        };
        Some(RecordRef { kind: r.kind, index })
    };
    retain(&mut out.models, &models);
    retain(&mut out.compute, &compute);
    retain(&mut out.events, &events);
    retain(&mut out.claims, &claims);
    for c in &mut out.claims {
        // Kept claims are about kept records.
        c.subject = remap(c.subject).unwrap_or(c.subject);
    }
    for e in &mut out.events {
        e.about = e.about.iter().filter_map(|&r| remap(r)).collect();
        e.claims = e.claims.iter().filter_map(|&c| claims.get(c)).collect();
    }
    for c in &mut out.compute {
        c.owner = c.owner.and_then(remap);
    }
    for l in &mut out.labs {
        l.parent = l.parent.and_then(remap);
    }
    out.ids = out
        .ids
        .iter()
        .filter_map(|(id, &r)| remap(r).map(|r| (id.clone(), r)))
        .collect();
    remap_layers(&mut out.layers, &remap, |kind, start| match kind {
        Kind::Model => models.start(start),
        Kind::Compute => compute.start(start),
        Kind::Event => events.start(start),
        Kind::Claim => claims.start(start),
        _ => start,
    });
    overlay::refill(&mut out);
    out.as_of = Some(day);
    out
}

/// Parses the day `--as-of` and the dashboard's prompt take: `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Result<PartialDate, String> {
    let day = PartialDate::parse(text.trim())?;
    if day.day.is_none() {
        return Err(format!("`{}` is not a day; expected YYYY-MM-DD", text.trim()));
    }
    Ok(day)
}

/// Empties every headline figure that only claims made after the day back (a headline no
/// claim states stays: nothing dates it).
fn drop_late_headlines(out: &mut Dataset, ds: &Dataset, claims: &Remap) {
    for field in schema::figures() {
        for i in 0..ds.count(field.kind) {
            let Some(fig) = (field.slot)(ds, i).and_then(|s| s.fig.filter(|_| !s.from_claim)) else {
                continue;
            };
            let subject = RecordRef {
                kind: field.kind,
                index: i as u32,
            };
            let backing: Vec<u32> = ds
                .claims_for(subject, field.name())
                .iter()
                .copied()
                .filter(|&c| {
                    ds.claims
                        .get(c as usize)
                        .is_some_and(|c| c.figure.is_some_and(|f| f.same_as(&fig)))
                })
                .collect();
            if !backing.is_empty()
                && backing.iter().all(|&c| claims.get(c).is_none())
                && let Some(s) = (field.slot_mut)(out, i)
            {
                *s = Slot::default();
            }
        }
    }
}

/// Renumbers the layers' record references after records were dropped.
fn remap_layers(
    layers: &mut super::layers::Layers,
    remap: &dyn Fn(RecordRef) -> Option<RecordRef>,
    start: impl Fn(Kind, u32) -> u32,
) {
    for f in &mut layers.files {
        for (k, kind) in Kind::ALL.iter().enumerate() {
            if let Some(s) = f.starts.get_mut(k) {
                *s = start(*kind, *s);
            }
        }
    }
    let also: HashMap<RecordRef, Vec<u16>> = std::mem::take(&mut layers.also)
        .into_iter()
        .filter_map(|(r, v)| remap(r).map(|r| (r, v)))
        .collect();
    layers.also = also;
    layers.notes = std::mem::take(&mut layers.notes)
        .into_iter()
        .filter_map(|(r, v)| remap(r).map(|r| (r, v)))
        .collect();
    layers.remap_combined(remap);
}
