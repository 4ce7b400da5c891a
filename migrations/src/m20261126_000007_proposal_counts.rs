//! Support and comment counts kept on each proposal: sorting 10,000
//! proposals by a count computed per row took a second on SQLite.

use crate::index;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Proposals {
    Table,
    SupportsCount,
    CommentsCount,
}

/// The counts as the queries used to compute them; `db::proposals`
/// recomputes a proposal's counts the same way after each change.
pub const RECOUNT: &str = "UPDATE proposals SET
    supports_count = (SELECT COUNT(*) FROM supports s WHERE s.proposal_id = proposals.id),
    comments_count = (SELECT COUNT(*) FROM comments c
                      WHERE c.proposal_id = proposals.id AND c.hidden_reason IS NULL)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for mut column in [
            integer(Proposals::SupportsCount).default(0).take(),
            integer(Proposals::CommentsCount).default(0).take(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Proposals::Table)
                    .add_column(&mut column)
                    .take(),
            )
            .await?;
        }
        m.get_connection().execute_unprepared(RECOUNT).await?;
        for columns in [
            ["supports_count", "updated_at"],
            ["comments_count", "updated_at"],
        ] {
            m.create_index(index(Proposals::Table, &columns, false))
                .await?;
        }
        Ok(())
    }
}
