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
    pub const SERIES: [RGBColor; 6] = [
        RGBColor(0x2f, 0x6f, 0xd0),
        RGBColor(0xd9, 0x7a, 0x1c),
        RGBColor(0x2e, 0x9d, 0x5b),
        RGBColor(0xb8, 0x3b, 0x8c),
        RGBColor(0x7a, 0x5c, 0xd6),
        RGBColor(0x1f, 0x9e, 0xa8),
    ];
}
