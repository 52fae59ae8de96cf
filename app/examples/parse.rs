//! Parses one report, for profilers: `cargo build --release -p app --example parse`, then
//! `valgrind --tool=callgrind target/release/examples/parse FILE` counts the instructions of
//! a read (deterministic where wall-clock benchmarks on a shared machine are not), and
//! `parse --markdown-only FILE` counts a bare pulldown-cmark pass over the same text, the
//! floor the reader is measured against (docs/PERFORMANCE.md). `PARSE_REPEAT=N` reads it N
//! times: the difference between two counts is the cost of one read without the one-time
//! setup (the word lists' automata are built on first use).

use std::process::ExitCode;

use app::domain::ingest::{decode::decode, parse_report};
use pulldown_cmark::{Options, Parser};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (markdown_only, path) = match args.as_slice() {
        [flag, path] if flag == "--markdown-only" => (true, path),
        [path] => (false, path),
        _ => {
            eprintln!("usage: parse [--markdown-only] FILE");
            return ExitCode::FAILURE;
        }
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let repeat: usize = std::env::var("PARSE_REPEAT").ok().and_then(|n| n.parse().ok()).unwrap_or(1);
    for _ in 1..repeat {
        let _ = parse_report(&bytes);
    }
    if markdown_only {
        let Ok(decoded) = decode(&bytes) else {
            eprintln!("{path}: not text");
            return ExitCode::FAILURE;
        };
        let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
        let events = Parser::new_ext(&decoded.text, options).into_offset_iter().count();
        println!("{events} Markdown events");
        return ExitCode::SUCCESS;
    }
    match parse_report(&bytes) {
        Ok(snapshot) => {
            println!("{} checklist items, {} gaps", snapshot.checklist.len(), snapshot.gaps.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            ExitCode::FAILURE
        }
    }
}
