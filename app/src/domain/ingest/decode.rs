//! Bytes to text: encodings, byte-order marks, line endings, and mojibake repair.
//!
//! Reports arrive as whatever an editor or a pipeline saved. We accept UTF-8 (with or without
//! BOM), UTF-16 (with BOM, or recognisably without), and legacy single-byte text (read as
//! Windows-1252, the de-facto superset of Latin-1). A common accident is *mojibake*: UTF-8 that
//! some tool read as Mac Roman or Windows-1252 and saved again as UTF-8, turning `✅` into
//! `‚úÖ` or `âœ…`. We undo that by re-encoding each suspicious run of characters to the legacy
//! encoding and reading the bytes back as UTF-8; a run is only replaced when that gives valid
//! UTF-8, so correct accented text is left alone.

use encoding_rs::{Encoding, MACINTOSH, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The text of a report, ready to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Normalized text: LF line endings, no BOM.
    pub text: String,
    /// True when mojibake was found and repaired.
    pub encoding_repaired: bool,
    /// What was done to get here, for the snapshot's warnings.
    pub notes: Vec<String>,
}

/// Why bytes could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file looks binary, not like a text report ({0})")]
    Binary(String),
}

/// Share of control characters above which the input is taken for binary data.
const MAX_CONTROL_SHARE: f64 = 0.02;
/// A few stray control characters happen in real text (a pasted form feed, an escape code).
const TOLERATED_CONTROLS: usize = 2;

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let mut notes = Vec::new();
    let text = to_text(bytes, &mut notes);
    check_not_binary(&text)?;
    let (text, encoding_repaired) = match repair_mojibake(&text) {
        Some((repaired, encoding, runs)) => {
            notes.push(format!(
                "repaired mojibake: {runs} passage(s) were UTF-8 read as {encoding} and saved again"
            ));
            (repaired, true)
        }
        None => (text, false),
    };
    Ok(Decoded { text: normalize_line_endings(&text), encoding_repaired, notes })
}

fn to_text(bytes: &[u8], notes: &mut Vec<String>) -> String {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        if had_errors {
            notes.push(format!("some bytes were not valid {}; they were replaced with �", encoding.name()));
        }
        return text.into_owned();
    }
    if let Some(encoding) = sniff_utf16(bytes) {
        notes.push(format!("read as {} (no byte-order mark)", encoding.name()));
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            notes.push("not valid UTF-8: read as Windows-1252".to_owned());
            text.into_owned()
        }
    }
}

