//! Helpers the migrations share: foreign keys and indexes, declared the
//! same way on SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

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

/// Adds one column (SQLite alters one column per statement).
pub(crate) async fn add_column(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).add_column(column).take())
        .await
}

/// Drops one column.
pub(crate) async fn drop_column(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).drop_column(column).take())
        .await
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
