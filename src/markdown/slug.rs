//! Automatic heading ids, made as mdBook makes them (`id_from_content` in
//! mdbook-html), so that links written for an mdBook book, or from other
//! sites to it, keep working: lowercase; letters and digits of any script,
//! `_` and `-` kept; each blank becomes `-`; everything else is dropped.
//! `` `book.toml` keys `` → `booktoml-keys`, `Cargo's` → `cargos`, `配置网关
//! 和 防火墙!` → `配置网关-和-防火墙`. An empty result is left to the caller
//! (mdBook and netplate use `section`).

/// A heading's text to an id, as mdBook does.
pub fn slugify(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn as_mdbook_makes_them() {
        // mdBook's own cases (mdbook-html/src/utils.rs, `it_normalizes_ids`).
        assert_eq!(
            slugify("`--passes`: add more rustdoc passes"),
            "--passes-add-more-rustdoc-passes"
        );
        assert_eq!(
            slugify("Method-call 🐙 expressions \u{1f47c}"),
            "method-call--expressions-"
        );
        assert_eq!(slugify("_-_12345"), "_-_12345");
        assert_eq!(slugify("中文"), "中文");
        assert_eq!(slugify("にほんご"), "にほんご");
        assert_eq!(slugify("한국어"), "한국어");
        assert_eq!(slugify(""), "");
        // The issue's: the Rust book's and mdBook's guide's headings.
        assert_eq!(slugify("book.toml keys"), "booktoml-keys");
        assert_eq!(slugify("Cargo's"), "cargos");
        assert_eq!(slugify("Gateway & Firewall"), "gateway--firewall");
        assert_eq!(slugify("配置网关和防火墙"), "配置网关和防火墙");
        assert_eq!(slugify("Q & A"), "q--a");
    }
}
