//! The database schema, one file per migration, applied in order at start-up.
//! Migrations are append-only: a released migration is never edited.

pub use sea_orm_migration::prelude::*;

mod keys;
mod m20261126_000001_deliberation;
mod m20261126_000002_draws;
mod m20261126_000003_accounts;
mod m20261126_000004_draw_summary;
mod m20261126_000005_ledger;
mod m20261126_000006_draw_lifecycle;
mod m20261126_000007_proposal_counts;
mod m20261126_000008_search;
mod m20261126_000009_terms_and_invitations;
mod m20261126_000010_default_themes;
mod m20261127_000011_moderation_and_notifications;
mod m20261127_000012_drafts;
mod m20261204_000013_secret_ballots;
mod m20261204_000014_announced_values;
mod m20261204_000015_rate_attempts;
mod m20261204_000016_member_labels;
mod m20261205_000017_reaching_people;
mod m20261206_000018_signups;
mod m20261206_000019_sittings;
mod m20261206_000020_attendance;
mod m20261206_000021_floor;
mod m20261206_000022_sitting_votes;
mod m20261207_000023_sitting_notifications;
mod m20261207_000024_minutes;
mod m20261207_000025_push;
mod m20261207_000026_follows;
mod m20261207_000027_accountability;
mod m20261207_000028_commitments;
mod m20261207_000029_data_versions;
mod m20261208_000030_leaving_dates;
mod m20261208_000031_page_versions;

// Released migrations name these `crate::fk`, `crate::index`, ….
pub(crate) use keys::{add_column, drop_column, fk, index};

pub use m20261126_000007_proposal_counts::RECOUNT;
pub use m20261126_000010_default_themes::DEFAULTS as DEFAULT_THEMES;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_deliberation::Migration),
            Box::new(m20261126_000002_draws::Migration),
            Box::new(m20261126_000003_accounts::Migration),
            Box::new(m20261126_000004_draw_summary::Migration),
            Box::new(m20261126_000005_ledger::Migration),
            Box::new(m20261126_000006_draw_lifecycle::Migration),
            Box::new(m20261126_000007_proposal_counts::Migration),
            Box::new(m20261126_000008_search::Migration),
            Box::new(m20261126_000009_terms_and_invitations::Migration),
            Box::new(m20261126_000010_default_themes::Migration),
            Box::new(m20261127_000011_moderation_and_notifications::Migration),
            Box::new(m20261127_000012_drafts::Migration),
            Box::new(m20261204_000013_secret_ballots::Migration),
            Box::new(m20261204_000014_announced_values::Migration),
            Box::new(m20261204_000015_rate_attempts::Migration),
            Box::new(m20261204_000016_member_labels::Migration),
            Box::new(m20261205_000017_reaching_people::Migration),
            Box::new(m20261206_000018_signups::Migration),
            Box::new(m20261206_000019_sittings::Migration),
            Box::new(m20261206_000020_attendance::Migration),
            Box::new(m20261206_000021_floor::Migration),
            Box::new(m20261206_000022_sitting_votes::Migration),
            Box::new(m20261207_000023_sitting_notifications::Migration),
            Box::new(m20261207_000024_minutes::Migration),
            Box::new(m20261207_000025_push::Migration),
            Box::new(m20261207_000026_follows::Migration),
            Box::new(m20261207_000027_accountability::Migration),
            Box::new(m20261207_000028_commitments::Migration),
            Box::new(m20261207_000029_data_versions::Migration),
            Box::new(m20261208_000030_leaving_dates::Migration),
            Box::new(m20261208_000031_page_versions::Migration),
        ]
    }
}
