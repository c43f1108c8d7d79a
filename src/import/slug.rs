//! Stable ids from names ("Llama 3.1-405B" → `llama-3.1-405b`), made unique within a file.

use std::collections::HashSet;

/// Epoch names whose slug differs from the bundled dataset's id for the same model, where no
/// general rule can tell (dropping "175B (davinci)" would also merge `Llama 2-70B` with
/// `Llama 2-7B`). Keyed by slug, so both the 2024 and 2025 spellings are covered.
const ALIASES: &[(&str, &str)] = &[("gpt-3-175b-davinci", "gpt-3")];

/// Lower-case ASCII letters, digits and dots; every other run of characters becomes one `-`.
/// Empty when the name has no ASCII letter or digit.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    let trimmed = out.trim_matches(|c| c == '.' || c == '-');
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// The id a model name gets: its slug, or the bundled id an alias gives it.
pub fn model_slug(name: &str) -> String {
    let s = slug(name);
    ALIASES
        .iter()
        .find(|(from, _)| *from == s)
        .map_or(s, |(_, to)| (*to).to_string())
}

/// Hands out ids unique in the file, keeping clear of ids reserved for other records.
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
    reserved: HashSet<String>,
}

impl Ids {
    /// An allocator that never hands out any of `reserved`.
    pub fn new(reserved: impl IntoIterator<Item = String>) -> Self {
        Ids {
            used: HashSet::new(),
            reserved: reserved.into_iter().collect(),
        }
    }

    /// Takes `id` as it is, reserved or not: a bundled record's id reused for the same thing.
    pub fn reuse(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// `want` if free, else `want-2`, `want-3`…: the id and whether it had to change.
    pub fn take(&mut self, want: &str) -> (String, bool) {
        let free = |ids: &Self, id: &str| !ids.used.contains(id) && !ids.reserved.contains(id);
        if free(self, want) {
            self.used.insert(want.to_string());
            return (want.to_string(), false);
        }
        let mut n = 2u64;
        loop {
            let id = format!("{want}-{n}");
            if free(self, &id) {
                self.used.insert(id.clone());
                return (id, true);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_equal_the_bundled_ids_of_the_same_models() {
        for (name, id) in [
            ("DeepSeek-V3", "deepseek-v3"),
            ("Llama 3.1-405B", "llama-3.1-405b"),
            ("GPT-4", "gpt-4"),
            ("Gemini 1.0 Ultra", "gemini-1.0-ultra"),
            ("Claude 3.5 Sonnet", "claude-3.5-sonnet"),
            ("Llama 2-70B", "llama-2-70b"),
            ("Mixtral 8x7B", "mixtral-8x7b"),
            ("ERNIE 4.0", "ernie-4.0"),
            ("GPT-3 175B (davinci)", "gpt-3"),
            ("Grok-3", "grok-3"),
        ] {
            assert_eq!(model_slug(name), id, "{name}");
        }
    }

    #[test]
    fn odd_names_still_slug() {
        assert_eq!(slug("xTrimoPGLM -100B"), "xtrimopglm-100b");
        assert_eq!(slug("GLM-4 (0520)"), "glm-4-0520");
        assert_eq!(slug("  ...Weird__Name!! "), "weird-name");
        assert_eq!(slug("悟道"), "");
    }

    #[test]
    fn ids_are_made_unique_and_keep_clear_of_reserved() {
        let mut ids = Ids::new(["nvidia".to_string()]);
        assert_eq!(ids.take("a"), ("a".into(), false));
        assert_eq!(ids.take("a"), ("a-2".into(), true));
        assert_eq!(ids.take("a"), ("a-3".into(), true));
        assert_eq!(ids.take("nvidia"), ("nvidia-2".into(), true));
    }
}
