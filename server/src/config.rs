//! Typed configuration, from flags or the environment (flags win).

use std::net::SocketAddr;

use clap::Parser;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "kleroterion",
    version,
    about = "The Kleroterion citizens' assembly server"
)]
pub struct Config {
    /// Database: sqlite://path?mode=rwc or postgres://user@host/db
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/kleroterion.db?mode=rwc"
    )]
    pub database_url: String,

    /// Address to listen on (cargo-leptos sets LEPTOS_SITE_ADDR).
    #[arg(
        long = "addr",
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000"
    )]
    pub site_addr: SocketAddr,

    /// Folder with the compiled site: wasm, CSS, images (cargo-leptos sets
    /// LEPTOS_SITE_ROOT).
    #[arg(
        long = "site-root",
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site"
    )]
    pub site_root: String,

    /// Load the demo data into an empty database on start.
    #[arg(long, env = "KLEROTERION_DEMO", value_parser = clap::builder::BoolishValueParser::new(), default_value = "false")]
    pub demo: bool,

    /// Largest number of pooled database connections.
    #[arg(long, env = "KLEROTERION_DB_MAX_CONNECTIONS", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_max_connections: u32,

    /// Seconds a request may take before it is answered 408.
    #[arg(long, env = "KLEROTERION_REQUEST_TIMEOUT", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_secs: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_defaults_and_bad_values_are_refused() {
        let config =
            Config::try_parse_from(["kleroterion", "--demo", "--addr", "0.0.0.0:8080"]).unwrap();
        assert!(config.demo);
        assert_eq!(config.site_addr.port(), 8080);
        assert!(Config::try_parse_from(["kleroterion", "--addr", "localhost"]).is_err());
        assert!(Config::try_parse_from(["kleroterion", "--db-max-connections", "0"]).is_err());
    }
}
