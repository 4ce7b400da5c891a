//! Notifications in the app: written in the same transaction as the event
//! they announce, so that nobody is told of something that did not happen.

use domain::MembershipStatus;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use domain::{Delivery, NotificationAbout, NotificationKind, NotificationPref, NotificationView};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};

use crate::entity::{
    membership, notification, notification_pref, proposal, sitting, support, user,
};

/// The most recent notifications a page lists.
pub const PAGE: u64 = 50;

/// What a notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum About {
    Proposal(i64),
    Sitting(i64),
}

/// Notifies each of `users` once, except `actor` (nobody is told of their
/// own action), the way each chose for this kind: not at all, in the app,
/// or in the app and waiting for an e-mail or a digest.
pub async fn notify(
    conn: &impl ConnectionTrait,
    users: impl IntoIterator<Item = i64>,
    actor: i64,
    kind: NotificationKind,
    about: About,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (proposal_id, sitting_id) = match about {
        About::Proposal(id) => (Some(id), None),
        About::Sitting(id) => (None, Some(id)),
    };
    let users: BTreeSet<i64> = users.into_iter().filter(|u| *u != actor).collect();
    let chosen = chosen_deliveries(conn, &users, kind).await?;
    // Large audiences (a vote opening for the whole assembly) in a few
    // statements, within every backend's bound on parameters.
    let rows: Vec<notification::ActiveModel> = users
        .into_iter()
        .filter_map(|user_id| {
            let delivery = chosen
                .get(&user_id)
                .copied()
                .unwrap_or(kind.default_delivery());
            delivery.keeps().then(|| notification::ActiveModel {
                user_id: Set(user_id),
                kind: Set(kind.as_str().to_owned()),
                proposal_id: Set(proposal_id),
                sitting_id: Set(sitting_id),
                created_at: Set(now),
                read_at: Set(None),
                delivery: Set(delivery.leaves_the_app().map(|d| d.as_str().to_owned())),
                delivered_at: Set(None),
                ..Default::default()
            })
        })
        .collect();
    for chunk in rows.chunks(500) {
        notification::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Who has a notification of `kind` about `about` that has not reached
/// them yet: waiting for its e-mail or digest, or, in the app only, unread.
/// What it shows is read when it is shown, so a second one would only
/// repeat it.
pub async fn still_waiting(
    conn: &impl ConnectionTrait,
    kind: NotificationKind,
    about: About,
) -> Result<BTreeSet<i64>, DbErr> {
    let subject = match about {
        About::Proposal(id) => notification::Column::ProposalId.eq(id),
        About::Sitting(id) => notification::Column::SittingId.eq(id),
    };
    let waiting = sea_orm::Condition::any()
        .add(
            sea_orm::Condition::all()
                .add(notification::Column::Delivery.is_not_null())
                .add(notification::Column::DeliveredAt.is_null()),
        )
        .add(
            sea_orm::Condition::all()
                .add(notification::Column::Delivery.is_null())
                .add(notification::Column::ReadAt.is_null()),
        );
    Ok(notification::Entity::find()
        .select_only()
        .column(notification::Column::UserId)
        .filter(notification::Column::Kind.eq(kind.as_str()))
        .filter(subject)
        .filter(waiting)
        .into_tuple::<i64>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// What each of `users` chose for `kind` (those who chose nothing are
/// missing), in statements of at most 500 ids.
async fn chosen_deliveries(
    conn: &impl ConnectionTrait,
    users: &BTreeSet<i64>,
    kind: NotificationKind,
) -> Result<BTreeMap<i64, Delivery>, DbErr> {
    let ids: Vec<i64> = users.iter().copied().collect();
    let mut chosen = BTreeMap::new();
    for chunk in ids.chunks(500) {
        let rows = notification_pref::Entity::find()
            .filter(notification_pref::Column::Kind.eq(kind.as_str()))
            .filter(notification_pref::Column::UserId.is_in(chunk.iter().copied()))
            .all(conn)
            .await?;
        for row in rows {
            let delivery = crate::error::stored(
                Delivery::parse(&row.delivery),
                "notification_prefs.delivery",
                &row.delivery,
            )?;
            chosen.insert(row.user_id, delivery);
        }
    }
    Ok(chosen)
}

/// A person's notification settings: every kind, chosen or by default.
pub async fn prefs(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Vec<NotificationPref>, DbErr> {
    let rows = notification_pref::Entity::find()
        .filter(notification_pref::Column::UserId.eq(user_id))
        .all(conn)
        .await?;
    let chosen = rows
        .iter()
        .map(|r| {
            let delivery = crate::error::stored(
                Delivery::parse(&r.delivery),
                "notification_prefs.delivery",
                &r.delivery,
            )?;
            Ok((r.kind.as_str(), delivery))
        })
        .collect::<Result<BTreeMap<&str, Delivery>, DbErr>>()?;
    Ok(NotificationKind::ALL
        .iter()
        .map(|kind| match chosen.get(kind.as_str()) {
            Some(delivery) => NotificationPref {
                kind: *kind,
                delivery: *delivery,
                chosen: true,
            },
            None => NotificationPref {
                kind: *kind,
                delivery: kind.default_delivery(),
                chosen: false,
            },
        })
        .collect())
}

/// Records how a person wants to hear of one kind of event. What is still
/// waiting for an e-mail or a digest follows the new choice: news of a
/// kind someone just stopped never reaches them afterwards.
pub async fn set_pref(
    conn: &DatabaseConnection,
    user_id: i64,
    kind: NotificationKind,
    delivery: Delivery,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = crate::write_txn(conn).await?;
    write_pref(&txn, user_id, kind, delivery, now).await?;
    txn.commit().await
}

async fn write_pref(
    conn: &impl ConnectionTrait,
    user_id: i64,
    kind: NotificationKind,
    delivery: Delivery,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    notification::Entity::update_many()
        .col_expr(
            notification::Column::Delivery,
            Expr::value(delivery.leaves_the_app().map(|d| d.as_str().to_owned())),
        )
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::Kind.eq(kind.as_str()))
        .filter(notification::Column::Delivery.is_not_null())
        .filter(notification::Column::DeliveredAt.is_null())
        .exec(conn)
        .await?;
    notification_pref::Entity::insert(notification_pref::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.as_str().to_owned()),
        delivery: Set(delivery.as_str().to_owned()),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            notification_pref::Column::UserId,
            notification_pref::Column::Kind,
        ])
        .update_columns([
            notification_pref::Column::Delivery,
            notification_pref::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// What an unsubscribe link stops: the e-mails of one kind, or a digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailScope {
    Kind(NotificationKind),
    Digest(Delivery),
}

/// What following an unsubscribe link did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unsubscribed {
    /// Those e-mails stop; the notifications stay in the app.
    Done,
    /// They had stopped already: nothing changed.
    Already,
    /// The person changed these settings after the e-mail was sent; a link
    /// from an older e-mail does not undo their later choice.
    Stale,
}

/// Stops the e-mails `scope` covers for a person (they stay in the app),
/// unless the person changed those settings after `issued_at`, when the
/// e-mail carrying the link was written.
pub async fn unsubscribe(
    conn: &DatabaseConnection,
    user_id: i64,
    scope: MailScope,
    issued_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Unsubscribed, DbErr> {
    let txn = crate::write_txn(conn).await?;
    let chosen_at: HashMap<String, DateTime<Utc>> = notification_pref::Entity::find()
        .filter(notification_pref::Column::UserId.eq(user_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| (p.kind, p.updated_at))
        .collect();
    // The kinds this link's mail is about, as they are set now.
    let concerned: Vec<NotificationKind> = prefs(&txn, user_id)
        .await?
        .into_iter()
        .filter(|p| match scope {
            // Pushes are the device's to stop, not an e-mail's.
            MailScope::Kind(kind) => {
                p.kind == kind
                    && p.delivery
                        .leaves_the_app()
                        .is_some_and(|d| d != Delivery::Push)
            }
            MailScope::Digest(digest) => p.delivery == digest,
        })
        .map(|p| p.kind)
        .collect();
    if concerned.is_empty() {
        return Ok(Unsubscribed::Already);
    }
    // A choice made after the link was sent is the person's latest word.
    // Links carry whole seconds: a choice within the link's second came
    // before it (the mail is written after the choices it follows).
    let to_stop: Vec<NotificationKind> = concerned
        .into_iter()
        .filter(|kind| {
            chosen_at
                .get(kind.as_str())
                .is_none_or(|at| at.timestamp() <= issued_at.timestamp())
        })
        .collect();
    if to_stop.is_empty() {
        return Ok(Unsubscribed::Stale);
    }
    for kind in to_stop {
        write_pref(&txn, user_id, kind, Delivery::App, now).await?;
    }
    txn.commit().await?;
    Ok(Unsubscribed::Done)
}

/// A notification waiting for its e-mail or digest, with what the message
/// needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub id: i64,
    pub user_id: i64,
    pub email: String,
    pub lang: String,
    pub kind: NotificationKind,
    pub about: NotificationAbout,
    pub created_at: DateTime<Utc>,
}

/// Notifications waiting to leave by `delivery`, written before `before`,
/// person by person and oldest first within each (digests group them).
pub async fn pending(
    conn: &impl ConnectionTrait,
    delivery: Delivery,
    before: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Pending>, DbErr> {
    let rows = notification::Entity::find()
        .filter(notification::Column::Delivery.eq(delivery.as_str()))
        .filter(notification::Column::DeliveredAt.is_null())
        .filter(notification::Column::CreatedAt.lte(before))
        .order_by_asc(notification::Column::UserId)
        .order_by_asc(notification::Column::Id)
        .limit(limit)
        .all(conn)
        .await?;
    let users: BTreeSet<i64> = rows.iter().map(|n| n.user_id).collect();
    let people: BTreeMap<i64, (String, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Email)
        .column(user::Column::Lang)
        .filter(user::Column::Id.is_in(users))
        .into_tuple::<(i64, String, String)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(id, email, lang)| (id, (email, lang)))
        .collect();
    let subjects = Subjects::of(conn, &rows).await?;
    Ok(rows
        .into_iter()
        .filter_map(|n| {
            let (email, lang) = people.get(&n.user_id)?.clone();
            Some(Pending {
                id: n.id,
                user_id: n.user_id,
                email,
                lang,
                kind: NotificationKind::parse(&n.kind)?,
                about: subjects.about(&n)?,
                created_at: n.created_at,
            })
        })
        .collect())
}

/// Queues the e-mail that carries `ids` (one notification, or a person's
/// digest) and marks them delivered, in one transaction: false, and
/// nothing queued, when any was delivered already (by another instance),
/// so that nobody gets the same news twice.
pub async fn queue_mail(
    conn: &DatabaseConnection,
    ids: &[i64],
    mail: &crate::accounts::Mail,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = crate::write_txn(conn).await?;
    if !mark_delivered(&txn, ids, now).await? {
        return Ok(false);
    }
    crate::accounts::enqueue_mail(&txn, mail, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// Marks `ids` delivered, in the transaction that queues what carries them:
/// false when any was delivered already (by another instance), and the
/// caller then queues nothing.
pub(crate) async fn mark_delivered(
    txn: &impl ConnectionTrait,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let marked = notification::Entity::update_many()
        .col_expr(notification::Column::DeliveredAt, Expr::value(now))
        .filter(notification::Column::Id.is_in(ids.iter().copied()))
        .filter(notification::Column::DeliveredAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    Ok(marked == ids.len() as u64)
}

/// What some notifications are about, read in two queries whatever
/// their number.
struct Subjects {
    titles: BTreeMap<i64, String>,
    sittings: BTreeMap<i64, sitting::Model>,
}

impl Subjects {
    async fn of(conn: &impl ConnectionTrait, rows: &[notification::Model]) -> Result<Self, DbErr> {
        let proposals: BTreeSet<i64> = rows.iter().filter_map(|n| n.proposal_id).collect();
        let sittings: BTreeSet<i64> = rows.iter().filter_map(|n| n.sitting_id).collect();
        let titles = if proposals.is_empty() {
            BTreeMap::new()
        } else {
            proposal::Entity::find()
                .select_only()
                .column(proposal::Column::Id)
                .column(proposal::Column::Title)
                .filter(proposal::Column::Id.is_in(proposals))
                .into_tuple::<(i64, String)>()
                .all(conn)
                .await?
                .into_iter()
                .collect()
        };
        let sittings = if sittings.is_empty() {
            BTreeMap::new()
        } else {
            sitting::Entity::find()
                .filter(sitting::Column::Id.is_in(sittings))
                .all(conn)
                .await?
                .into_iter()
                .map(|s| (s.id, s))
                .collect()
        };
        Ok(Subjects { titles, sittings })
    }

    /// None for a row about nothing (the table's check forbids it).
    fn about(&self, n: &notification::Model) -> Option<NotificationAbout> {
        match (n.proposal_id, n.sitting_id) {
            (Some(id), _) => Some(NotificationAbout::Proposal {
                id,
                title: self.titles.get(&id).cloned().unwrap_or_default(),
            }),
            (None, Some(id)) => {
                let s = self.sittings.get(&id)?;
                Some(NotificationAbout::Sitting {
                    id,
                    starts_local: domain::paris::local(s.starts_at),
                    ends_local: domain::paris::local(s.ends_at),
                    place: s.place.clone(),
                })
            }
            (None, None) => None,
        }
    }
}

/// Those a proposal's news concerns: its author, the residents who support
/// it, and whoever follows it or its theme.
pub async fn concerned(
    conn: &impl ConnectionTrait,
    proposal: &proposal::Model,
) -> Result<Vec<i64>, DbErr> {
    let mut users: Vec<i64> = support::Entity::find()
        .select_only()
        .column(support::Column::UserId)
        .filter(support::Column::ProposalId.eq(proposal.id))
        .into_tuple()
        .all(conn)
        .await?;
    users.push(proposal.author_id);
    users.extend(crate::follows::followers(conn, proposal).await?);
    Ok(users)
}

/// The members whose term runs on `day`, who had not left by then and who
/// have an account: those who may vote that day, or who sat on a past one.
pub async fn sitting_members(
    conn: &impl ConnectionTrait,
    day: chrono::NaiveDate,
) -> Result<Vec<i64>, DbErr> {
    let users: Vec<Option<i64>> = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .filter(
            Condition::any()
                .add(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
                .add(
                    Condition::all()
                        .add(membership::Column::Status.eq(MembershipStatus::Left.as_str()))
                        .add(membership::Column::LeftOn.gt(day)),
                ),
        )
        .filter(membership::Column::TermStart.lte(day))
        .filter(membership::Column::TermEnd.gte(day))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(users.into_iter().flatten().collect())
}

/// A user's latest notifications, newest first, with what they are about
/// (three queries, whatever the number).
pub async fn list(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Vec<NotificationView>, DbErr> {
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id)
        .limit(PAGE)
        .all(conn)
        .await?;
    let subjects = Subjects::of(conn, &rows).await?;
    Ok(rows
        .into_iter()
        .filter_map(|n| {
            Some(NotificationView {
                id: n.id,
                kind: NotificationKind::parse(&n.kind)?,
                about: subjects.about(&n)?,
                created_at: n.created_at,
                read: n.read_at.is_some(),
            })
        })
        .collect())
}

/// How many notifications a user has not read.
pub async fn unread(conn: &impl ConnectionTrait, user_id: i64) -> Result<u64, DbErr> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(conn)
        .await
}

/// Marks all of a user's notifications read; returns how many were unread.
pub async fn mark_all_read(
    conn: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    Ok(notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(conn)
        .await?
        .rows_affected)
}
