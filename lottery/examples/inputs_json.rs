//! Runs `compute` and `round` on an `Inputs` JSON file and prints timings:
//! `cargo run --release -p lottery --example inputs_json -- FILE [maximin]`.

use std::time::Instant;

use lottery::{Inputs, Objective, compute, round};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: inputs_json FILE [maximin|leximin]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).expect("read the inputs file");
    let mut inputs: Inputs = serde_json::from_str(&text).expect("parse the inputs JSON");
    match args.get(2).map(String::as_str) {
        Some("maximin") => inputs.objective = Objective::Maximin,
        Some("leximin") => inputs.objective = Objective::Leximin,
        _ => {}
    }
    let start = Instant::now();
    let mut last_stage = 0;
    let dist = match compute(&inputs, &mut |p| {
        if std::env::var_os("PROGRESS").is_some() && p.fixed_profiles != last_stage {
            last_stage = p.fixed_profiles;
            eprintln!(
                "{:8.3}s iteration {} compositions {} fixed {}/{} t {:.9}",
                start.elapsed().as_secs_f64(),
                p.iteration,
                p.compositions,
                p.fixed_profiles,
                p.profiles,
                p.min_probability
            );
        }
    }) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let t1 = start.elapsed().as_secs_f64();
    let lottery = round(&dist).expect("round");
    let t2 = start.elapsed().as_secs_f64();
    println!(
        "objective={:?} profiles={} compositions={} min={:.10} max={:.10} stats={:?} compute={t1:.3}s round={:.3}s lottery_min={:.4} max_err={:.5} panels_hash={}",
        inputs.objective,
        dist.profiles.len(),
        dist.compositions.len(),
        dist.min_probability,
        dist.max_probability,
        dist.stats,
        t2 - t1,
        lottery.min_probability,
        lottery.max_rounding_error,
        lottery.panels_hash
    );
}
