//! Country names as Epoch AI writes them (UN-style full names) → ISO 3166 alpha-2 codes.

/// What a country name in an export stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Country {
    /// An ISO 3166 alpha-2 code.
    Code(&'static str),
    /// Epoch's "Multinational": several countries, none named; no ISO code says that.
    Multinational,
}

/// Names seen in Epoch exports and their usual variants, lower-cased, with their codes.
const NAMES: &[(&str, &str)] = &[
    ("united states of america", "US"),
    ("united states", "US"),
    ("usa", "US"),
    ("us", "US"),
    ("china", "CN"),
    ("people's republic of china", "CN"),
    ("united kingdom of great britain and northern ireland", "GB"),
    ("united kingdom", "GB"),
    ("uk", "GB"),
    ("canada", "CA"),
    ("germany", "DE"),
    ("france", "FR"),
    ("korea (republic of)", "KR"),
    ("republic of korea", "KR"),
    ("south korea", "KR"),
    ("korea", "KR"),
    ("switzerland", "CH"),
    ("japan", "JP"),
    ("hong kong", "HK"),
    ("israel", "IL"),
    ("singapore", "SG"),
    ("australia", "AU"),
    ("netherlands", "NL"),
    ("netherlands (kingdom of the)", "NL"),
    ("czechia", "CZ"),
    ("czech republic", "CZ"),
    ("finland", "FI"),
    ("india", "IN"),
    ("united arab emirates", "AE"),
    ("austria", "AT"),
    ("belgium", "BE"),
    ("poland", "PL"),
    ("saudi arabia", "SA"),
    ("sweden", "SE"),
    ("spain", "ES"),
    ("taiwan", "TW"),
    ("taiwan, province of china", "TW"),
    ("ireland", "IE"),
    ("iran (islamic republic of)", "IR"),
    ("iran", "IR"),
    ("italy", "IT"),
    ("norway", "NO"),
    ("russia", "RU"),
    ("russian federation", "RU"),
    ("argentina", "AR"),
    ("brazil", "BR"),
    ("mexico", "MX"),
    ("denmark", "DK"),
    ("portugal", "PT"),
    ("greece", "GR"),
    ("turkey", "TR"),
    ("türkiye", "TR"),
    ("egypt", "EG"),
    ("south africa", "ZA"),
    ("nigeria", "NG"),
    ("kenya", "KE"),
    ("new zealand", "NZ"),
    ("indonesia", "ID"),
    ("vietnam", "VN"),
    ("viet nam", "VN"),
    ("thailand", "TH"),
    ("malaysia", "MY"),
    ("philippines", "PH"),
    ("pakistan", "PK"),
    ("bangladesh", "BD"),
    ("qatar", "QA"),
    ("luxembourg", "LU"),
    ("estonia", "EE"),
    ("latvia", "LV"),
    ("lithuania", "LT"),
    ("ukraine", "UA"),
    ("romania", "RO"),
    ("hungary", "HU"),
    ("slovakia", "SK"),
    ("slovenia", "SI"),
    ("croatia", "HR"),
    ("serbia", "RS"),
    ("bulgaria", "BG"),
    ("iceland", "IS"),
    ("chile", "CL"),
    ("colombia", "CO"),
    ("peru", "PE"),
    ("macao", "MO"),
    ("macau", "MO"),
    ("jordan", "JO"),
    ("lebanon", "LB"),
    ("morocco", "MA"),
    ("tunisia", "TN"),
    ("ethiopia", "ET"),
    ("ghana", "GH"),
    ("rwanda", "RW"),
    ("sri lanka", "LK"),
    ("nepal", "NP"),
    ("kazakhstan", "KZ"),
    ("uzbekistan", "UZ"),
    ("cyprus", "CY"),
    ("malta", "MT"),
];

/// The country a name stands for; `None` when it is not a country name labdash knows.
pub fn lookup(name: &str) -> Option<Country> {
    let key = name.trim().to_lowercase();
    if key == "multinational" {
        return Some(Country::Multinational);
    }
    NAMES.iter().find(|(n, _)| *n == key).map(|(_, c)| Country::Code(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_names_map_to_iso_codes() {
        assert_eq!(lookup("United States of America"), Some(Country::Code("US")));
        assert_eq!(
            lookup("United Kingdom of Great Britain and Northern Ireland"),
            Some(Country::Code("GB"))
        );
        assert_eq!(lookup(" Korea (Republic of) "), Some(Country::Code("KR")));
        assert_eq!(lookup("Multinational"), Some(Country::Multinational));
        assert_eq!(lookup("NVIDIA H100"), None);
    }

    #[test]
    fn every_code_is_two_upper_case_letters() {
        for (_, c) in NAMES {
            assert!(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()), "{c}");
        }
    }
}
