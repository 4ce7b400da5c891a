//! The assembly's settings facilitators change (the supports a citizen
//! proposal needs, the months the city has to answer), kept as
//! `app_meta` rows; a setting never set, or unreadable, is its default.

use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use crate::entity::app_meta;

pub(crate) async fn number(
    conn: &impl ConnectionTrait,
    key: &str,
    default: u32,
) -> Result<u32, DbErr> {
    Ok(app_meta::Entity::find_by_id(key.to_owned())
        .one(conn)
        .await?
        .and_then(|m| m.value.parse().ok())
        .unwrap_or(default))
}

pub(crate) async fn set_number(
    conn: &impl ConnectionTrait,
    key: &str,
    value: u32,
) -> Result<(), DbErr> {
    app_meta::Entity::insert(app_meta::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_string()),
    })
    .on_conflict(
        OnConflict::column(app_meta::Column::Key)
            .update_column(app_meta::Column::Value)
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
