//! Draws and their published records.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{draw, membership, volunteer};

/// The published record of a completed draw, as stored (JSON), if any.
#[tracing::instrument(skip(conn))]
pub async fn record_json(
    conn: &impl ConnectionTrait,
    draw_id: i64,
) -> Result<Option<String>, DbErr> {
    Ok(draw::Entity::find_by_id(draw_id)
        .one(conn)
        .await?
        .and_then(|d| d.record))
}

/// The id of the most recent draw.
pub async fn latest_id(conn: &impl ConnectionTrait) -> Result<Option<i64>, DbErr> {
    Ok(draw::Entity::find()
        .order_by_desc(draw::Column::CreatedAt)
        .order_by_desc(draw::Column::Id)
        .one(conn)
        .await?
        .map(|d| d.id))
}

/// The pseudonyms of a draw's active members.
pub async fn member_pseudonyms(
    conn: &impl ConnectionTrait,
    draw_id: i64,
) -> Result<Vec<String>, DbErr> {
    let members = membership::Entity::find()
        .filter(membership::Column::DrawId.eq(draw_id))
        .filter(membership::Column::Status.eq("active"))
        .all(conn)
        .await?;
    let ids: Vec<i64> = members.iter().map(|m| m.volunteer_id).collect();
    let mut pseudonyms: Vec<String> = volunteer::Entity::find()
        .filter(volunteer::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| v.pseudonym)
        .collect();
    pseudonyms.sort();
    Ok(pseudonyms)
}
