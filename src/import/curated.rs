//! What the importer needs from the bundled (curated) dataset so an imported file can be
//! loaded beside it: the ids of its models, labs and chips to reuse for the same things, and
//! every other id to keep clear of.

use std::collections::HashSet;

use serde::Deserialize;

use super::slug::slug;

#[derive(Deserialize, Default)]
struct Named {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
}

#[derive(Deserialize, Default)]
struct File {
    #[serde(default)]
    source: Vec<Named>,
    #[serde(default)]
    lab: Vec<Named>,
    #[serde(default)]
    model: Vec<Named>,
    #[serde(default)]
    chip: Vec<Named>,
    #[serde(default)]
    compute: Vec<Named>,
    #[serde(default)]
    event: Vec<Named>,
    #[serde(default)]
    entity: Vec<Named>,
    #[serde(default)]
    claim: Vec<Named>,
}

/// Hardware names Epoch writes differently from the bundled chip of the same hardware, where
/// matching words cannot tell: the bundled `v100` is "V100 (SXM2/DGXS 32GB)".
const CHIP_ALIASES: &[(&str, &str)] = &[("nvidia tesla v100 dgxs 32 gb", "v100")];

/// Vendor and product-line words that do not tell two chips apart.
const CHIP_NOISE: &[&str] = &["nvidia", "google", "amd", "huawei", "intel", "tesla"];

/// The bundled dataset's ids, read once per import.
#[derive(Default)]
pub struct Curated {
    models: Vec<String>,
    labs: Vec<(String, String)>,
    chips: Vec<(String, Vec<String>)>,
    /// Ids of every record that is not a model.
    others: HashSet<String>,
}

/// A hardware name's distinguishing words: `NVIDIA A100 SXM4 80 GB` → `a100 sxm4 80gb`.
fn chip_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in name
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .filter(|w| !w.is_empty())
    {
        let w = w.to_ascii_lowercase();
        // "80 GB" and "80GB" are the same memory size.
        if w == "gb"
            && let Some(last) = words.last_mut()
            && last.bytes().all(|b| b.is_ascii_digit())
        {
            last.push_str("gb");
            continue;
        }
        if !CHIP_NOISE.contains(&w.as_str()) {
            words.push(w);
        }
    }
    words.sort();
    words
}

/// A lab name without its parenthesis, letters and digits only: "Meta AI (FAIR / GenAI)" →
/// `metaai`.
fn lab_key(name: &str) -> String {
    let head = name.split('(').next().unwrap_or(name);
    head.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Curated {
    /// Reads the bundled dataset.
    pub fn bundled() -> Self {
        Self::from_toml(crate::data::BUNDLED)
    }

    /// Reads a dataset's text; an unreadable one gives nothing to match (never an error: the
    /// import stands on its own).
    pub fn from_toml(text: &str) -> Self {
        let f: File = toml::from_str(text).unwrap_or_default();
        let ids = |v: Vec<Named>| v.into_iter().map(|n| n.id).collect::<Vec<_>>();
        let labs: Vec<(String, String)> = f.lab.into_iter().map(|l| (l.id, lab_key(&l.name))).collect();
        let chips: Vec<(String, Vec<String>)> = f.chip.into_iter().map(|c| (c.id, chip_words(&c.name))).collect();
        let others = [f.source, f.compute, f.event, f.entity, f.claim]
            .into_iter()
            .flat_map(ids)
            .chain(labs.iter().map(|(id, _)| id.clone()))
            .chain(chips.iter().map(|(id, _)| id.clone()))
            .collect();
        Curated {
            models: ids(f.model),
            labs,
            chips,
            others,
        }
    }

    /// Every id an imported record must not take unless it is the same thing.
    pub fn reserved(&self) -> impl Iterator<Item = String> + '_ {
        self.others.iter().cloned()
    }

    /// Whether a model id is a bundled model's (the same model, by the slug rule).
    pub fn is_model(&self, id: &str) -> bool {
        self.models.iter().any(|m| m == id)
    }

    /// Whether `id` belongs to a bundled record that is not a model.
    pub fn is_other(&self, id: &str) -> bool {
        self.others.contains(id)
    }

    /// The bundled lab that is `org`: same id as its slug, or same name.
    pub fn lab(&self, org: &str) -> Option<&str> {
        let (s, key) = (slug(org), lab_key(org));
        self.labs
            .iter()
            .find(|(id, k)| *id == s || (!key.is_empty() && *k == key))
            .map(|(id, _)| id.as_str())
    }

    /// The bundled chip that is `hardware`: the same distinguishing words, or an alias.
    pub fn chip(&self, hardware: &str) -> Option<&str> {
        let lower = hardware.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if let Some((_, id)) = CHIP_ALIASES.iter().find(|(n, _)| *n == lower)
            && self.chips.iter().any(|(c, _)| c == id)
        {
            return Some(id);
        }
        let words = chip_words(hardware);
        self.chips
            .iter()
            .find(|(_, w)| !words.is_empty() && *w == words)
            .map(|(id, _)| id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_chips_labs_and_models_are_found() {
        let c = Curated::bundled();
        assert_eq!(c.chip("NVIDIA H100 SXM5 80GB"), Some("h100"));
        assert_eq!(c.chip("NVIDIA H800 SXM5"), Some("h800"));
        assert_eq!(c.chip("NVIDIA A100 SXM4 80 GB"), Some("a100"));
        assert_eq!(c.chip("Google TPU v4"), Some("tpu-v4"));
        assert_eq!(c.chip("NVIDIA Tesla V100 DGXS 32 GB"), Some("v100"));
        // Other memory sizes and unspecified variants are other hardware.
        assert_eq!(c.chip("NVIDIA A100 SXM4 40 GB"), None);
        assert_eq!(c.chip("NVIDIA A100"), None);
        assert_eq!(c.chip("NVIDIA V100"), None);
        assert_eq!(c.lab("Meta AI"), Some("meta"));
        assert_eq!(c.lab("Mistral AI"), Some("mistral"));
        assert_eq!(c.lab("01.AI"), Some("01ai"));
        assert_eq!(c.lab("Google DeepMind"), Some("google-deepmind"));
        assert_eq!(c.lab("Alibaba"), Some("alibaba"));
        assert_eq!(c.lab("Google"), None);
        assert!(c.is_model("llama-3.1-405b"));
        assert!(c.is_other("nvidia"));
        assert!(!c.is_other("llama-3.1-405b"));
    }
}
