//! Validator for `resolv.conf` (resolv.conf(5)) and resolvconf's
//! `base`/`head`/`tail`, as glibc 2.36's `res_init()` reads them.
//!
//! glibc never reports an error: it keeps what it can parse and silently
//! drops the rest, so every rule here is about a line glibc ignores,
//! misreads or overrides (`../shared/design/config-formats.md` §5, §8;
//! verdicts observed with a `res_ninit()` probe on Debian 12).
//!
//! Each line is read like `res_vinit_1()` does: a `#` or `;` in column 1
//! makes a comment; otherwise the keyword must start in column 1 and be
//! followed by a space or a tab; its arguments are split on spaces and tabs
//! (`words`).
//!
//! | rule | severity | what glibc does |
//! |---|---|---|
//! | `resolv/indented-keyword` | error | ignores the line |
//! | `resolv/misspelled-keyword` | error | ignores the line (`nameservers`, ...) |
//! | `resolv/unknown-keyword` | warning | ignores the line |
//! | `resolv/missing-value` | error (`nameserver`) / warning | ignores the line |
//! | `resolv/invalid-nameserver` | error | drops it (CIDR, bad address), or reads a short form such as `10.1` as 10.0.0.1 |
//! | `resolv/leading-zero` | error | reads `010.7.0.2` as octal: 8.7.0.2 |
//! | `resolv/extra-words` | error | keeps only the first address / domain |
//! | `resolv/too-many-nameservers` | warning | uses only the first 3 (MAXNS) |
//! | `resolv/trailing-comment` | error on `search`/`domain` values, else warning | `#` becomes a search domain; ignored elsewhere |
//! | `resolv/duplicate-search` | warning | only the last `search`/`domain` line counts |
//! | `resolv/unknown-option` | warning | ignores it (or, matching by prefix, reads `rotatex` as `rotate`) |
//! | `resolv/invalid-option` | warning | `timeout:x` is read as 0; values are capped |
//! | `resolv/invalid-sortlist` | warning | drops or misreads the entry |
//! | `resolv/sortlist-hang` | error | `res_init()` never returns: every lookup hangs |
//! | `resolv/carriage-return` | error | a CRLF line's `\r` sticks to the last word: the nameserver is dropped |

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{Fact, Finding, Report, Span, interfaces::closest};

/// Validates `text` as a `resolv.conf` file.
///
/// Never panics. Facts: a [`Fact::Nameserver`] for each `nameserver` line
/// with a valid address.
pub fn check(text: &str) -> Report {
    let mut reader = Reader::default();
    for (i, raw) in text.split('\n').enumerate() {
        reader.line(i + 1, raw);
    }
    Report {
        findings: reader.findings,
        facts: reader.facts,
    }
}

/// The keywords glibc reads.
const KEYWORDS: [&str; 5] = ["nameserver", "search", "domain", "options", "sortlist"];

/// glibc's MAXNS.
const MAX_NAMESERVERS: usize = 3;

/// glibc's MAXRESOLVSORT.
const MAX_SORTLIST: usize = 10;

/// A word of a line, with its 1-based column and length in characters.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    column: usize,
    len: usize,
}

impl Word<'_> {
    fn span(&self, line: usize) -> Span {
        Span::new(line, self.column, self.len)
    }

    /// Whether the word looks like the start of a comment.
    fn is_comment(&self) -> bool {
        self.text.starts_with('#') || self.text.starts_with(';')
    }
}

/// Splits a line into words on spaces and tabs, as glibc does.
fn words(line: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, column)
    let mut column = 0;
    for (byte, c) in line.char_indices() {
        column += 1;
        match (c == ' ' || c == '\t', start) {
            (true, Some((b, col))) => {
                out.push(Word {
                    text: &line[b..byte],
                    column: col,
                    len: column - col,
                });
                start = None;
            }
            (false, None) => start = Some((byte, column)),
            _ => {}
        }
    }
    if let Some((b, col)) = start {
        out.push(Word {
            text: &line[b..],
            column: col,
            len: column + 1 - col,
        });
    }
    out
}

