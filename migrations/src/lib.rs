//! The database schema, one file per migration, applied in order at start-up.
//! Migrations are append-only: a released migration is never edited.

pub use sea_orm_migration::prelude::*;

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
        ]
    }
}

/// A foreign key named after its table and column, so that constraint
/// violations in the logs say which relation failed.
pub(crate) fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    let (from_table, from_column) = (from.0.into_iden(), from.1.into_iden());
    ForeignKey::create()
        .name(format!("fk_{}_{}", from_table, from_column))
        .from(from_table, from_column)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .take()
}

/// An index named after its table and columns.
pub(crate) fn index(
    table: impl IntoIden,
    columns: &[&'static str],
    unique: bool,
) -> IndexCreateStatement {
    let table = table.into_iden();
    let name = format!(
        "{}_{}_{}",
        if unique { "ux" } else { "ix" },
        table,
        columns.join("_")
    );
    let mut stmt = Index::create();
    stmt.name(name).table(table).if_not_exists();
    for column in columns {
        stmt.col(Alias::new(*column));
    }
    if unique {
        stmt.unique();
    }
    stmt.take()
}
