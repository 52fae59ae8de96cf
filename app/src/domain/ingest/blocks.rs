//! Markdown to a flat list of blocks with source line numbers.
//!
//! pulldown-cmark does the parsing (GFM tables, task lists); this module flattens its event
//! stream into what the extractor reasons about: headings, single *lines* of paragraphs (reports
//! put `**Key**: value` lines under each other without blank lines, and each is a fact of its
//! own), list items with their nesting depth and task state, table rows, and code blocks.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Heading {
        level: u8,
    },
    /// One line of a paragraph.
    Line,
    ListItem {
        depth: u8,
        ordered: bool,
        task: Option<bool>,
    },
    TableRow {
        header: bool,
        cells: Vec<String>,
    },
    Code {
        info: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// Inline text with Markdown syntax removed (emoji and words kept as written).
    pub text: String,
    /// The text of a bold span that opens the block (`**Status**: …` gives `Status`).
    pub lead_strong: Option<String>,
    /// True when every word of the block is bold (a pseudo-heading such as `**High Priority**`).
    pub all_strong: bool,
    /// 1-based line in the source text.
    pub line: u32,
}

/// Maps byte offsets to 1-based line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        Self { starts }
    }

    fn line(&self, offset: usize) -> u32 {
        let index = self.starts.partition_point(|start| *start <= offset);
        u32::try_from(index.max(1)).unwrap_or(u32::MAX)
    }
}

/// Inline text being collected for the current block.
#[derive(Default)]
struct Inline {
    text: String,
    line: Option<u32>,
    strong_depth: u32,
    /// Bold text seen so far, while the block still starts with bold.
    lead_strong: Option<String>,
    lead_open: bool,
    /// Whether `text` has a letter or digit yet (kept, not rescanned, for each fragment).
    has_alnum: bool,
    weak_chars: usize,
    strong_spans: u32,
}

impl Inline {
    fn push(&mut self, fragment: &str, line: u32) {
        if self.line.is_none() && !fragment.trim().is_empty() {
            self.line = Some(line);
        }
        let meaningful = fragment.chars().any(char::is_alphanumeric);
        if self.strong_depth > 0 {
            if !self.has_alnum || self.lead_open {
                self.lead_open = true;
                self.lead_strong.get_or_insert_with(String::new).push_str(fragment);
            }
        } else {
            if meaningful {
                self.weak_chars += fragment.chars().filter(|c| c.is_alphanumeric()).count();
            }
            if self.lead_open && !fragment.trim().is_empty() {
                self.lead_open = false;
            }
        }
        self.has_alnum |= meaningful;
        self.text.push_str(fragment);
    }

