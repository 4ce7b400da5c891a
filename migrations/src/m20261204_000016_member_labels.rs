//! Members under labels of their own (issue 16, finding 6): the roster and
//! named ballots showed a member's pool pseudonym, which the draw record
//! publishes with gender, age band, diploma and district, so a name on the
//! roster led to a profile. Each membership now has a public label drawn
//! apart (`M-` and eight characters); memberships that exist get one here.

use crate::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Memberships {
    Table,
    Id,
    Label,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Memberships::Table)
                .add_column(string_len(Memberships::Label, 16).default(""))
                .take(),
        )
        .await?;
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let ids = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id FROM memberships ORDER BY id",
            ))
            .await?;
        let mut given = std::collections::BTreeSet::new();
        for row in ids {
            let id: i64 = row.try_get_by_index(0)?;
            let label = loop {
                let label = fresh_label()?;
                if given.insert(label.clone()) {
                    break label;
                }
            };
            let update = Query::update()
                .table(Memberships::Table)
                .value(Memberships::Label, label)
                .and_where(Expr::col(Memberships::Id).eq(id))
                .to_owned();
            db.execute(&update).await?;
        }
        m.create_index(index(Memberships::Table, &["label"], true))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ux_memberships_label")
                .table(Memberships::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Memberships::Table)
                .drop_column(Memberships::Label)
                .take(),
        )
        .await
    }
}

/// `M-` and eight characters from the operating system's randomness, as
/// `domain::census::member_label` makes them (a released migration keeps
/// its own copy: it must not change when the domain does).
fn fresh_label() -> Result<String, DbErr> {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).map_err(|e| DbErr::Custom(format!("no randomness: {e}")))?;
    let code: String = random
        .iter()
        .filter(|b| **b < 248)
        .take(8)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    Ok(format!("M-{code}"))
}
