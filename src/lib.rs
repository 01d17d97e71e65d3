//! netplate builds a bilingual documentation site whose snippets are alive.
//!
//! The pipeline runs one way:
//!
//! 1. **Load**: [`config::Config`] reads `book.toml`; [`content::Book`] reads
//!    every language's `SUMMARY.md` ([`summary`], as mdBook reads it) and
//!    chapters from `content/`.
//! 2. **Directives**: [`include`] expands each chapter's mdBook directives as
//!    it is read (`{{#include}}` with anchors and line ranges,
//!    `{{#rustdoc_include}}`, `{{#playground}}`, `{{#title}}`) and takes Rust
//!    hidden lines out of its code; a source map keeps every later
//!    diagnostic at the file and line the author wrote
//!    ([`content::Chapter::location`]).
//!    Then the book's mdBook preprocessors ([`preprocess`]) rewrite the
//!    chapters, with mdBook's protocol and order.
//! 3. **Placeholders**: [`placeholder::setup::Setup`] finds the template
//!    addresses the book uses and resolves the reader's values.
//! 4. **Markdown**: [`markdown::render`] turns each chapter into an HTML
//!    fragment, headings, links and code blocks, highlighting code with
//!    [`highlight`] and filling the reader's values along the way (a literal
//!    that looks like a template value but is not one is a warning:
//!    [`placeholder`]'s `literal` rules).
//! 5. **Check**: [`site`] checks links between chapters and that every
//!    language has the same heading ids and variants; [`check`] validates
//!    every config and shell block with [`validate`] for sample readers.
//! 6. **Templates**: [`render`] puts each fragment into the theme's minijinja
//!    templates ([`theme`]) with navigation, table of contents and language
//!    switch; [`search`] indexes every section's text per language, with the
//!    reader's values marked so the browser shows its own; the highlighting
//!    stylesheet keeps only the classes the pages use.
//! 7. **Write**: [`site`] writes the pages into a temporary folder beside the
//!    destination and swaps it in, so `book/` is never half-written;
//!    `--single-file` adds each language's guide in one file
//!    ([`site::single`]).
//!
//! Beside the site: [`instructions`] prints the steps for one reader and OS,
//! and [`script`] turns them into a bash script (and builds the "Copy as
//! command" button's command); [`steps`] gathers both for one reader.
//! [`lab`] (`netplate test`) runs that script and those commands with the
//! real tools in a simulated VMware NAT network made of namespaces, and
//! reports per OS and reader which check failed and which block is at fault.
//!
//! Errors are [`diagnostic::Diagnostic`]s that read like rustc's.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod error;
pub mod fs;
pub mod highlight;
pub mod i18n;
pub mod include;
pub mod instructions;
pub mod lab;
pub mod markdown;
pub mod placeholder;
pub mod preprocess;
pub mod render;
pub mod script;
pub mod search;
pub mod serve;
pub mod site;
pub mod steps;
pub mod summary;
pub mod theme;
pub mod validate;
