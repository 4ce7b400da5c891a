//! Accounts, roles, sessions, password resets and the mail outbox.
//!
//! Password hashing happens in the server (it is CPU work); this module only
//! stores hashes. Session and reset tokens are stored as SHA-256 hashes.

use chrono::{DateTime, Utc};
use domain::MembershipStatus;
use domain::{Actor, Lang};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    SqlErr, TransactionSession, TransactionTrait,
    sea_query::{Expr, ExprTrait, Func, LikeExpr},
};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::entity::{
    comment, membership, notification, outbox, password_reset, proposal, proposal_follow,
    push_subscription, role_change, session, signup, support, theme_follow, user, volunteer,
};

/// What the interface shows of the signed-in person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub actor: Actor,
    pub display_name: String,
    pub email: String,
    pub lang: Lang,
}

/// One line of the facilitators' user list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub facilitator: bool,
    pub city_official: bool,
    pub created_at: DateTime<Utc>,
}

/// A role a facilitator can grant or revoke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Facilitator,
    CityOfficial,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Facilitator => "facilitator",
            Role::CityOfficial => "city_official",
        }
    }
}

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub lang: Lang,
    pub now: DateTime<Utc>,
}

/// Creates an account; a taken e-mail address is `EmailTaken` (the unique
/// index decides, so two simultaneous sign-ups cannot both win).
#[tracing::instrument(skip_all)]
pub async fn create_account(
    conn: &impl ConnectionTrait,
    new: NewAccount<'_>,
) -> Result<i64, Error> {
    let model = user::ActiveModel {
        email: Set(Some(new.email.to_owned())),
        display_name: Set(new.display_name.to_owned()),
        lang: Set(new.lang.code().to_owned()),
        created_at: Set(new.now),
        password_hash: Set(Some(new.password_hash.to_owned())),
        age_confirmed_at: Set(Some(new.now)),
        ..Default::default()
    };
    match user::Entity::insert(model).exec(conn).await {
        Ok(result) => Ok(result.last_insert_id),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(Error::EmailTaken)
        }
        Err(e) => Err(e.into()),
    }
}

/// The id and password hash of a live account with this e-mail address.
pub async fn login_of(
    conn: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<(i64, String)>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::DeletedAt.is_null())
        .one(conn)
        .await?
        .and_then(|u| Some((u.id, u.password_hash?))))
}

pub async fn password_hash_of(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Option<String>, DbErr> {
    Ok(live_user(conn, user_id)
        .await?
        .and_then(|u| u.password_hash))
}

async fn live_user(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find_by_id(user_id)
        .filter(user::Column::DeletedAt.is_null())
        .one(conn)
        .await
}

/// Who this user is today: roles, and membership if a term is running.
pub async fn me(
    conn: &impl ConnectionTrait,
    user_id: i64,
    today: chrono::NaiveDate,
) -> Result<Option<Me>, DbErr> {
    let Some(u) = live_user(conn, user_id).await? else {
        return Ok(None);
    };
    let member = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Status.eq(MembershipStatus::Active.as_str()))
        .filter(membership::Column::TermStart.lte(today))
        .filter(membership::Column::TermEnd.gte(today))
        .count(conn)
        .await?
        > 0;
    Ok(Some(Me {
        actor: Actor {
            user_id: Some(u.id),
            member,
            facilitator: u.is_facilitator,
            city_official: u.is_city_official,
        },
        display_name: u.display_name,
        email: u.email.unwrap_or_default(),
        lang: Lang::parse(&u.lang).unwrap_or_default(),
    }))
}

pub async fn update_profile(
    conn: &impl ConnectionTrait,
    user_id: i64,
    display_name: &str,
    lang: Lang,
) -> Result<(), Error> {
    let result = user::Entity::update_many()
        .col_expr(user::Column::DisplayName, Expr::value(display_name))
        .col_expr(user::Column::Lang, Expr::value(lang.code()))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::DeletedAt.is_null())
        .exec(conn)
        .await?;
    if result.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Replaces the password and ends every session of the account.
