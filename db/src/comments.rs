//! Comments on a proposal: writing, replying, editing, up-votes and
//! reports (moderation is in `moderation`).

use chrono::{DateTime, Utc};
use domain::{NotificationKind, Stance};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::Error;
use crate::entity::{comment, comment_report, comment_upvote};
use crate::stage::live_proposal;

pub struct NewComment<'a> {
    pub proposal_id: i64,
    pub author_id: i64,
    pub parent_id: Option<i64>,
    pub stance: Stance,
    pub body: &'a str,
    pub now: DateTime<Utc>,
}

/// Adds a comment or a reply (three levels at most) and returns its id.
/// The comment, the reply's notification and the proposal's count are one
/// transaction: a crash leaves all of them or none.
#[tracing::instrument(skip(conn, new), fields(proposal = new.proposal_id))]
pub async fn add_comment(conn: &DatabaseConnection, new: NewComment<'_>) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let conn = &txn;
    let latest: Vec<DateTime<Utc>> = comment::Entity::find()
        .select_only()
        .column(comment::Column::CreatedAt)
        .filter(comment::Column::AuthorId.eq(new.author_id))
        .order_by_desc(comment::Column::CreatedAt)
        .limit(crate::limits::COMMENTS.max)
        .into_tuple()
        .all(conn)
        .await?;
    crate::limits::COMMENTS.check(&latest, new.now)?;
    let (_, status) = live_proposal(conn, new.proposal_id).await?;
    if !status.takes_comments() {
        return Err(Error::WrongStage);
    }
    let mut parent_author = None;
    if let Some(parent) = new.parent_id {
        let mut depth = 1;
        let mut cursor = Some(parent);
        while let Some(id) = cursor {
            let c = comment::Entity::find_by_id(id)
                .one(conn)
                .await?
                .ok_or(Error::NotFound)?;
            if c.proposal_id != new.proposal_id {
                return Err(Error::NotFound);
            }
            parent_author.get_or_insert(c.author_id);
            depth += 1;
            cursor = c.parent_id;
        }
        if depth > 3 {
            return Err(Error::TooDeep);
        }
    }
    let result = comment::Entity::insert(comment::ActiveModel {
        proposal_id: Set(new.proposal_id),
        parent_id: Set(new.parent_id),
        author_id: Set(new.author_id),
        stance: Set(new.stance.as_str().to_owned()),
        body: Set(new.body.to_owned()),
        created_at: Set(new.now),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    crate::notifications::notify(
        conn,
        parent_author,
        new.author_id,
        NotificationKind::CommentReply,
        crate::notifications::About::Proposal(new.proposal_id),
        new.now,
    )
    .await?;
    crate::recount(conn, new.proposal_id).await?;
    txn.commit().await?;
    Ok(result.last_insert_id)
}

/// A visible comment on a proposal still open for comments.
async fn open_comment(
    conn: &impl ConnectionTrait,
    comment_id: i64,
) -> Result<comment::Model, Error> {
    let c = comment::Entity::find_by_id(comment_id)
        .one(conn)
        .await?
        .ok_or(Error::NotFound)?;
    if c.hidden_reason.is_some() {
        return Err(Error::Hidden);
    }
    let (_, status) = live_proposal(conn, c.proposal_id).await?;
    if !status.takes_comments() {
        return Err(Error::WrongStage);
    }
    Ok(c)
}

/// Up-votes a comment (or takes the up-vote back); returns its proposal.
/// Up-voting twice is one up-vote: the unique index decides.
#[tracing::instrument(skip(conn))]
pub async fn set_upvote(
    conn: &impl ConnectionTrait,
    comment_id: i64,
    user_id: i64,
    up: bool,
) -> Result<i64, Error> {
    let c = open_comment(conn, comment_id).await?;
    if c.author_id == user_id {
        return Err(Error::OwnComment);
    }
    if up {
        comment_upvote::Entity::insert(comment_upvote::ActiveModel {
            comment_id: Set(comment_id),
            user_id: Set(user_id),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                comment_upvote::Column::CommentId,
                comment_upvote::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    } else {
        comment_upvote::Entity::delete_many()
            .filter(comment_upvote::Column::CommentId.eq(comment_id))
            .filter(comment_upvote::Column::UserId.eq(user_id))
            .exec(conn)
            .await?;
    }
    Ok(c.proposal_id)
}

/// Its author rewrites a comment; the page then marks it as edited.
/// Returns its proposal.
#[tracing::instrument(skip(conn, body))]
pub async fn edit_comment(
    conn: &impl ConnectionTrait,
    comment_id: i64,
    author_id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    use sea_orm::sea_query::Expr;
    let c = open_comment(conn, comment_id).await?;
    if c.author_id != author_id {
        return Err(Error::NotYours);
    }
    // A facilitator hiding it meanwhile wins: the edit does not unhide it.
    let edited = comment::Entity::update_many()
        .col_expr(comment::Column::Body, Expr::value(body))
        .col_expr(comment::Column::EditedAt, Expr::value(now))
        .filter(comment::Column::Id.eq(comment_id))
        .filter(comment::Column::HiddenReason.is_null())
        .exec(conn)
        .await?;
    if edited.rows_affected == 0 {
        return Err(Error::Hidden);
    }
    Ok(c.proposal_id)
}

/// Reports a comment to the facilitators, once per person; returns its
/// proposal.
#[tracing::instrument(skip(conn, reason))]
pub async fn report_comment(
    conn: &impl ConnectionTrait,
    comment_id: i64,
    reporter_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let c = comment::Entity::find_by_id(comment_id)
        .one(conn)
        .await?
        .ok_or(Error::NotFound)?;
    if c.hidden_reason.is_some() {
        return Err(Error::Hidden);
    }
    if c.author_id == reporter_id {
        return Err(Error::OwnComment);
    }
    let inserted = comment_report::Entity::insert(comment_report::ActiveModel {
        comment_id: Set(comment_id),
        reporter_id: Set(reporter_id),
        reason: Set(reason.to_owned()),
        created_at: Set(now),
        resolved_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            comment_report::Column::CommentId,
            comment_report::Column::ReporterId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    if inserted == 0 {
        return Err(Error::AlreadyReported);
    }
    Ok(c.proposal_id)
}

/// The comments a user wrote and up-voted on a proposal: what their page
/// offers to edit, and which up-votes are theirs.
pub async fn my_comments(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
    user_id: i64,
) -> Result<(Vec<i64>, Vec<i64>), DbErr> {
    use sea_orm::QuerySelect;
    let written: Vec<i64> = comment::Entity::find()
        .select_only()
        .column(comment::Column::Id)
        .filter(comment::Column::ProposalId.eq(proposal_id))
        .filter(comment::Column::AuthorId.eq(user_id))
        .into_tuple()
        .all(conn)
        .await?;
    let upvoted: Vec<i64> = comment_upvote::Entity::find()
        .select_only()
        .column(comment_upvote::Column::CommentId)
        .filter(comment_upvote::Column::UserId.eq(user_id))
        .filter(
            comment_upvote::Column::CommentId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(comment::Column::Id)
                    .from(comment::Entity)
                    .and_where(comment::Column::ProposalId.eq(proposal_id))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(conn)
        .await?;
    Ok((written, upvoted))
}
