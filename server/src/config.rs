//! Typed configuration, from flags or the environment (flags win).

use std::net::SocketAddr;

use clap::{Parser, Subcommand};

#[derive(Clone, Debug, Parser)]
#[command(
    name = "kleroterion",
    version,
    about = "The Kleroterion citizens' assembly server"
)]
pub struct Config {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Database: sqlite://path?mode=rwc or postgres://user@host/db
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/kleroterion.db?mode=rwc",
        global = true
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

    /// The address residents use (links in e-mails). An https:// address
    /// turns on Secure cookies and HSTS. Default: http://<addr>.
    #[arg(long, env = "KLEROTERION_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// Key that signs session cookies: at least 32 characters, the same on
    /// every instance. Default: read from (or created in) --secret-key-file.
    #[arg(long, env = "KLEROTERION_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,

    /// Where the generated secret key is kept when none is given.
    #[arg(
        long,
        env = "KLEROTERION_SECRET_KEY_FILE",
        default_value = "data/secret.key"
    )]
    pub secret_key_file: String,

    /// Load the demo data into an empty database on start.
    #[arg(long, env = "KLEROTERION_DEMO", value_parser = clap::builder::BoolishValueParser::new(), default_value = "false")]
    pub demo: bool,

    /// Largest number of pooled database connections.
    #[arg(long, env = "KLEROTERION_DB_MAX_CONNECTIONS", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_max_connections: u32,

    /// Seconds a request may take before it is answered 408.
    #[arg(long = "request-timeout", env = "KLEROTERION_REQUEST_TIMEOUT", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_secs: u64,

    /// A sendmail-compatible command that delivers the outbox (invitations,
    /// password links), e.g. "/usr/sbin/sendmail -t -i". Without it, mail
    /// stays in the outbox table.
    #[arg(long, env = "KLEROTERION_SENDMAIL")]
    pub sendmail: Option<String>,

    /// The From: address of the mail.
    #[arg(
        long,
        env = "KLEROTERION_MAIL_FROM",
        default_value = "noreply@localhost"
    )]
    pub mail_from: String,

    /// Addresses of the proxies in front of the server (comma-separated,
    /// e.g. "127.0.0.1,::1"): their `X-Forwarded-For` is believed for rate
    /// limits; nobody else's is. Without it behind a proxy, every resident
    /// shares the proxy's address.
    #[arg(long, env = "KLEROTERION_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Who publishes this instance, for the legal notices: name, address
    /// and who is responsible for publication, e.g. "Ville de Paris, Hôtel
    /// de Ville, 75004 Paris; directrice de la publication : la Maire".
    #[arg(long, env = "KLEROTERION_OPERATOR")]
    pub operator: Option<String>,

    /// Where residents write about their personal data or an accessibility
    /// barrier (an e-mail address or a web form's address).
    #[arg(long, env = "KLEROTERION_CONTACT")]
    pub contact: Option<String>,

    /// Who hosts this instance (name and address), for the legal notices.
    #[arg(long, env = "KLEROTERION_HOSTING")]
    pub hosting: Option<String>,

    /// This instance's VAPID key for Web Push: a P-256 private key in
    /// base64url, the same on every instance. Default: read from (or
    /// created in) --vapid-key-file.
    #[arg(long, env = "KLEROTERION_VAPID_KEY", hide_env_values = true)]
    pub vapid_key: Option<String>,

    /// Where the generated VAPID key is kept when none is given.
    #[arg(
        long,
        env = "KLEROTERION_VAPID_KEY_FILE",
        default_value = "data/vapid.key"
    )]
    pub vapid_key_file: String,

    /// Who the push services may contact about this instance's pushes
    /// (a mailto: or https: address). Default: mailto: and --mail-from.
    #[arg(long, env = "KLEROTERION_PUSH_CONTACT")]
    pub push_contact: Option<String>,

    /// The push services a device's subscription may name, as origins
    /// (comma-separated; `https://*.example.com` for a domain's hosts).
    /// Default: the browsers' services (Google, Mozilla, Apple, Microsoft).
    #[arg(long, env = "KLEROTERION_PUSH_SERVICES", value_delimiter = ',')]
    pub push_services: Vec<String>,

    /// Seconds between two rounds of the mailer.
    #[arg(long = "mail-interval", env = "KLEROTERION_MAIL_INTERVAL", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub mail_interval_secs: u64,
}

#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Serve the site (the default).
    Serve,
    /// Make an account a facilitator, creating it if needed, and print a
    /// link (valid 24 hours) to choose its password. This is how the first
    /// facilitator is made; later ones are named in the admin page.
    CreateFacilitator {
        #[arg(long)]
        email: String,
        /// Display name, for a new account.
        #[arg(long, default_value = "Facilitation")]
        name: String,
    },
}

impl Config {
    /// The push services subscriptions may name.
    pub fn push_services(&self) -> Vec<String> {
        if self.push_services.is_empty() {
            domain::push::KNOWN_SERVICES
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            self.push_services.clone()
        }
    }

    /// The VAPID contact.
    pub fn push_contact(&self) -> String {
        self.push_contact
            .clone()
            .unwrap_or_else(|| format!("mailto:{}", self.mail_from))
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.site_addr))
            .trim_end_matches('/')
            .to_owned()
    }
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
        assert_eq!(config.public_url(), "http://0.0.0.0:8080");
        assert!(Config::try_parse_from(["kleroterion", "--addr", "localhost"]).is_err());
        assert!(Config::try_parse_from(["kleroterion", "--db-max-connections", "0"]).is_err());
    }

    #[test]
    fn the_facilitator_command_needs_an_email() {
        let config =
            Config::try_parse_from(["kleroterion", "create-facilitator", "--email", "c@paris.fr"])
                .unwrap();
        assert!(
            matches!(config.command, Some(Command::CreateFacilitator { ref email, .. }) if email == "c@paris.fr")
        );
        assert!(Config::try_parse_from(["kleroterion", "create-facilitator"]).is_err());
    }
}
