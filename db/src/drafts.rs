//! Drafts written live (issue 7): who may write them, their stored edits
//! and snapshots, saved versions, suggestions, and publication as a
//! proposal. The live document itself is the server's; this module keeps
//! what must survive a crash.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use domain::{
    AmendmentStatus, DraftRole, DraftSummary, DraftVersionView, DraftView, Origin, SuggestionView,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};

use crate::Error;
use crate::entity::{
    draft, draft_author, draft_suggestion, draft_update, draft_version, theme, user,
};

/// Stored updates after which the server folds them into the snapshot.
pub const COMPACT_AFTER: u64 = 500;

/// Who may open a draft, and as what (`DraftRole::of`): a proposal's
/// draft is the sitting members'; a sitting's minutes are the
/// facilitators' to write and the members' to read. An author who leaves
/// the assembly (or whose term ends) keeps their name on the draft, not
/// the pen.
pub async fn role(
    conn: &impl ConnectionTrait,
    draft_id: i64,
    actor: &domain::Actor,
) -> Result<Option<DraftRole>, DbErr> {
    let Some(user_id) = actor.user_id else {
        return Ok(None);
    };
    let Some(d) = draft::Entity::find_by_id(draft_id).one(conn).await? else {
        return Ok(None);
    };
    let co_author = draft_author::Entity::find()
        .filter(draft_author::Column::DraftId.eq(draft_id))
        .filter(draft_author::Column::UserId.eq(user_id))
        .one(conn)
        .await?
        .is_some();
    Ok(DraftRole::of(
        d.sitting_id.is_some(),
        actor,
        d.owner_id == user_id,
        co_author,
    ))
}

/// Whether a draft takes no more edits (`None`: no such draft): a
/// proposal's draft once published, a sitting's minutes once approved.
pub async fn published(conn: &impl ConnectionTrait, draft_id: i64) -> Result<Option<bool>, DbErr> {
    let Some(d) = draft::Entity::find_by_id(draft_id).one(conn).await? else {
        return Ok(None);
    };
    if let Some(sitting_id) = d.sitting_id {
        let approved = crate::entity::sitting::Entity::find_by_id(sitting_id)
            .one(conn)
            .await?
            .is_some_and(|s| s.minutes_sha256.is_some());
        return Ok(Some(approved));
    }
    Ok(Some(d.proposal_id.is_some()))
}

