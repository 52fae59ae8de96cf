//! Times each adversarial shape once at 256 KiB, 1 MiB and 2 MiB (a quick look; the benchmark
//! `cargo bench -p app --bench ingest -- adversarial` is the measurement of record).
//!
//! `cargo run --release -p app --example adversarial_timing`

use std::time::Instant;

use app::domain::ingest::parse_report;

#[path = "../tests/support/shapes.rs"]
mod shapes;

fn main() {
    for size in [256 * 1024, 1024 * 1024, 2048 * 1024] {
        for (name, text) in shapes::adversarial(size) {
            let started = Instant::now();
            let outcome = match parse_report(text.as_bytes()) {
                Ok(_) => "read".to_owned(),
                Err(error) => format!("refused: {error}"),
            };
            println!(
                "{name:>16} {:>5} KiB {:>9.1} ms  {outcome}",
                size / 1024,
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
