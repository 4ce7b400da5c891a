//! Themes: the four of Paris (a migration) and those facilitators add.

use std::collections::BTreeMap;

use domain::Theme;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entity::theme;

/// Adds a theme (facilitators) after the others; `None` when one with the
/// same keyword exists.
pub async fn add_theme(
    conn: &DatabaseConnection,
    name_fr: &str,
    name_en: &str,
) -> Result<Option<domain::Theme>, sea_orm::DbErr> {
    use sea_orm::{QueryOrder, QuerySelect};
    let Some(slug) = domain::Theme::slug_of(name_fr) else {
        return Ok(None);
    };
    let txn = crate::write_txn(conn).await?;
    if theme::Entity::find()
        .filter(theme::Column::Slug.eq(&slug))
        .one(&txn)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    let last = theme::Entity::find()
        .order_by_desc(theme::Column::Position)
        .limit(1)
        .one(&txn)
        .await?
        .map_or(0, |t| t.position);
    theme::Entity::insert(theme::ActiveModel {
        slug: Set(slug.clone()),
        name_fr: Set(name_fr.to_owned()),
        name_en: Set(name_en.to_owned()),
        position: Set(last.saturating_add(1)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(Some(domain::Theme {
        slug,
        name_fr: name_fr.to_owned(),
        name_en: name_en.to_owned(),
    }))
}

/// All themes, in their display order.
#[tracing::instrument(skip(conn))]
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<Theme>, DbErr> {
    Ok(theme::Entity::find()
        .order_by_asc(theme::Column::Position)
        .order_by_asc(theme::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(to_theme)
        .collect())
}

pub(crate) async fn themes_by_id(
    conn: &impl ConnectionTrait,
) -> Result<BTreeMap<i64, Theme>, DbErr> {
    Ok(theme::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, to_theme(t)))
        .collect())
}

fn to_theme(t: theme::Model) -> Theme {
    Theme {
        slug: t.slug,
        name_fr: t.name_fr,
        name_en: t.name_en,
    }
}
