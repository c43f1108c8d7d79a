//! What every record kind has in common, and the one `match` over the eight kinds.
//!
//! `Record` ties a record type to its `Kind`, its TOML name and its vector in a `Dataset`;
//! `AnyRecord` is what code that holds a `RecordRef` may ask of any record (id, name, line,
//! sources, note). `dispatch` is the only place that turns a run-time `Kind` into a type:
//! everything else (names, counts, growing and appending vectors, cache keys) goes through it.

use super::dataset::*;

/// What any record can tell, whatever its kind.
pub trait AnyRecord {
    /// Its `id`.
    fn id(&self) -> &str;
    /// How it is shown by name: a title, a name, or (claims) the id.
    fn name(&self) -> &str;
    /// The line of its `[[kind]]` header.
    fn line(&self) -> Line;
    /// The sources it cites (none for a `[[source]]`).
    fn sources(&self) -> &[u32];
    /// Its free-text note.
    fn note(&self) -> Option<&str>;
}

/// A record type: its kind, its TOML array name, and where a `Dataset` keeps it.
pub trait Record: AnyRecord + PartialEq + Sized + 'static {
    /// Its kind.
    const KIND: Kind;
    /// The TOML array name (`model` for `[[model]]`).
    const KEY: &'static str;
    /// Every record of this kind in `ds`, in file order.
    fn all(ds: &Dataset) -> &Vec<Self>;
    /// The same, to fill or grow.
    fn all_mut(ds: &mut Dataset) -> &mut Vec<Self>;
    /// Its line, to move it when an edit above adds or removes lines (`chunks_reload`).
    fn line_mut(&mut self) -> &mut Line;
}

/// Work to do on one record type, picked at run time by `dispatch` (a generic closure, which
/// Rust closures cannot be).
pub trait PerKind {
    /// What the work returns.
    type Out;
    /// Does it for record type `R`.
    fn run<R: Record>(self) -> Self::Out;
}

/// Runs `work` for the record type of `kind`: the only `match` over record kinds.
pub fn dispatch<W: PerKind>(kind: Kind, work: W) -> W::Out {
    match kind {
        Kind::Source => work.run::<Source>(),
        Kind::Lab => work.run::<Lab>(),
        Kind::Model => work.run::<Model>(),
        Kind::Compute => work.run::<Compute>(),
        Kind::Chip => work.run::<Chip>(),
        Kind::Event => work.run::<Event>(),
        Kind::Entity => work.run::<Entity>(),
        Kind::Claim => work.run::<Claim>(),
    }
}

/// Implements the traits for a record type: kind, TOML name, vector, and the fields that
/// serve as its name, note and sources.
macro_rules! record {
    ($ty:ty, $kind:ident, $key:literal, $vec:ident, name: $name:ident, note: |$r:ident| $note:expr, sources: |$s:ident| $sources:expr) => {
        impl AnyRecord for $ty {
            fn id(&self) -> &str {
                &self.id
            }
            fn name(&self) -> &str {
                &self.$name
            }
            fn line(&self) -> Line {
                self.line
            }
            fn sources(&self) -> &[u32] {
                let $s = self;
                $sources
            }
            fn note(&self) -> Option<&str> {
                let $r = self;
                $note
            }
        }
        impl Record for $ty {
            const KIND: Kind = Kind::$kind;
            const KEY: &'static str = $key;
            fn all(ds: &Dataset) -> &Vec<Self> {
                &ds.$vec
            }
            fn all_mut(ds: &mut Dataset) -> &mut Vec<Self> {
                &mut ds.$vec
            }
            fn line_mut(&mut self) -> &mut Line {
                &mut self.line
            }
        }
    };
}

record!(Source, Source, "source", sources, name: title, note: |r| r.note.as_deref(), sources: |_s| &[]);
record!(Lab, Lab, "lab", labs, name: name, note: |r| r.note.as_deref(), sources: |s| &s.sources);
record!(Model, Model, "model", models, name: name, note: |r| r.note.as_deref(), sources: |s| &s.sources);
record!(Compute, Compute, "compute", compute, name: name, note: |r| r.note.as_deref(), sources: |s| &s.sources);
record!(Chip, Chip, "chip", chips, name: name, note: |r| r.note.as_deref(), sources: |s| &s.sources);
record!(Event, Event, "event", events, name: title, note: |r| r.note.as_deref(), sources: |s| &s.sources);
record!(Entity, Entity, "entity", entities, name: name, note: |r| r.note.as_deref(), sources: |s| &s.sources);
record!(Claim, Claim, "claim", claims, name: id, note: |r| r.note.as_deref(), sources: |s| &s.sources);

/// Any record, by reference.
struct Get<'a>(&'a Dataset, usize);

impl<'a> PerKind for Get<'a> {
    type Out = Option<&'a dyn AnyRecord>;
    fn run<R: Record>(self) -> Self::Out {
        R::all(self.0).get(self.1).map(|r| r as &dyn AnyRecord)
    }
}

