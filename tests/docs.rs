//! The README's key table is the keymap's: regenerate with `UPDATE_README=1 cargo test --test docs`.

#[test]
fn readme_key_table_matches_the_keymap() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let table = labdash::keymap::markdown_table();
    if std::env::var_os("UPDATE_README").is_some() {
        let start = readme
            .find("| keys | does | where |")
            .unwrap_or_else(|| panic!("no key table in README"));
        let end = readme[start..].find("\n\n").map_or(readme.len(), |e| start + e + 1);
        let updated = format!("{}{}{}", &readme[..start], table, &readme[end..]);
        std::fs::write(path, updated).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    assert!(
        readme.contains(&table),
        "README key table is stale: run UPDATE_README=1 cargo test --test docs"
    );
}