/// UTF-16 without a BOM: mostly-ASCII text has a zero byte in every other position.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(512)];
    let pairs = sample.len() / 2;
    let zero_high = sample.chunks_exact(2).filter(|pair| pair[1] == 0 && pair[0] != 0).count();
    let zero_low = sample.chunks_exact(2).filter(|pair| pair[0] == 0 && pair[1] != 0).count();
    if zero_high * 10 >= pairs * 9 {
        Some(UTF_16LE)
    } else if zero_low * 10 >= pairs * 9 {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn check_not_binary(text: &str) -> Result<(), DecodeError> {
    let total = text.chars().count();
    if total == 0 {
        return Ok(());
    }
    // C0 controls only: C1 controls (U+0080–U+009F) are what Windows-1252 mojibake leaves behind.
    let control =
        text.chars().filter(|c| (*c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t' | '\x0c')).count();
    let nul = text.chars().filter(|c| *c == '\0').count();
    if nul > 0 || (control > TOLERATED_CONTROLS && (control as f64) / (total as f64) > MAX_CONTROL_SHARE) {
        return Err(DecodeError::Binary(format!("{} control characters in {} characters", control, total)));
    }
    Ok(())
}

fn normalize_line_endings(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Re-reads mojibake runs as UTF-8. Tries Mac Roman and Windows-1252 and keeps whichever
/// repairs more runs; returns the repaired text, the encoding's name and the number of runs.
fn repair_mojibake(text: &str) -> Option<(String, &'static str, usize)> {
    let runs = non_ascii_runs(text);
    if runs.is_empty() {
        return None;
    }
    let best = [MACINTOSH, WINDOWS_1252]
        .into_iter()
        .map(|encoding| {
            let repaired: Vec<Option<String>> =
                runs.iter().map(|(start, end)| repair_run(&text[*start..*end], encoding)).collect();
            let count = repaired.iter().filter(|r| r.is_some()).count();
            (encoding, repaired, count)
        })
        .max_by_key(|(_, _, count)| *count)?;
    let (encoding, repaired, count) = best;
    if count == 0 {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for ((start, end), replacement) in runs.iter().zip(repaired) {
        out.push_str(&text[last..*start]);
        match replacement {
            Some(fixed) => out.push_str(&fixed),
            None => out.push_str(&text[*start..*end]),
        }
        last = *end;
    }
    out.push_str(&text[last..]);
    let name = if encoding == MACINTOSH { "Mac Roman" } else { "Windows-1252" };
    Some((out, name, count))
}

/// Byte ranges of maximal runs of non-ASCII characters: one multi-byte UTF-8 character turns
/// into such a run when misread, so each run is repaired (or left alone) as a unit.
fn non_ascii_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (index, c) in text.char_indices() {
        let end = index + c.len_utf8();
        if !c.is_ascii() {
            current = Some(match current {
                Some((start, _)) => (start, end),
                None => (index, end),
            });
        } else if let Some(run) = current.take() {
            runs.push(run);
        }
    }
    runs.extend(current);
    runs
}

/// The run read back through `encoding`, if that yields valid UTF-8 that differs from it.
fn repair_run(run: &str, encoding: &'static Encoding) -> Option<String> {
    let mut encoder = encoding.new_encoder();
    let mut bytes = vec![0u8; run.len() * 2 + 8];
    let (result, _read, written) = encoder.encode_from_utf8_without_replacement(run, &mut bytes, true);
    if !matches!(result, encoding_rs::EncoderResult::InputEmpty) {
        return None;
    }
    bytes.truncate(written);
    // Only multi-byte UTF-8 counts: a lone high byte would mean the run was real Latin text.
    if bytes.iter().all(u8::is_ascii) {
        return None;
    }
    let (decoded, had_errors) = UTF_8.decode_without_bom_handling(&bytes);
    if had_errors || decoded == run {
        return None;
    }
    Some(decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mojibake(original: &str, through: &'static Encoding) -> String {
        through.decode_without_bom_handling(original.as_bytes()).0.into_owned()
    }

    #[test]
    fn plain_utf8_passes_through_untouched() {
        let decoded = decode("# Título\n- ✅ Déploiement prêt\n".as_bytes()).expect("text");
        assert_eq!(decoded.text, "# Título\n- ✅ Déploiement prêt\n");
        assert!(!decoded.encoding_repaired);
        assert!(decoded.notes.is_empty());
    }

    #[test]
    fn mac_roman_mojibake_is_repaired() {
        let broken = mojibake("**Status**: ✅ ready 🐳 — done", MACINTOSH);
        assert!(broken.contains("‚úÖ"), "{broken}");
        let decoded = decode(broken.as_bytes()).expect("text");
        assert_eq!(decoded.text, "**Status**: ✅ ready 🐳 — done");
        assert!(decoded.encoding_repaired);
    }

    #[test]
    fn windows_1252_mojibake_is_repaired() {
        let broken = mojibake("Status: ✅ and ❌ — café", WINDOWS_1252);
        let decoded = decode(broken.as_bytes()).expect("text");
        assert_eq!(decoded.text, "Status: ✅ and ❌ — café");
        assert!(decoded.encoding_repaired);
    }

    #[test]
    fn boms_and_utf16_are_understood() {
        let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
        utf8_bom.extend_from_slice("# Hi ✅".as_bytes());
        assert_eq!(decode(&utf8_bom).expect("text").text, "# Hi ✅");

        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend("# Hi ✅\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16le).expect("text").text, "# Hi ✅\n");

        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend("# Hi".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&utf16be).expect("text").text, "# Hi");

        let no_bom: Vec<u8> = "# Report\n- item".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&no_bom).expect("text").text, "# Report\n- item");
    }

    #[test]
    fn legacy_bytes_are_read_as_windows_1252() {
        let decoded = decode(b"Caf\xe9 \x96 ready").expect("text");
        assert_eq!(decoded.text, "Café – ready");
        assert!(decoded.notes.iter().any(|n| n.contains("Windows-1252")));
    }

    #[test]
    fn crlf_and_cr_become_lf() {
        assert_eq!(decode(b"a\r\nb\rc\n").expect("text").text, "a\nb\nc\n");
    }

    #[test]
    fn binary_data_is_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert!(matches!(decode(png), Err(DecodeError::Binary(_))));
    }

    #[test]
    fn real_latin_text_is_not_mistaken_for_mojibake() {
        for text in ["Résumé: déjà vu", "Äpfel über Straße", "niño, acción, pingüino", "Ça va très bien"]
        {
            let decoded = decode(text.as_bytes()).expect("text");
            assert_eq!(decoded.text, text);
            assert!(!decoded.encoding_repaired, "{text}");
        }
    }
}