/// The span covering `words`, from the first to the last.
fn span_of(line: usize, words: &[Word<'_>]) -> Span {
    match (words.first(), words.last()) {
        (Some(first), Some(last)) => {
            Span::new(line, first.column, last.column + last.len - first.column)
        }
        _ => Span::new(line, 1, 1),
    }
}

/// What glibc makes of a `nameserver` argument.
#[derive(Debug, PartialEq, Eq)]
enum Server {
    /// A canonical IPv4 or IPv6 address.
    Valid(IpAddr),
    /// An address only `inet_aton` accepts (`10.1`, `0x0a.0.0.1`,
    /// `010.7.0.2`), with what it reads and whether octal was involved.
    Aton(Ipv4Addr, bool),
    /// Dropped by glibc, and why.
    Invalid(String),
}

fn classify_server(text: &str) -> Server {
    if let Ok(a) = text.parse::<Ipv4Addr>() {
        return Server::Valid(IpAddr::V4(a));
    }
    if let Some(hash) = text.find(['#', ';']) {
        return Server::Invalid(format!(
            "`{}` starts no comment here: glibc reads the whole word as the address and drops it",
            &text[hash..]
        ));
    }
    if text.contains('/') {
        return Server::Invalid(
            "a nameserver takes no prefix length: glibc drops the line".to_string(),
        );
    }
    if text.contains(':') {
        // glibc accepts a zone: `fe80::1%eth0`
        let addr = text.split_once('%').map_or(text, |(a, _)| a);
        return match addr.parse::<Ipv6Addr>() {
            Ok(a) => Server::Valid(IpAddr::V6(a)),
            Err(_) => Server::Invalid("not an IPv6 address: glibc drops the line".to_string()),
        };
    }
    let dotted_numbers = text.split('.').count() == 4
        && text
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    match inet_aton(text) {
        Some((a, octal)) => Server::Aton(a, octal),
        None if dotted_numbers => Server::Invalid(
            "each of the four numbers must be 0 to 255: glibc drops the line".to_string(),
        ),
        None => Server::Invalid("not an IP address: glibc drops the line".to_string()),
    }
}

/// glibc's `inet_aton_exact`: 1 to 4 parts separated by dots, each decimal,
/// `0x` hex or `0` octal, the last part filling the remaining bytes. Returns
/// the address and whether an octal part was read.
fn inet_aton(text: &str) -> Option<(Ipv4Addr, bool)> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    let mut octal = false;
    let mut value: u32 = 0;
    for (i, part) in parts.iter().enumerate() {
        let (digits, radix) = if let Some(hex) = part.strip_prefix("0x").or(part.strip_prefix("0X"))
        {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            octal = true;
            (&part[1..], 8)
        } else {
            (*part, 10)
        };
        if !part.starts_with(|c: char| c.is_ascii_digit()) || digits.is_empty() {
            return None;
        }
        if !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let n = u32::from_str_radix(digits, radix).ok()?;
        let last = i + 1 == parts.len();
        let room = if last { 32 - 8 * i as u32 } else { 8 };
        if room < 32 && u64::from(n) >= 1u64 << room {
            return None;
        }
        value = if last {
            value | n
        } else {
            value | (n << (24 - 8 * i))
        };
    }
    Some((Ipv4Addr::from(value), octal))
}

/// Reads lines, keeping what glibc keeps across them.
#[derive(Debug, Default)]
struct Reader {
    findings: Vec<Finding>,
    facts: Vec<Fact>,
    /// Nameservers glibc accepted so far.
    nameservers: usize,
    /// The line of the last `search` or `domain` line.
    search_line: Option<usize>,
    crlf_reported: bool,
}

impl Reader {
    fn line(&mut self, n: usize, raw: &str) {
        let text = match raw.strip_suffix('\r') {
            Some(t) => {
                self.carriage_return(n, t);
                t
            }
            None => raw,
        };
        match text.chars().next() {
            None | Some('#' | ';') => {}
            Some(' ' | '\t') => self.indented(n, text),
            Some(_) => self.keyword_line(n, text),
        }
    }

    fn carriage_return(&mut self, n: usize, text: &str) {
        if self.crlf_reported {
            return;
        }
        self.crlf_reported = true;
        self.findings.push(
            Finding::error(
                "resolv/carriage-return",
                Span::new(n, text.chars().count() + 1, 1),
                "the file has Windows (CRLF) line endings",
            )
            .help("glibc keeps the `\\r` as part of each line's last word, so `nameserver 10.7.0.2\\r` is dropped; save the file with Unix (LF) line endings"),
        );
    }

