//! Any bytes as an uploaded canonical JSON document: rejected with an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = app::domain::snapshot::Snapshot::from_json(data);
});