    fn take(&mut self) -> Option<(String, Option<String>, bool, u32)> {
        let text = collapse_spaces(&self.text);
        let line = self.line;
        let lead = self.lead_strong.take().map(|s| collapse_spaces(&s)).filter(|s| !s.is_empty());
        let all_strong = lead.is_some() && self.weak_chars == 0 && self.strong_spans == 1;
        *self = Inline::default();
        match line {
            Some(line) if !text.is_empty() => Some((text, lead, all_strong, line)),
            _ => None,
        }
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Flattens `markdown` into blocks in document order.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let index = LineIndex::new(markdown);
    let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    let mut inline = Inline::default();
    // What the inline text belongs to.
    let mut pending: Option<BlockKind> = None;
    let mut list_stack: Vec<bool> = Vec::new();
    let mut table_cells: Vec<String> = Vec::new();
    let mut in_table_head = false;
    let mut row_line = 0;
    let mut code: Option<(String, String, u32)> = None;

    let flush = |inline: &mut Inline, kind: &mut Option<BlockKind>, out: &mut Vec<Block>| {
        if let Some((text, lead_strong, all_strong, line)) = inline.take()
            && let Some(kind) = kind.clone()
        {
            out.push(Block { kind, text, lead_strong, all_strong, line });
        }
    };

    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let line = index.line(range.start);
        if let Some((_, text, _)) = &mut code {
            match event {
                Event::Text(fragment) => text.push_str(&fragment),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((info, text, start)) = code.take() {
                        let block = Block {
                            kind: BlockKind::Code { info },
                            text,
                            lead_strong: None,
                            all_strong: false,
                            line: start,
                        };
                        // A list set in a code block for its alignment is the list it is.
                        match list_in_code(&block) {
                            Some(items) => out.extend(items),
                            None => out.push(block),
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut inline, &mut pending, &mut out);
                pending = Some(BlockKind::Heading { level: heading_level(level) });
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut inline, &mut pending, &mut out);
                pending = None;
            }
            // Inside a list item a paragraph continues the item's text.
            Event::Start(Tag::Paragraph) if !matches!(pending, Some(BlockKind::ListItem { .. })) => {
                flush(&mut inline, &mut pending, &mut out);
                pending = Some(BlockKind::Line);
            }
            Event::End(TagEnd::Paragraph) => {
                if matches!(pending, Some(BlockKind::Line)) {
                    flush(&mut inline, &mut pending, &mut out);
                    pending = None;
                } else {
                    inline.push(" ", line);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if matches!(pending, Some(BlockKind::Line)) {
                    flush(&mut inline, &mut pending, &mut out);
                } else {
                    inline.push(" ", line);
                }
            }
            Event::Start(Tag::List(first)) => {
                flush(&mut inline, &mut pending, &mut out);
                pending = None;
                list_stack.push(first.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut inline, &mut pending, &mut out);
                pending = None;
                list_stack.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut inline, &mut pending, &mut out);
                let depth = u8::try_from(list_stack.len().saturating_sub(1)).unwrap_or(u8::MAX);
                let ordered = list_stack.last().copied().unwrap_or(false);
                pending = Some(BlockKind::ListItem { depth, ordered, task: None });
            }
            Event::TaskListMarker(checked) => {
                if let Some(BlockKind::ListItem { task, .. }) = &mut pending {
                    *task = Some(checked);
                }
            }
            Event::End(TagEnd::Item) => {
                flush(&mut inline, &mut pending, &mut out);
                pending = None;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(&mut inline, &mut pending, &mut out);
                // Text after a code block inside a list item still belongs to that item: it
                // continues one level deeper, as the item's detail.
                if let Some(BlockKind::ListItem { depth, ordered, .. }) = pending {
                    pending =
                        Some(BlockKind::ListItem { depth: depth.saturating_add(1), ordered, task: None });
                }
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, String::new(), line));
            }
            Event::Start(Tag::TableHead) => {
                in_table_head = true;
                table_cells.clear();
                row_line = line;
            }
            Event::Start(Tag::TableRow) => {
                table_cells.clear();
                row_line = line;
            }
            Event::Start(Tag::TableCell) => {
                inline = Inline::default();
            }
            Event::End(TagEnd::TableCell) => {
                let cell = inline.take().map(|(text, ..)| text).unwrap_or_default();
                table_cells.push(cell);
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                let cells = std::mem::take(&mut table_cells);
                if cells.iter().any(|c| !c.is_empty()) {
                    out.push(Block {
                        kind: BlockKind::TableRow { header: in_table_head, cells: cells.clone() },
                        text: cells.join(" | "),
                        lead_strong: None,
                        all_strong: false,
                        line: row_line,
                    });
                }
                in_table_head = false;
            }
            Event::Start(Tag::Strong) => {
                if inline.strong_depth == 0 {
                    inline.strong_spans += 1;
                }
                inline.strong_depth += 1;
            }
            Event::End(TagEnd::Strong) => inline.strong_depth = inline.strong_depth.saturating_sub(1),
            Event::Text(fragment) => {
                if pending.is_none() && list_stack.is_empty() {
                    pending = Some(BlockKind::Line);
                }
                inline.push(&fragment, line);
            }
            Event::Code(fragment) => inline.push(&fragment, line),
            Event::Start(Tag::Image { .. }) | Event::Html(_) | Event::InlineHtml(_) => {}
            _ => {}
        }
    }
    flush(&mut inline, &mut pending, &mut out);
    out
}

/// The items of a list set in a code block for its alignment, if that is what the block holds:
/// two or more numbered lines ("1. Deploy SPIRE Server"), maybe lines led by a status mark
/// ("✅ Rollback via Git"), indented `Key: value` details ("   Impact: Critical") and `#`
/// comment lines, and nothing else. Anything that looks like code (a command, an assignment, braces)
/// keeps the block a sample. Numbered and marked lines become top-level list items, details
/// nested ones; comments are dropped.
fn list_in_code(block: &Block) -> Option<Vec<Block>> {
    if !matches!(block.kind, BlockKind::Code { .. }) {
        return None;
    }
    let mut items = Vec::new();
    for (offset, line) in block.text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || (trimmed.starts_with('#') && !trimmed.starts_with("#!")) {
            continue;
        }
        let line_number =
            block.line.saturating_add(1).saturating_add(u32::try_from(offset).unwrap_or(u32::MAX));
        let item = |depth: u8, ordered: bool, text: &str| Block {
            kind: BlockKind::ListItem { depth, ordered, task: None },
            text: collapse_spaces(text),
            lead_strong: None,
            all_strong: false,
            line: line_number,
        };
        if let Some(text) = numbered_line(trimmed) {
            items.push(item(0, true, text));
        } else if trimmed.starts_with(['✅', '❌', '⚠', '🔴', '🟠', '🟡', '🟢', '✔', '✗']) {
            items.push(item(0, false, trimmed));
        } else if line.starts_with([' ', '\t']) && !items.is_empty() && is_detail_line(trimmed) {
            items.push(item(1, false, trimmed));
        } else {
            return None;
        }
    }
    // Numbered steps make it a list; lines of marks alone ("✅ Database", "✅ Cache") are as
    // often a tool's output or a config's coverage as the report's checklist, and stay a block.
    let numbered =
        items.iter().filter(|item| matches!(item.kind, BlockKind::ListItem { ordered: true, .. })).count();
    (numbered >= 2).then_some(items)
}

