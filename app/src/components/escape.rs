//! Escaping for the two places where the view library writes text into the page raw.
//!
//! tachys (0.2.x) escapes text everywhere except in `<textarea>` content, and leptos_meta
//! (0.8.x) writes the `<title>` as given. Text from users and reports reaches both, so it passes
//! through [`escape_html`] first. Remove each call once the library escapes there itself (tachys
//! 0.3 does for `<textarea>`), so nothing is escaped twice.

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references: safe as element
/// content (including `<title>` and `<textarea>`) and inside a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            escape_html(r#"</title><meta content="0;url=x">&'"#),
            "&lt;/title&gt;&lt;meta content=&quot;0;url=x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape_html("Audit · März"), "Audit · März");
    }
}
