//! Shell (bash) snippets, parsed with `brush-parser`, the parser of the brush
//! shell.
//!
//! First the syntax: what `bash -n` rejects is a `shell/syntax` error, with
//! bash's own wording. Then the meaning, on the syntax tree: a guide's `bash`
//! block often mixes commands with the text of config files (netplan YAML,
//! ifcfg assignments, `/etc/network/interfaces` stanzas, resolv.conf lines,
//! NetworkManager.conf), numbered UI steps or diagrams. bash accepts all of
//! them (`bash -n` exits 0) and then fails at run time (`network:: command not
//! found`), or silently sets a variable nobody reads. ShellCheck flags some
//! (SC2215, SC2034, SC2125, SC2288); this module flags them all, and says which
//! format the line looks like. Here-documents are data, never commands.
//!
//! Rules (see `shared/design/config-formats.md` §7 and §8):
//!
//! | rule | severity | ShellCheck |
//! |---|---|---|
//! | `shell/syntax` | error | (`bash -n`) |
//! | `shell/config-as-command` | error | SC2215, SC2034, SC2288 |
//! | `shell/flag-as-command` | warning | SC2215 |
//! | `shell/unused-variable` | warning | SC2034 |
//! | `shell/glob-in-assignment` | warning | SC2125 |
//! | `shell/unfilled-placeholder` | warning | SC2125 |
//! | `shell/unterminated-heredoc` | warning | (`bash -n` warning) |
//! | `shell/unchecked` | warning | (too deep, or the parser failed) |

use std::cell::Cell;
use std::collections::HashSet;
use std::panic;
use std::sync::{Once, mpsc};
use std::time::Duration;

use brush_parser::ast::{
    self, Command, CommandPrefixOrSuffixItem as Item, CompoundCommand, IoFileRedirectTarget,
    IoRedirect, Word,
};
use brush_parser::{ParseError, TokenizerError};

use super::{Fact, Finding, Report, Span, nmcli};

/// Validates `text` as a bash snippet. Its facts are the addresses its
/// `nmcli` command lines set ([`nmcli`]).
pub fn check(text: &str) -> Report {
    let mut report = Report::default();
    let depth = match prescreen(text) {
        Ok(depth) => depth,
        Err(finding) => {
            report.findings.push(finding);
            return report;
        }
    };
    let program = match parse(text, depth, &mut report.findings) {
        Ok(program) => program,
        Err(finding) => {
            report.findings.push(finding);
            return report;
        }
    };
    let mut analyzer = Analyzer::new(text);
    analyzer.program(&program);
    report.facts = std::mem::take(&mut analyzer.facts);
    report.findings.extend(analyzer.finish());
    report
        .findings
        .sort_by_key(|f| (f.span.line, f.span.column));
    report.findings.dedup();
    report
}

/// Validates `text` as bash and judges nothing else: what `bash -n` rejects
/// or warns about, what could not be checked, and `nmcli` lines as nmcli
/// reads them. For books that are not network guides, whose shell blocks may
/// hold a directory tree or a log ([`check`] would call them config text).
pub fn check_syntax(text: &str) -> Report {
    let mut report = check(text);
    report.findings.retain(|f| {
        matches!(
            f.rule,
            "shell/syntax" | "shell/unterminated-heredoc" | "shell/unchecked"
        ) || f.rule.starts_with("nmcli/")
    });
    report
}

// ---------------------------------------------------------------------------
// Before parsing.

/// Checks, before parsing, what brush-parser 0.4 cannot be trusted with
/// (deep nesting, odd here-documents). Returns the nesting depth, or the
/// finding that replaces the parse.
fn prescreen(text: &str) -> Result<usize, Finding> {
    let scan = scan(text);
    if scan.subscripts > MAX_SUBSCRIPT_DEPTH {
        let why = format!(
            "it opens {} array subscripts (`name[`) inside one another in one word, too \
             complex for the parser",
            scan.subscripts
        );
        return Err(unchecked(text, &why));
    }
    if scan.paren > MAX_PAREN_DEPTH || scan.depth > MAX_DEPTH {
        let why = format!(
            "it nests {} levels deep, too deep for the parser",
            scan.depth
        );
        return Err(unchecked(text, &why));
    }
    let why = match scan.heredoc {
        None => return Ok(scan.depth),
        Some(HeredocTrouble::Missing(index, token)) => {
            return Err(missing_heredoc_tag(text, index, &token));
        }
        Some(HeredocTrouble::Odd) => {
            "its here-document delimiter is not a plain word like EOF, which brush-parser 0.4 \
             can loop on"
        }
        Some(HeredocTrouble::Nested) => {
            "a here-document inside $(…), ${…} or backquotes, which brush-parser 0.4 mishandles"
        }
    };
    Err(unchecked(text, why))
}

// ---------------------------------------------------------------------------
// Positions.

/// Maps brush's character indices to [`Span`]s of the text.
struct Locator<'t> {
    text: &'t str,
    /// Byte offset of each character, then the length of the text.
    offsets: Vec<usize>,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Locator<'t> {
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.push(text.len());
        Locator { text, offsets }
    }

    /// The byte offset of character `index` (clamped to the text).
    fn byte(&self, index: usize) -> usize {
        self.offsets.get(index).copied().unwrap_or(self.text.len())
    }

    /// The span of characters `start..end`.
    fn span(&self, start: usize, end: usize) -> Span {
        Span::from_bytes(self.text, self.byte(start), self.byte(end.max(start)))
    }

    /// The characters `start..end` of the text.
    fn slice(&self, start: usize, end: usize) -> &'t str {
        let (a, b) = (self.byte(start), self.byte(end.max(start)));
        self.text.get(a..b).unwrap_or("")
    }

    /// The span of the last non-blank character of the text.
    fn last_char(&self) -> Span {
        let trimmed = self.text.trim_end();
        let start = trimmed.char_indices().last().map_or(0, |(i, _)| i);
        Span::from_bytes(self.text, start, trimmed.len())
    }
}

/// The character range of `word` in the text, if brush recorded it.
fn range(word: &Word) -> Option<(usize, usize)> {
    word.loc
        .as_ref()
        .map(|loc| (loc.start.index, loc.end.index.max(loc.start.index)))
}

// ---------------------------------------------------------------------------
// Limits, and the scan before parsing.

/// Nesting depth (counting each `case` and `((` twice) past which brush-parser's
/// backtracking gets slow: it is exponential in nested parentheses.
const MAX_PAREN_DEPTH: usize = 16;
/// Array subscripts (`name[`) open inside one another in one word past
/// which brush-parser 0.4 is not run: its grammar tries each `name[` as an
/// array element and, when no `]` closes it, again as plain text, so the
/// time doubles with each one (`a[$@` 26 times took 21 s; 10 take 2 ms).
const MAX_SUBSCRIPT_DEPTH: usize = 10;
/// Nesting depth past which the recursive parser could exhaust its stack.
const MAX_DEPTH: usize = 150;
/// Nesting depth up to which the parser runs on the caller's thread: 24
/// levels take well under 1 MiB of stack, even in a debug build.
const INLINE_DEPTH: usize = 24;
/// Stack of the parsing thread, for deeper snippets.
const PARSER_STACK: usize = 64 << 20;
/// How long a parse on the big-stack thread may take before the snippet is
/// reported as unchecked.
const PARSE_TIMEOUT: Duration = Duration::from_secs(10);

/// The warning for a snippet that could not be checked, and why.
fn unchecked(text: &str, why: &str) -> Finding {
    Finding::warning(
        "shell/unchecked",
        Span::line_of(text, 1),
        format!("the snippet was not checked: {why}"),
    )
    .help("split it into smaller blocks, or mark it `text` if it is not shell")
}

/// What opens a level of nesting, for [`scan`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Paren,
    Arithmetic,
    /// `$[`, bash's old arithmetic, closed by `]`.
    LegacyArithmetic,
    Substitution,
    Parameter,
    Backquote,
    Brace,
    Case,
    Block,
    DoubleQuote,
}

impl Open {
    /// How much the level weighs in brush-parser's backtracking.
    fn weight(self) -> usize {
        match self {
            Open::Paren | Open::Substitution => 1,
            Open::Arithmetic | Open::Case => 2,
            _ => 0,
        }
    }
}