/// "1. Deploy SPIRE Server" -> "Deploy SPIRE Server"; not "1.5 GB" nor "2) x = 3;".
fn numbered_line(line: &str) -> Option<&str> {
    let digits = line.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = line[digits..].strip_prefix(['.', ')'])?;
    let text = rest.strip_prefix(' ')?.trim();
    let looks_like_code =
        text.ends_with([';', '{', '}', '\\']) || text.contains(" = ") || text.contains("&&");
    (text.chars().next().is_some_and(char::is_alphabetic) && !looks_like_code).then_some(text)
}

/// "Effort: 2-3 hours", "Impact: Critical for identity": a short key of words, then a value.
fn is_detail_line(line: &str) -> bool {
    line.split_once(':').is_some_and(|(key, value)| {
        let words = key.split_whitespace().count();
        (1..=3).contains(&words)
            && key.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-')
            && !value.trim().is_empty()
    })
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(markdown: &str) -> Vec<(BlockKind, String, u32)> {
        blocks(markdown).into_iter().map(|b| (b.kind, b.text, b.line)).collect()
    }

    #[test]
    fn headings_lines_and_lists_keep_their_source_lines() {
        let md = "# Title\n\n**Status**: ✅ ready\n**Size**: 40 lines\n\n- one\n  - nested\n- [x] done\n- [ ] open\n";
        let got = kinds(md);
        assert_eq!(got[0], (BlockKind::Heading { level: 1 }, "Title".into(), 1));
        assert_eq!(got[1], (BlockKind::Line, "Status: ✅ ready".into(), 3));
        assert_eq!(got[2], (BlockKind::Line, "Size: 40 lines".into(), 4));
        assert_eq!(got[3], (BlockKind::ListItem { depth: 0, ordered: false, task: None }, "one".into(), 6));
        assert_eq!(
            got[4],
            (BlockKind::ListItem { depth: 1, ordered: false, task: None }, "nested".into(), 7)
        );
        assert_eq!(
            got[5],
            (BlockKind::ListItem { depth: 0, ordered: false, task: Some(true) }, "done".into(), 8)
        );
        assert_eq!(
            got[6],
            (BlockKind::ListItem { depth: 0, ordered: false, task: Some(false) }, "open".into(), 9)
        );
    }

    #[test]
    fn bold_leads_and_pseudo_headings_are_recognised() {
        let got =
            blocks("**Status**: ✅ **Production-Ready**\n\n**High Priority**\n\n❌ **Critical Gaps:**\n");
        assert_eq!(got[0].lead_strong.as_deref(), Some("Status"));
        assert!(!got[0].all_strong);
        assert_eq!(got[1].lead_strong.as_deref(), Some("High Priority"));
        assert!(got[1].all_strong);
        assert_eq!(got[2].text, "❌ Critical Gaps:");
        assert!(got[2].all_strong);
    }

    #[test]
    fn tables_become_rows_of_cells() {
        let md = "| Category | Score |\n|---|---|\n| **DevOps Score** | **3/10** |\n";
        let got = blocks(md);
        assert_eq!(
            got[0].kind,
            BlockKind::TableRow { header: true, cells: vec!["Category".into(), "Score".into()] }
        );
        assert_eq!(
            got[1].kind,
            BlockKind::TableRow { header: false, cells: vec!["DevOps Score".into(), "3/10".into()] }
        );
        assert_eq!(got[1].line, 3);
    }

    #[test]
    fn code_blocks_are_kept_whole_and_apart() {
        let md = "Intro\n\n```yaml\n- ✅ not an item\nscore: 9/10\n```\nAfter\n";
        let got = blocks(md);
        assert_eq!(got[1].kind, BlockKind::Code { info: "yaml".into() });
        assert_eq!(got[1].text, "- ✅ not an item\nscore: 9/10\n");
        assert_eq!(got[1].line, 3);
        assert_eq!(got[2].text, "After");
    }

    #[test]
    fn loose_list_items_keep_their_text_on_one_block() {
        let got = kinds("1. **First**\n\n   more text\n\n2. Second\n");
        assert_eq!(got[0].1, "First more text");
        assert_eq!(got[1].1, "Second");
        assert!(matches!(got[1].0, BlockKind::ListItem { ordered: true, .. }));
    }
}
