//! A stored report rendered for reading: Markdown to HTML, sanitized, with an anchor for every
//! source line with text on it (`id="L42"`) so evidence links land where the parser found the evidence.
//!
//! Sanitizing is structural rather than a filter over finished HTML: raw HTML in the report is
//! turned into text (so it shows, escaped, and never runs), links keep only safe schemes, images
//! become links (a report cannot make the reader's browser fetch anything), and heading ids are
//! not generated (they could collide with the line anchors). Headings move down two levels, below
//! the page's own. The only markup added is the anchors themselves.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// Most of a report rendered on its snapshot page; the rest is one link away, as raw text.
/// Real reports are a few dozen KiB; the bound keeps a page of any report a bounded size.
pub const MAX_RENDERED_BYTES: usize = 256 * 1024;

/// The report as HTML, with `<span class="line-anchor" id="L{n}" data-line="{n}"></span>` for
/// every line of `text` that has any text on it (blank lines are never evidence), each placed
/// at (or just before) the first content of its line. Only the first [`MAX_RENDERED_BYTES`]
/// (cut at a line end) are rendered; the flag says whether that was all of it.
pub fn render_with_line_anchors(text: &str) -> (String, bool) {
    let cut = rendered_part(text);
    let (text, complete) = (&text[..cut], cut == text.len());
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .filter(|&at| at < text.len())
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&start| start <= offset).max(1);
    let has_text = |line: usize| {
        let start = line_starts[line - 1];
        let end = line_starts.get(line).copied().unwrap_or(text.len());
        !text[start..end].trim().is_empty()
    };
    let total_lines = line_starts.len();

    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut next_anchor = 1;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut anchor_lines_up_to = |line: usize, events: &mut Vec<Event<'_>>| {
        while next_anchor <= line {
            if has_text(next_anchor) {
                events.push(anchor(next_anchor));
            }
            next_anchor += 1;
        }
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        // Anchors go with inline content (always inside a valid container) or a rule.
        if is_content(&event) {
            anchor_lines_up_to(line_of(range.start), &mut events);
        }
        events.push(sanitize(event));
    }
    anchor_lines_up_to(total_lines, &mut events);
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    (out, complete)
}

/// Where the rendered part of `text` ends: after the last whole line within
/// [`MAX_RENDERED_BYTES`] of text (blank lines are not counted: they render as nothing).
fn rendered_part(text: &str) -> usize {
    let mut counted = 0;
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            counted += line.len();
            if counted > MAX_RENDERED_BYTES {
                return end;
            }
        }
        end += line.len();
    }
    end
}

fn is_content(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Rule
            | Event::TaskListMarker(_)
    )
}

fn anchor(line: usize) -> Event<'static> {
    Event::InlineHtml(CowStr::from(format!(
        "<span class=\"line-anchor\" id=\"L{line}\" data-line=\"{line}\"></span>"
    )))
}

fn sanitize(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
        }
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        // The page has its own h1 and h2 ("Source report"): the report's outline nests below.
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: nested(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(nested(level))),
        other => other,
    }
}

fn nested(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The URL when its scheme is harmless (http, https, mailto, or none: relative and `#`), else `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let trimmed = url.trim_start();
    let scheme_end = trimmed.find([':', '/', '?', '#']);
    let safe = match scheme_end {
        Some(at) if trimmed[at..].starts_with(':') => {
            matches!(trimmed[..at].to_ascii_lowercase().as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    };
    if safe { url } else { CowStr::Borrowed("#") }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn anchors(html: &str) -> Vec<usize> {
        html.split("id=\"L").skip(1).filter_map(|rest| rest.split('"').next()?.parse().ok()).collect()
    }

    fn html_of(text: &str) -> String {
        render_with_line_anchors(text).0
    }

    /// The numbers of the lines of `text` that have text on them.
    fn lines_with_text(text: &str) -> Vec<usize> {
        text.split_inclusive('\n')
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, _)| i + 1)
            .collect()
    }

    #[test]
    fn every_line_with_text_has_one_anchor_in_order() {
        let text = "# Audit\n\nScore: 7/10\n\n- [x] CI\n- [ ] CD\n\n```\ncode line\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let html = html_of(text);
        assert_eq!(anchors(&html), lines_with_text(text));
        assert!(
            html.contains("<h3>") && html.contains("Audit</h3>") && !html.contains("<h1"),
            "headings nest below the page's own: {html}"
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
    }

    #[test]
    fn the_anchor_of_a_line_sits_just_before_that_lines_text() {
        let html = html_of("intro\n\n- first\n- second gap\n");
        let at = html.find("id=\"L4\"").expect("an anchor for line 4");
        let after = &html[at..];
        assert!(after.find("second gap") < after.find("first").or(Some(usize::MAX)), "{html}");
        assert!(after.contains("second gap"));
    }

    #[test]
    fn raw_html_and_dangerous_links_are_defused() {
        let html = html_of(
            "<script>alert(1)</script>\n\nText <img src=x onerror=alert(2)> and [x](javascript:alert(3)) \
             [ok](https://example.com/a) [rel](#L3) ![pic](https://tracker.example/p.png)\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://example.com/a\""));
        assert!(html.contains("href=\"#L3\""));
        assert!(html.contains("href=\"https://tracker.example/p.png\""), "images become links: {html}");
    }

    #[test]
    fn blank_lines_cost_nothing_and_long_reports_are_cut_at_a_line_end() {
        let blank = "\n".repeat(2 * 1024 * 1024);
        let (html, complete) = render_with_line_anchors(&format!("# Audit\n{blank}- the end\n"));
        assert!(html.len() < 1024, "{} bytes for two lines and blank ones", html.len());
        assert!(complete, "blank lines do not count against what is rendered");
        assert_eq!(anchors(&html), vec![1, 2 * 1024 * 1024 + 2]);
        let long: String = (1..=40_000).map(|n| format!("line {n}\n\n")).collect();
        let (html, complete) = render_with_line_anchors(&long);
        assert!(!complete);
        let shown = anchors(&html);
        assert_eq!(shown.first(), Some(&1));
        let last = *shown.last().expect("anchors");
        assert!(html.contains(&format!("line {}", last.div_ceil(2))), "the last shown line is whole");
        // Short lines are the worst case: an anchor (about 55 bytes) per 12-byte line.
        assert!(html.len() < 3 * 1024 * 1024, "{} bytes", html.len());
    }

    #[test]
    fn schemes_are_judged_case_insensitively() {
        for bad in ["JavaScript:alert(1)", " vbscript:x", "data:text/html,<b>"] {
            assert_eq!(&*safe_url(CowStr::from(bad)), "#", "{bad}");
        }
        for good in ["HTTPS://example.com", "mailto:a@b.c", "relative/page", "/abs", "#frag", "page?x=a:b"] {
            assert_eq!(&*safe_url(CowStr::from(good)), good);
        }
    }

    proptest! {
        #[test]
        fn any_text_renders_with_one_anchor_per_line_with_text(text in "(?s).{0,400}") {
            let html = html_of(&text);
            prop_assert_eq!(anchors(&html), lines_with_text(&text));
            prop_assert!(!html.contains("<script"));
        }
    }
}