/// A here-document operator brush-parser 0.4 cannot be trusted with.
#[derive(Debug, Clone, PartialEq, Eq)]
enum HeredocTrouble {
    /// `<<` followed by no delimiter (an operator, a newline or the end): a
    /// syntax error for bash, and a memory-eating loop for brush-parser
    /// inside `$(…)`. Holds the character index and text of the token bash
    /// complains about.
    Missing(usize, String),
    /// A delimiter other than a plain word (`EOF`, `'EOF'`): bash takes
    /// `$(`, quotes or parentheses in it literally, and brush-parser can
    /// loop allocating memory on them (`<<$( |${`, `<<""(``|#`).
    Odd,
    /// A here-document inside `$(…)`, `${…}` or backquotes, where
    /// brush-parser can loop or panic (`echo ${a$(<<E)`).
    Nested,
}

/// What a quick pass over the text finds before it is parsed.
#[derive(Debug, Default)]
struct Scan {
    /// Deepest nesting, weighted by [`Open::weight`].
    paren: usize,
    /// Deepest nesting, all levels.
    depth: usize,
    /// Most array subscripts (`name[`) open at once within one word.
    subscripts: usize,
    /// The first troublesome here-document operator.
    heredoc: Option<HeredocTrouble>,
}

/// Scans `text` for nesting and here-document operators, skipping quotes
/// and comments; closers only close what they match, so the depth is an
/// upper estimate.
fn scan(text: &str) -> Scan {
    let chars: Vec<char> = text.chars().collect();
    let mut stack: Vec<Open> = Vec::new();
    let mut out = Scan::default();
    let mut subscripts = 0usize;
    let mut i = 0;
    while i < chars.len() {
        // `name[` opens a subscript, `]` closes one; a blank between words
        // ends them all. Quoted text and `$(…)` count too: an upper bound.
        match chars[i] {
            '[' if i > 0 && (chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '_') => {
                subscripts += 1;
                out.subscripts = out.subscripts.max(subscripts);
            }
            ']' => subscripts = subscripts.saturating_sub(1),
            c if c.is_whitespace() && stack.is_empty() => subscripts = 0,
            _ => {}
        }
        if stack.last() == Some(&Open::DoubleQuote) {
            i = in_double_quotes(&chars, i, &mut stack);
        } else {
            i = in_code(&chars, i, &mut stack, &mut out);
        }
        let paren = stack.iter().map(|o| o.weight()).sum();
        out.paren = out.paren.max(paren);
        out.depth = out.depth.max(stack.len());
        i += 1;
    }
    out
}

/// Scans character `i` inside double quotes; returns the last index used.
fn in_double_quotes(chars: &[char], mut i: usize, stack: &mut Vec<Open>) -> usize {
    match chars[i] {
        '\\' => i += 1,
        '"' => {
            stack.pop();
        }
        '$' => i = open_dollar(chars, i, stack),
        '`' => stack.push(Open::Backquote),
        _ => {}
    }
    i
}

/// Pushes what the `$` at `i` opens (`$((`, `$(`, `${`); returns the last
/// index used.
fn open_dollar(chars: &[char], i: usize, stack: &mut Vec<Open>) -> usize {
    match (chars.get(i + 1), chars.get(i + 2)) {
        (Some('('), Some('(')) => {
            stack.push(Open::Arithmetic);
            i + 2
        }
        (Some('('), _) => {
            stack.push(Open::Substitution);
            i + 1
        }
        (Some('{'), _) => {
            stack.push(Open::Parameter);
            i + 1
        }
        (Some('['), _) => {
            stack.push(Open::LegacyArithmetic);
            i + 1
        }
        _ => i,
    }
}

/// Scans character `i` of shell code; returns the last index used.
fn in_code(chars: &[char], mut i: usize, stack: &mut Vec<Open>, out: &mut Scan) -> usize {
    let word_start = i == 0
        || chars[i - 1].is_whitespace()
        || matches!(chars[i - 1], ';' | '&' | '|' | '(' | ')');
    let next = chars.get(i + 1).copied();
    match chars[i] {
        '\\' => i += 1,
        '#' if word_start => {
            while i + 1 < chars.len() && chars[i + 1] != '\n' {
                i += 1;
            }
        }
        '\'' => {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
        }
        '"' => stack.push(Open::DoubleQuote),
        '$' => i = open_dollar(chars, i, stack),
        '`' if stack.last() == Some(&Open::Backquote) => {
            stack.pop();
        }
        '`' => stack.push(Open::Backquote),
        '(' if next == Some('(') => {
            stack.push(Open::Arithmetic);
            i += 1;
        }
        ')' if next == Some(')') && stack.last() == Some(&Open::Arithmetic) => {
            stack.pop();
            i += 1;
        }
        '(' => stack.push(Open::Paren),
        '{' => stack.push(Open::Brace),
        ')' => close_any(stack, &[Open::Paren, Open::Substitution]),
        '}' => close_any(stack, &[Open::Brace, Open::Parameter]),
        ']' => close(stack, Open::LegacyArithmetic),
        '<' if next == Some('<') => {
            if chars.get(i + 2) == Some(&'<') {
                i += 2;
            } else {
                if out.heredoc.is_none() && !stack.contains(&Open::Arithmetic) {
                    let nested = stack.iter().any(|o| {
                        matches!(o, Open::Substitution | Open::Parameter | Open::Backquote)
                    });
                    // A missing delimiter is bash's syntax error, nested or not.
                    out.heredoc = match heredoc_trouble(chars, i + 2) {
                        Some(missing @ HeredocTrouble::Missing(..)) => Some(missing),
                        _ if nested => Some(HeredocTrouble::Nested),
                        other => other,
                    };
                }
                i += 1;
            }
        }
        _ if word_start => keyword(&chars[i..], stack),
        _ => {}
    }
    i
}

/// The trouble with the delimiter that starts at character `start`, right
/// after a `<<`.
fn heredoc_trouble(chars: &[char], start: usize) -> Option<HeredocTrouble> {
    let mut i = start;
    if chars.get(i) == Some(&'-') {
        i += 1;
    }
    while matches!(chars.get(i), Some(' ' | '\t')) {
        i += 1;
    }
    let ends = |c: &char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '<' | '>' | '(' | ')');
    match chars.get(i) {
        None => return Some(HeredocTrouble::Missing(i, "newline".into())),
        Some(c) if ends(c) => {
            let token = match c {
                '\n' => "newline".to_string(),
                _ => chars[i..]
                    .iter()
                    .take_while(|c| !c.is_whitespace() && ends(c))
                    .collect(),
            };
            return Some(HeredocTrouble::Missing(i, token));
        }
        Some(_) => {}
    }
    // Parentheses, quotes and `$(` belong to the word.
    let word: String = chars[i..]
        .iter()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ';' | '&' | '|' | '<' | '>'))
        .collect();
    (!is_plain_delimiter(&word)).then_some(HeredocTrouble::Odd)
}

