//! A proposal's way through the assembly and the city: writing it, moving
//! it along its lifecycle, opening its vote, the city's answer and its
//! progress reports. Each step is one transaction with its history event
//! and its public ledger entries; a step the lifecycle does not allow from
//! the proposal's current stage changes nothing.

use chrono::{DateTime, Utc};
use domain::{
    AmendmentStatus, CityVerdict, LedgerKind, Majority, NotificationKind, Origin, ProposalStatus,
    Subject,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, sea_query::Expr,
};

use crate::deliberation::WriteError;
use crate::entity::{
    amendment, app_meta, city_response, membership, milestone, proposal, proposal_event,
    proposal_version, theme, vote,
};
use crate::{ledger, notifications};

/// Supports a citizen proposal needs to reach the assembly's agenda, until
/// facilitators set another number.
pub const DEFAULT_SUPPORT_THRESHOLD: u32 = 100;
const THRESHOLD_KEY: &str = "citizen_support_threshold";

pub async fn support_threshold(
    conn: &impl sea_orm::ConnectionTrait,
) -> Result<u32, sea_orm::DbErr> {
    Ok(app_meta::Entity::find_by_id(THRESHOLD_KEY.to_owned())
        .one(conn)
        .await?
        .and_then(|m| m.value.parse().ok())
        .unwrap_or(DEFAULT_SUPPORT_THRESHOLD))
}

pub async fn set_support_threshold(
    conn: &impl sea_orm::ConnectionTrait,
    supports: u32,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::sea_query::OnConflict;
    app_meta::Entity::insert(app_meta::ActiveModel {
        key: Set(THRESHOLD_KEY.to_owned()),
        value: Set(supports.to_string()),
    })
    .on_conflict(
        OnConflict::column(app_meta::Column::Key)
            .update_column(app_meta::Column::Value)
            .to_owned(),
    )
    .exec(conn)
    .await?;
    Ok(())
}

/// The assembly takes up a citizen proposal once it has enough supports.
async fn on_agenda(txn: &DatabaseTransaction, p: &proposal::Model) -> Result<(), WriteError> {
    if Origin::parse(&p.origin) != Some(Origin::Citizen) {
        return Ok(());
    }
    let needed = support_threshold(txn).await?;
    let supports = u32::try_from(p.supports_count).unwrap_or(0);
    if supports < needed {
        return Err(WriteError::NotOnAgenda { supports, needed });
    }
    Ok(())
}

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
) -> Result<(), WriteError> {
    let from = ProposalStatus::parse(&p.status).ok_or(WriteError::NotFound)?;
    if !from.can_move_to(to) {
        return Err(WriteError::WrongStage);
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
        return Err(WriteError::WrongStage);
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
        LedgerKind::ProposalStatus,
        Subject::Proposal(p.id),
        &ledger::StatusChange {
            proposal: p.id,
            title: &p.title,
            status: to.as_str(),
        },
    )
    .await?;
    Ok(())
}

async fn locked(txn: &DatabaseTransaction, id: i64) -> Result<proposal::Model, WriteError> {
    proposal::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(WriteError::NotFound)
}

/// Publishes a proposal for deliberation: a citizen proposal (any resident)
/// gathers supports; an assembly proposal (a member) is on the agenda.
pub async fn create_proposal(
    conn: &DatabaseConnection,
    new: NewProposal<'_>,
) -> Result<i64, WriteError> {
    let txn = crate::write_txn(conn).await?;
    let id = create_proposal_in(&txn, new).await?;
    txn.commit().await?;
    Ok(id)
}

/// Writes a proposal inside `txn` (a published draft marks itself in the
/// same transaction).
pub(crate) async fn create_proposal_in(
    txn: &DatabaseTransaction,
    new: NewProposal<'_>,
) -> Result<i64, WriteError> {
    let theme = theme::Entity::find()
        .filter(theme::Column::Slug.eq(new.theme))
        .one(txn)
        .await?
        .ok_or(WriteError::NotFound)?;
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
    Ok(id)
}

/// The moves a facilitator or an official makes by hand; votes and the
/// city's answer have their own functions (they record more).
pub async fn advance(
    conn: &DatabaseConnection,
    proposal_id: i64,
    to: ProposalStatus,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    use ProposalStatus::*;
    if !matches!(to, Amendments | SentToCity | Implemented | Closed) {
        return Err(WriteError::WrongStage);
    }
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    if to == Amendments {
        on_agenda(&txn, &p).await?;
    }
    step(&txn, &p, to, actor_id, now).await?;
    txn.commit().await?;
    Ok(())
}

