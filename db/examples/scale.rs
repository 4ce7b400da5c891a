//! Grows a database that holds the demo data to benchmark size.
//!
//! `cargo run --release -p db --example scale -- DATABASE_URL PROPOSALS COMMENTS`

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, proposals, comments] = args.as_slice() else {
        return Err("usage: scale DATABASE_URL PROPOSALS COMMENTS".into());
    };
    let conn = db::connect(url, &db::PoolSettings::default()).await?;
    db::demo::load(&conn).await?;
    let (p, c) = db::demo::scale::scale(&conn, proposals.parse()?, comments.parse()?).await?;
    println!("added {p} proposals and {c} comments");
    Ok(())
}