/// Whether `word` is a delimiter as guides write them: `EOF`, `'EOF'`,
/// `"EOF"`, `\EOF`, made of letters, digits, `_`, `-` and `.`.
fn is_plain_delimiter(word: &str) -> bool {
    let word = word.strip_prefix('\\').unwrap_or(word);
    let inner = ['\'', '"']
        .iter()
        .find_map(|q| word.strip_prefix(*q)?.strip_suffix(*q))
        .unwrap_or(word);
    !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Pops the top of `stack` if it is one of `opens`.
fn close_any(stack: &mut Vec<Open>, opens: &[Open]) {
    if stack.last().is_some_and(|top| opens.contains(top)) {
        stack.pop();
    }
}

/// Pops `open` if it is on top of `stack`.
fn close(stack: &mut Vec<Open>, open: Open) {
    if stack.last() == Some(&open) {
        stack.pop();
    }
}

/// Updates `stack` for a keyword at the start of `rest`.
fn keyword(rest: &[char], stack: &mut Vec<Open>) {
    let word: String = rest
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let ends = rest
        .get(word.len())
        .is_none_or(|c| c.is_whitespace() || matches!(c, ';' | '&' | '|' | ')'));
    if !ends {
        return;
    }
    match word.as_str() {
        "case" => stack.push(Open::Case),
        "if" | "do" => stack.push(Open::Block),
        "fi" | "done" => close(stack, Open::Block),
        "esac" => {
            if let Some(i) = stack.iter().rposition(|o| *o == Open::Case) {
                stack.truncate(i);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Parsing.

/// What the parser made of a snippet.
enum Parsed {
    /// The syntax tree.
    Program(ast::Program),
    /// A syntax error.
    Error(ParseError),
    /// The parser gave up (took too long, or panicked): why.
    Unchecked(&'static str),
}

/// Parses `text` on a thread with a large stack, with a time limit. When
/// the limit passes, the thread is left to finish on its own.
fn parse_guarded(text: String) -> Parsed {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("netplate-shell-parser".into())
        .stack_size(PARSER_STACK)
        .spawn(move || {
            let _ = tx.send(parse_raw(&text));
        });
    match spawned {
        Ok(_) => rx
            .recv_timeout(PARSE_TIMEOUT)
            .unwrap_or(Parsed::Unchecked("the parser took too long")),
        Err(_) => Parsed::Unchecked("no thread could be started for the parser"),
    }
}

thread_local! {
    /// Set while brush-parser runs on this thread, to keep its panics quiet.
    static IN_PARSER: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once) a panic hook that silences panics raised inside
/// brush-parser, which [`parse_raw`] catches, and passes every other panic
/// to the hook that was there before.
fn quiet_parser_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_PARSER.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// `text` with each `select` keyword written `for   `: bash's `select NAME
/// [in WORDS]; do LIST; done` has the grammar of `for`, which brush-parser
/// 0.4 knows (it rejects `select`). Same length, so positions stay.
fn select_as_for(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut at_command = true;
    while let Some(i) = rest.find("select") {
        let before = &rest[..i];
        let prev = out.chars().last().or(None);
        let lead = before
            .chars()
            .rev()
            .find(|c| !matches!(c, ' ' | '\t'))
            .or(prev);
        let starts = match lead {
            None => at_command,
            Some(c) => matches!(c, '\n' | ';' | '&' | '|' | '(' | '{'),
        } || before.trim_end().ends_with(" do")
            || before.trim_end().ends_with(" then");
        let after = rest[i + 6..].chars().next();
        out.push_str(before);
        if starts && after.is_some_and(|c| c == ' ' || c == '\t') {
            out.push_str("for   ");
        } else {
            out.push_str("select");
        }
        rest = &rest[i + 6..];
        at_command = false;
    }
    out.push_str(rest);
    out
}

/// Runs brush-parser with bash's defaults. brush-parser 0.4 can panic on
/// some malformed input (an `unwrap` in its tokenizer): that is caught and
/// reported as [`Parsed::Unchecked`].
fn parse_raw(text: &str) -> Parsed {
    quiet_parser_panics();
    let options = brush_parser::ParserOptions::default();
    IN_PARSER.with(|flag| flag.set(true));
    let result = panic::catch_unwind(|| {
        brush_parser::Parser::new(std::io::Cursor::new(text.as_bytes()), &options).parse_program()
    });
    IN_PARSER.with(|flag| flag.set(false));
    match result {
        Ok(Ok(program)) => Parsed::Program(program),
        Ok(Err(error)) => Parsed::Error(error),
        Err(_) => Parsed::Unchecked("the shell parser failed on it"),
    }
}

/// Parses `text`. Where brush-parser is stricter than bash (a here-document
/// left open at the end, a backslash at the very end), it parses what bash
/// parses and adds a warning. A syntax error, or a snippet the parser gave
/// up on, is returned as its finding.
fn parse(text: &str, depth: usize, findings: &mut Vec<Finding>) -> Result<ast::Program, Finding> {
    let mut source = select_as_for(text);
    for _ in 0..3 {
        let parsed = if depth <= INLINE_DEPTH {
            parse_raw(&source)
        } else {
            parse_guarded(source.clone())
        };
        match parsed {
            Parsed::Program(program) => return Ok(program),
            Parsed::Unchecked(why) => return Err(unchecked(text, why)),
            Parsed::Error(ParseError::Tokenizing {
                inner: TokenizerError::UnterminatedHereDocuments(tags, positions),
                ..
            }) => {
                findings.push(unterminated_heredoc(text, &tags, &positions));
                for tag in tags.split(", ") {
                    source.push('\n');
                    source.push_str(&unquote(tag));
                }
                source.push('\n');
            }
            Parsed::Error(ParseError::Tokenizing {
                inner: TokenizerError::UnterminatedEscapeSequence,
                ..
            }) => source.push('\n'),
            Parsed::Error(e) => return Err(syntax_error(text, &e)),
        }
    }
    Err(unchecked(
        text,
        "the parser could not close its here-documents",
    ))
}

/// `tag` without quotes and backslashes (`'EOF'` → `EOF`).
fn unquote(tag: &str) -> String {
    tag.chars()
        .filter(|c| !matches!(c, '\'' | '"' | '\\'))
        .collect()
}

/// The warning for a here-document that runs to the end of the snippet.
fn unterminated_heredoc(text: &str, tags: &str, positions: &str) -> Finding {
    let raw_tag = tags.split(", ").next().unwrap_or(tags);
    let tag = unquote(raw_tag);
    let lines = text.lines().count().max(1);
    let reported = positions
        .split(|c: char| !c.is_ascii_digit())
        .find_map(|n| n.parse::<usize>().ok())
        .unwrap_or(1);
    // The `<<TAG` operator itself, else the line brush-parser reported.
    let span = ["<<-", "<<"]
        .iter()
        .find_map(|op| {
            let at = text.find(&format!("{op}{raw_tag}"))?;
            Some(Span::from_bytes(text, at, at + op.len() + raw_tag.len()))
        })
        .unwrap_or_else(|| Span::line_of(text, reported.clamp(1, lines)));
    let line = span.line;
    Finding::warning(
        "shell/unterminated-heredoc",
        span,
        "the here-document is never closed: it runs to the end of the snippet",
    )
    .help(format!(
        "bash: warning: here-document at line {line} delimited by end-of-file (wanted `{tag}'); \
         end it with a line `{tag}`"
    ))
}

/// The `shell/syntax` error for a `<<` without a delimiter, found before
/// parsing: the token at character `index` follows it.
fn missing_heredoc_tag(text: &str, index: usize, token: &str) -> Finding {
    let loc = Locator::new(text);
    let len = if token == "newline" {
        1
    } else {
        token.chars().count()
    };
    Finding::error(
        "shell/syntax",
        loc.span(index, index + len),
        format!("syntax error near unexpected token `{token}'"),
    )
    .help("`<<` needs a delimiter word: cat <<'EOF' … EOF")
}

/// The `shell/syntax` finding for a parse error, worded as `bash -n` words it.
fn syntax_error(text: &str, error: &ParseError) -> Finding {
    let loc = Locator::new(text);
    let (span, message) = match error {
        ParseError::ParsingNear(pos) => {
            let token = token_at(&loc, pos.index);
            let len = token.chars().count().max(1);
            let shown = if token.is_empty() || token == "\n" {
                "newline".to_string()
            } else {
                token
            };
            (
                loc.span(pos.index, pos.index + len),
                format!("syntax error near unexpected token `{shown}'"),
            )
        }
        ParseError::ParsingAtEndOfInput => (
            loc.last_char(),
            "syntax error: unexpected end of file".to_string(),
        ),
        ParseError::Tokenizing { inner, position } => {
            tokenizer_error(&loc, inner, position.as_ref())
        }
    };
    Finding::error("shell/syntax", span, message).help(
        "bash -n rejects the snippet: check the quotes, brackets and if/fi, do/done, case/esac pairs",
    )
}

/// The span and bash's message for a tokenizer error.
fn tokenizer_error(
    loc: &Locator<'_>,
    inner: &TokenizerError,
    position: Option<&brush_parser::SourcePosition>,
) -> (Span, String) {
    let at = |p: &brush_parser::SourcePosition| loc.span(p.index, p.index + 1);
    let eof = |what: &str| format!("unexpected EOF while looking for matching `{what}'");
    let opener = |pat: &str| {
        let text = loc.text;
        text.rfind(pat)
            .map(|b| Span::from_bytes(text, b, b + pat.len()))
            .unwrap_or_else(|| loc.last_char())
    };
    match inner {
        TokenizerError::UnterminatedSingleQuote(p) | TokenizerError::UnterminatedAnsiCQuote(p) => {
            (at(p), eof("'"))
        }
        TokenizerError::UnterminatedDoubleQuote(p) => (at(p), eof("\"")),
        TokenizerError::UnterminatedBackquote(p) => (at(p), eof("`")),
        TokenizerError::UnterminatedExtendedGlob(p) => (at(p), eof(")")),
        TokenizerError::UnterminatedVariable => (opener("${"), eof("}")),
        TokenizerError::UnterminatedCommandSubstitution | TokenizerError::UnterminatedExpansion => {
            (opener("$("), eof(")"))
        }
        TokenizerError::MissingHereTag(_) | TokenizerError::MissingHereTagForDocumentBody => (
            opener("<<"),
            "syntax error near unexpected token `newline'".to_string(),
        ),
        other => (
            position.map_or_else(|| loc.last_char(), at),
            format!("syntax error: {other}"),
        ),
    }
}

/// The shell token starting at character `index`.
fn token_at(loc: &Locator<'_>, index: usize) -> String {
    let rest = loc.slice(index, loc.offsets.len());
    const OPERATORS: &[&str] = &[
        ";;&", "<<-", "<<<", "&>>", ";;", ";&", "&&", "||", "|&", "<<", ">>", "<&", ">&", "<>",
        ">|", "&>", ";", "&", "|", "(", ")", "<", ">", "\n",
    ];
    if let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(**op)) {
        return (*op).to_string();
    }
    rest.chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ';' | '&' | '|' | '(' | ')' | '<' | '>'))
        .collect()
}

// ---------------------------------------------------------------------------
// Meaning: what a line of config looks like when pasted as a command.

/// The kinds of non-command text found in shell blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Looks {
    /// netplan (or other) YAML.
    Yaml,
    /// An `ifcfg-*` assignment.
    Ifcfg,
    /// A line of `/etc/network/interfaces`.
    Interfaces,
    /// A line of `resolv.conf`.
    Resolv,
    /// A line of `NetworkManager.conf` (or another keyfile).
    Keyfile,
    /// A kernel setting as `sysctl.conf` writes it (`net.ipv4.ip_forward=1`).
    Sysctl,
    /// A numbered step of instructions.
    Steps,
    /// An ASCII diagram.
    Diagram,
    /// A sentence.
    Prose,
}

impl Looks {
    /// What the line looks like, in a message.
    fn describe(self) -> &'static str {
        match self {
            Looks::Yaml => "a line of netplan YAML",
            Looks::Ifcfg => "a line of an ifcfg-* file",
            Looks::Interfaces => "a line of /etc/network/interfaces",
            Looks::Resolv => "a line of resolv.conf",
            Looks::Keyfile => "a line of NetworkManager.conf",
            Looks::Sysctl => "a kernel setting of sysctl.conf",
            Looks::Steps => "a numbered step of instructions",
            Looks::Diagram => "a diagram",
            Looks::Prose => "prose",
        }
    }

    /// How to fix the block.
    fn help(self) -> &'static str {
        match self {
            Looks::Steps | Looks::Diagram | Looks::Prose => {
                "this is not shell: mark the block `text`"
            }
            Looks::Sysctl => {
                "set it with `sudo sysctl -w NAME=VALUE`, or keep it in a file under \
                 /etc/sysctl.d/ (then `sudo sysctl --system`)"
            }
            _ => {
                "split the block: put the commands in a `bash` block and the file in a block of \
                 its own with `file=PATH`"
            }
        }
    }
}

