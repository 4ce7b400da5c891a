//! Draws and their published records.

use std::collections::BTreeMap;

use domain::{DrawView, MemberView, QuotaView};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::entity::{draw, membership, user, volunteer};

/// Every draw, newest first (without members and quotas).
#[tracing::instrument(skip(conn))]
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<DrawView>, DbErr> {
    let draws = draw::Entity::find()
        .order_by_desc(draw::Column::CreatedAt)
        .order_by_desc(draw::Column::Id)
        .all(conn)
        .await?;
    let mut views = Vec::with_capacity(draws.len());
    for d in draws {
        let pool_size = volunteer::Entity::find()
            .filter(volunteer::Column::DrawId.eq(d.id))
            .count(conn)
            .await?;
        views.push(base_view(d, pool_size));
    }
    Ok(views)
}

/// A draw's public page: facts, quotas with seats filled, and members.
#[tracing::instrument(skip(conn))]
pub async fn view(conn: &impl ConnectionTrait, draw_id: i64) -> Result<Option<DrawView>, DbErr> {
    let Some(d) = draw::Entity::find_by_id(draw_id).one(conn).await? else {
        return Ok(None);
    };
    let volunteers: BTreeMap<i64, volunteer::Model> = volunteer::Entity::find()
        .filter(volunteer::Column::DrawId.eq(draw_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let record: Option<lottery::DrawRecord> = d
        .record
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok());
    let memberships = membership::Entity::find()
        .filter(membership::Column::DrawId.eq(draw_id))
        .filter(membership::Column::Status.eq("active"))
        .all(conn)
        .await?;
    let user_ids: Vec<i64> = memberships
        .iter()
        .filter(|m| m.public_name)
        .filter_map(|m| m.user_id)
        .collect();
    let names: BTreeMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .filter(user::Column::DeletedAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut members: Vec<MemberView> = memberships
        .iter()
        .filter_map(|m| {
            let v = volunteers.get(&m.volunteer_id)?;
            let name = m
                .user_id
                .filter(|_| m.public_name)
                .and_then(|id| names.get(&id).cloned());
            Some(MemberView {
                pseudonym: v.pseudonym.clone(),
                name,
            })
        })
        .collect();
    members.sort_by(|a, b| {
        a.name
            .is_none()
            .cmp(&b.name.is_none())
            .then(a.name.cmp(&b.name))
            .then(a.pseudonym.cmp(&b.pseudonym))
    });
    let mut view = base_view(d, u64::try_from(volunteers.len()).unwrap_or(0));
    if let Some(record) = record {
        view.engine_version = Some(record.engine_version.clone());
        view.min_probability = Some(record.lottery.min_probability);
        view.max_probability = Some(record.lottery.max_probability);
        view.quotas = quota_views(&record);
    }
    view.members = members;
    Ok(Some(view))
}

fn base_view(d: draw::Model, pool_size: u64) -> DrawView {
    DrawView {
        id: d.id,
        title: d.title,
        seats: u32::try_from(d.seats).unwrap_or(0),
        term_start: d.term_start,
        term_end: d.term_end,
        status: d.status,
        pool_size: u32::try_from(pool_size).unwrap_or(u32::MAX),
        inputs_hash: d.inputs_hash,
        seed: d.seed_hex,
        picked_index: d.picked_index.and_then(|i| u32::try_from(i).ok()),
        engine_version: None,
        min_probability: None,
        max_probability: None,
        quotas: Vec::new(),
        members: Vec::new(),
    }
}

/// Each quota with the seats the picked panel gives it.
fn quota_views(record: &lottery::DrawRecord) -> Vec<QuotaView> {
    let people: BTreeMap<&str, &lottery::Person> = record
        .inputs
        .pool
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let mut views = Vec::new();
    for (feature, values) in &record.inputs.quotas {
        for (value, quota) in values {
            let seated = record
                .draw
                .panel
                .iter()
                .filter(|id| {
                    people
                        .get(id.as_str())
                        .and_then(|p| p.features.get(feature))
                        == Some(value)
                })
                .count();
            views.push(QuotaView {
                feature: feature.clone(),
                value: value.clone(),
                min: quota.min,
                max: quota.max,
                seated: u32::try_from(seated).unwrap_or(0),
            });
        }
    }
    views
}

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