pub async fn set_password(
    conn: &(impl TransactionTrait + ConnectionTrait),
    user_id: i64,
    password_hash: &str,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let result = user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::DeletedAt.is_null())
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

// --- Sessions -------------------------------------------------------------

pub async fn create_session(
    conn: &impl ConnectionTrait,
    user_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    session::ActiveModel {
        token_hash: Set(token_hash.to_owned()),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The user of a live session, if the token is known and not expired.
pub async fn session_user(
    conn: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, DbErr> {
    Ok(session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash))
        .filter(session::Column::ExpiresAt.gt(now))
        .one(conn)
        .await?
        .map(|s| s.user_id))
}

pub async fn delete_session(conn: &impl ConnectionTrait, token_hash: &str) -> Result<(), DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::TokenHash.eq(token_hash))
        .exec(conn)
        .await?;
    Ok(())
}

/// Removes expired sessions, reset tokens and sign-ups never confirmed;
/// returns how many went.
pub async fn purge_expired(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let sessions = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now))
        .exec(conn)
        .await?;
    let resets = password_reset::Entity::delete_many()
        .filter(password_reset::Column::ExpiresAt.lte(now))
        .exec(conn)
        .await?;
    let signups = signup::Entity::delete_many()
        .filter(signup::Column::ExpiresAt.lte(now))
        .exec(conn)
        .await?;
    Ok(sessions.rows_affected + resets.rows_affected + signups.rows_affected)
}

// --- Sign-ups waiting for confirmation ---------------------------------------

/// A sign-up kept until its address is confirmed: nothing exists before.
pub struct PendingSignup<'a> {
    pub token_hash: &'a str,
    pub account: NewAccount<'a>,
    pub expires_at: DateTime<Utc>,
}

pub async fn create_signup(
    conn: &impl ConnectionTrait,
    pending: PendingSignup<'_>,
) -> Result<(), DbErr> {
    let account = pending.account;
    signup::ActiveModel {
        token_hash: Set(pending.token_hash.to_owned()),
        email: Set(account.email.to_owned()),
        display_name: Set(account.display_name.to_owned()),
        password_hash: Set(account.password_hash.to_owned()),
        lang: Set(account.lang.code().to_owned()),
        created_at: Set(account.now),
        expires_at: Set(pending.expires_at),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// What opening a confirmation link did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmation {
    /// The account now exists.
    Created(i64),
    /// The address got an account meanwhile (another sign-up confirmed
    /// first, or an invitation): this one is dropped.
    AddressTaken,
    /// Unknown, already used or expired.
    Invalid,
}

/// Confirms a sign-up once: the account is created from what was kept, and
/// every other waiting sign-up for the same address goes with it.
pub async fn confirm_signup(
    conn: &sea_orm::DatabaseConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Confirmation, Error> {
    let txn = crate::write_txn(conn).await?;
    let Some(pending) = signup::Entity::find()
        .filter(signup::Column::TokenHash.eq(token_hash))
        .filter(signup::Column::ExpiresAt.gt(now))
        .one(&txn)
        .await?
    else {
        return Ok(Confirmation::Invalid);
    };
    // Claimed by deleting it: of two confirmations at once, one deletes it.
    let claimed = signup::Entity::delete_many()
        .filter(signup::Column::Id.eq(pending.id))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(Confirmation::Invalid);
    }
    signup::Entity::delete_many()
        .filter(signup::Column::Email.eq(pending.email.as_str()))
        .exec(&txn)
        .await?;
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(pending.email.as_str()))
        .count(&txn)
        .await?
        > 0;
    if taken {
        txn.commit().await?;
        return Ok(Confirmation::AddressTaken);
    }
    let created = create_account(
        &txn,
        NewAccount {
            email: &pending.email,
            display_name: &pending.display_name,
            password_hash: &pending.password_hash,
            lang: Lang::parse(&pending.lang).unwrap_or_default(),
            now,
        },
    )
    .await;
    match created {
        Ok(user_id) => {
            txn.commit().await?;
            Ok(Confirmation::Created(user_id))
        }
        // Taken between the check and the insert: the transaction is
        // dropped (PostgreSQL has aborted it), the link expires unused.
        Err(Error::EmailTaken) => Ok(Confirmation::AddressTaken),
        Err(e) => Err(e),
    }
}

