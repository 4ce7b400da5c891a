//! What the accountability board's cache saves: the time to compute the
//! board's items from the database, five times, as `bench/run.sh` reports it.
//!
//! `cargo run --release -p db --example board_cost -- DATABASE_URL`

use std::time::Instant;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(url) = std::env::args().nth(1) else {
        return Err("usage: board_cost DATABASE_URL".into());
    };
    let conn = db::connect(&url, &db::PoolSettings::default()).await?;
    let now = chrono::Utc::now();
    let mut times = vec![];
    let mut items = 0;
    for _ in 0..5 {
        let start = Instant::now();
        items = db::board::items(&conn, now).await?.len();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{items} items: median {:.1} ms, worst {:.1} ms (five computations)",
        times[2], times[4]
    );
    Ok(())
}
