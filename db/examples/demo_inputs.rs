//! Prints the lottery inputs of the demo draw (1,000 census-shaped Parisian
//! volunteers, 100 seats, the Paris default quotas) as JSON: the realistic
//! instance the lottery benchmarks use.
//!
//! `cargo run -q -p db --example demo_inputs > paris_demo.json`

fn main() -> Result<(), serde_json::Error> {
    let inputs = db::demo::draw_inputs(&db::demo::demo_pool());
    println!("{}", serde_json::to_string_pretty(&inputs)?);
    Ok(())
}
