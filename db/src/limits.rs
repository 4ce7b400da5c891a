//! Rate limits shared by every instance on the database: each attempt is a
//! row, counted in a sliding window. Keys are opaque to this module (the
//! web layer passes an HMAC of "sign-in, this address"), so the table holds
//! no address and no e-mail.

use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entity::rate_attempt;

/// The longest window a limit may have: attempts older than this are
/// deleted as others are counted, so the table stays small.
pub const LONGEST_WINDOW: Duration = Duration::days(1);

/// Counts an attempt for `key`, or refuses it with the wait before the
/// next one is allowed, once `max` attempts were made within `window`.
/// One transaction: two instances counting at once cannot both take the
/// last attempt.
pub async fn take(
    conn: &DatabaseConnection,
    key: &str,
    max: u32,
    window: Duration,
    now: DateTime<Utc>,
) -> Result<Result<(), Duration>, DbErr> {
    let window = window.min(LONGEST_WINDOW);
    let txn = crate::write_txn(conn).await?;
    rate_attempt::Entity::delete_many()
        .filter(rate_attempt::Column::At.lte(now - LONGEST_WINDOW))
        .exec(&txn)
        .await?;
    let recent = || {
        rate_attempt::Entity::find()
            .filter(rate_attempt::Column::Key.eq(key))
            .filter(rate_attempt::Column::At.gt(now - window))
    };
    if recent().count(&txn).await? >= u64::from(max) {
        let oldest = recent()
            .order_by_asc(rate_attempt::Column::At)
            .one(&txn)
            .await?
            .map_or(now, |a| a.at);
        return Ok(Err((oldest + window - now).max(Duration::seconds(1))));
    }
    rate_attempt::Entity::insert(rate_attempt::ActiveModel {
        key: Set(key.to_owned()),
        at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Takes back the latest attempt of a key: it succeeded, and a whole
/// network (a library, a workshop behind one address) must not run out of
/// sign-ins because people got their password right.
pub async fn take_back(conn: &DatabaseConnection, key: &str) -> Result<(), DbErr> {
    let latest: Option<i64> = rate_attempt::Entity::find()
        .select_only()
        .column(rate_attempt::Column::Id)
        .filter(rate_attempt::Column::Key.eq(key))
        .order_by_desc(rate_attempt::Column::Id)
        .into_tuple()
        .one(conn)
        .await?;
    if let Some(id) = latest {
        rate_attempt::Entity::delete_by_id(id).exec(conn).await?;
    }
    Ok(())
}

/// Forgets a key's attempts (after a successful sign-in).
pub async fn reset(conn: &DatabaseConnection, key: &str) -> Result<(), DbErr> {
    rate_attempt::Entity::delete_many()
        .filter(rate_attempt::Column::Key.eq(key))
        .exec(conn)
        .await?;
    Ok(())
}

/// What one person may write, counted from what they wrote (so every
/// instance agrees without keeping anything more): each proposal is a
/// permanent ledger entry, and a room of comments is everyone's.
#[derive(Clone, Copy, Debug)]
pub struct PerPerson {
    pub max: u64,
    pub window: Duration,
}

/// Five proposals a day.
pub const PROPOSALS: PerPerson = PerPerson {
    max: 5,
    window: Duration::days(1),
};

/// Twenty comments in ten minutes.
pub const COMMENTS: PerPerson = PerPerson {
    max: 20,
    window: Duration::minutes(10),
};

impl PerPerson {
    /// Refuses with the wait when the author's latest `max` writings
    /// (`times`, newest first) all fall within the window.
    pub(crate) fn check(
        self,
        times: &[DateTime<Utc>],
        now: DateTime<Utc>,
    ) -> Result<(), crate::Error> {
        match times.get(usize::try_from(self.max).unwrap_or(usize::MAX) - 1) {
            Some(&oldest) if oldest > now - self.window => Err(crate::Error::TooMany {
                wait: (oldest + self.window - now).max(Duration::seconds(1)),
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_the_latest_writings_in_the_window() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let ago = |minutes: i64| now - Duration::minutes(minutes);
        let limit = PerPerson {
            max: 3,
            window: Duration::minutes(10),
        };
        assert!(limit.check(&[], now).is_ok());
        assert!(limit.check(&[ago(1), ago(2)], now).is_ok());
        assert!(limit.check(&[ago(1), ago(2), ago(11)], now).is_ok());
        let Err(crate::Error::TooMany { wait }) = limit.check(&[ago(1), ago(2), ago(4)], now)
        else {
            panic!("a fourth in ten minutes is refused");
        };
        assert_eq!(wait, Duration::minutes(6));
    }
}