/// Words of `/etc/network/interfaces` that take an address.
const INTERFACES_ADDRESS: &[&str] = &[
    "address",
    "netmask",
    "gateway",
    "broadcast",
    "network",
    "pointopoint",
];
/// Words of `/etc/network/interfaces` that are never commands.
const INTERFACES_ONLY: &[&str] = &[
    "iface",
    "allow-hotplug",
    "allow-auto",
    "dns-nameservers",
    "dns-nameserver",
    "dns-search",
    "dns-domain",
    "hwaddress",
    "pre-up",
    "post-up",
    "pre-down",
    "post-down",
];
/// resolv.conf options.
const RESOLV_OPTIONS: &[&str] = &[
    "ndots",
    "timeout",
    "attempts",
    "rotate",
    "edns0",
    "debug",
    "inet6",
    "single-request",
    "single-request-reopen",
    "no-tld-query",
    "use-vc",
    "no-reload",
    "trust-ad",
    "no-check-names",
    "no-aaaa",
];
/// Lower-case keys of NetworkManager.conf that are valid shell names.
const KEYFILE_KEYS: &[&str] = &["managed", "plugins", "dns", "dhcp", "hostname_mode"];

/// Variables bash itself reads: assigning them is using them.
const SHELL_VARIABLES: &[&str] = &[
    "IFS",
    "PATH",
    "HOME",
    "PWD",
    "OLDPWD",
    "PS1",
    "PS2",
    "PS3",
    "PS4",
    "PROMPT_COMMAND",
    "LANG",
    "LANGUAGE",
    "TERM",
    "TZ",
    "HISTSIZE",
    "HISTFILE",
    "HISTFILESIZE",
    "HISTCONTROL",
    "HISTIGNORE",
    "HISTTIMEFORMAT",
    "CDPATH",
    "SHELL",
    "TMOUT",
    "MAIL",
    "MAILPATH",
    "OPTIND",
    "OPTARG",
    "OPTERR",
    "REPLY",
    "COLUMNS",
    "LINES",
    "BASH_ENV",
    "ENV",
    "GLOBIGNORE",
    "TIMEFORMAT",
    "TMPDIR",
    "BASH_XTRACEFD",
    "FUNCNEST",
    "SECONDS",
    "RANDOM",
];

/// Whether `c` is a CJK ideograph, kana, hangul or full-width form.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// Whether `word` draws a line of a diagram (`---`, `-->`, `<->`, `===`, box
/// drawing).
fn is_connector(word: &str) -> bool {
    let dashes = word
        .chars()
        .filter(|c| matches!(c, '-' | '=' | '─' | '━'))
        .count();
    word.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c))
        || (dashes >= 2
            && word
                .chars()
                .all(|c| matches!(c, '-' | '=' | '<' | '>' | '─' | '━'))
            && (dashes >= 3 || word.contains('>') || word.contains('<')))
}

/// Whether `word` is an IPv4/IPv6 address, optionally with a prefix, or an
/// address with an unfilled placeholder.
fn is_address(word: &str) -> bool {
    let addr = word.split('/').next().unwrap_or(word);
    addr.parse::<std::net::IpAddr>().is_ok()
        || (addr.split('.').count() == 4
            && addr.split('.').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '?' | 'x' | 'X'))
            }))
}

/// Whether `word` names a network interface (`ens33`, `eth0`, `lo`).
fn is_interface(word: &str) -> bool {
    let mut chars = word.chars();
    word == "lo"
        || (chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && word.chars().any(|c| c.is_ascii_digit())
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '_' | '-')))
}

/// Whether `word` is a resolv.conf option (`rotate`, `timeout:2`).
fn is_resolv_option(word: &str) -> bool {
    let name = word.split(':').next().unwrap_or(word);
    RESOLV_OPTIONS.contains(&name)
}

/// Whether `word` starts a numbered step: `1.`, `2)`, `3、`, `1.2`.
fn is_step_number(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && word
            .chars()
            .nth(digits)
            .is_some_and(|c| matches!(c, '.' | ')' | '、' | '）' | '．'))
}