/// How many records of a kind.
struct Count<'a>(&'a Dataset);

impl PerKind for Count<'_> {
    type Out = usize;
    fn run<R: Record>(self) -> usize {
        R::all(self.0).len()
    }
}

/// The TOML name of a kind.
struct KeyOf;

impl PerKind for KeyOf {
    type Out = &'static str;
    fn run<R: Record>(self) -> &'static str {
        R::KEY
    }
}

/// Reserves room for `n` more records of a kind.
pub struct Reserve<'a>(pub &'a mut Dataset, pub usize);

impl PerKind for Reserve<'_> {
    type Out = ();
    fn run<R: Record>(self) {
        R::all_mut(self.0).reserve_exact(self.1);
    }
}

/// Moves every record of a kind from the second dataset to the end of the first.
pub struct Append<'a>(pub &'a mut Dataset, pub &'a mut Dataset);

impl PerKind for Append<'_> {
    type Out = ();
    fn run<R: Record>(self) {
        R::all_mut(self.0).append(R::all_mut(self.1));
    }
}

/// The address of a kind's record vector (compared, never dereferenced).
pub struct Addr<'a>(pub &'a Dataset);

impl PerKind for Addr<'_> {
    type Out = usize;
    fn run<R: Record>(self) -> usize {
        R::all(self.0).as_ptr() as usize
    }
}

impl Kind {
    /// The TOML array name (`model` for `[[model]]`).
    pub fn key(self) -> &'static str {
        dispatch(self, KeyOf)
    }
}

impl Dataset {
    /// Any record, or `None` for a reference past the end.
    pub fn record(&self, r: RecordRef) -> Option<&dyn AnyRecord> {
        dispatch(r.kind, Get(self, r.index as usize))
    }

    /// Number of records of a kind.
    pub fn count(&self, kind: Kind) -> usize {
        dispatch(kind, Count(self))
    }

    /// The display name of any record.
    pub fn name_of(&self, r: RecordRef) -> &str {
        self.record(r).map_or("", |x| x.name())
    }

    /// The id of any record.
    pub fn id_of(&self, r: RecordRef) -> &str {
        self.record(r).map_or("", |x| x.id())
    }

    /// The line where any record starts.
    pub fn line_of(&self, r: RecordRef) -> Line {
        self.record(r).map_or(1, |x| x.line())
    }

    /// The `sources` list of any record.
    pub fn sources_of(&self, r: RecordRef) -> &[u32] {
        self.record(r).map_or(&[], |x| x.sources())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Every kind's vector is the one its records are read from and appended to: a record
    /// pushed into each vector by hand is found under its own kind, and only there.
    #[test]
    fn each_kind_reads_its_own_vector() {
        let ds = crate::data::load("mini", include_str!("../../tests/fixtures/mini.toml")).unwrap();
        let by_hand = [
            (Kind::Source, ds.sources.len()),
            (Kind::Lab, ds.labs.len()),
            (Kind::Model, ds.models.len()),
            (Kind::Compute, ds.compute.len()),
            (Kind::Chip, ds.chips.len()),
            (Kind::Event, ds.events.len()),
            (Kind::Entity, ds.entities.len()),
            (Kind::Claim, ds.claims.len()),
        ];
        for (kind, n) in by_hand {
            assert_eq!(ds.count(kind), n, "{kind:?}");
        }
        for (id, r) in &ds.ids {
            assert_eq!(ds.id_of(*r), id.as_str(), "{r:?}");
        }
        assert_eq!(
            ds.name_of(RecordRef {
                kind: Kind::Model,
                index: 0
            }),
            ds.models[0].name.as_str()
        );
        assert_eq!(
            ds.name_of(RecordRef {
                kind: Kind::Source,
                index: 0
            }),
            ds.sources[0].title.as_str()
        );
        assert_eq!(
            ds.name_of(RecordRef {
                kind: Kind::Claim,
                index: 0
            }),
            ds.claims[0].id.as_str()
        );
        let past = RecordRef {
            kind: Kind::Lab,
            index: u32::MAX,
        };
        assert_eq!(
            (ds.id_of(past), ds.line_of(past), ds.sources_of(past)),
            ("", 1, &[][..])
        );
    }

    #[test]
    fn kind_names_are_the_toml_arrays() {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(
            names,
            ["source", "chip", "lab", "entity", "model", "compute", "event", "claim"]
        );
    }

    #[test]
    fn append_and_reserve_reach_every_kind() {
        let ds = crate::data::load("mini", include_str!("../../tests/fixtures/mini.toml")).unwrap();
        let mut whole = Dataset::default();
        for kind in Kind::ALL {
            dispatch(kind, Reserve(&mut whole, ds.count(kind)));
        }
        let mut part = ds.clone();
        for kind in Kind::ALL {
            dispatch(kind, Append(&mut whole, &mut part));
            assert_eq!(part.count(kind), 0, "{kind:?}");
        }
        assert_eq!(whole.summary(), ds.summary());
    }
}