// --- Password resets --------------------------------------------------------

pub async fn create_reset(
    conn: &impl ConnectionTrait,
    user_id: i64,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    password_reset::ActiveModel {
        token_hash: Set(token_hash.to_owned()),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Uses a reset token once: returns its account if the token is live, and
/// marks it used in the same statement so that it cannot be replayed.
pub async fn consume_reset(
    conn: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, DbErr> {
    let Some(reset) = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(token_hash))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let claimed = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::Id.eq(reset.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok((claimed.rows_affected == 1).then_some(reset.user_id))
}

// --- Outbox -----------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    /// The plain text.
    pub body: String,
    /// The same in HTML, sent as an alternative when present.
    pub html: Option<String>,
    /// A signed one-click unsubscribe address (RFC 8058), for mail a person
    /// may choose not to receive.
    pub unsubscribe: Option<String>,
}

pub async fn enqueue_mail(
    conn: &impl ConnectionTrait,
    mail: &Mail,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    outbox::Entity::insert(outbox::ActiveModel {
        recipient: Set(mail.to.clone()),
        subject: Set(mail.subject.clone()),
        body: Set(mail.body.clone()),
        html: Set(mail.html.clone()),
        unsubscribe: Set(mail.unsubscribe.clone()),
        created_at: Set(now),
        sent_at: Set(None),
        attempts: Set(0),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    Ok(())
}

fn mail_of(m: outbox::Model) -> Mail {
    Mail {
        to: m.recipient,
        subject: m.subject,
        body: m.body,
        html: m.html,
        unsubscribe: m.unsubscribe,
    }
}

/// What a sent message's body becomes in the outbox.
pub const SENT_BODY: &str = "";

/// Failed deliveries after which a message stays in the outbox unsent
/// (the log says why; an operator may resend it).
pub const MAX_MAIL_ATTEMPTS: i32 = 5;

/// Messages waiting for the transport, oldest first.
pub async fn unsent_mail(
    conn: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<(i64, Mail)>, DbErr> {
    use sea_orm::QuerySelect;
    Ok(outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::Attempts.lt(MAX_MAIL_ATTEMPTS))
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, mail_of(m)))
        .collect())
}

/// The transport took a message (`Ok`): its body is erased, since it may
/// carry a one-time link (a password reset, an invitation) that must not
/// outlive its sending in a table many can read; or it refused it: one
/// attempt more.
pub async fn mail_delivered(
    conn: &impl ConnectionTrait,
    id: i64,
    outcome: Result<DateTime<Utc>, ()>,
) -> Result<(), DbErr> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    let update = outbox::Entity::update_many().filter(outbox::Column::Id.eq(id));
    match outcome {
        Ok(at) => update
            .col_expr(outbox::Column::SentAt, Expr::value(at))
            .col_expr(outbox::Column::Body, Expr::value(SENT_BODY))
            .col_expr(outbox::Column::Html, Expr::value(Option::<String>::None)),
        Err(()) => update.col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        ),
    }
    .exec(conn)
    .await?;
    Ok(())
}

/// Mail sent to an address, newest first (development and tests).
pub async fn mail_to(conn: &impl ConnectionTrait, to: &str) -> Result<Vec<Mail>, DbErr> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(to))
        .order_by_desc(outbox::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(mail_of)
        .collect())
}

// --- Roles ------------------------------------------------------------------