/// What a simple command with command word `cmd` and arguments `args` looks
/// like, when it is not a plausible command.
fn classify(cmd: &str, args: &[&str]) -> Option<Looks> {
    if cmd.contains('$') || cmd.contains('`') {
        return None;
    }
    if cmd.chars().any(is_cjk) || cmd.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c)) {
        return Some(if is_step_number(cmd) {
            Looks::Steps
        } else if args.iter().any(|a| is_connector(a)) || !cmd.chars().any(is_cjk) {
            Looks::Diagram
        } else {
            Looks::Prose
        });
    }
    if args.iter().filter(|a| is_connector(a)).count() >= 2 {
        return Some(Looks::Diagram);
    }
    if is_step_number(cmd) {
        return Some(Looks::Steps);
    }
    if cmd.chars().count() > 1 && cmd.ends_with(':') {
        return Some(Looks::Yaml);
    }
    if cmd == "-" {
        return Some(Looks::Yaml);
    }
    if cmd.len() > 2 && cmd.starts_with('[') && cmd.ends_with(']') && args.is_empty() {
        return Some(Looks::Keyfile);
    }
    if let Some((key, _)) = cmd.split_once('=') {
        return Some(if is_sysctl_key(key) {
            Looks::Sysctl
        } else {
            Looks::Keyfile
        });
    }
    if args.first().is_some_and(|a| a.starts_with('=')) {
        return Some(
            if cmd
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            {
                Looks::Ifcfg
            } else {
                Looks::Keyfile
            },
        );
    }
    if cmd.len() > 1 && (cmd.ends_with('.') || cmd.ends_with(',')) && !cmd.starts_with('.') {
        return Some(Looks::Prose);
    }
    classify_keyword(cmd, args)
}

/// A sysctl(8) key: dotted, under one of the kernel's roots
/// (`net.ipv4.ip_forward`).
fn is_sysctl_key(key: &str) -> bool {
    const ROOTS: [&str; 9] = [
        "net.", "kernel.", "vm.", "fs.", "dev.", "user.", "abi.", "debug.", "crypto.",
    ];
    ROOTS.iter().any(|r| key.starts_with(r))
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | '*'))
}

/// Lines of interfaces(5) and resolv.conf(5), which start with a keyword.
fn classify_keyword(cmd: &str, args: &[&str]) -> Option<Looks> {
    let first = args.first()?;
    if INTERFACES_ONLY.contains(&cmd)
        || (cmd == "auto" && args.iter().all(|a| is_interface(a)))
        || (INTERFACES_ADDRESS.contains(&cmd) && is_address(first))
    {
        return Some(Looks::Interfaces);
    }
    let plain = |a: &&str| !a.starts_with('-') && !a.contains('/') && !a.contains('=');
    let resolv = match cmd {
        "nameserver" | "sortlist" => true,
        "search" | "domain" => args.iter().all(plain),
        "options" => args.iter().all(|a| is_resolv_option(a)),
        _ => false,
    };
    resolv.then_some(Looks::Resolv)
}

/// Whether an assignment to `name` = `value` looks like a line of a config
/// file rather than shell.
fn config_assignment(name: &str, value: &str) -> Option<Looks> {
    // `NAME=''` is how a script empties a variable; an ifcfg file writes
    // `NAME=` (and a real one has values).
    if matches!(value, "''" | "\"\"") {
        return None;
    }
    if super::ifcfg::is_known_key(name) {
        return Some(Looks::Ifcfg);
    }
    if KEYFILE_KEYS.contains(&name) {
        return Some(Looks::Keyfile);
    }
    let upper = name
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let configish = is_address(value)
        || matches!(
            value,
            "yes" | "no" | "none" | "static" | "dhcp" | "true" | "false" | "Ethernet"
        );
    (upper && configish).then_some(Looks::Ifcfg)
}

// ---------------------------------------------------------------------------
// The walk over the syntax tree.

/// An assignment that is a finding unless its variable is used somewhere.
struct Candidate {
    name: String,
    span: Span,
    /// The text of the assignment, for the message.
    text: String,
    /// What it looks like when it is config text.
    looks: Option<Looks>,
}

/// Walks a parsed program and collects findings.
struct Analyzer<'t> {
    loc: Locator<'t>,
    findings: Vec<Finding>,
    candidates: Vec<Candidate>,
    /// Variables exported or declared by name (`export X`).
    declared: HashSet<String>,
    /// What `nmcli` command lines set.
    facts: Vec<Fact>,
}

