//! Charts as SVG text, drawn on the server (pure: data in, SVG out) and placed in pages as
//! markup, so they need no JavaScript and print as vectors. Every chart has a text alternative
//! beside it in the page; the SVG itself is decoration for screen readers.

pub mod sparkline;
pub mod trend;

/// Colours readable on both the light and the dark page background.
pub(crate) mod palette {
    use plotters::style::RGBColor;

    pub const INK: RGBColor = RGBColor(0x6b, 0x74, 0x80);
    pub const GRID: RGBColor = RGBColor(0xc4, 0xca, 0xd2);
    pub const SERIES: [RGBColor; 10] = [
        RGBColor(0x2f, 0x6f, 0xd0),
        RGBColor(0xd9, 0x7a, 0x1c),
        RGBColor(0x2e, 0x9d, 0x5b),
        RGBColor(0xb8, 0x3b, 0x8c),
        RGBColor(0x7a, 0x5c, 0xd6),
        RGBColor(0x1f, 0x9e, 0xa8),
        RGBColor(0xc2, 0x45, 0x3a),
        RGBColor(0x8a, 0x8f, 0x1f),
        RGBColor(0x9c, 0x6b, 0x3f),
        RGBColor(0x5f, 0x7d, 0x95),
    ];

    /// The colour of the `index`th series as CSS (`#2f6fd0`), for legends drawn in HTML.
    pub fn css(index: usize) -> String {
        let RGBColor(r, g, b) = SERIES[index % SERIES.len()];
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}
