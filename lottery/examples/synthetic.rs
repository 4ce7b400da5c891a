//! Runs the pipeline on a synthetic pool and prints timings:
//! `cargo run --release -p lottery --example synthetic -- N K [maximin] [paris]`.

use std::time::Instant;

use lottery::{Objective, compute, round, synthetic};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(500);
    let k: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(50);
    let flags: Vec<&str> = args.iter().skip(3).map(String::as_str).collect();
    let spec = if flags.contains(&"paris") {
        synthetic::PARIS
    } else {
        synthetic::BENCHMARK
    };
    let mut inputs = synthetic::inputs(spec, n, k, 1, 1);
    if flags.contains(&"maximin") {
        inputs.objective = Objective::Maximin;
    }
    let start = Instant::now();
    let dist = match compute(&inputs, &mut |_| {}) {
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
        "n={n} k={k} profiles={} compositions={} min={:.6} max={:.6} stats={:?} compute={t1:.3}s round={:.3}s lottery_min={:.4} max_err={:.5}",
        dist.profiles.len(),
        dist.compositions.len(),
        dist.min_probability,
        dist.max_probability,
        dist.stats,
        t2 - t1,
        lottery.min_probability,
        lottery.max_rounding_error
    );
}
