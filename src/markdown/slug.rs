//! Automatic heading ids.

/// A heading's text to an id: lowercase, letters and digits of any script
/// kept (so Chinese headings get Chinese ids), runs of anything else become
/// one `-`. `配置网关 和 防火墙!` → `配置网关-和-防火墙`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn latin_and_chinese() {
        assert_eq!(slugify("Gateway & Firewall"), "gateway-firewall");
        assert_eq!(slugify("配置网关和防火墙"), "配置网关和防火墙");
        assert_eq!(
            slugify("（a）VMware（基本都是鼠标操作）："),
            "a-vmware-基本都是鼠标操作"
        );
        assert_eq!(slugify("Q & A"), "q-a");
        assert_eq!(slugify("!!!"), "");
    }
}
