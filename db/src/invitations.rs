//! Invitations reach the people drawn by e-mail, including respondents of a
//! letter campaign who have no account: each invitation carries a link
//! (signed by the server, see `app::auth`) to answer without signing in.
//!
//! An invitation not yet `notified_at` waits for its e-mail: the mailer
//! writes the message to the outbox and marks the invitation in one
//! transaction, so that each invitation is queued exactly once; the outbox
//! is then delivered (see [`crate::accounts::unsent_mail`]).

use domain::MembershipStatus;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};

use crate::Error;
use crate::entity::{draw, membership, user, volunteer};

/// An invitation as its link shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Invitation {
    pub membership_id: i64,
    pub draw_id: i64,
    pub draw_title: String,
    pub term_start: chrono::NaiveDate,
    pub term_end: chrono::NaiveDate,
    pub status: MembershipStatus,
    pub respond_by: Option<DateTime<Utc>>,
    /// The name the person gave (campaign) or their account's name.
    pub name: Option<String>,
    pub public_name: bool,
}

/// An e-mail to send: who, in which language, about what.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub membership_id: i64,
    pub to: String,
    pub name: Option<String>,
    pub lang: domain::Lang,
    pub draw_title: String,
    pub term_start: chrono::NaiveDate,
    pub term_end: chrono::NaiveDate,
    pub respond_by: Option<DateTime<Utc>>,
}

async fn person(
    conn: &impl ConnectionTrait,
    m: &membership::Model,
) -> Result<(Option<volunteer::Model>, Option<user::Model>), DbErr> {
    let v = volunteer::Entity::find_by_id(m.volunteer_id)
        .one(conn)
        .await?;
    let u = match m.user_id {
        Some(id) => {
            user::Entity::find_by_id(id)
                .filter(user::Column::DeletedAt.is_null())
                .one(conn)
                .await?
        }
        None => None,
    };
    Ok((v, u))
}

pub async fn invitation(
    conn: &impl ConnectionTrait,
    membership_id: i64,
) -> Result<Option<Invitation>, DbErr> {
    let Some(m) = membership::Entity::find_by_id(membership_id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(d) = draw::Entity::find_by_id(m.draw_id).one(conn).await? else {
        return Ok(None);
    };
    let (v, u) = person(conn, &m).await?;
    Ok(Some(Invitation {
        membership_id: m.id,
        draw_id: d.id,
        draw_title: d.title,
        term_start: m.term_start,
        term_end: m.term_end,
        status: crate::error::stored(
            MembershipStatus::parse(&m.status),
            "memberships.status",
            &m.status,
        )?,
        respond_by: m.respond_by,
        name: u.map(|u| u.display_name).or(v.and_then(|v| v.name)),
        public_name: m.public_name,
    }))
}

/// Accepts or declines through the invitation's link.
pub async fn respond(
    conn: &impl ConnectionTrait,
    membership_id: i64,
    accept: bool,
    public_name: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let m = membership::Entity::find_by_id(membership_id)
        .one(conn)
        .await?
        .ok_or(Error::NotFound)?;
    crate::lifecycle::answer(conn, &m, accept, public_name, now).await
}

/// Invitations waiting for their e-mail, oldest first: still open, with an
/// address (the campaign's, or the account's).
pub async fn pending(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Notice>, DbErr> {
    let waiting = membership::Entity::find()
        .filter(membership::Column::Status.eq(MembershipStatus::Invited.as_str()))
        .filter(membership::Column::NotifiedAt.is_null())
        .filter(membership::Column::RespondBy.gt(now))
        .order_by_asc(membership::Column::InvitedAt)
        .order_by_asc(membership::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    let draws: BTreeMap<i64, draw::Model> = draw::Entity::find()
        .filter(draw::Column::Id.is_in(waiting.iter().map(|m| m.draw_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let volunteers: BTreeMap<i64, volunteer::Model> = volunteer::Entity::find()
        .filter(volunteer::Column::Id.is_in(waiting.iter().map(|m| m.volunteer_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let users: BTreeMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(waiting.iter().filter_map(|m| m.user_id)))
        .filter(user::Column::DeletedAt.is_null())
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(waiting
        .into_iter()
        .filter_map(|m| {
            let d = draws.get(&m.draw_id)?;
            let from_account = m.user_id.and_then(|id| users.get(&id)).and_then(|u| {
                Some((
                    u.email.clone()?,
                    Some(u.display_name.clone()),
                    domain::Lang::parse(&u.lang).unwrap_or_default(),
                ))
            });
            let from_campaign = volunteers
                .get(&m.volunteer_id)
                .and_then(|v| Some((v.email.clone()?, v.name.clone(), domain::Lang::Fr)));
            let (to, name, lang) = from_account.or(from_campaign)?;
            Some(Notice {
                membership_id: m.id,
                to,
                name,
                lang,
                draw_title: d.title.clone(),
                term_start: m.term_start,
                term_end: m.term_end,
                respond_by: m.respond_by,
            })
        })
        .collect())
}

/// Queues an invitation's e-mail and marks the invitation, together.
pub async fn queue(
    conn: &DatabaseConnection,
    membership_id: i64,
    mail: &crate::accounts::Mail,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = crate::write_txn(conn).await?;
    let marked = membership::Entity::update_many()
        .col_expr(membership::Column::NotifiedAt, Expr::value(now))
        .filter(membership::Column::Id.eq(membership_id))
        .filter(membership::Column::NotifiedAt.is_null())
        .exec(&txn)
        .await?;
    // Another instance queued it a moment ago.
    if marked.rows_affected == 1 {
        crate::accounts::enqueue_mail(&txn, mail, now).await?;
    }
    txn.commit().await
}