    fn indented(&mut self, n: usize, text: &str) {
        let ws = words(text);
        let Some(first) = ws.first() else {
            return; // a blank line
        };
        if first.is_comment() {
            return; // ignored either way
        }
        let what = if KEYWORDS.contains(&first.text) {
            format!("this `{}` line", first.text)
        } else {
            "this line".to_string()
        };
        self.findings.push(
            Finding::error(
                "resolv/indented-keyword",
                first.span(n),
                format!("the keyword must start in column 1: glibc ignores {what}"),
            )
            .help("remove the blanks before the keyword"),
        );
    }

    fn keyword_line(&mut self, n: usize, text: &str) {
        let ws = words(text);
        let Some(keyword) = ws.first() else {
            return;
        };
        let args = &ws[1..];
        match keyword.text {
            "nameserver" => self.nameserver(n, keyword, args),
            "search" | "domain" => self.search(n, keyword, args),
            "options" => self.options(n, args),
            "sortlist" => self.sortlist(n, args),
            _ => self.unknown_keyword(n, keyword),
        }
    }

    fn unknown_keyword(&mut self, n: usize, keyword: &Word<'_>) {
        let finding = match closest(keyword.text, KEYWORDS) {
            Some(k) => Finding::error(
                "resolv/misspelled-keyword",
                keyword.span(n),
                format!("unknown keyword `{}`: glibc ignores the line", keyword.text),
            )
            .help(format!("did you mean `{k}`?")),
            None => Finding::warning(
                "resolv/unknown-keyword",
                keyword.span(n),
                format!("unknown keyword `{}`: glibc ignores the line", keyword.text),
            )
            .help(format!("resolv.conf keywords: {}", KEYWORDS.join(", "))),
        };
        self.findings.push(finding);
    }