/// Starts a draft; its owner is its first author.
pub async fn create(
    conn: &DatabaseConnection,
    owner_id: i64,
    theme_slug: &str,
    title: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let theme = theme::Entity::find()
        .filter(theme::Column::Slug.eq(theme_slug))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let id = insert(&txn, owner_id, theme.id, title, None, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// Writes a new draft and its owner as first author.
pub(crate) async fn insert(
    txn: &impl ConnectionTrait,
    owner_id: i64,
    theme_id: i64,
    title: &str,
    sitting_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let id = draft::Entity::insert(draft::ActiveModel {
        owner_id: Set(owner_id),
        theme_id: Set(theme_id),
        title: Set(title.to_owned()),
        snapshot: Set(cowrite::Draft::new().snapshot()),
        snapshot_upto: Set(0),
        proposal_id: Set(None),
        sitting_id: Set(sitting_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?
    .last_insert_id;
    draft_author::Entity::insert(draft_author::ActiveModel {
        draft_id: Set(id),
        user_id: Set(owner_id),
        added_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    Ok(id)
}

/// The owner invites a sitting member as co-author (inviting twice is one
/// invitation).
pub async fn add_author(
    conn: &impl ConnectionTrait,
    draft_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    draft_author::Entity::insert(draft_author::ActiveModel {
        draft_id: Set(draft_id),
        user_id: Set(user_id),
        added_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            draft_author::Column::DraftId,
            draft_author::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The stored state of a draft: its snapshot and the updates not folded
/// into it yet, in order, with their ids.
pub struct Stored {
    pub snapshot: Vec<u8>,
    pub updates: Vec<(i64, Vec<u8>)>,
}

impl Stored {
    /// Every stored byte of the draft, snapshot first.
    pub fn parts(&self) -> impl Iterator<Item = &[u8]> {
        std::iter::once(self.snapshot.as_slice())
            .chain(self.updates.iter().map(|(_, u)| u.as_slice()))
    }
}

pub async fn stored(conn: &impl ConnectionTrait, draft_id: i64) -> Result<Option<Stored>, DbErr> {
    let Some(d) = draft::Entity::find_by_id(draft_id).one(conn).await? else {
        return Ok(None);
    };
    // Every row left is one compaction has not folded in (it deletes
    // exactly the rows it folded), whatever order ids were committed in.
    let rows = draft_update::Entity::find()
        .filter(draft_update::Column::DraftId.eq(draft_id))
        .order_by_asc(draft_update::Column::Id)
        .all(conn)
        .await?;
    Ok(Some(Stored {
        snapshot: d.snapshot,
        updates: rows.into_iter().map(|r| (r.id, r.data)).collect(),
    }))
}

/// Stores the edits that arrived while the previous batch was being
/// written, in one transaction (one disk flush for all), and announces
/// them to the other instances as it commits (PostgreSQL); returns their
/// ids, in order.
pub async fn store_updates(
    conn: &DatabaseConnection,
    draft_id: i64,
    edits: &[(Option<i64>, Vec<u8>)],
    instance: u64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, DbErr> {
    let txn = crate::write_txn(conn).await?;
    let mut ids = Vec::with_capacity(edits.len());
    for (author, data) in edits {
        ids.push(store_update(&txn, draft_id, *author, data.clone(), now).await?);
    }
    for payload in crate::relay::payloads(draft_id, &ids, instance) {
        crate::relay::notify(&txn, crate::relay::CHANNEL, &payload).await?;
    }
    txn.commit().await?;
    Ok(ids)
}

/// Stores one edit; returns its id.
pub async fn store_update(
    conn: &impl ConnectionTrait,
    draft_id: i64,
    author_id: Option<i64>,
    data: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    Ok(draft_update::Entity::insert(draft_update::ActiveModel {
        draft_id: Set(draft_id),
        author_id: Set(author_id),
        data: Set(data),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(conn)
    .await?
    .last_insert_id)
}

/// Stored edits of a draft by id, in order (what another instance
/// announced); an edit already folded into the snapshot is missing.
pub async fn updates_by_id(
    conn: &impl ConnectionTrait,
    draft_id: i64,
    ids: &[i64],
) -> Result<Vec<(i64, Vec<u8>)>, DbErr> {
    Ok(draft_update::Entity::find()
        .filter(draft_update::Column::DraftId.eq(draft_id))
        .filter(draft_update::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(draft_update::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.data))
        .collect())
}

/// Folds every stored edit of a draft into a new snapshot made by `fold`
/// from the stored state (`None`: leave everything as it is). One
/// transaction holding the draft's row: two compactions (two instances)
/// never interleave, and exactly the rows folded are deleted; an edit
/// still being written is not read, so it stays.
pub async fn compact(
    conn: &DatabaseConnection,
    draft_id: i64,
    fold: impl FnOnce(&Stored) -> Option<Vec<u8>>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = crate::write_txn(conn).await?;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT id FROM drafts WHERE id = $1 FOR UPDATE",
            [draft_id.into()],
        ))
        .await?;
    }
    let Some(stored) = stored(&txn, draft_id).await? else {
        return Ok(false);
    };
    let folded: Vec<i64> = stored.updates.iter().map(|(id, _)| *id).collect();
    let (Some(&upto), Some(snapshot)) = (folded.iter().max(), fold(&stored)) else {
        return Ok(false);
    };
    draft::Entity::update_many()
        .col_expr(draft::Column::Snapshot, Expr::value(snapshot))
        .col_expr(draft::Column::SnapshotUpto, Expr::value(upto))
        .col_expr(draft::Column::UpdatedAt, Expr::value(now))
        .filter(draft::Column::Id.eq(draft_id))
        .exec(&txn)
        .await?;
    for ids in folded.chunks(500) {
        draft_update::Entity::delete_many()
            .filter(draft_update::Column::DraftId.eq(draft_id))
            .filter(draft_update::Column::Id.is_in(ids.iter().copied()))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// Saves the current text as a numbered version (the history's diffs are
/// between versions). Nothing is saved if the text did not change.
pub async fn save_version(
    conn: &DatabaseConnection,
    draft_id: i64,
    author_id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Option<i32>, DbErr> {
    let txn = crate::write_txn(conn).await?;
    let last = draft_version::Entity::find()
        .filter(draft_version::Column::DraftId.eq(draft_id))
        .order_by_desc(draft_version::Column::Number)
        .one(&txn)
        .await?;
    if last.as_ref().is_some_and(|v| v.body == body) {
        return Ok(None);
    }
    let number = last.map_or(1, |v| v.number + 1);
    draft_version::Entity::insert(draft_version::ActiveModel {
        draft_id: Set(draft_id),
        number: Set(number),
        body: Set(body.to_owned()),
        author_id: Set(Some(author_id)),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    draft::Entity::update_many()
        .col_expr(draft::Column::UpdatedAt, Expr::value(now))
        .filter(draft::Column::Id.eq(draft_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Some(number))
}

/// A member who is not an author suggests replacing a passage.
pub async fn suggest(
    conn: &impl ConnectionTrait,
    draft_id: i64,
    author_id: i64,
    original: &str,
    replacement: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    Ok(
        draft_suggestion::Entity::insert(draft_suggestion::ActiveModel {
            draft_id: Set(draft_id),
            author_id: Set(author_id),
            original: Set(original.to_owned()),
            replacement: Set(replacement.to_owned()),
            status: Set(AmendmentStatus::Pending.as_str().to_owned()),
            decided_by: Set(None),
            created_at: Set(now),
            decided_at: Set(None),
            ..Default::default()
        })
        .exec(conn)
        .await?
        .last_insert_id,
    )
}

/// A pending suggestion: (draft, original, replacement).
pub async fn pending_suggestion(
    conn: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<(i64, String, String)>, DbErr> {
    Ok(draft_suggestion::Entity::find_by_id(id)
        .filter(draft_suggestion::Column::Status.eq(AmendmentStatus::Pending.as_str()))
        .one(conn)
        .await?
        .map(|s| (s.draft_id, s.original, s.replacement)))
}

/// Records an author's decision; refused (false) if it was already decided.
pub async fn decide_suggestion(
    conn: &impl ConnectionTrait,
    id: i64,
    actor_id: i64,
    accept: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let status = if accept {
        AmendmentStatus::Accepted
    } else {
        AmendmentStatus::Rejected
    };
    Ok(draft_suggestion::Entity::update_many()
        .col_expr(
            draft_suggestion::Column::Status,
            Expr::value(status.as_str()),
        )
        .col_expr(draft_suggestion::Column::DecidedBy, Expr::value(actor_id))
        .col_expr(draft_suggestion::Column::DecidedAt, Expr::value(now))
        .filter(draft_suggestion::Column::Id.eq(id))
        .filter(draft_suggestion::Column::Status.eq(AmendmentStatus::Pending.as_str()))
        .exec(conn)
        .await?
        .rows_affected
        == 1)
}

/// Takes back an acceptance whose change could not be made (the passage
/// changed meanwhile): the suggestion is pending again.
pub async fn reopen_suggestion(conn: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    draft_suggestion::Entity::update_many()
        .col_expr(
            draft_suggestion::Column::Status,
            Expr::value(AmendmentStatus::Pending.as_str()),
        )
        .col_expr(
            draft_suggestion::Column::DecidedBy,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            draft_suggestion::Column::DecidedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(draft_suggestion::Column::Id.eq(id))
        .filter(draft_suggestion::Column::Status.eq(AmendmentStatus::Accepted.as_str()))
        .exec(conn)
        .await?;
    Ok(())
}

/// Publishes a draft as an assembly proposal by its owner, with its text
/// as it reads now; the draft then points to it and takes no more edits.
pub async fn publish(
    conn: &DatabaseConnection,
    draft_id: i64,
    summary: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let d = draft::Entity::find_by_id(draft_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    // Minutes never become a proposal.
    if d.proposal_id.is_some() || d.sitting_id.is_some() {
        return Err(Error::WrongStage);
    }
    let theme = theme::Entity::find_by_id(d.theme_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let proposal_id = crate::stage::create_proposal_in(
        &txn,
        crate::stage::NewProposal {
            author_id: d.owner_id,
            origin: Origin::Assembly,
            theme: &theme.slug,
            title: &d.title,
            summary,
            body,
            now,
        },
    )
    .await?;
    let marked = draft::Entity::update_many()
        .col_expr(draft::Column::ProposalId, Expr::value(proposal_id))
        .col_expr(draft::Column::UpdatedAt, Expr::value(now))
        .filter(draft::Column::Id.eq(draft_id))
        .filter(draft::Column::ProposalId.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected == 0 {
        return Err(Error::WrongStage);
    }
    txn.commit().await?;
    Ok(proposal_id)
}

async fn names(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<BTreeMap<i64, String>, DbErr> {
    let ids: BTreeSet<i64> = ids.into_iter().collect();
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// The authors of each draft, owner first, by name.
async fn authors_of(
    conn: &impl ConnectionTrait,
    drafts: &[draft::Model],
) -> Result<BTreeMap<i64, Vec<String>>, DbErr> {
    let rows = draft_author::Entity::find()
        .filter(draft_author::Column::DraftId.is_in(drafts.iter().map(|d| d.id)))
        .order_by_asc(draft_author::Column::Id)
        .all(conn)
        .await?;
    let names = names(conn, rows.iter().map(|r| r.user_id)).await?;
    let mut authors: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in rows {
        authors
            .entry(r.draft_id)
            .or_default()
            .push(names.get(&r.user_id).cloned().unwrap_or_default());
    }
    Ok(authors)
}

fn summary(
    d: &draft::Model,
    themes: &BTreeMap<i64, domain::Theme>,
    authors: &mut BTreeMap<i64, Vec<String>>,
) -> DraftSummary {
    DraftSummary {
        id: d.id,
        title: d.title.clone(),
        theme: themes.get(&d.theme_id).cloned().unwrap_or(domain::Theme {
            slug: String::new(),
            name_fr: String::new(),
            name_en: String::new(),
        }),
        authors: authors.remove(&d.id).unwrap_or_default(),
        updated_at: d.updated_at,
        proposal_id: d.proposal_id,
        minutes_of: d.sitting_id,
    }
}

/// Every proposal's draft, most recently changed first (members see them
/// all; minutes are reached from their sitting).
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<DraftSummary>, DbErr> {
    let drafts = draft::Entity::find()
        .filter(draft::Column::SittingId.is_null())
        .order_by_desc(draft::Column::UpdatedAt)
        .limit(200)
        .all(conn)
        .await?;
    let themes = crate::themes::themes_by_id(conn).await?;
    let mut authors = authors_of(conn, &drafts).await?;
    Ok(drafts
        .iter()
        .map(|d| summary(d, &themes, &mut authors))
        .collect())
}

/// A draft's page for someone with `role` in it.
pub async fn view(
    conn: &impl ConnectionTrait,
    draft_id: i64,
    role: DraftRole,
    day: chrono::NaiveDate,
) -> Result<Option<DraftView>, DbErr> {
    let Some(d) = draft::Entity::find_by_id(draft_id).one(conn).await? else {
        return Ok(None);
    };
    let themes = crate::themes::themes_by_id(conn).await?;
    let mut authors = authors_of(conn, std::slice::from_ref(&d)).await?;
    let suggestions = draft_suggestion::Entity::find()
        .filter(draft_suggestion::Column::DraftId.eq(draft_id))
        .order_by_asc(draft_suggestion::Column::Id)
        .all(conn)
        .await?;
    let versions = draft_version::Entity::find()
        .filter(draft_version::Column::DraftId.eq(draft_id))
        .order_by_asc(draft_version::Column::Number)
        .all(conn)
        .await?;
    let people = names(
        conn,
        suggestions
            .iter()
            .map(|s| s.author_id)
            .chain(versions.iter().filter_map(|v| v.author_id)),
    )
    .await?;
    // Every facilitator writes minutes already: nobody to invite.
    let invitable = if role == DraftRole::Owner && d.sitting_id.is_none() {
        let current: BTreeSet<i64> = draft_author::Entity::find()
            .select_only()
            .column(draft_author::Column::UserId)
            .filter(draft_author::Column::DraftId.eq(draft_id))
            .into_tuple::<i64>()
            .all(conn)
            .await?
            .into_iter()
            .collect();
        let sitting = crate::notifications::sitting_members(conn, day).await?;
        let mut list: Vec<(i64, String)> =
            names(conn, sitting.into_iter().filter(|u| !current.contains(u)))
                .await?
                .into_iter()
                .collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    } else {
        Vec::new()
    };
    let frozen = published(conn, draft_id).await?.unwrap_or(true);
    Ok(Some(DraftView {
        frozen,
        summary: summary(&d, &themes, &mut authors),
        role,
        suggestions: suggestions
            .into_iter()
            .map(|s| SuggestionView {
                id: s.id,
                author: people.get(&s.author_id).cloned().unwrap_or_default(),
                original: s.original,
                replacement: s.replacement,
                status: AmendmentStatus::parse(&s.status).unwrap_or(AmendmentStatus::Pending),
                created_at: s.created_at,
            })
            .collect(),
        versions: versions
            .into_iter()
            .map(|v| DraftVersionView {
                number: v.number,
                author: v
                    .author_id
                    .and_then(|a| people.get(&a).cloned())
                    .unwrap_or_default(),
                body: v.body,
                created_at: v.created_at,
            })
            .collect(),
        invitable,
    }))
}

/// The draft a proposal was published from, if any.
pub async fn draft_of(conn: &impl ConnectionTrait, proposal_id: i64) -> Result<Option<i64>, DbErr> {
    draft::Entity::find()
        .select_only()
        .column(draft::Column::Id)
        .filter(draft::Column::ProposalId.eq(proposal_id))
        .into_tuple::<i64>()
        .one(conn)
        .await
}

/// The names of a published proposal's co-writers, if it came from a
/// draft (shown on the proposal page).
pub async fn writers_of(
    conn: &impl ConnectionTrait,
    proposal_id: i64,
) -> Result<Vec<String>, DbErr> {
    let drafts = draft::Entity::find()
        .filter(draft::Column::ProposalId.eq(proposal_id))
        .all(conn)
        .await?;
    if drafts.is_empty() {
        return Ok(Vec::new());
    }
    Ok(authors_of(conn, &drafts)
        .await?
        .into_values()
        .flatten()
        .collect())
}