/// Grants or revokes a role and records who did it, in one transaction.
/// The assembly always keeps at least one facilitator.
#[tracing::instrument(skip(conn))]
pub async fn set_role(
    conn: &(impl TransactionTrait + ConnectionTrait),
    changed_by: Option<i64>,
    user_id: i64,
    role: Role,
    granted: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let column = match role {
        Role::Facilitator => user::Column::IsFacilitator,
        Role::CityOfficial => user::Column::IsCityOfficial,
    };
    let result = user::Entity::update_many()
        .col_expr(column, Expr::value(granted))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::DeletedAt.is_null())
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    if role == Role::Facilitator && !granted {
        let left = facilitators(&txn, None).await?;
        if left == 0 {
            return Err(Error::LastFacilitator);
        }
    }
    role_change::ActiveModel {
        user_id: Set(user_id),
        changed_by: Set(changed_by),
        role: Set(role.as_str().to_owned()),
        granted: Set(granted),
        at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// How many live accounts are facilitators, leaving out `except`.
async fn facilitators(conn: &impl ConnectionTrait, except: Option<i64>) -> Result<u64, DbErr> {
    let mut select = user::Entity::find()
        .filter(user::Column::IsFacilitator.eq(true))
        .filter(user::Column::DeletedAt.is_null());
    if let Some(id) = except {
        select = select.filter(user::Column::Id.ne(id));
    }
    select.count(conn).await
}

/// Live accounts matching `search` (name or e-mail), 50 per page.
/// Every city official (id, display name), by name.
pub async fn officials(conn: &impl ConnectionTrait) -> Result<Vec<(i64, String)>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::IsCityOfficial.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

pub async fn list_users(
    conn: &impl ConnectionTrait,
    search: Option<&str>,
    page: u64,
) -> Result<(Vec<UserRow>, u64), DbErr> {
    let mut select = user::Entity::find()
        .filter(user::Column::DeletedAt.is_null())
        .filter(user::Column::PasswordHash.is_not_null());
    if let Some(text) = search.filter(|t| !t.is_empty()) {
        let escaped = text
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = LikeExpr::new(format!("%{escaped}%")).escape('\\');
        select = select.filter(
            Expr::expr(Func::lower(Expr::col((
                user::Entity,
                user::Column::DisplayName,
            ))))
            .like(pattern.clone())
            .or(Expr::col((user::Entity, user::Column::Email)).like(pattern)),
        );
    }
    let paginator = select
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .paginate(conn, 50);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page).await?;
    Ok((
        rows.into_iter()
            .map(|u| UserRow {
                id: u.id,
                display_name: u.display_name,
                email: u.email.unwrap_or_default(),
                facilitator: u.is_facilitator,
                city_official: u.is_city_official,
                created_at: u.created_at,
            })
            .collect(),
        total,
    ))
}

// --- Export and deletion ------------------------------------------------------

