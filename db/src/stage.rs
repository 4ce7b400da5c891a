//! A proposal's stages: writing it, the support threshold that brings a
//! citizen proposal onto the assembly's agenda, and the one step function
//! every stage change goes through (history event, ledger entry, in one
//! transaction); a step the lifecycle does not allow changes nothing.

use chrono::{DateTime, Utc};
use domain::ledger::payload as entry;
use domain::{Origin, ProposalStatus};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::entity::{proposal, proposal_event, proposal_version, theme};
use crate::{Error, ledger};

/// Supports a citizen proposal needs to reach the assembly's agenda, until
/// facilitators set another number.
pub const DEFAULT_SUPPORT_THRESHOLD: u32 = 100;

const THRESHOLD_KEY: &str = "citizen_support_threshold";

pub async fn support_threshold(
    conn: &impl sea_orm::ConnectionTrait,
) -> Result<u32, sea_orm::DbErr> {
    crate::settings::number(conn, THRESHOLD_KEY, DEFAULT_SUPPORT_THRESHOLD).await
}

pub async fn set_support_threshold(
    conn: &impl sea_orm::ConnectionTrait,
    supports: u32,
) -> Result<(), sea_orm::DbErr> {
    crate::settings::set_number(conn, THRESHOLD_KEY, supports).await
}

/// The assembly takes up a citizen proposal once it has enough supports.
pub(crate) async fn on_agenda(txn: &DatabaseTransaction, p: &proposal::Model) -> Result<(), Error> {
    if Origin::parse(&p.origin) != Some(Origin::Citizen) {
        return Ok(());
    }
    let needed = support_threshold(txn).await?;
    let supports = u32::try_from(p.supports_count).unwrap_or(0);
    if supports < needed {
        return Err(Error::NotOnAgenda { supports, needed });
    }
    Ok(())
}

/// A proposal as its author writes it (already validated).
pub struct NewProposal<'a> {
    pub author_id: i64,
    pub origin: Origin,
    pub theme: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    /// Markdown; rendered and sanitised here, once.
    pub body: &'a str,
    pub now: DateTime<Utc>,
}

/// Moves a proposal from `from` (checked) to `to`, with its history event
/// and ledger entry, inside `txn`.
pub(crate) async fn step(
    txn: &DatabaseTransaction,
    p: &proposal::Model,
    to: ProposalStatus,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let from = ProposalStatus::parse(&p.status).ok_or(Error::NotFound)?;
    if !from.can_move_to(to) {
        return Err(Error::WrongStage);
    }
    // Only the request that still sees the old stage moves the proposal.
    let moved = proposal::Entity::update_many()
        .col_expr(proposal::Column::Status, Expr::value(to.as_str()))
        .col_expr(proposal::Column::UpdatedAt, Expr::value(now))
        .filter(proposal::Column::Id.eq(p.id))
        .filter(proposal::Column::Status.eq(from.as_str()))
        .exec(txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(Error::WrongStage);
    }
    proposal_event::Entity::insert(proposal_event::ActiveModel {
        proposal_id: Set(p.id),
        status: Set(to.as_str().to_owned()),
        actor_id: Set(actor_id),
        at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    ledger::append(
        txn,
        now,
        entry::StatusChange {
            proposal: p.id,
            title: p.title.clone(),
            status: to,
        },
    )
    .await?;
    Ok(())
}

pub(crate) async fn locked(txn: &DatabaseTransaction, id: i64) -> Result<proposal::Model, Error> {
    proposal::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(Error::NotFound)
}

/// Publishes a proposal for deliberation: a citizen proposal (any resident)
/// gathers supports; an assembly proposal (a member) is on the agenda.
pub async fn create_proposal(
    conn: &DatabaseConnection,
    new: NewProposal<'_>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let latest: Vec<DateTime<Utc>> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::CreatedAt)
        .filter(proposal::Column::AuthorId.eq(new.author_id))
        .order_by_desc(proposal::Column::CreatedAt)
        .limit(crate::limits::PROPOSALS.max)
        .into_tuple()
        .all(&txn)
        .await?;
    crate::limits::PROPOSALS.check(&latest, new.now)?;
    let id = create_proposal_in(&txn, new).await?;
    txn.commit().await?;
    Ok(id)
}

/// Writes a proposal inside `txn` (a published draft marks itself in the
/// same transaction).
pub(crate) async fn create_proposal_in(
    txn: &DatabaseTransaction,
    new: NewProposal<'_>,
) -> Result<i64, Error> {
    let theme = theme::Entity::find()
        .filter(theme::Column::Slug.eq(new.theme))
        .one(txn)
        .await?
        .ok_or(Error::NotFound)?;
    let draft = proposal::ActiveModel {
        theme_id: Set(theme.id),
        origin: Set(new.origin.as_str().to_owned()),
        status: Set(ProposalStatus::Draft.as_str().to_owned()),
        title: Set(new.title.to_owned()),
        summary: Set(new.summary.to_owned()),
        body: Set(new.body.to_owned()),
        body_html: Set(domain::markdown::render(new.body)),
        author_id: Set(new.author_id),
        created_at: Set(new.now),
        updated_at: Set(new.now),
        supports_count: Set(0),
        comments_count: Set(0),
        ..Default::default()
    };
    let id = proposal::Entity::insert(draft)
        .exec(txn)
        .await?
        .last_insert_id;
    proposal_version::Entity::insert(proposal_version::ActiveModel {
        proposal_id: Set(id),
        number: Set(1),
        title: Set(new.title.to_owned()),
        body: Set(new.body.to_owned()),
        amendment_id: Set(None),
        created_at: Set(new.now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    proposal_event::Entity::insert(proposal_event::ActiveModel {
        proposal_id: Set(id),
        status: Set(ProposalStatus::Draft.as_str().to_owned()),
        actor_id: Set(new.author_id),
        at: Set(new.now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    let p = locked(txn, id).await?;
    step(
        txn,
        &p,
        ProposalStatus::Deliberation,
        new.author_id,
        new.now,
    )
    .await?;
    let followers = crate::follows::theme_followers(txn, theme.id).await?;
    crate::notifications::notify(
        txn,
        followers,
        new.author_id,
        domain::NotificationKind::ProposalNew,
        crate::notifications::About::Proposal(id),
        new.now,
    )
    .await?;
    Ok(id)
}

/// The moves a facilitator or an official makes by hand; votes, sending to
/// the city and the city's answer have their own functions (they record
/// more). The city's moves are its department's officials'.
pub async fn advance(
    conn: &DatabaseConnection,
    proposal_id: i64,
    to: ProposalStatus,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    use ProposalStatus::*;
    if !matches!(to, Amendments | Implemented | Closed) {
        return Err(Error::WrongStage);
    }
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    if to == Amendments {
        on_agenda(&txn, &p).await?;
    } else {
        crate::departments::check_answers_for(&txn, p.id, actor_id).await?;
    }
    step(&txn, &p, to, actor_id, now).await?;
    txn.commit().await?;
    Ok(())
}

pub(crate) async fn live_proposal(
    conn: &impl ConnectionTrait,
    id: i64,
) -> Result<(proposal::Model, ProposalStatus), Error> {
    let p = proposal::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(Error::NotFound)?;
    let status = ProposalStatus::parse(&p.status).ok_or(Error::NotFound)?;
    Ok((p, status))
}
