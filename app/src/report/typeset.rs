//! Typst as a library: a template, its data as `data.json`, and a chart as `trend.svg` go in; a
//! PDF with embedded fonts, selectable text and metadata comes out. Nothing is read from disk or
//! the network: the fonts are Typst's own (compiled into the binary), the files are in memory.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Typst's fonts, loaded once per process.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| {
                let bytes = Bytes::new(data);
                (0..).map_while(move |index| Font::new(bytes.clone(), index))
            })
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// One document to typeset: the main template and the files it reads.
struct ReportWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.vpath().as_rootless_path().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// A PDF could not be made; the message names the template problem (a bug, not bad input).
#[derive(Debug, thiserror::Error)]
#[error("the report could not be typeset: {0}")]
pub struct TypesetError(pub String);

/// Typesets `template` with `files` (name → bytes, e.g. `data.json`). `stamp` is the document's
/// creation date in its metadata; `ident` a stable id of the document (same inputs, same id).
pub fn typeset(
    template: &str,
    files: Vec<(&str, Vec<u8>)>,
    stamp: chrono::DateTime<chrono::Utc>,
    ident: &str,
) -> Result<Vec<u8>, TypesetError> {
    use chrono::{Datelike, Timelike};

    let main = Source::new(FileId::new(None, VirtualPath::new("/main.typ")), template.to_owned());
    let files = files
        .into_iter()
        .map(|(name, bytes)| (FileId::new(None, VirtualPath::new(format!("/{name}"))), Bytes::new(bytes)))
        .collect();
    let date = |at: chrono::DateTime<chrono::Utc>| {
        Datetime::from_ymd_hms(
            at.year(),
            at.month() as u8,
            at.day() as u8,
            at.hour() as u8,
            at.minute() as u8,
            at.second() as u8,
        )
    };
    let today = date(stamp).ok_or_else(|| TypesetError(format!("{stamp} is not a date Typst takes")))?;
    let world = ReportWorld { main, files, today };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Typst memoizes layout work in a process-wide cache; without eviction it only grows (a
    // server measured 667 MB after 55 distinct reports). Entries unused for ten documents go.
    typst::comemo::evict(10);
    let document = compiled.map_err(|errors| {
        TypesetError(errors.iter().map(|error| error.message.to_string()).collect::<Vec<_>>().join("; "))
    })?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident),
        timestamp: Some(typst_pdf::Timestamp::new_utc(today)),
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| {
        TypesetError(errors.iter().map(|error| error.message.to_string()).collect::<Vec<_>>().join("; "))
    })
}