/// Everything the platform holds about a person, for them to download.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountExport {
    pub email: String,
    pub display_name: String,
    pub lang: String,
    pub created_at: DateTime<Utc>,
    pub facilitator: bool,
    pub city_official: bool,
    pub proposals: Vec<ExportedText>,
    pub comments: Vec<ExportedText>,
    pub supported_proposals: Vec<i64>,
    pub volunteered: Vec<ExportedVolunteer>,
    /// The proposals and themes they follow.
    pub following: domain::Following,
    /// The devices they get push notifications on.
    pub push_devices: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportedText {
    pub id: i64,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportedVolunteer {
    pub draw_id: i64,
    pub pseudonym: String,
    pub gender: String,
    pub birth_year: i32,
    pub diploma: String,
    pub district: String,
}

pub async fn export_account(
    conn: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Option<AccountExport>, DbErr> {
    let Some(u) = live_user(conn, user_id).await? else {
        return Ok(None);
    };
    let proposals = proposal::Entity::find()
        .filter(proposal::Column::AuthorId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| ExportedText {
            id: p.id,
            text: format!("{}\n\n{}", p.title, p.body),
            created_at: p.created_at,
        })
        .collect();
    let comments = comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| ExportedText {
            id: c.id,
            text: c.body,
            created_at: c.created_at,
        })
        .collect();
    let supported_proposals = support::Entity::find()
        .filter(support::Column::UserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| s.proposal_id)
        .collect();
    let volunteered = volunteer::Entity::find()
        .filter(volunteer::Column::UserId.eq(user_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|v| ExportedVolunteer {
            draw_id: v.draw_id,
            pseudonym: v.pseudonym,
            gender: v.gender,
            birth_year: v.birth_year,
            diploma: v.diploma,
            district: v.district,
        })
        .collect();
    Ok(Some(AccountExport {
        email: u.email.unwrap_or_default(),
        display_name: u.display_name,
        lang: u.lang,
        created_at: u.created_at,
        facilitator: u.is_facilitator,
        city_official: u.is_city_official,
        proposals,
        comments,
        supported_proposals,
        volunteered,
        following: crate::follows::following(conn, user_id).await?,
        push_devices: push_subscription::Entity::find()
            .filter(push_subscription::Column::UserId.eq(user_id))
            .count(conn)
            .await? as usize,
    }))
}

/// Erases a person's personal data: their e-mail, name and password, their
/// sessions and links, the mail sent to them and their notifications.
/// Their public contributions stay, shown under "deleted account"; their
/// lottery entries stay as pseudonyms (the published pools must not
/// change), unlinked from the account.
#[tracing::instrument(skip(conn))]
pub async fn delete_account(
    conn: &(impl TransactionTrait + ConnectionTrait),
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let txn = crate::write_txn(conn).await?;
    let u = if let Some(u) = live_user(&txn, user_id).await? {
        if u.is_facilitator {
            let others = facilitators(&txn, Some(user_id)).await?;
            if others == 0 {
                return Err(Error::LastFacilitator);
            }
        }
        u
    } else {
        return Err(Error::NotFound);
    };
    // The mail sent to them, and what they were told: private, and of use
    // to nobody else.
    if let Some(email) = &u.email {
        outbox::Entity::delete_many()
            .filter(outbox::Column::Recipient.eq(email.as_str()))
            .exec(&txn)
            .await?;
    }
    notification::Entity::delete_many()
        .filter(notification::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    // Their devices (with what was queued for them) and what they followed.
    push_subscription::Entity::delete_many()
        .filter(push_subscription::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    proposal_follow::Entity::delete_many()
        .filter(proposal_follow::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    theme_follow::Entity::delete_many()
        .filter(theme_follow::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    user::Entity::update_many()
        .col_expr(user::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(user::Column::DisplayName, Expr::value(""))
        .col_expr(
            user::Column::PasswordHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(user::Column::IsFacilitator, Expr::value(false))
        .col_expr(user::Column::IsCityOfficial, Expr::value(false))
        .col_expr(user::Column::DeletedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    password_reset::Entity::delete_many()
        .filter(password_reset::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    volunteer::Entity::update_many()
        .col_expr(volunteer::Column::UserId, Expr::value(Option::<i64>::None))
        .filter(volunteer::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    membership::Entity::update_many()
        .col_expr(membership::Column::UserId, Expr::value(Option::<i64>::None))
        .filter(membership::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Makes the account of `email` a facilitator, creating it (without a
/// password) if needed. Used by the command line to name the first one.
pub async fn ensure_facilitator(
    conn: &(impl TransactionTrait + ConnectionTrait),
    email: &str,
    display_name: &str,
    now: DateTime<Utc>,
) -> Result<i64, Error> {
    let txn = crate::write_txn(conn).await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::DeletedAt.is_null())
        .one(&txn)
        .await?;
    let user_id = match existing {
        Some(u) => u.id,
        None => {
            user::Entity::insert(user::ActiveModel {
                email: Set(Some(email.to_owned())),
                display_name: Set(display_name.to_owned()),
                lang: Set(Lang::Fr.code().to_owned()),
                created_at: Set(now),
                is_facilitator: Set(false),
                is_city_official: Set(false),
                ..Default::default()
            })
            .exec(&txn)
            .await?
            .last_insert_id
        }
    };
    txn.commit().await?;
    set_role(conn, None, user_id, Role::Facilitator, true, now).await?;
    Ok(user_id)
}
