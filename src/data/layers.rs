//! Which file each record of a dataset comes from, when several files are laid over each
//! other (`overlay`): the files in order, where each one's records start, and the records
//! found in several.

use std::collections::HashMap;

use super::records::{Kind, RecordRef, Text};

/// The files a dataset was loaded from, in order, and what each contributed.
#[derive(Clone, Debug, Default)]
pub struct Layers {
    /// The files, first to last; empty for a dataset loaded from one text (no provenance).
    pub files: Vec<LayerFile>,
    /// Records found in a later file too: the indices (in `files`) of those files.
    pub also: HashMap<RecordRef, Vec<u16>>,
    /// What later files said differently about a record (non-figure fields), for details.
    pub notes: HashMap<RecordRef, Vec<Text>>,
    /// The label of records found in several files (`labs+epoch`).
    pub(super) combined: HashMap<RecordRef, Text>,
}

/// One file of a layered dataset.
#[derive(Clone, Debug, Default)]
pub struct LayerFile {
    /// The name diagnostics use (its path).
    pub name: Text,
    /// The short name the `from` column and filter show (the file's stem: `labs`, `epoch`).
    pub label: Text,
    /// Index of the first record of each kind (as in `Kind::ALL`) this file added.
    pub starts: [u32; Kind::ALL.len()],
}

pub(super) fn kind_slot(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl Layers {
    /// The index of the file record `r` comes from (its first appearance); 0 without layers.
    pub fn file_of(&self, r: RecordRef) -> usize {
        let k = kind_slot(r.kind);
        self.files.iter().rposition(|f| f.starts[k] <= r.index).unwrap_or(0)
    }

    /// The label of the file `r` comes from, with the later files that also have it
    /// (`labs+epoch`); "" for a dataset without layers.
    pub fn label_of(&self, r: RecordRef) -> &str {
        if let Some(l) = self.combined.get(&r) {
            return l;
        }
        self.files.get(self.file_of(r)).map_or("", |f| f.label.as_str())
    }

    /// Renumbers the combined labels after records were dropped (`as_of`).
    pub(super) fn remap_combined(&mut self, remap: &dyn Fn(RecordRef) -> Option<RecordRef>) {
        self.combined = std::mem::take(&mut self.combined)
            .into_iter()
            .filter_map(|(r, l)| remap(r).map(|r| (r, l)))
            .collect();
    }

    /// Records `r` as found in file `file` too.
    pub(super) fn also_in(&mut self, r: RecordRef, file: u16) {
        let first = self.file_of(r);
        let also = self.also.entry(r).or_default();
        if also.contains(&file) {
            return;
        }
        also.push(file);
        let mut label = self.files.get(first).map_or("", |f| f.label.as_str()).to_string();
        for &i in also.iter() {
            if let Some(f) = self.files.get(i as usize) {
                label.push('+');
                label.push_str(&f.label);
            }
        }
        self.combined.insert(r, Text::from(label));
    }
}

/// The short label of a file name: its stem, made unique among `taken`.
pub fn label_for(name: &str, taken: &[LayerFile]) -> Text {
    let base = std::path::Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
    let mut label = base.clone();
    let mut n = 2;
    while taken.iter().any(|f| f.label == label) {
        label = format!("{base}{n}");
        n += 1;
    }
    Text::from(label)
}