impl<'t> Analyzer<'t> {
    fn new(text: &'t str) -> Analyzer<'t> {
        Analyzer {
            loc: Locator::new(text),
            findings: Vec::new(),
            candidates: Vec::new(),
            declared: HashSet::new(),
            facts: Vec::new(),
        }
    }

    /// The findings, with unused assignments resolved against the whole text.
    fn finish(mut self) -> Vec<Finding> {
        let mut used = referenced_names(self.loc.text);
        used.extend(self.declared.iter().cloned());
        for c in std::mem::take(&mut self.candidates) {
            if used.contains(&c.name)
                || SHELL_VARIABLES.contains(&c.name.as_str())
                || c.name.starts_with("LC_")
                || c.name.starts_with('_')
            {
                continue;
            }
            self.findings.push(unused(c));
        }
        self.findings
    }

    /// Walks a whole program.
    fn program(&mut self, program: &ast::Program) {
        for list in &program.complete_commands {
            self.list(list);
        }
    }

    /// Walks a list of pipelines.
    fn list(&mut self, list: &ast::CompoundList) {
        for item in &list.0 {
            for (_, pipeline) in item.0.iter() {
                for command in &pipeline.seq {
                    self.command(command);
                }
            }
        }
    }

    /// Walks one command of a pipeline.
    fn command(&mut self, command: &Command) {
        match command {
            Command::Simple(simple) => self.simple(simple),
            Command::Compound(compound, redirects) => {
                self.compound(compound);
                for r in redirects.iter().flat_map(|r| r.0.iter()) {
                    self.redirect(r);
                }
            }
            Command::Function(function) => {
                self.compound(&function.body.0);
                for r in function.body.1.iter().flat_map(|r| r.0.iter()) {
                    self.redirect(r);
                }
            }
            Command::ExtendedTest(..) => {}
        }
    }

    /// Walks the lists inside a compound command.
    fn compound(&mut self, compound: &CompoundCommand) {
        match compound {
            CompoundCommand::BraceGroup(group) => self.list(&group.list),
            CompoundCommand::Subshell(subshell) => self.list(&subshell.list),
            CompoundCommand::ForClause(clause) => {
                // `for NAME in …`: NAME is assigned on each round.
                let start = clause.loc.start.index;
                self.candidates.push(Candidate {
                    name: clause.variable_name.clone(),
                    span: self.loc.span(start, start + 3),
                    text: format!("for {}", clause.variable_name),
                    looks: None,
                });
                for value in clause.values.iter().flatten() {
                    self.placeholder(value);
                }
                self.list(&clause.body.list);
            }
            CompoundCommand::ArithmeticForClause(clause) => self.list(&clause.body.list),
            CompoundCommand::CaseClause(clause) => {
                for case in &clause.cases {
                    if let Some(list) = &case.cmd {
                        self.list(list);
                    }
                }
            }
            CompoundCommand::IfClause(clause) => {
                self.list(&clause.condition);
                self.list(&clause.then);
                for branch in clause.elses.iter().flatten() {
                    if let Some(condition) = &branch.condition {
                        self.list(condition);
                    }
                    self.list(&branch.body);
                }
            }
            CompoundCommand::WhileClause(clause) | CompoundCommand::UntilClause(clause) => {
                self.list(&clause.0);
                self.list(&clause.1.list);
            }
            CompoundCommand::Coprocess(coprocess) => self.command(&coprocess.body),
            CompoundCommand::Arithmetic(_) => {}
        }
    }

    /// Checks a redirection's target or here-document for placeholders.
    fn redirect(&mut self, redirect: &IoRedirect) {
        match redirect {
            IoRedirect::HereDocument(_, doc) => self.placeholder(&doc.doc),
            IoRedirect::File(_, _, IoFileRedirectTarget::Filename(word))
            | IoRedirect::HereString(_, word)
            | IoRedirect::OutputAndError(word, _) => self.placeholder(word),
            _ => {}
        }
    }

    /// Checks a simple command: its words, assignments and command word.
    fn simple(&mut self, simple: &ast::SimpleCommand) {
        let prefix: Vec<&Item> = simple.prefix.iter().flat_map(|p| p.0.iter()).collect();
        let suffix: Vec<&Item> = simple.suffix.iter().flat_map(|s| s.0.iter()).collect();
        for item in prefix.iter().chain(suffix.iter()) {
            match item {
                Item::IoRedirect(r) => self.redirect(r),
                Item::Word(w) => self.placeholder(w),
                Item::AssignmentWord(a, w) => {
                    self.placeholder(w);
                    self.glob_in_assignment(a, w);
                }
                Item::ProcessSubstitution(..) => {}
            }
        }
        let suffix_words: Vec<&Word> = suffix
            .iter()
            .filter_map(|item| match item {
                Item::Word(w) | Item::AssignmentWord(_, w) => Some(w),
                _ => None,
            })
            .collect();
        match &simple.word_or_name {
            Some(name) => {
                self.placeholder(name);
                self.command_word(name, &suffix_words);
                self.nmcli(name, &suffix_words);
                self.declarations(&name.value, &suffix_words);
            }
            None => {
                for item in &prefix {
                    if let Item::AssignmentWord(a, w) = item {
                        self.bare_assignment(a, w);
                    }
                }
            }
        }
    }

    /// Checks the command word of a simple command.
    fn command_word(&mut self, name: &Word, args: &[&Word]) {
        let values: Vec<&str> = args.iter().map(|w| w.value.as_str()).collect();
        // `\ls`, `\.`: a backslash only keeps aliases out of the way.
        let command = name.value.strip_prefix('\\').unwrap_or(&name.value);
        if let Some(looks) = classify(command, &values) {
            let span = self.words_span(name, args);
            let text = self.loc.span_text(span);
            self.findings
                .push(config_finding(looks, &text, &name.value, span, true));
        } else if name.value.starts_with('-') {
            let span = self.words_span(name, args);
            self.findings.push(
                Finding::warning(
                    "shell/flag-as-command",
                    span,
                    format!("`{}` is a flag used as a command name", name.value),
                )
                .help("ShellCheck SC2215: a bad line break, or a missing command before it?"),
            );
        }
    }

    /// Checks an `nmcli …` or `sudo nmcli …` command line with nmcli's rules.
    fn nmcli(&mut self, name: &Word, args: &[&Word]) {
        let args = match name.value.as_str() {
            "nmcli" => args,
            "sudo" => {
                // sudo's options, then the command it runs.
                let mut i = 0;
                while let Some(w) = args.get(i)
                    && w.value.starts_with('-')
                {
                    i += 1;
                    if matches!(
                        w.value.as_str(),
                        "-u" | "-g" | "-p" | "-C" | "-D" | "-r" | "-t" | "-U" | "-h" | "-T"
                    ) {
                        i += 1;
                    }
                }
                match args.get(i) {
                    Some(w) if w.value == "nmcli" => &args[i + 1..],
                    _ => return,
                }
            }
            _ => return,
        };
        let words: Vec<nmcli::Arg> = args.iter().map(|w| self.arg(w)).collect();
        nmcli::check(&words, &mut self.findings, &mut self.facts);
    }

    /// A word as bash passes it to a command: quotes removed, with where
    /// each character came from; no value when bash expands it.
    fn arg(&self, word: &Word) -> nmcli::Arg {
        let Some((start, end)) = range(word) else {
            return nmcli::Arg {
                value: None,
                chars: Vec::new(),
                span: Span::line_of(self.loc.text, 1),
            };
        };
        let span = self.loc.span(start, end);
        let Some((value, offsets)) = unquote_word(&word.value) else {
            return nmcli::Arg {
                value: None,
                chars: Vec::new(),
                span,
            };
        };
        let chars = offsets
            .into_iter()
            .map(|o| self.loc.span(start + o, start + o + 1))
            .collect();
        nmcli::Arg {
            value: Some(value),
            chars,
            span,
        }
    }

    /// Records the names `export`, `declare`, `local` and `read` handle.
    fn declarations(&mut self, command: &str, args: &[&Word]) {
        let names = args
            .iter()
            .map(|w| w.value.as_str())
            .filter(|a| !a.starts_with('-'));
        match command {
            "export" => {
                for a in names {
                    let name = a.split(['=', '+']).next().unwrap_or(a);
                    self.declared.insert(name.to_string());
                }
            }
            "local" | "declare" | "typeset" | "readonly" => {
                for w in args.iter().filter(|w| !w.value.starts_with('-')) {
                    if let Some((name, _)) = w.value.split_once('=')
                        && !name.ends_with('+')
                        && is_name(name)
                    {
                        self.candidate(name, w, None);
                    }
                }
            }
            "read" => {
                let mut skip = false;
                for w in args {
                    let v = w.value.as_str();
                    if skip {
                        skip = false;
                    } else if v.starts_with('-') {
                        skip = matches!(v, "-p" | "-t" | "-n" | "-N" | "-d" | "-u" | "-i");
                    } else if is_name(v) {
                        self.candidate(v, w, None);
                    }
                }
            }
            _ => {}
        }
    }

    /// An assignment standing alone (`X=1`): config text when unused.
    fn bare_assignment(&mut self, assignment: &ast::Assignment, word: &Word) {
        if assignment.append {
            return;
        }
        let name = match &assignment.name {
            ast::AssignmentName::VariableName(n) | ast::AssignmentName::ArrayElementName(n, _) => n,
        };
        let value = match &assignment.value {
            ast::AssignmentValue::Scalar(v) => v.value.as_str(),
            ast::AssignmentValue::Array(_) => "",
        };
        let looks = config_assignment(name, value);
        self.candidate(name, word, looks);
    }

    /// Records an assignment to `name` by `word` as possibly unused.
    fn candidate(&mut self, name: &str, word: &Word, looks: Option<Looks>) {
        let Some((start, end)) = range(word) else {
            return;
        };
        self.candidates.push(Candidate {
            name: name.to_string(),
            span: self.loc.span(start, end),
            text: word.value.clone(),
            looks,
        });
    }

    /// Warns about a glob or brace expansion in a scalar assignment, which
    /// bash keeps literally (ShellCheck SC2125).
    fn glob_in_assignment(&mut self, assignment: &ast::Assignment, word: &Word) {
        let ast::AssignmentValue::Scalar(value) = &assignment.value else {
            return;
        };
        let Some(offset) = unquoted_glob(&value.value) else {
            return;
        };
        if find_placeholder(&word.value).is_some() {
            return;
        }
        let Some((_, end)) = range(word) else {
            return;
        };
        let value_start = end.saturating_sub(value.value.chars().count());
        let span = self
            .loc
            .span(value_start + offset, value_start + offset + 1);
        self.findings.push(
            Finding::warning(
                "shell/glob-in-assignment",
                span,
                format!(
                    "globs and braces are not expanded in an assignment: `{}` is kept as is",
                    word.value
                ),
            )
            .help("ShellCheck SC2125: quote the value, or use an array: files=(*.yaml)"),
        );
    }

    /// Warns about `?`/`xxx` placeholders left in a word.
    fn placeholder(&mut self, word: &Word) {
        let Some((offset, len)) = find_placeholder(&word.value) else {
            return;
        };
        let Some((start, _)) = range(word) else {
            return;
        };
        let span = self.loc.span(start + offset, start + offset + len);
        let found: String = word.value.chars().skip(offset).take(len).collect();
        self.findings.push(
            Finding::warning(
                "shell/unfilled-placeholder",
                span,
                format!(
                    "`{}` still holds the placeholder `{found}`: it was never filled in",
                    word.value
                ),
            )
            .help("replace it with the real value for your network"),
        );
    }

    /// The span from the start of `first` to the end of the last of `rest`
    /// on the same line.
    fn words_span(&self, first: &Word, rest: &[&Word]) -> Span {
        let Some((start, mut end)) = range(first) else {
            return Span::line_of(self.loc.text, 1);
        };
        let line = first.loc.as_ref().map_or(0, |l| l.start.line);
        for w in rest {
            if let Some(l) = &w.loc
                && l.start.line == line
                && l.end.line == line
            {
                end = end.max(l.end.index);
            }
        }
        self.loc.span(start, end)
    }
}

impl Locator<'_> {
    /// The text a one-line `span` covers.
    fn span_text(&self, span: Span) -> String {
        let line = self
            .text
            .lines()
            .nth(span.line.saturating_sub(1))
            .unwrap_or("");
        line.chars()
            .skip(span.column.saturating_sub(1))
            .take(span.len)
            .collect()
    }
}

