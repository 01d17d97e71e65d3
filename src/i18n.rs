//! The theme's own words (labels, alert titles) in each language the built-in
//! theme speaks. Other languages fall back to English.

use serde::Serialize;

/// Interface strings for one language.
#[derive(Debug, Clone, Serialize)]
pub struct Strings {
    /// Title of `> [!NOTE]`.
    pub note: &'static str,
    /// Title of `> [!TIP]`.
    pub tip: &'static str,
    /// Title of `> [!IMPORTANT]`.
    pub important: &'static str,
    /// Title of `> [!WARNING]`.
    pub warning: &'static str,
    /// Title of `> [!CAUTION]`.
    pub caution: &'static str,
    /// Heading of the footnote list.
    pub footnotes: &'static str,
    /// Label of a footnote back-link.
    pub back_to_text: &'static str,
    /// Heading of the in-page table of contents.
    pub on_this_page: &'static str,
    /// Heading of the chapter list.
    pub chapters: &'static str,
    /// "Previous chapter".
    pub previous: &'static str,
    /// "Next chapter".
    pub next: &'static str,
    /// Label of the language switch.
    pub language: &'static str,
    /// Label of the light/dark toggle.
    pub toggle_theme: &'static str,
    /// The link to the book's source repository (mdBook's
    /// `git-repository-url`).
    pub repository: &'static str,
    /// The link to edit this page (mdBook's `edit-url-template`).
    pub edit_page: &'static str,
    /// Label of the sidebar toggle on small screens.
    pub toggle_sidebar: &'static str,
    /// Copy button.
    pub copy: &'static str,
    /// Copy button after copying.
    pub copied: &'static str,
    /// Search button and dialog label.
    pub search: &'static str,
    /// Placeholder of the search field.
    pub search_placeholder: &'static str,
    /// Shown while the index loads.
    pub search_loading: &'static str,
    /// No result.
    pub search_none: &'static str,
    /// The index could not be loaded.
    pub search_failed: &'static str,
    /// Keys of the search dialog.
    pub search_keys: &'static str,
    /// Button closing a dialog.
    pub close: &'static str,
    /// Button of a `file=` block copying a command that writes the file.
    pub copy_command: &'static str,
    /// Skip link.
    pub skip_to_content: &'static str,
    /// 404 page title.
    pub not_found: &'static str,
    /// 404 page text.
    pub not_found_text: &'static str,
    /// Landing page prompt.
    pub choose_language: &'static str,
    /// One line above the subnet form.
    pub ph_intro: &'static str,
    /// Label of the subnet field.
    pub ph_subnet: &'static str,
    /// Apply button.
    pub ph_apply: &'static str,
    /// Reset button.
    pub ph_reset: &'static str,
    /// Copy-link button.
    pub ph_copy_link: &'static str,
    /// Copy-link button after copying.
    pub ph_link_copied: &'static str,
    /// The collapsed form's label, before the values in effect.
    pub ph_summary: &'static str,
    /// The collapsed form's call to open it.
    pub ph_change: &'static str,
    /// Typed values that are valid but not applied yet.
    pub ph_pending: &'static str,
    /// Values just applied.
    pub ph_applied: &'static str,
    /// Label of a group of OS variants.
    pub os: &'static str,
}

const EN: Strings = Strings {
    note: "Note",
    tip: "Tip",
    important: "Important",
    warning: "Warning",
    caution: "Caution",
    footnotes: "Footnotes",
    back_to_text: "Back to text",
    on_this_page: "On this page",
    chapters: "Chapters",
    previous: "Previous",
    next: "Next",
    language: "Language",
    toggle_theme: "Toggle light/dark",
    repository: "Source repository",
    edit_page: "Suggest an edit",
    toggle_sidebar: "Chapters",
    copy: "Copy",
    copied: "Copied",
    search: "Search",
    search_placeholder: "Search this guide",
    search_loading: "Loading the index…",
    search_none: "No section matches every word.",
    search_failed: "The search index could not be loaded.",
    search_keys: "↑ ↓ choose · Enter go · Esc close",
    close: "Close",
    copy_command: "Copy as command",
    skip_to_content: "Skip to content",
    not_found: "Page not found",
    not_found_text: "This page does not exist. Try the chapters:",
    choose_language: "Choose your language",
    ph_intro: "Enter your subnet and the VM's address, and every address in this guide becomes yours.",
    ph_subnet: "Subnet",
    ph_apply: "Apply",
    ph_reset: "Reset",
    ph_copy_link: "Copy link",
    ph_link_copied: "Link copied",
    ph_summary: "Your network:",
    ph_change: "Change",
    ph_pending: "Not applied yet: press Enter or Apply.",
    ph_applied: "Applied: every address in the guide is now yours.",
    os: "Operating system",
};

const ZH: Strings = Strings {
    note: "注意",
    tip: "提示",
    important: "重要",
    warning: "警告",
    caution: "小心",
    footnotes: "脚注",
    back_to_text: "返回正文",
    on_this_page: "本页目录",
    chapters: "章节",
    previous: "上一章",
    next: "下一章",
    language: "语言",
    toggle_theme: "切换浅色/深色",
    repository: "源代码仓库",
    edit_page: "建议修改此页",
    toggle_sidebar: "章节",
    copy: "复制",
    copied: "已复制",
    search: "搜索",
    search_placeholder: "搜索本指南",
    search_loading: "正在载入索引……",
    search_none: "没有同时包含所有词的小节。",
    search_failed: "无法载入搜索索引。",
    search_keys: "↑ ↓ 选择 · Enter 前往 · Esc 关闭",
    close: "关闭",
    copy_command: "复制为命令",
    skip_to_content: "跳到正文",
    not_found: "页面不存在",
    not_found_text: "找不到这个页面。试试这些章节：",
    choose_language: "选择语言",
    ph_intro: "填入你的子网和虚拟机地址，本指南里的每个地址都会换成你的。",
    ph_subnet: "子网",
    ph_apply: "应用",
    ph_reset: "恢复默认",
    ph_copy_link: "复制链接",
    ph_link_copied: "链接已复制",
    ph_summary: "你的网络：",
    ph_change: "更改",
    ph_pending: "尚未应用：按回车键或点“应用”。",
    ph_applied: "已应用：指南里的每个地址都换成了你的。",
    os: "操作系统",
};

/// The strings for a language code (`zh`, `zh-CN`, `en`, ...).
pub fn strings(code: &str) -> &'static Strings {
    match code.split('-').next().unwrap_or(code) {
        "zh" => &ZH,
        _ => &EN,
    }
}