/// How a vote decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteSetup {
    pub majority: Majority,
    /// Share of the members who must take part, 0 to 100.
    pub quorum_percent: u8,
    /// Secret ballots publish totals only.
    pub secret: bool,
}

/// Opens the members' vote on a proposal in deliberation or amendments.
/// The eligible are the members whose term runs today. A vote on a
/// contested amendment must close first.
pub async fn open_vote(
    conn: &DatabaseConnection,
    proposal_id: i64,
    setup: VoteSetup,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, WriteError> {
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    on_agenda(&txn, &p).await?;
    if open_votes(&txn, p.id).await? > 0 {
        return Err(WriteError::WrongStage);
    }
    step(&txn, &p, ProposalStatus::Vote, actor_id, now).await?;
    let vote_id = insert_vote(&txn, &p, None, setup, actor_id, now).await?;
    txn.commit().await?;
    Ok(vote_id)
}

/// Puts an amendment its proposal's author rejected to the assembly's
/// vote, while the proposal is open for amendments; adopted, it makes a
/// new version as if the author had accepted it.
pub async fn open_amendment_vote(
    conn: &DatabaseConnection,
    amendment_id: i64,
    setup: VoteSetup,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, WriteError> {
    let txn = crate::write_txn(conn).await?;
    let a = amendment::Entity::find_by_id(amendment_id)
        .one(&txn)
        .await?
        .ok_or(WriteError::NotFound)?;
    let p = locked(&txn, a.proposal_id).await?;
    if ProposalStatus::parse(&p.status) != Some(ProposalStatus::Amendments) {
        return Err(WriteError::WrongStage);
    }
    let contested = amendment::Entity::update_many()
        .col_expr(
            amendment::Column::Status,
            Expr::value(AmendmentStatus::Contested.as_str()),
        )
        .filter(amendment::Column::Id.eq(a.id))
        .filter(amendment::Column::Status.eq(AmendmentStatus::Rejected.as_str()))
        .exec(&txn)
        .await?;
    if contested.rows_affected == 0 {
        return Err(WriteError::WrongStage);
    }
    let vote_id = insert_vote(&txn, &p, Some(a.id), setup, actor_id, now).await?;
    txn.commit().await?;
    Ok(vote_id)
}

/// How many votes on a proposal (or its amendments) are open.
async fn open_votes(txn: &DatabaseTransaction, proposal_id: i64) -> Result<u64, WriteError> {
    Ok(vote::Entity::find()
        .filter(vote::Column::ProposalId.eq(proposal_id))
        .filter(vote::Column::ClosedAt.is_null())
        .count(txn)
        .await?)
}

/// Writes an open vote, its ledger entry and the sitting members'
/// notifications.
async fn insert_vote(
    txn: &DatabaseTransaction,
    p: &proposal::Model,
    amendment_id: Option<i64>,
    setup: VoteSetup,
    actor_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, WriteError> {
    let today = now.date_naive();
    let eligible = membership::Entity::find()
        .filter(membership::Column::Status.eq("active"))
        .filter(membership::Column::TermStart.lte(today))
        .filter(membership::Column::TermEnd.gte(today))
        .count(txn)
        .await?;
    let eligible = i32::try_from(eligible).unwrap_or(i32::MAX);
    let quorum = i16::from(setup.quorum_percent.min(100));
    let vote_id = vote::Entity::insert(vote::ActiveModel {
        proposal_id: Set(p.id),
        majority: Set(setup.majority.as_str().to_owned()),
        quorum_percent: Set(quorum),
        secret: Set(setup.secret),
        eligible: Set(eligible),
        opened_at: Set(now),
        closed_at: Set(None),
        amendment_id: Set(amendment_id),
        ..Default::default()
    })
    .exec(txn)
    .await?
    .last_insert_id;
    ledger::append(
        txn,
        now,
        LedgerKind::VoteOpened,
        Subject::Proposal(p.id),
        &ledger::VoteOpened {
            vote: vote_id,
            proposal: p.id,
            amendment: amendment_id,
            majority: setup.majority.as_str(),
            quorum_percent: quorum,
            secret: setup.secret,
            eligible,
        },
    )
    .await?;
    let members = notifications::sitting_members(txn, today).await?;
    notifications::notify(
        txn,
        members,
        actor_id,
        NotificationKind::VoteOpened,
        p.id,
        now,
    )
    .await?;
    Ok(vote_id)
}

/// The city's answer to a proposal sent to it.
pub async fn city_respond(
    conn: &DatabaseConnection,
    proposal_id: i64,
    official_id: i64,
    verdict: CityVerdict,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    step(&txn, &p, ProposalStatus::CityResponded, official_id, now).await?;
    city_response::Entity::insert(city_response::ActiveModel {
        proposal_id: Set(p.id),
        official_id: Set(official_id),
        verdict: Set(verdict.as_str().to_owned()),
        body: Set(body.to_owned()),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    ledger::append(
        &txn,
        now,
        LedgerKind::CityResponse,
        Subject::Proposal(p.id),
        &ledger::CityResponse {
            proposal: p.id,
            verdict: verdict.as_str(),
            body,
        },
    )
    .await?;
    let concerned = notifications::author_and_supporters(&txn, &p).await?;
    notifications::notify(
        &txn,
        concerned,
        official_id,
        NotificationKind::CityAnswered,
        p.id,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A progress report on an answered proposal; the first one puts it in
/// progress.
pub async fn add_milestone(
    conn: &DatabaseConnection,
    proposal_id: i64,
    title: &str,
    progress: u8,
    official_id: i64,
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    match ProposalStatus::parse(&p.status) {
        Some(ProposalStatus::CityResponded) => {
            step(&txn, &p, ProposalStatus::InProgress, official_id, now).await?;
        }
        Some(ProposalStatus::InProgress) => {}
        _ => return Err(WriteError::WrongStage),
    }
    let progress = i16::from(progress.min(100));
    milestone::Entity::insert(milestone::ActiveModel {
        proposal_id: Set(p.id),
        title: Set(title.to_owned()),
        progress: Set(progress),
        at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    ledger::append(
        &txn,
        now,
        LedgerKind::Milestone,
        Subject::Proposal(p.id),
        &ledger::Milestone {
            proposal: p.id,
            title,
            progress,
        },
    )
    .await?;
    let concerned = notifications::author_and_supporters(&txn, &p).await?;
    notifications::notify(
        &txn,
        concerned,
        official_id,
        NotificationKind::CityProgress,
        p.id,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Why an amendment was refused.
#[derive(Debug, thiserror::Error)]
pub enum AmendmentError {
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("the amendment does not apply: {0:?}")]
    Text(domain::diff::AmendError),
    /// Only the proposal's author decides on its amendments.
    #[error("not the proposal's author")]
    NotAuthor,
}

impl From<sea_orm::DbErr> for AmendmentError {
    fn from(e: sea_orm::DbErr) -> Self {
        AmendmentError::Write(WriteError::Db(e))
    }
}

/// A member proposes a new wording of one passage of a proposal open for
/// amendments; the passage must appear exactly once in its current text.
pub async fn propose_amendment(
    conn: &DatabaseConnection,
    proposal_id: i64,
    author_id: i64,
    passage: &str,
    replacement: &str,
    rationale: &str,
    now: DateTime<Utc>,
) -> Result<i64, AmendmentError> {
    let txn = crate::write_txn(conn).await?;
    let p = locked(&txn, proposal_id).await?;
    if ProposalStatus::parse(&p.status) != Some(ProposalStatus::Amendments) {
        return Err(WriteError::WrongStage.into());
    }
    domain::diff::apply(&p.body, passage, replacement).map_err(AmendmentError::Text)?;
    let id = amendment::Entity::insert(amendment::ActiveModel {
        proposal_id: Set(p.id),
        author_id: Set(author_id),
        original: Set(passage.to_owned()),
        replacement: Set(replacement.to_owned()),
        rationale: Set(rationale.to_owned()),
        status: Set(AmendmentStatus::Pending.as_str().to_owned()),
        created_at: Set(now),
        decided_at: Set(None),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    notifications::notify(
        &txn,
        [p.author_id],
        author_id,
        NotificationKind::AmendmentProposed,
        p.id,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The proposal's author accepts an amendment (a new version of the text,
/// in the ledger) or rejects it. An amendment whose passage changed since
/// is refused, and stays pending.
pub async fn decide_amendment(
    conn: &DatabaseConnection,
    amendment_id: i64,
    actor_id: i64,
    accept: bool,
    now: DateTime<Utc>,
) -> Result<(), AmendmentError> {
    let txn = crate::write_txn(conn).await?;
    let a = amendment::Entity::find_by_id(amendment_id)
        .one(&txn)
        .await?
        .ok_or(WriteError::NotFound)?;
    let p = locked(&txn, a.proposal_id).await?;
    if p.author_id != actor_id {
        return Err(AmendmentError::NotAuthor);
    }
    if ProposalStatus::parse(&p.status) != Some(ProposalStatus::Amendments)
        || a.status != AmendmentStatus::Pending.as_str()
    {
        return Err(WriteError::WrongStage.into());
    }
    let status = if accept {
        AmendmentStatus::Accepted
    } else {
        AmendmentStatus::Rejected
    };
    let decided = amendment::Entity::update_many()
        .col_expr(amendment::Column::Status, Expr::value(status.as_str()))
        .col_expr(amendment::Column::DecidedAt, Expr::value(now))
        .filter(amendment::Column::Id.eq(a.id))
        .filter(amendment::Column::Status.eq(AmendmentStatus::Pending.as_str()))
        .exec(&txn)
        .await?;
    if decided.rows_affected == 0 {
        return Err(WriteError::WrongStage.into());
    }
    if accept {
        adopt_amendment(&txn, &p, &a, now).await?;
    }
    notifications::notify(
        &txn,
        [a.author_id],
        actor_id,
        if accept {
            NotificationKind::AmendmentAccepted
        } else {
            NotificationKind::AmendmentRejected
        },
        p.id,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Applies an accepted amendment: the new text, its version and its
/// ledger entry. A passage that changed since refuses the whole step.
pub(crate) async fn adopt_amendment(
    txn: &DatabaseTransaction,
    p: &proposal::Model,
    a: &amendment::Model,
    now: DateTime<Utc>,
) -> Result<(), AmendmentError> {
    let body =
        domain::diff::apply(&p.body, &a.original, &a.replacement).map_err(AmendmentError::Text)?;
    let version = proposal_version::Entity::find()
        .filter(proposal_version::Column::ProposalId.eq(p.id))
        .count(txn)
        .await?;
    let version = i32::try_from(version).unwrap_or(i32::MAX - 1) + 1;
    proposal::Entity::update_many()
        .col_expr(proposal::Column::Body, Expr::value(body.clone()))
        .col_expr(
            proposal::Column::BodyHtml,
            Expr::value(domain::markdown::render(&body)),
        )
        .col_expr(proposal::Column::UpdatedAt, Expr::value(now))
        .filter(proposal::Column::Id.eq(p.id))
        .exec(txn)
        .await?;
    proposal_version::Entity::insert(proposal_version::ActiveModel {
        proposal_id: Set(p.id),
        number: Set(version),
        title: Set(p.title.clone()),
        body: Set(body),
        amendment_id: Set(Some(a.id)),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    ledger::append(
        txn,
        now,
        LedgerKind::AmendmentAccepted,
        Subject::Proposal(p.id),
        &ledger::AmendmentAccepted {
            amendment: a.id,
            proposal: p.id,
            version,
            original: &a.original,
            replacement: &a.replacement,
        },
    )
    .await?;
    Ok(())
}

/// One version of a proposal's text.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub number: i32,
    pub title: String,
    pub body: String,
    pub amendment_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Every version of a proposal's text, the first first.
pub async fn versions(
    conn: &impl sea_orm::ConnectionTrait,
    proposal_id: i64,
) -> Result<Vec<Version>, sea_orm::DbErr> {
    use sea_orm::QueryOrder;
    Ok(proposal_version::Entity::find()
        .filter(proposal_version::Column::ProposalId.eq(proposal_id))
        .order_by_asc(proposal_version::Column::Number)
        .all(conn)
        .await?
        .into_iter()
        .map(|v| Version {
            number: v.number,
            title: v.title,
            body: v.body,
            amendment_id: v.amendment_id,
            created_at: v.created_at,
        })
        .collect())
}
