//! The four themes of the Paris assembly exist on every installation, with
//! or without the demo: without a theme nobody could write a proposal.
//! Facilitators add more later; these are never removed here.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Themes {
    Table,
    Slug,
    NameFr,
    NameEn,
    Position,
}

/// Slug, French name, English name, in display order.
pub const DEFAULTS: [(&str, &str, &str); 4] = [
    ("urbanisme", "Urbanisme", "Urban planning"),
    ("environnement", "Environnement", "Environment"),
    (
        "inegalites-sociales",
        "Inégalités sociales",
        "Social inequalities",
    ),
    ("services-publics", "Services publics", "Public services"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (position, (slug, fr, en)) in DEFAULTS.iter().enumerate() {
            let insert = Query::insert()
                .into_table(Themes::Table)
                .columns([
                    Themes::Slug,
                    Themes::NameFr,
                    Themes::NameEn,
                    Themes::Position,
                ])
                .values_panic([
                    (*slug).into(),
                    (*fr).into(),
                    (*en).into(),
                    <i32 as std::convert::TryFrom<usize>>::try_from(position)
                        .unwrap_or(0)
                        .into(),
                ])
                // A database that already has it (from the demo) keeps it.
                .on_conflict(OnConflict::column(Themes::Slug).do_nothing().to_owned())
                .to_owned();
            m.exec_stmt(insert).await?;
        }
        Ok(())
    }
}
