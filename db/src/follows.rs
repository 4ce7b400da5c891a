//! Following: anyone signed in follows a proposal or a theme, and hears of
//! it as its author and supporters do (the city's answer and progress, the
//! vote's result), and of each new proposal in a theme they follow.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use domain::Following;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::Error;
use crate::entity::{proposal, proposal_follow, theme, theme_follow};

/// Follows (or stops following) a proposal; following twice is once.
pub async fn follow_proposal(
    conn: &impl ConnectionTrait,
    user_id: i64,
    proposal_id: i64,
    on: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if proposal::Entity::find_by_id(proposal_id)
        .one(conn)
        .await?
        .is_none()
    {
        return Err(Error::NotFound);
    }
    if on {
        proposal_follow::Entity::insert(proposal_follow::ActiveModel {
            user_id: Set(user_id),
            proposal_id: Set(proposal_id),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                proposal_follow::Column::UserId,
                proposal_follow::Column::ProposalId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    } else {
        proposal_follow::Entity::delete_many()
            .filter(proposal_follow::Column::UserId.eq(user_id))
            .filter(proposal_follow::Column::ProposalId.eq(proposal_id))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Follows (or stops following) the theme `slug`.
pub async fn follow_theme(
    conn: &impl ConnectionTrait,
    user_id: i64,
    slug: &str,
    on: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let theme = theme::Entity::find()
        .filter(theme::Column::Slug.eq(slug))
        .one(conn)
        .await?
        .ok_or(Error::NotFound)?;
    if on {
        theme_follow::Entity::insert(theme_follow::ActiveModel {
            user_id: Set(user_id),
            theme_id: Set(theme.id),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([theme_follow::Column::UserId, theme_follow::Column::ThemeId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    } else {
        theme_follow::Entity::delete_many()
            .filter(theme_follow::Column::UserId.eq(user_id))
            .filter(theme_follow::Column::ThemeId.eq(theme.id))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// What `user_id` follows: proposals (newest followed first) and themes.
pub async fn following(conn: &impl ConnectionTrait, user_id: i64) -> Result<Following, DbErr> {
    let followed: Vec<i64> = proposal_follow::Entity::find()
        .select_only()
        .column(proposal_follow::Column::ProposalId)
        .filter(proposal_follow::Column::UserId.eq(user_id))
        .order_by_desc(proposal_follow::Column::CreatedAt)
        .into_tuple()
        .all(conn)
        .await?;
    let titles: std::collections::BTreeMap<i64, String> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .column(proposal::Column::Title)
        .filter(proposal::Column::Id.is_in(followed.iter().copied()))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let themes: Vec<i64> = theme_follow::Entity::find()
        .select_only()
        .column(theme_follow::Column::ThemeId)
        .filter(theme_follow::Column::UserId.eq(user_id))
        .into_tuple()
        .all(conn)
        .await?;
    let themes = theme::Entity::find()
        .select_only()
        .column(theme::Column::Slug)
        .filter(theme::Column::Id.is_in(themes))
        .order_by_asc(theme::Column::Position)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(Following {
        proposals: followed
            .into_iter()
            .filter_map(|id| Some((id, titles.get(&id)?.clone())))
            .collect(),
        themes,
    })
}

/// Whether `user_id` follows the proposal.
pub async fn follows(
    conn: &impl ConnectionTrait,
    user_id: i64,
    proposal_id: i64,
) -> Result<bool, DbErr> {
    Ok(proposal_follow::Entity::find_by_id((user_id, proposal_id))
        .one(conn)
        .await?
        .is_some())
}

/// Who follows the proposal, or its theme.
pub async fn followers(
    conn: &impl ConnectionTrait,
    proposal: &proposal::Model,
) -> Result<BTreeSet<i64>, DbErr> {
    let mut users: BTreeSet<i64> = proposal_follow::Entity::find()
        .select_only()
        .column(proposal_follow::Column::UserId)
        .filter(proposal_follow::Column::ProposalId.eq(proposal.id))
        .into_tuple::<i64>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    users.extend(theme_followers(conn, proposal.theme_id).await?);
    Ok(users)
}

/// Who follows the theme.
pub async fn theme_followers(
    conn: &impl ConnectionTrait,
    theme_id: i64,
) -> Result<Vec<i64>, DbErr> {
    theme_follow::Entity::find()
        .select_only()
        .column(theme_follow::Column::UserId)
        .filter(theme_follow::Column::ThemeId.eq(theme_id))
        .into_tuple()
        .all(conn)
        .await
}
