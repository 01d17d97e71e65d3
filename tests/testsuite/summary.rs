//! SUMMARY.md as mdBook reads it: every list marker and link form, part
//! titles, separators and drafts in the sidebar, numbers running on.

use crate::book_test::BookTest;

#[test]
fn parts_separators_and_drafts_are_in_the_sidebar_as_mdbook_shows_them() {
    let t = BookTest::fixture("basic");
    let summary = "# Summary\n\n[Introduction](intro.md)\n\n# Getting *started*\n\n+ [Setup](<guide/setup.md> \"How to install\")\n+ [Not written yet]()\n\n***\n\n1. [Again][again]\n\n[again]: again.md\n";
    for lang in ["en", "zh"] {
        t.write(&format!("content/{lang}/SUMMARY.md"), summary);
        t.write(&format!("content/{lang}/again.md"), "# Again\n");
    }
    t.build().success();
    let page = t.read("book/en/intro.html");
    let nav = &page[page.find("<ol class=\"chapters\">").unwrap()..];
    let nav = &nav[..nav.find("</ol>").unwrap()];
    for needle in [
        "<li class=\"part-title\">Getting started</li>",
        "<span class=\"chapter-number\">1.</span> Setup</a>",
        "<li class=\"depth-0 draft\"><span><span class=\"chapter-number\">2.</span> Not written yet</span></li>",
        "<li class=\"spacer\" role=\"separator\"></li>",
        "<span class=\"chapter-number\">3.</span> Again</a>",
    ] {
        assert!(nav.contains(needle), "{needle}:\n{nav}");
    }
    assert!(t.exists("book/en/again.html"));
}
