//! Grows the demo to benchmark size: more proposals (copies of the demo's,
//! in every stage, numbered, with the city's referral, answer, commitments
//! and progress reports of their original, so that the accountability
//! board grows with them) and more comments spread over them. Used by
//! `bench/run.sh` through `cargo run -p db --example scale`, never by the
//! product.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};

use crate::entity::{
    city_referral, city_response, comment, commitment, milestone, proposal, proposal_event, user,
};

/// Rows per INSERT: well under SQLite's and PostgreSQL's parameter limits.
const BATCH: usize = 500;

/// Adds proposals and comments until there are `proposals` and `comments`
/// in all; returns how many of each were added.
pub async fn scale(
    conn: &DatabaseConnection,
    proposals: usize,
    comments: usize,
) -> Result<(usize, usize), DbErr> {
    let originals = proposal::Entity::find()
        .order_by_asc(proposal::Column::Id)
        .all(conn)
        .await?;
    if originals.is_empty() {
        return Err(DbErr::Custom("load the demo data first".into()));
    }
    let residents: Vec<i64> = user::Entity::find()
        .filter(user::Column::Email.like("habitant%"))
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let bodies: Vec<comment::Model> = comment::Entity::find()
        .filter(comment::Column::HiddenReason.is_null())
        .all(conn)
        .await?;
    let have_proposals = usize::try_from(proposal::Entity::find().count(conn).await?).unwrap_or(0);
    let have_comments = usize::try_from(comment::Entity::find().count(conn).await?).unwrap_or(0);
    let add_proposals = proposals.saturating_sub(have_proposals);
    let add_comments = comments.saturating_sub(have_comments);

    let txn = crate::write_txn(conn).await?;
    let mut new_ids = Vec::with_capacity(add_proposals);
    for start in (0..add_proposals).step_by(BATCH) {
        let rows: Vec<proposal::ActiveModel> = (start..(start + BATCH).min(add_proposals))
            .map(|k| {
                let p = &originals[k % originals.len()];
                let mut title = format!("{} (copie {})", p.title, k + 1);
                title.truncate(title.floor_char_boundary(200));
                proposal::ActiveModel {
                    theme_id: Set(p.theme_id),
                    origin: Set(p.origin.clone()),
                    status: Set(p.status.clone()),
                    title: Set(title),
                    summary: Set(p.summary.clone()),
                    body: Set(p.body.clone()),
                    body_html: Set(p.body_html.clone()),
                    author_id: Set(residents[k % residents.len()]),
                    created_at: Set(p.created_at - chrono::Duration::minutes(k as i64)),
                    updated_at: Set(p.updated_at - chrono::Duration::minutes(k as i64)),
                    ..Default::default()
                }
            })
            .collect();
        proposal::Entity::insert_many(rows).exec(&txn).await?;
    }
    if add_proposals > 0 {
        new_ids = proposal::Entity::find()
            .order_by_desc(proposal::Column::Id)
            .paginate(&txn, add_proposals as u64)
            .fetch_page(0)
            .await?
            .into_iter()
            .map(|p| (p.id, p.status, p.author_id, p.created_at))
            .collect();
        for chunk in new_ids.chunks(BATCH) {
            let events: Vec<proposal_event::ActiveModel> = chunk
                .iter()
                .map(|(id, status, author, at)| proposal_event::ActiveModel {
                    proposal_id: Set(*id),
                    status: Set(status.clone()),
                    actor_id: Set(*author),
                    at: Set(*at),
                    ..Default::default()
                })
                .collect();
            proposal_event::Entity::insert_many(events)
                .exec(&txn)
                .await?;
        }
        // Copy k is the k-th inserted: ids ascend with k.
        let copies: Vec<(i64, i64)> = new_ids
            .iter()
            .rev()
            .enumerate()
            .map(|(k, (id, ..))| (originals[k % originals.len()].id, *id))
            .collect();
        copy_city_records(&txn, &copies).await?;
    }
    let targets: Vec<i64> = if new_ids.is_empty() {
        originals.iter().map(|p| p.id).collect()
    } else {
        new_ids
            .iter()
            .filter(|(_, status, _, _)| status != "draft")
            .map(|(id, ..)| *id)
            .collect()
    };
    for start in (0..add_comments).step_by(BATCH) {
        let rows: Vec<comment::ActiveModel> = (start..(start + BATCH).min(add_comments))
            .map(|k| {
                let model = &bodies[k % bodies.len()];
                comment::ActiveModel {
                    proposal_id: Set(targets[(k * 7919) % targets.len()]),
                    author_id: Set(residents[(k * 31) % residents.len()]),
                    stance: Set(model.stance.clone()),
                    body: Set(model.body.clone()),
                    created_at: Set(model.created_at + chrono::Duration::minutes(k as i64 % 5000)),
                    ..Default::default()
                }
            })
            .collect();
        comment::Entity::insert_many(rows).exec(&txn).await?;
    }
    crate::recount_all(&txn).await?;
    txn.commit().await?;
    Ok((add_proposals, add_comments))
}

