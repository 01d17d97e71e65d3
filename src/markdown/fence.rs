//! Fenced code info strings: a language, then attributes.
//!
//! ````markdown
//! ```yaml file=/etc/netplan/99-config.yaml check=netplan
//! ```
//! ````
//!
//! Attributes are `key=value`, `key="quoted value"` or bare flags, separated
//! by spaces (commas also separate, for mdBook's `rust,ignore`). Later stages
//! read them: `file` titles the block, `check` picks a validator.

/// A parsed info string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fence {
    /// The language (`bash`, `yaml`, ...); empty when none was given.
    pub lang: String,
    /// Attributes in the order written; flags have no value.
    pub attrs: Vec<(String, Option<String>)>,
}

impl Fence {
    /// The value of attribute `key`, if present with a value.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_deref())
    }

    /// The `file=` path the block is the contents of.
    pub fn file(&self) -> Option<&str> {
        self.attr("file")
    }
}

/// Why an info string could not be read, with the byte offset in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FenceError {
    /// Byte offset in the info string.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses an info string.
pub fn parse(info: &str) -> Result<Fence, FenceError> {
    let mut fence = Fence::default();
    let mut tokens = Vec::new();
    let bytes = info.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() || bytes[i] == b',' {
            i += 1;
            continue;
        }
        let start = i;
        let mut token = String::new();
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b',' {
            if bytes[i] == b'"' {
                let open = i;
                i += 1;
                let Some(len) = info[i..].find('"') else {
                    return Err(FenceError {
                        offset: open,
                        message: "unterminated quote in the code block's info string".into(),
                    });
                };
                token.push_str(&info[i..i + len]);
                i += len + 1;
            } else {
                let c = info[i..].chars().next().unwrap_or(' ');
                token.push(c);
                i += c.len_utf8();
            }
        }
        tokens.push((start, token));
    }
    let mut rest = tokens.into_iter().peekable();
    if let Some((_, first)) = rest.peek()
        && !first.contains('=')
    {
        fence.lang = first
            .trim_start_matches('{')
            .trim_end_matches('}')
            .to_string();
        rest.next();
    }
    for (offset, token) in rest {
        match token.split_once('=') {
            Some(("", _)) => {
                return Err(FenceError {
                    offset,
                    message: format!("attribute `{token}` has no name"),
                });
            }
            Some((key, value)) => fence.attrs.push((key.to_string(), Some(value.to_string()))),
            None => fence.attrs.push((token, None)),
        }
    }
    Ok(fence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_and_file_attribute() {
        let f = parse("yaml file=/etc/netplan/99-config.yaml").unwrap();
        assert_eq!(f.lang, "yaml");
        assert_eq!(f.file(), Some("/etc/netplan/99-config.yaml"));
    }

    #[test]
    fn quoted_values_flags_and_commas() {
        let f = parse(r#"ini,ignore title="My file" check=none"#).unwrap();
        assert_eq!(f.lang, "ini");
        assert_eq!(
            f.attrs,
            vec![
                ("ignore".into(), None),
                ("title".into(), Some("My file".into())),
                ("check".into(), Some("none".into()))
            ]
        );
    }

    #[test]
    fn attributes_without_language() {
        let f = parse("file=/etc/hosts").unwrap();
        assert_eq!(f.lang, "");
        assert_eq!(f.file(), Some("/etc/hosts"));
    }

    #[test]
    fn unterminated_quote_is_an_error_with_offset() {
        let e = parse(r#"yaml title="oops"#).unwrap_err();
        assert_eq!(e.offset, 11);
    }
}