    fn nameserver(&mut self, n: usize, keyword: &Word<'_>, args: &[Word<'_>]) {
        let Some(addr) = args.first().filter(|a| !a.is_comment()) else {
            self.findings.push(
                Finding::error(
                    "resolv/missing-value",
                    keyword.span(n),
                    "`nameserver` without an address: glibc ignores the line",
                )
                .help("write one address per line: `nameserver 10.7.0.2`"),
            );
            return;
        };
        self.server(n, addr);
        let rest = &args[1..];
        match rest.first() {
            None => {}
            Some(c) if c.is_comment() => self.findings.push(
                Finding::warning(
                    "resolv/trailing-comment",
                    span_of(n, rest),
                    "end-of-line comment after a nameserver",
                )
                .help("glibc happens to ignore it, but resolv.conf(5) only knows comment lines (`#` or `;` in column 1); move it to its own line"),
            ),
            Some(_) => {
                let extra: Vec<&str> = rest.iter().take_while(|w| !w.is_comment()).map(|w| w.text).collect();
                self.findings.push(
                    Finding::error(
                        "resolv/extra-words",
                        span_of(n, &rest[..extra.len()]),
                        format!(
                            "glibc reads only the first address of a `nameserver` line: `{}` is ignored",
                            extra.join(" ")
                        ),
                    )
                    .help("write one `nameserver` line per server (at most 3)"),
                );
            }
        }
    }

    /// Checks one nameserver address and counts it if glibc keeps it.
    fn server(&mut self, n: usize, addr: &Word<'_>) {
        let span = addr.span(n);
        let kept = match classify_server(addr.text) {
            Server::Valid(a) => {
                self.facts.push(Fact::Nameserver { addr: a, span });
                true
            }
            Server::Aton(read, octal) => {
                let (rule, why) = if octal {
                    (
                        "resolv/leading-zero",
                        "leading zeros make glibc's inet_aton read octal",
                    )
                } else {
                    (
                        "resolv/invalid-nameserver",
                        "not the usual four decimal numbers",
                    )
                };
                self.findings.push(
                    Finding::error(
                        rule,
                        span,
                        format!("`{}`: {why}: glibc uses {read}", addr.text),
                    )
                    .help("write the address as four decimal numbers without leading zeros"),
                );
                true
            }
            Server::Invalid(why) => {
                self.findings.push(Finding::error(
                    "resolv/invalid-nameserver",
                    span,
                    format!("invalid nameserver `{}`: {why}", addr.text),
                ));
                false
            }
        };
        if kept {
            self.nameservers += 1;
            if self.nameservers > MAX_NAMESERVERS {
                self.findings.push(
                    Finding::warning(
                        "resolv/too-many-nameservers",
                        span,
                        format!(
                            "nameserver #{}: glibc uses only the first {MAX_NAMESERVERS} and ignores this one",
                            self.nameservers
                        ),
                    )
                    .help("keep at most 3 `nameserver` lines"),
                );
            }
        }
    }

    fn search(&mut self, n: usize, keyword: &Word<'_>, args: &[Word<'_>]) {
        let kw = keyword.text;
        if args.is_empty() {
            self.findings.push(Finding::warning(
                "resolv/missing-value",
                keyword.span(n),
                format!("`{kw}` without a domain: glibc ignores the line"),
            ));
            return;
        }
        if let Some(prev) = self.search_line.replace(n) {
            self.findings.push(
                Finding::warning(
                    "resolv/duplicate-search",
                    keyword.span(n),
                    format!("another `search`/`domain` line: glibc keeps only the last one, so line {prev} is ignored"),
                )
                .help("put all domains on one `search` line"),
            );
        }
        let comment = args.iter().position(Word::is_comment);
        let data = &args[..comment.unwrap_or(args.len())];
        if let Some(c) = comment {
            self.search_comment(n, kw, &args[c..], data.is_empty());
        }
        if kw == "domain" && data.len() > 1 {
            let extra: Vec<&str> = data[1..].iter().map(|w| w.text).collect();
            self.findings.push(
                Finding::error(
                    "resolv/extra-words",
                    span_of(n, &data[1..]),
                    format!(
                        "`domain` takes one name: glibc keeps `{}` and ignores `{}`",
                        data[0].text,
                        extra.join(" ")
                    ),
                )
                .help(format!(
                    "for several domains write `search {}`",
                    data.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
                )),
            );
        }
    }

    fn search_comment(&mut self, n: usize, kw: &str, comment: &[Word<'_>], only: bool) {
        let quoted: Vec<String> = comment
            .iter()
            .take(4)
            .map(|w| format!("`{}`", w.text))
            .collect();
        let span = span_of(n, comment);
        let finding = if kw == "search" || only {
            Finding::error(
                "resolv/trailing-comment",
                span,
                format!(
                    "end-of-line comment on a `{kw}` line: glibc adds {} to the search list",
                    quoted.join(", ")
                ),
            )
        } else {
            Finding::warning(
                "resolv/trailing-comment",
                span,
                "end-of-line comment on a `domain` line: glibc keeps only the first word of `domain`, so it happens to ignore it",
            )
        };
        self.findings.push(finding.help(
            "resolv.conf has no end-of-line comments: move it to its own line starting with `#`",
        ));
    }

    fn options(&mut self, n: usize, args: &[Word<'_>]) {
        for (i, word) in args.iter().enumerate() {
            if word.is_comment() {
                self.findings.push(
                    Finding::warning(
                        "resolv/trailing-comment",
                        span_of(n, &args[i..]),
                        "end-of-line comment on an `options` line: glibc reads its words as (unknown) options",
                    )
                    .help("move the comment to its own line starting with `#`"),
                );
                return;
            }
            self.option(n, word);
        }
    }

    fn option(&mut self, n: usize, word: &Word<'_>) {
        if let Some((name, value)) = word.text.split_once(':')
            && let Some(&(_, cap)) = NUMERIC_OPTIONS.iter().find(|(o, _)| *o == name)
        {
            self.numeric_option(n, word, name, value, cap);
            return;
        }
        if SIMPLE_OPTIONS.contains(&word.text) {
            return;
        }
        let prefix = SIMPLE_OPTIONS
            .iter()
            .filter(|o| word.text.starts_with(*o))
            .max_by_key(|o| o.len());
        let (message, help) = if let Some(known) = prefix {
            (
                format!(
                    "option `{}` is not `{known}`, but glibc reads it as `{known}`",
                    word.text
                ),
                format!("glibc matches option names by prefix; write `{known}`"),
            )
        } else if DEPRECATED_OPTIONS.contains(&word.text) {
            (
                format!("option `{}` is deprecated in glibc", word.text),
                "remove it".to_string(),
            )
        } else {
            let names = SIMPLE_OPTIONS
                .iter()
                .copied()
                .chain(NUMERIC_OPTIONS.iter().map(|(o, _)| *o));
            let head = word.text.split(':').next().unwrap_or(word.text);
            let hint =
                closest(head, names).map_or(String::new(), |s| format!("did you mean `{s}`? "));
            (
                format!("unknown option `{}`: glibc ignores it", word.text),
                format!("{hint}see resolv.conf(5) for the options glibc knows"),
            )
        };
        self.findings
            .push(Finding::warning("resolv/unknown-option", word.span(n), message).help(help));
    }

    fn numeric_option(&mut self, n: usize, word: &Word<'_>, name: &str, value: &str, cap: u32) {
        let problem = match value.parse::<u32>() {
            Ok(v) if v <= cap => return,
            Ok(_) => format!("glibc caps `{name}` at {cap}"),
            Err(_) if value.bytes().all(|b| b.is_ascii_digit()) && !value.is_empty() => {
                format!("glibc caps `{name}` at {cap}")
            }
            Err(_) => {
                format!("`{value}` is not a number: glibc reads it as 0 (or its leading digits)")
            }
        };
        self.findings.push(Finding::warning(
            "resolv/invalid-option",
            word.span(n),
            format!("`{}`: {problem}", word.text),
        ));
    }

    /// `sortlist` entries. glibc reads them up to a `;` (a `#` is no
    /// comment there), and its parser never returns on some inputs.
    fn sortlist(&mut self, n: usize, args: &[Word<'_>]) {
        let mut commented = false;
        for (i, word) in args.iter().enumerate() {
            if word.is_comment() && !commented {
                commented = true;
                self.findings.push(
                    Finding::warning(
                        "resolv/trailing-comment",
                        span_of(n, &args[i..]),
                        "end-of-line comment on a `sortlist` line",
                    )
                    .help("move the comment to its own line starting with `#`"),
                );
            }
            if word.text.starts_with(';') {
                return; // glibc stops reading the line here
            }
            if let Some(why) = sortlist_hang(word.text) {
                self.findings.push(
                    Finding::error("resolv/sortlist-hang", word.span(n), format!("{why}: glibc's `res_init()` loops forever on this `sortlist` entry, so every DNS lookup of every program hangs"))
                        .help("write `ADDRESS` or `ADDRESS/NETMASK` in dotted IPv4, or remove the `sortlist` line"),
                );
            } else if !commented {
                self.sortlist_entry(n, i, word);
            }
        }
    }

    fn sortlist_entry(&mut self, n: usize, i: usize, word: &Word<'_>) {
        let valid = match word.text.split_once(['/', '&']) {
            Some((a, m)) => a.parse::<Ipv4Addr>().is_ok() && m.parse::<Ipv4Addr>().is_ok(),
            None => word.text.parse::<Ipv4Addr>().is_ok(),
        };
        let message = if !valid {
            format!(
                "`{}` is not `ADDRESS` or `ADDRESS/NETMASK` (IPv4): glibc drops it or misreads it",
                word.text
            )
        } else if i >= MAX_SORTLIST {
            format!(
                "glibc keeps at most {MAX_SORTLIST} sortlist entries and ignores `{}`",
                word.text
            )
        } else {
            return;
        };
        self.findings.push(Finding::warning(
            "resolv/invalid-sortlist",
            word.span(n),
            message,
        ));
    }
}

/// Why glibc 2.36's sortlist parser would loop forever on entry `text`
/// (observed with a `res_ninit()` probe): it stops without moving on at a
/// non-ASCII character, and at a `/` or `&` after an invalid address.
fn sortlist_hang(text: &str) -> Option<String> {
    let text = text.split(';').next().unwrap_or(text);
    if !text.is_ascii() {
        return Some("a non-ASCII character".to_string());
    }
    let (addr, _) = text.split_once(['/', '&'])?;
    inet_aton(addr)
        .is_none()
        .then(|| format!("`{addr}` is no IPv4 address and a netmask follows"))
}

/// Options without a value (resolv.conf(5), glibc 2.36).
const SIMPLE_OPTIONS: [&str; 12] = [
    "debug",
    "rotate",
    "no-check-names",
    "edns0",
    "single-request",
    "single-request-reopen",
    "no-tld-query",
    "no_tld_query",
    "use-vc",
    "no-reload",
    "trust-ad",
    "no-aaaa",
];

/// Options with a number, and the value glibc caps them at.
const NUMERIC_OPTIONS: [(&str, u32); 3] = [("ndots", 15), ("timeout", 30), ("attempts", 5)];

/// Options glibc deprecated.
const DEPRECATED_OPTIONS: [&str; 4] = ["inet6", "ip6-bytestring", "ip6-dotint", "no-ip6-dotint"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    use crate::validate::testing::assert_at;

    /// The one finding of `text` with `rule`.
    #[track_caller]
    fn only(text: &str, rule: &str) -> Finding {
        crate::validate::testing::only(crate::validate::Format::Resolv, text, rule)
    }

    #[test]
    fn good_file_has_no_findings_and_nameserver_facts() {
        let text = "# generated\n; also a comment\nsearch localdomain example.com\nnameserver 10.7.0.2\nnameserver\t2001:db8::53\nnameserver fe80::1%eth0\noptions ndots:2 timeout:3 attempts:2 rotate edns0 trust-ad\nsortlist 10.7.0.0/255.255.255.0 130.155.160.0\n\n";
        let report = check(text);
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        assert_eq!(
            report.facts,
            vec![
                Fact::Nameserver {
                    addr: "10.7.0.2".parse().unwrap(),
                    span: Span::new(4, 12, 8)
                },
                Fact::Nameserver {
                    addr: "2001:db8::53".parse().unwrap(),
                    span: Span::new(5, 12, 12)
                },
                Fact::Nameserver {
                    addr: "fe80::1".parse().unwrap(),
                    span: Span::new(6, 12, 12)
                },
            ]
        );
    }

    #[test]
    fn indented_keyword() {
        let f = only("  nameserver 10.7.0.2\n", "resolv/indented-keyword");
        assert_at(&f, Severity::Error, 1, 3);
        assert!(check("  nameserver 10.7.0.2\n").facts.is_empty());
        // indented comments and blank lines are harmless
        assert!(check("   # note\n \t\n").findings.is_empty());
    }

    #[test]
    fn misspelled_and_unknown_keyword() {
        let f = only("nameservers 10.7.0.2\n", "resolv/misspelled-keyword");
        assert_at(&f, Severity::Error, 1, 1);
        assert!(f.help.unwrap().contains("`nameserver`"));
        let f = only("lookup file bind\n", "resolv/unknown-keyword");
        assert_at(&f, Severity::Warning, 1, 1);
        // the keyword must be followed by a space or a tab
        only("nameserver:10.7.0.2\n", "resolv/unknown-keyword");
    }

    #[test]
    fn missing_value() {
        let f = only("nameserver\n", "resolv/missing-value");
        assert_at(&f, Severity::Error, 1, 1);
        let f = only("search   \n", "resolv/missing-value");
        assert_at(&f, Severity::Warning, 1, 1);
        only("nameserver # TODO\n", "resolv/missing-value");
    }

    #[test]
    fn invalid_nameserver() {
        for text in [
            "nameserver 114.114.114.1145\n",
            "nameserver 10.7.0.2/24\n",
            "nameserver 10.7.0.2#dns\n",
            "nameserver 2001:db8::g\n",
            "nameserver 10.1\n",
            "nameserver 0x0a.7.0.2\n",
            "nameserver dns.google\n",
        ] {
            let f = only(text, "resolv/invalid-nameserver");
            assert_at(&f, Severity::Error, 1, 12);
        }
        let f = only("nameserver 10.1\n", "resolv/invalid-nameserver");
        assert!(f.message.contains("10.0.0.1"), "{}", f.message);
    }

    #[test]
    fn leading_zero() {
        let f = only("nameserver 010.7.0.2\n", "resolv/leading-zero");
        assert_at(&f, Severity::Error, 1, 12);
        assert!(f.message.contains("8.7.0.2"), "{}", f.message);
    }

    #[test]
    fn extra_words() {
        let f = only("nameserver 8.8.8.8 8.8.4.4\n", "resolv/extra-words");
        assert_at(&f, Severity::Error, 1, 20);
        let f = only("domain a.example b.example\n", "resolv/extra-words");
        assert_at(&f, Severity::Error, 1, 18);
        assert!(f.help.unwrap().contains("search a.example b.example"));
    }

    #[test]
    fn too_many_nameservers() {
        let text =
            "nameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\nnameserver 10.0.0.4\n";
        let f = only(text, "resolv/too-many-nameservers");
        assert_at(&f, Severity::Warning, 4, 12);
        // dropped lines do not count
        let text =
            "nameserver 10.0.0.1\nnameserver bad\nnameserver 10.0.0.2\nnameserver 10.0.0.3\n";
        assert!(
            check(text)
                .findings
                .iter()
                .all(|f| f.rule != "resolv/too-many-nameservers")
        );
    }

    #[test]
    fn trailing_comment() {
        let f = only("search localdomain # comment\n", "resolv/trailing-comment");
        assert_at(&f, Severity::Error, 1, 20);
        assert!(f.message.contains("`#`, `comment`"), "{}", f.message);
        let f = only("nameserver 10.7.0.2 # c\n", "resolv/trailing-comment");
        assert_at(&f, Severity::Warning, 1, 21);
        assert_eq!(check("nameserver 10.7.0.2 # c\n").facts.len(), 1);
        let f = only("domain localdomain # c\n", "resolv/trailing-comment");
        assert_at(&f, Severity::Warning, 1, 20);
        let f = only("options rotate ; fast\n", "resolv/trailing-comment");
        assert_at(&f, Severity::Warning, 1, 16);
    }

    #[test]
    fn duplicate_search() {
        let f = only(
            "search a.example\ndomain b.example\n",
            "resolv/duplicate-search",
        );
        assert_at(&f, Severity::Warning, 2, 1);
        assert!(f.message.contains("line 1"));
    }

    #[test]
    fn unknown_option() {
        let f = only("options single-requests\n", "resolv/unknown-option");
        assert!(
            f.message.contains("reads it as `single-request`"),
            "{}",
            f.message
        );
        let f = only("options rotaet\n", "resolv/unknown-option");
        assert_at(&f, Severity::Warning, 1, 9);
        assert!(f.help.unwrap().contains("`rotate`"));
        only("options inet6\n", "resolv/unknown-option");
        only("options ndot:2\n", "resolv/unknown-option");
    }

    #[test]
    fn invalid_option() {
        let f = only("options timeout:x\n", "resolv/invalid-option");
        assert_at(&f, Severity::Warning, 1, 9);
        only("options ndots:99\n", "resolv/invalid-option");
        only("options attempts:\n", "resolv/invalid-option");
    }

    #[test]
    fn invalid_sortlist() {
        let f = only(
            "sortlist 10.0.0.0/255.0.0.0 10.0.0.0/8\n",
            "resolv/invalid-sortlist",
        );
        assert_at(&f, Severity::Warning, 1, 29);
    }

    #[test]
    fn sortlist_hang() {
        for (text, column) in [
            ("sortlist 1=30.0.0.0/255.0.0.0\n", 10),
            ("sortlist 10.0.0.0 网\n", 19),
            ("sortlist x&y\n", 10),
            ("sortlist 10.0.0.0 # a/b\n", 21),
        ] {
            let f = only(text, "resolv/sortlist-hang");
            assert_at(&f, Severity::Error, 1, column);
        }
        // glibc stops at `;`, and a valid address may have any mask
        for ok in ["sortlist 10.0.0.0 ;网\n", "sortlist 10.0.0.0/bad\n"] {
            assert!(!check(ok).has_errors(), "{ok}");
        }
    }

    #[test]
    fn carriage_return() {
        let f = only(
            "nameserver 10.7.0.2\r\nnameserver 10.7.0.3\r\n",
            "resolv/carriage-return",
        );
        assert_at(&f, Severity::Error, 1, 20);
    }

    #[test]
    fn columns_count_characters() {
        let f = only("search 本地 # 注释\n", "resolv/trailing-comment");
        assert_at(&f, Severity::Error, 1, 11);
    }

    #[test]
    fn inet_aton_like_glibc() {
        let v4 = |a, b, c, d| Some((Ipv4Addr::new(a, b, c, d), false));
        assert_eq!(inet_aton("10.1"), v4(10, 0, 0, 1));
        assert_eq!(inet_aton("10.1.2"), v4(10, 1, 0, 2));
        assert_eq!(inet_aton("167772161"), v4(10, 0, 0, 1));
        assert_eq!(inet_aton("0x7f.1"), v4(127, 0, 0, 1));
        assert_eq!(
            inet_aton("010.7.0.2"),
            Some((Ipv4Addr::new(8, 7, 0, 2), true))
        );
        for bad in [
            "08.1.1.1",
            "256.1.1.1",
            "1.2.3.4.5",
            "0x",
            "1..2",
            "a.b",
            "",
            "10.16777216",
        ] {
            assert_eq!(inet_aton(bad), None, "{bad}");
        }
    }
}