/// Gives each copy (original id, copy id) its original's referral, answer,
/// commitments and progress reports (reports on the whole: the copies'
/// commitments keep their original's progress).
async fn copy_city_records(
    txn: &sea_orm::DatabaseTransaction,
    copies: &[(i64, i64)],
) -> Result<(), DbErr> {
    use std::collections::BTreeMap;
    fn by_proposal<M>(rows: Vec<M>, of: fn(&M) -> i64) -> BTreeMap<i64, Vec<M>> {
        let mut map: BTreeMap<i64, Vec<M>> = BTreeMap::new();
        for row in rows {
            map.entry(of(&row)).or_default().push(row);
        }
        map
    }
    let referrals = by_proposal(city_referral::Entity::find().all(txn).await?, |r| {
        r.proposal_id
    });
    let responses = by_proposal(city_response::Entity::find().all(txn).await?, |r| {
        r.proposal_id
    });
    let promises = by_proposal(commitment::Entity::find().all(txn).await?, |c| {
        c.proposal_id
    });
    let reports = by_proposal(milestone::Entity::find().all(txn).await?, |m| m.proposal_id);
    for chunk in copies.chunks(BATCH / 4) {
        let mut r = vec![];
        let mut a = vec![];
        let mut c = vec![];
        let mut m = vec![];
        for (original, copy) in chunk {
            for x in referrals.get(original).into_iter().flatten() {
                r.push(city_referral::ActiveModel {
                    proposal_id: Set(*copy),
                    department_id: Set(x.department_id),
                    sent_at: Set(x.sent_at),
                    answer_due: Set(x.answer_due),
                });
            }
            for x in responses.get(original).into_iter().flatten() {
                a.push(city_response::ActiveModel {
                    proposal_id: Set(*copy),
                    official_id: Set(x.official_id),
                    verdict: Set(x.verdict.clone()),
                    body: Set(x.body.clone()),
                    created_at: Set(x.created_at),
                    ..Default::default()
                });
            }
            for x in promises.get(original).into_iter().flatten() {
                c.push(commitment::ActiveModel {
                    proposal_id: Set(*copy),
                    title: Set(x.title.clone()),
                    due: Set(x.due),
                    progress: Set(x.progress),
                    done_at: Set(x.done_at),
                    created_by: Set(x.created_by),
                    created_at: Set(x.created_at),
                    ..Default::default()
                });
            }
            for x in reports.get(original).into_iter().flatten() {
                m.push(milestone::ActiveModel {
                    proposal_id: Set(*copy),
                    title: Set(x.title.clone()),
                    progress: Set(x.progress),
                    at: Set(x.at),
                    commitment_id: Set(None),
                    ..Default::default()
                });
            }
        }
        if !r.is_empty() {
            city_referral::Entity::insert_many(r).exec(txn).await?;
        }
        if !a.is_empty() {
            city_response::Entity::insert_many(a).exec(txn).await?;
        }
        if !c.is_empty() {
            commitment::Entity::insert_many(c).exec(txn).await?;
        }
        if !m.is_empty() {
            milestone::Entity::insert_many(m).exec(txn).await?;
        }
    }
    Ok(())
}