/// `word` without its quotes, as bash passes it, with the character offset
/// in `word` of each character kept; `None` when bash would expand
/// something in it (`$`, backquotes, an unquoted glob or brace).
fn unquote_word(word: &str) -> Option<(String, Vec<usize>)> {
    let chars: Vec<char> = word.chars().collect();
    let mut value = String::new();
    let mut offsets = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\'' => {
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    value.push(chars[i]);
                    offsets.push(i);
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    match chars[i] {
                        '$' | '`' => return None,
                        '\\' if matches!(chars.get(i + 1), Some('$' | '`' | '"' | '\\')) => {
                            i += 1;
                        }
                        _ => {}
                    }
                    value.push(chars[i]);
                    offsets.push(i);
                    i += 1;
                }
                i += 1;
            }
            '\\' => {
                i += 1;
                if let Some(&c) = chars.get(i) {
                    value.push(c);
                    offsets.push(i);
                }
                i += 1;
            }
            '$' | '`' | '*' | '?' | '[' | '{' | '~' => return None,
            c => {
                value.push(c);
                offsets.push(i);
                i += 1;
            }
        }
    }
    Some((value, offsets))
}

/// The finding for a line of non-shell text.
fn config_finding(looks: Looks, text: &str, command: &str, span: Span, runs: bool) -> Finding {
    let consequence = if runs {
        format!("bash would run `{command}` and fail (`{command}: command not found`)")
    } else {
        format!("in a shell it only sets a variable `{command}` that nothing reads")
    };
    Finding::error(
        "shell/config-as-command",
        span,
        format!(
            "`{text}` looks like {}, not a command: {consequence}",
            looks.describe()
        ),
    )
    .help(looks.help())
}

/// The finding for an assignment nothing reads.
fn unused(c: Candidate) -> Finding {
    match c.looks {
        Some(looks) => config_finding(looks, &c.text, &c.name, c.span, false),
        None => Finding::warning(
            "shell/unused-variable",
            c.span,
            format!("{} is assigned but never used", c.name),
        )
        .help("ShellCheck SC2034: use it, export it, or remove the line"),
    }
}

/// Whether `name` is a valid shell variable name.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The variables `text` reads: `$X`, `${X…}`, `${#X}`, `${!X}`, and the
/// names inside arithmetic `((…))`.
fn referenced_names(text: &str) -> HashSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut names = HashSet::new();
    let ident = |from: usize| -> String {
        chars[from.min(chars.len())..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
            .collect()
    };
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '$' {
            let mut j = i + 1;
            if chars.get(j) == Some(&'{') {
                j += 1;
                if matches!(chars.get(j), Some('#' | '!')) {
                    j += 1;
                }
            }
            let name = ident(j);
            if !name.is_empty() {
                names.insert(name);
            }
        } else if chars[i] == '(' && chars.get(i + 1) == Some(&'(') {
            let mut j = i + 2;
            while j < chars.len() && !(chars[j] == ')' && chars.get(j + 1) == Some(&')')) {
                let name = ident(j);
                if name.is_empty() {
                    j += 1;
                } else {
                    j += name.chars().count();
                    names.insert(name);
                }
            }
            i = j;
        }
        i += 1;
    }
    names
}

