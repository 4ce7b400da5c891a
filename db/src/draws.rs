//! Draws and their published records.

use std::collections::BTreeMap;

use domain::{DrawView, MemberView, MembershipStatus, OpenDraw, QuotaView};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::Error;
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
    let summary: Option<Summary> = d
        .summary
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok());
    let memberships = membership::Entity::find()
        .filter(membership::Column::DrawId.eq(draw_id))
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .all(conn)
        .await?;
    let pool_size = volunteer::Entity::find()
        .filter(volunteer::Column::DrawId.eq(draw_id))
        .count(conn)
        .await?;
    let volunteers: BTreeMap<i64, volunteer::Model> = volunteer::Entity::find()
        .filter(volunteer::Column::Id.is_in(memberships.iter().map(|m| m.volunteer_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let names = agreed_names(conn, &memberships, &volunteers).await?;
    let mut members: Vec<MemberView> = memberships
        .iter()
        .map(|m| MemberView {
            label: m.label.clone(),
            name: names.get(&m.id).cloned(),
        })
        .collect();
    members.sort_by(|a, b| {
        a.name
            .is_none()
            .cmp(&b.name.is_none())
            .then(a.name.cmp(&b.name))
            .then(a.label.cmp(&b.label))
    });
    let mut view = base_view(d, pool_size);
    if let Some(summary) = summary {
        view.engine_version = Some(summary.engine_version);
        view.min_probability = Some(summary.min_probability);
        view.max_probability = Some(summary.max_probability);
        view.quotas = summary.quotas;
    }
    view.members = members;
    view.renewed_by = draw::Entity::find()
        .filter(draw::Column::RenewsDrawId.eq(view.id))
        .one(conn)
        .await?
        .map(|next| next.id);
    Ok(Some(view))
}

/// What the draw page shows of a record, computed once when it is stored.
#[derive(serde::Serialize, serde::Deserialize)]
struct Summary {
    engine_version: String,
    min_probability: f64,
    max_probability: f64,
    quotas: Vec<QuotaView>,
}

/// Publishes a draw's record: the record itself, its commitment, seed and
/// picked panel index, and the summary the draw page reads. Returns the
/// SHA-256 of the record as it will be served, for the ledger.
#[tracing::instrument(skip(conn, record))]
pub async fn store_record(
    conn: &impl ConnectionTrait,
    draw_id: i64,
    record: &lottery::DrawRecord,
) -> Result<String, DbErr> {
    use sea_orm::ActiveValue::Set;
    use sha2::{Digest, Sha256};
    let summary = Summary {
        engine_version: record.engine_version.clone(),
        min_probability: record.lottery.min_probability,
        max_probability: record.lottery.max_probability,
        quotas: quota_views(record),
    };
    let json = to_json(record)?;
    draw::Entity::update(draw::ActiveModel {
        id: Set(draw_id),
        inputs_hash: Set(Some(record.inputs_hash.clone())),
        seed_hex: Set(Some(record.draw.seed.clone())),
        picked_index: Set(Some(i32::try_from(record.draw.index).unwrap_or(0))),
        record: Set(Some(json.clone())),
        summary: Set(Some(to_json(&summary)?)),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(hex::encode(Sha256::digest(json.as_bytes())))
}

fn to_json(value: &impl serde::Serialize) -> Result<String, DbErr> {
    serde_json::to_string(value).map_err(|e| DbErr::Custom(e.to_string()))
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
        renews: d.renews_draw_id,
        renewed_by: None,
        renewal_due: false,
        draw_after: d.public_value_after,
    }
}

/// Each quota with the seats the picked panel gives it.
fn quota_views(record: &lottery::DrawRecord) -> Vec<QuotaView> {
    lottery::quota_fill(
        &record.inputs,
        &record.lottery.marginals,
        &record.draw.panel,
    )
    .into_iter()
    .map(|fill| QuotaView {
        feature: fill.category,
        value: fill.value,
        min: fill.min,
        max: fill.max,
        seated: fill.drawn,
    })
    .collect()
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

/// The id of the most recent completed draw.
pub async fn latest_id(conn: &impl ConnectionTrait) -> Result<Option<i64>, DbErr> {
    Ok(draw::Entity::find()
        .filter(draw::Column::Status.eq("done"))
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
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
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

/// The names of members who agreed to show them, by membership id: the
/// account's name (accounts that still exist only), or the name a letter
/// campaign's respondent gave.
async fn agreed_names(
    conn: &impl ConnectionTrait,
    memberships: &[membership::Model],
    volunteers: &BTreeMap<i64, volunteer::Model>,
) -> Result<BTreeMap<i64, String>, DbErr> {
    let agreed: Vec<&membership::Model> = memberships.iter().filter(|m| m.public_name).collect();
    let accounts: BTreeMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(agreed.iter().filter_map(|m| m.user_id)))
        .filter(user::Column::DeletedAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(agreed
        .into_iter()
        .filter_map(|m| {
            let name = match m.user_id {
                Some(user_id) => accounts.get(&user_id).cloned(),
                None => volunteers.get(&m.volunteer_id).and_then(|v| v.name.clone()),
            };
            Some((m.id, name?))
        })
        .collect())
}

/// Every cohort, the newest first: its members (named only if they agreed,
/// with an account that still exists) and whether its term is running.
pub async fn roster(
    conn: &impl ConnectionTrait,
    today: chrono::NaiveDate,
) -> Result<Vec<domain::Cohort>, DbErr> {
    let draws = draw::Entity::find()
        .filter(draw::Column::Status.eq("done"))
        .order_by_desc(draw::Column::TermStart)
        .all(conn)
        .await?;
    let memberships = membership::Entity::find()
        .filter(membership::Column::DrawId.is_in(draws.iter().map(|d| d.id)))
        .filter(membership::Column::Status.ne(MembershipStatus::Declined.as_str()))
        .all(conn)
        .await?;
    let volunteers: BTreeMap<i64, volunteer::Model> = volunteer::Entity::find()
        .filter(volunteer::Column::Id.is_in(memberships.iter().map(|m| m.volunteer_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let names = agreed_names(conn, &memberships, &volunteers).await?;
    let mut cohorts = Vec::with_capacity(draws.len());
    for d in draws {
        let mut members = Vec::new();
        for m in memberships.iter().filter(|m| m.draw_id == d.id) {
            members.push(domain::RosterMember {
                label: m.label.clone(),
                name: names.get(&m.id).cloned(),
                status: crate::error::stored(
                    MembershipStatus::parse(&m.status),
                    "memberships.status",
                    &m.status,
                )?,
            });
        }
        members.sort_by(|a, b| {
            (
                a.status != MembershipStatus::Active,
                a.name.is_none(),
                &a.name,
                &a.label,
            )
                .cmp(&(
                    b.status != MembershipStatus::Active,
                    b.name.is_none(),
                    &b.name,
                    &b.label,
                ))
        });
        cohorts.push(domain::Cohort {
            draw_id: d.id,
            title: d.title,
            stage: domain::TermStage::of(d.term_start, d.term_end, today),
            term_start: d.term_start,
            term_end: d.term_end,
            members,
        });
    }
    Ok(cohorts)
}

/// How members appear in public records (named ballots, rosters): their
/// name if they agreed to publish it and still have an account, otherwise
/// the label of their most recent membership (never their pool pseudonym,
/// which the draw record publishes with their profile).
pub async fn member_labels(
    conn: &impl ConnectionTrait,
    user_ids: impl IntoIterator<Item = i64>,
) -> Result<BTreeMap<i64, String>, DbErr> {
    let user_ids: Vec<i64> = user_ids.into_iter().collect();
    let memberships = membership::Entity::find()
        .filter(membership::Column::UserId.is_in(user_ids.iter().copied()))
        .order_by_asc(membership::Column::Id)
        .all(conn)
        .await?;
    let names: BTreeMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .filter(user::Column::DeletedAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut labels = BTreeMap::new();
    // Later memberships overwrite earlier ones: the newest term speaks.
    for m in memberships {
        let Some(user_id) = m.user_id else { continue };
        let name = names.get(&user_id).filter(|_| m.public_name);
        labels.insert(user_id, name.cloned().unwrap_or(m.label));
    }
    Ok(labels)
}

/// Draws taking volunteers now, with the asking user's receipt if any.
pub async fn open_draws(
    conn: &impl ConnectionTrait,
    user_id: Option<i64>,
) -> Result<Vec<OpenDraw>, DbErr> {
    let draws = draw::Entity::find()
        .filter(draw::Column::Status.eq(POOL_OPEN))
        .order_by_asc(draw::Column::TermStart)
        .all(conn)
        .await?;
    let mut open = Vec::with_capacity(draws.len());
    for d in draws {
        let my_pseudonym = match user_id {
            Some(user) => volunteer::Entity::find()
                .filter(volunteer::Column::DrawId.eq(d.id))
                .filter(volunteer::Column::UserId.eq(user))
                .one(conn)
                .await?
                .map(|v| v.pseudonym),
            None => None,
        };
        open.push(OpenDraw {
            id: d.id,
            title: d.title,
            term_start: d.term_start,
            my_pseudonym,
        });
    }
    Ok(open)
}

/// The status of a draw whose pool takes volunteers.
pub const POOL_OPEN: &str = "pool_open";

/// Adds a resident to a draw's pool under a fresh pseudonym (their receipt).
/// One entry per resident per draw: the unique index decides.
#[tracing::instrument(skip(conn, answers))]
pub async fn volunteer(
    conn: &impl ConnectionTrait,
    draw_id: i64,
    user_id: i64,
    pseudonym: &str,
    answers: &domain::census::Volunteering,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    use sea_orm::{ActiveValue::Set, SqlErr};
    let open = draw::Entity::find_by_id(draw_id)
        .one(conn)
        .await?
        .is_some_and(|d| d.status == POOL_OPEN);
    if !open {
        return Err(Error::PoolClosed);
    }
    let row = volunteer::ActiveModel {
        draw_id: Set(draw_id),
        user_id: Set(Some(user_id)),
        pseudonym: Set(pseudonym.to_owned()),
        gender: Set(answers.gender.to_owned()),
        birth_year: Set(answers.birth_year),
        diploma: Set(answers.diploma.to_owned()),
        district: Set(answers.district.to_owned()),
        weight: Set(1.0),
        consented_at: Set(now),
        ..Default::default()
    };
    match volunteer::Entity::insert(row).exec(conn).await {
        Ok(_) => Ok(()),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(Error::Already)
        }
        Err(e) => Err(e.into()),
    }
}
