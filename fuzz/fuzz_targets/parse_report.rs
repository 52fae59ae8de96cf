//! Any bytes through the whole ingestion pipeline: it must never panic, and what it returns
//! must pass the snapshot's own validation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(snapshot) = app::domain::ingest::parse_report(data) {
        assert!(snapshot.validate().is_ok(), "{:?}", snapshot.validate());
    }
});