/// The character offset of an unquoted `*`, `?` or brace expansion in the
/// raw `value` of an assignment.
fn unquoted_glob(value: &str) -> Option<usize> {
    let chars: Vec<char> = value.chars().collect();
    let mut i = 0;
    let mut depth = 0usize;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '\'' => {
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            '$' if matches!(chars.get(i + 1), Some('(' | '{')) => {
                depth += 1;
                i += 1;
            }
            ')' | '}' if depth > 0 => depth -= 1,
            '*' | '?' if depth == 0 => return Some(i),
            '{' if depth == 0 => {
                let close = chars[i..].iter().position(|c| *c == '}')?;
                let inner: String = chars[i + 1..i + close].iter().collect();
                if inner.contains(',') || inner.contains("..") {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The character offset and length of a `?` or `xxx` placeholder in the raw
/// `word`: a part of a dotted address (`192.168.?.xxx`) made only of `?` or
/// of two or more `x`.
fn find_placeholder(word: &str) -> Option<(usize, usize)> {
    // A placeholder is a part of a run of three or more dotted parts, made
    // of `?` or `x`: most words have neither.
    if word.bytes().filter(|b| *b == b'.').count() < 2 || !word.contains(['?', 'x', 'X']) {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let in_run = |c: char| c.is_ascii_alphanumeric() || matches!(c, '?' | '.');
    let mut i = 0;
    while i < chars.len() {
        if !in_run(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && in_run(chars[i]) {
            i += 1;
        }
        let after_dollar = start > 0 && chars[start - 1] == '$';
        if let Some(found) = placeholder_in_run(&chars[start..i]).filter(|_| !after_dollar) {
            return Some((start + found.0, found.1));
        }
    }
    None
}

/// The placeholder part of a dotted `run` (`192.168.?.xxx`), when the run
/// has at least three parts and one of them is a number.
fn placeholder_in_run(run: &[char]) -> Option<(usize, usize)> {
    let parts: Vec<&[char]> = run.split(|c| *c == '.').collect();
    let numeric = parts
        .iter()
        .any(|p| !p.is_empty() && p.iter().all(char::is_ascii_digit));
    if parts.len() < 3 || !numeric {
        return None;
    }
    let mut offset = 0;
    for part in parts {
        let unfilled = (!part.is_empty() && part.iter().all(|c| *c == '?'))
            || (part.len() >= 2 && part.iter().all(|c| matches!(c, 'x' | 'X')));
        if unfilled {
            return Some((offset, part.len()));
        }
        offset += part.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    /// The findings of `text` as (rule, severity, line, column).
    fn findings(text: &str) -> Vec<(&'static str, Severity, usize, usize)> {
        check(text)
            .findings
            .iter()
            .map(|f| (f.rule, f.severity, f.span.line, f.span.column))
            .collect()
    }

    /// Asserts that `text` gives exactly one finding, as described.
    #[track_caller]
    fn one(text: &str, rule: &str, severity: Severity, line: usize, column: usize) {
        assert_eq!(
            findings(text),
            vec![(rule, severity, line, column)],
            "{text}"
        );
    }

    /// Asserts that `text` gives no finding.
    #[track_caller]
    fn clean(text: &str) {
        assert_eq!(findings(text), vec![], "{text}");
    }

    const E: Severity = Severity::Error;
    const W: Severity = Severity::Warning;

    #[test]
    fn real_shell_is_clean() {
        clean(
            "sudo netplan apply\nsystemctl restart NetworkManager\nufw disable\nservice sshd start\n",
        );
        clean("iptables -F\nyum install openssh-server\ntouch /etc/netplan/99_config.yaml\n");
        clean("vim /etc/netplan/x.yaml\necho \"nameserver 8.8.8.8\" | sudo tee /etc/resolv.conf\n");
        clean("export X=1\nX=1 env\n# network:\n: \"${HOME}\"\n. /etc/os-release\n");
        clean("cat <<'EOF' | sudo tee /etc/netplan/99.yaml\nnetwork:\n  version: 2\n- a\nEOF\n");
        clean(
            "IFACE=ens33\nip addr show \"$IFACE\"\nfor i in 1 2; do ping -c1 \"10.7.0.$i\"; done\n",
        );
        clean("count=0\n(( count++ ))\nwhile read -r line; do echo \"$line\"; done < /etc/hosts\n");
        clean(
            "sudo sed -i 's/BOOTPROTO=dhcp/BOOTPROTO=none/' /etc/sysconfig/network-scripts/ifcfg-ens33\n",
        );
    }

    #[test]
    fn syntax_error_near_token() {
        one("if true; then\n  echo hi\nfi fi\n", "shell/syntax", E, 3, 4);
        let f = &check("echo a ;; b\n").findings[0];
        assert_eq!(f.message, "syntax error near unexpected token `;;'");
        assert_eq!(f.span, Span::new(1, 8, 2));
    }

    #[test]
    fn syntax_error_at_end_of_file() {
        one("if true; then\n  echo hi\n", "shell/syntax", E, 2, 9);
        let f = &check("echo \"abc\n").findings[0];
        assert_eq!(f.message, "unexpected EOF while looking for matching `\"'");
        assert_eq!((f.span.line, f.span.column), (1, 6));
    }

    #[test]
    fn syntax_error_heredoc_without_delimiter() {
        // bash -n: syntax error near unexpected token `;'
        one("x=$(cat << ;o )\n", "shell/syntax", E, 1, 12);
        let f = &check("cat <<\n").findings[0];
        assert_eq!(f.message, "syntax error near unexpected token `newline'");
        // Shifts in arithmetic and here-strings are not here-documents.
        clean("echo $(( 1 << 2 ))\ncat <<< \"$(( 3 << 1 ))\"\necho \"a << ;\"\n");
    }

    #[test]
    fn bash_accepts_an_open_heredoc_and_a_final_backslash() {
        one(
            "cat <<EOF\nnetwork:\n",
            "shell/unterminated-heredoc",
            W,
            1,
            5,
        );
        clean("echo a\\");
    }

    #[test]
    fn config_as_command_yaml() {
        let text = "touch /etc/netplan/99_config.yaml\nnetwork:\n  ethernets:\n    ens33:\n      addresses:\n        - 10.7.0.128/24\n";
        let found = findings(text);
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(
            found
                .iter()
                .all(|f| f.0 == "shell/config-as-command" && f.1 == E)
        );
        assert_eq!((found[0].2, found[0].3), (2, 1));
        assert_eq!((found[4].2, found[4].3), (6, 9));
        let f = &check("network:\n").findings[0];
        assert!(f.message.contains("netplan YAML"), "{}", f.message);
        assert!(f.help.as_deref().unwrap().contains("file=PATH"));
    }

    #[test]
    fn config_as_command_ifcfg_and_keyfile_assignments() {
        one("BOOTPROTO=static\n", "shell/config-as-command", E, 1, 1);
        one(
            "sudo reboot\n  managed=true\n",
            "shell/config-as-command",
            E,
            2,
            3,
        );
        one("IPADDR = 10.7.0.128\n", "shell/config-as-command", E, 1, 1);
        one("[ifupdown]\n", "shell/config-as-command", E, 1, 1);
        assert!(
            check("managed=true\n").findings[0]
                .message
                .contains("NetworkManager.conf")
        );
        assert!(check("ONBOOT=yes\n").findings[0].message.contains("ifcfg"));
    }

    #[test]
    fn config_as_command_interfaces_and_resolv() {
        let text = "auto ens33   # name\niface ens33 inet static\naddress 10.7.0.128\nnetmask 255.255.255.0\n\
                    gateway 10.7.0.2\nsearch localdomain\nnameserver 8.8.8.8\noptions rotate timeout:2\n";
        let found = findings(text);
        assert_eq!(found.len(), 8, "{found:?}");
        assert!(
            found
                .iter()
                .enumerate()
                .all(|(i, f)| f.0 == "shell/config-as-command" && f.2 == i + 1 && f.3 == 1)
        );
        assert_eq!(
            check("auto ens33   # x\n").findings[0].span,
            Span::new(1, 1, 10)
        );
        assert!(
            check("nameserver 8.8.8.8\n").findings[0]
                .message
                .contains("resolv.conf")
        );
        assert!(
            check("iface ens33 inet static\n").findings[0]
                .message
                .contains("interfaces")
        );
    }

    #[test]
    fn config_as_command_steps_and_diagrams() {
        let steps = check("1. 控制面板\n2. 系统和安全\n");
        assert_eq!(steps.findings.len(), 2);
        assert!(steps.findings[0].message.contains("numbered step"));
        assert!(
            steps.findings[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`text`")
        );
        let diagram = check("宿主机网卡 --- 交换机 --- 虚拟机网卡\n");
        assert_eq!(diagram.findings[0].rule, "shell/config-as-command");
        assert!(diagram.findings[0].message.contains("diagram"));
        one(
            "host --- switch --- vm\n",
            "shell/config-as-command",
            E,
            1,
            1,
        );
        one("Next, open the panel\n", "shell/config-as-command", E, 1, 1);
    }

    #[test]
    fn flag_as_command() {
        one("--help\n", "shell/flag-as-command", W, 1, 1);
    }

    #[test]
    fn unused_variable() {
        one("x=1\n", "shell/unused-variable", W, 1, 1);
        one(
            "for i in 1 2; do echo hi; done\n",
            "shell/unused-variable",
            W,
            1,
            1,
        );
        one("read -r answer\n", "shell/unused-variable", W, 1, 9);
        clean("x=1\necho \"${x}\"\n_y=2\nIFS=:\n");
    }

    #[test]
    fn glob_in_assignment() {
        one(
            "files=*.yaml\necho \"$files\"\n",
            "shell/glob-in-assignment",
            W,
            1,
            7,
        );
        clean("files=\"*.yaml\"\necho \"$files\"\nx=$(ls *.yaml)\necho \"$x\"\n");
    }

    #[test]
    fn unfilled_placeholder() {
        one(
            "sudo ip addr add 192.168.?.xxx/24 dev ens33\n",
            "shell/unfilled-placeholder",
            W,
            1,
            26,
        );
        one(
            "ping -c 4 10.7.0.xxx\n",
            "shell/unfilled-placeholder",
            W,
            1,
            18,
        );
        clean("echo $? file.??? xxx\n");
    }

    #[test]
    fn unchecked_when_too_deep_or_the_parser_fails() {
        let deep = format!("{}\n", "((".repeat(40));
        one(&deep, "shell/unchecked", W, 1, 1);
        let deep = format!("{}\n", "{ ".repeat(1000));
        one(&deep, "shell/unchecked", W, 1, 1);
        // brush-parser 0.4 loops allocating memory on these: not parsed.
        one("echo ${a$(<<E)\nE\n", "shell/unchecked", W, 1, 1);
        one("<<$( |${", "shell/unchecked", W, 1, 1);
        one("cat <<\"\"(``|#", "shell/unchecked", W, 1, 1);
        assert!(
            ["EOF", "'EOF'", "\"END\"", "\\EOF", "_EOF_", "end-1"]
                .iter()
                .all(|w| is_plain_delimiter(w))
        );
        // brush-parser 0.4 panics on this one (the prescreen would stop it
        // first); the panic is caught.
        assert!(matches!(parse_raw("${$(<<;&)''\n;&"), Parsed::Unchecked(_)));
        // Deep but reasonable nesting is parsed on a thread with a big stack.
        let nested = format!("{}echo hi\n{}", "{ ".repeat(60), "}\n".repeat(60));
        clean(&nested);
        // Realistic nesting is parsed.
        clean("if true; then\n  case x in\n    a) echo \"$( (echo 1) )\" ;;\n  esac\nfi\n");
    }

    #[test]
    fn unchecked_when_subscripts_nest_too_deep() {
        // Each unclosed `name[` doubled brush-parser's time (issue 16).
        for unit in ["a[$@", "a[b[]", "a['x'", "a[\\x", "a[$(x)"] {
            let ok = format!("{}\n", unit.repeat(MAX_SUBSCRIPT_DEPTH - 1));
            assert!(
                findings(&ok).iter().all(|f| f.0 != "shell/unchecked"),
                "{ok:?} is checked"
            );
            let deep = format!("{}\n", unit.repeat(MAX_SUBSCRIPT_DEPTH + 1));
            one(&deep, "shell/unchecked", W, 1, 1);
            let deep = format!("echo ok\nb[{}]=1\n", unit.repeat(40));
            one(&deep, "shell/unchecked", W, 1, 1);
        }
        let text = check(&format!("{}\n", "a[$@".repeat(26))).findings[0]
            .message
            .clone();
        assert!(text.contains("opens 26 array subscripts"), "{text}");
        // Closed subscripts and many words with one each are fine.
        clean(&format!("echo {}\n", "a[1]".repeat(200)));
        clean(&format!("echo {}\n", "a[$@ ".repeat(200)));
        clean("a[$i]=1\nb[${a[$i]}]=2\necho \"${b[${a[1]}]}\"\n");
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            "\\",
            "\"",
            "'",
            "$(",
            "${",
            "<<",
            "cat <<'EOF'",
            "键",
            "1.",
            "-",
            "=",
            "a=(",
            "((",
            "))",
            "case",
            "esac",
            "\r\n",
            "x=\\",
            "[",
            "]",
            "{",
            "}",
            "`",
            "$'\\",
            "#",
        ] {
            let _ = check(text);
        }
    }
}
