//! Realistic demo data, in French, generated deterministically from a fixed
//! seed so that every fresh database looks the same (and screenshots match).
//!
//! Loading is idempotent: a marker row is written in the same transaction as
//! the data, so a second start (or a second process racing the first) loads
//! nothing.

mod content;
pub mod paris;
pub mod scale;

use domain::MembershipStatus;
use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::ledger::payload::{self as entry, Payload};
use domain::{Choice, Origin, ProposalStatus, Stance, census, markdown};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entity::{
    agenda_item, amendment, app_meta, ballot, city_referral, city_response, comment,
    comment_upvote, commitment, department, department_official, draft, draft_version, draw,
    membership, milestone, proposal, proposal_event, proposal_version, sitting, sitting_attendance,
    sitting_reply, support, theme, user, volunteer, vote,
};
use crate::ledger;
use crate::passwords;
pub use content::{DRAFT_LIVE, DRAFT_SAVED, DRAFT_SUGGESTION, DRAFT_TITLE};
use content::{DemoProposal, PROPOSALS};

/// The fixed seed of the demo; changing it changes every demo record.
const SEED: u64 = 2026;
const MARKER: &str = "demo_data";
/// Accounts to try the demo with (e-mail, password): a facilitator, a city
/// official, a sitting member, a resident and a second member. Documented
/// in the README.
pub const DEMO_ACCOUNTS: [(&str, &str); 5] = [
    ("facilitation@demo.kleroterion.fr", "demo-facilitation-2026"),
    ("ville@demo.kleroterion.fr", "demo-ville-2026"),
    ("membre@demo.kleroterion.fr", "demo-membre-2026"),
    ("habitante@demo.kleroterion.fr", "demo-habitante-2026"),
    ("membre2@demo.kleroterion.fr", "demo-membre2-2026"),
];

/// Volunteers in the demo pool, and seats in the demo assembly.
pub const POOL_SIZE: usize = 1000;
pub const SEATS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded {
        users: usize,
        volunteers: usize,
        proposals: usize,
    },
    AlreadyPresent,
}

/// Loads the demo data unless it is already there.
#[tracing::instrument(skip(conn))]
pub async fn load(conn: &DatabaseConnection) -> Result<DemoOutcome, DbErr> {
    let txn = crate::write_txn(conn).await?;
    if app_meta::Entity::find_by_id(MARKER.to_owned())
        .one(&txn)
        .await?
        .is_some()
    {
        return Ok(DemoOutcome::AlreadyPresent);
    }
    // Writing the marker first takes the write lock, so a concurrent loader
    // waits here and then finds the marker.
    app_meta::Entity::insert(app_meta::ActiveModel {
        key: Set(MARKER.to_owned()),
        value: Set(format!("seed={SEED}")),
    })
    .exec(&txn)
    .await?;
    let outcome = Loader::new().run(&txn).await?;
    txn.commit().await?;
    Ok(outcome)
}

struct Loader {
    rng: ChaCha8Rng,
    /// Public events, appended to the ledger in time order once everything
    /// else is in place.
    events: Vec<Event>,
}

struct Event {
    at: DateTime<Utc>,
    payload: Payload,
}

/// The date the demo story is told from: the first cohort sat in January.
fn at(days_after_start: i64, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 15, hour.min(23), 0, 0)
        .single()
        .unwrap_or_default()
        + Duration::days(days_after_start)
}

/// The demo's cohort as drawn: its draw, record, pool and who is who.
struct Cohort<'a> {
    draw_id: i64,
    record: &'a lottery::DrawRecord,
    pool: &'a [paris::Volunteer],
    /// Volunteer and user ids, in pool order.
    volunteer_ids: &'a [i64],
    residents: &'a [i64],
}

struct People {
    facilitator: i64,
    official: i64,
    /// Residents, in volunteer order.
    residents: Vec<i64>,
    /// Members of the sitting assembly.
    members: Vec<i64>,
    /// How each member appears in public: their name if they agreed, else
    /// their member label.
    member_labels: BTreeMap<i64, String>,
    /// The two members one can sign in as (`DEMO_ACCOUNTS`).
    demo_members: [i64; 2],
}

impl Loader {
    fn new() -> Self {
        Loader {
            rng: ChaCha8Rng::seed_from_u64(SEED),
            events: Vec::new(),
        }
    }

    fn record(&mut self, at: DateTime<Utc>, payload: impl Into<Payload>) -> Result<(), DbErr> {
        self.events.push(Event {
            at,
            payload: payload.into(),
        });
        Ok(())
    }

    async fn run(&mut self, txn: &DatabaseTransaction) -> Result<DemoOutcome, DbErr> {
        let theme_ids = insert_themes(txn).await?;
        let pool = demo_pool();
        let people = self.insert_people(txn, &pool).await?;
        let departments = insert_departments(txn, people.official).await?;
        for (index, demo) in PROPOSALS.iter().enumerate() {
            let theme_id = theme_ids
                .iter()
                .find(|(slug, _)| *slug == demo.theme)
                .map(|(_, id)| *id)
                .ok_or_else(|| DbErr::Custom(format!("unknown demo theme {}", demo.theme)))?;
            let department = departments
                .iter()
                .find(|(theme, _)| *theme == demo.theme)
                .map(|(_, d)| d)
                .ok_or_else(|| DbErr::Custom(format!("no department for {}", demo.theme)))?;
            self.insert_proposal(txn, &people, index, demo, (theme_id, department))
                .await?;
        }
        let environment = theme_ids
            .iter()
            .find(|(slug, _)| *slug == "environnement")
            .map(|(_, id)| *id)
            .ok_or_else(|| DbErr::Custom("no environment theme".into()))?;
        insert_draft(txn, &people, environment).await?;
        self.insert_sittings(txn, &people).await?;
        crate::recount_all(txn).await?;
        // Stable: events of the same instant keep the order they happened in.
        self.events.sort_by_key(|e| e.at);
        for e in std::mem::take(&mut self.events) {
            ledger::append(txn, e.at, e.payload).await?;
        }
        // The story's news reached its people when it happened: none of
        // it waits in the outbox of a freshly loaded demo.
        crate::entity::notification::Entity::update_many()
            .col_expr(
                crate::entity::notification::Column::DeliveredAt,
                sea_orm::sea_query::Expr::col(crate::entity::notification::Column::CreatedAt),
            )
            .filter(crate::entity::notification::Column::DeliveredAt.is_null())
            .exec(txn)
            .await?;
        Ok(DemoOutcome::Loaded {
            users: people.residents.len() + 2,
            volunteers: pool.len(),
            proposals: PROPOSALS.len(),
        })
    }

    async fn insert_people(
        &mut self,
        txn: &impl ConnectionTrait,
        pool: &[paris::Volunteer],
    ) -> Result<People, DbErr> {
        let mut users = vec![
            user::ActiveModel {
                is_facilitator: Set(true),
                password_hash: Set(Some(passwords::hash(DEMO_ACCOUNTS[0].1))),
                ..new_user("Camille Laurent (facilitatrice)", DEMO_ACCOUNTS[0].0)
            },
            user::ActiveModel {
                is_city_official: Set(true),
                password_hash: Set(Some(passwords::hash(DEMO_ACCOUNTS[1].1))),
                ..new_user(
                    "Direction de la participation citoyenne",
                    DEMO_ACCOUNTS[1].0,
                )
            },
        ];
        for (i, v) in pool.iter().enumerate() {
            users.push(new_user(
                &v.display_name,
                &format!("habitant{i:04}@demo.kleroterion.fr"),
            ));
        }
        for chunk in users.chunks(300) {
            user::Entity::insert_many(chunk.to_vec()).exec(txn).await?;
        }
        let ids: Vec<i64> = user::Entity::find()
            .filter(user::Column::Email.like("%@demo.kleroterion.fr"))
            .order_by_asc(user::Column::Id)
            .all(txn)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        let (facilitator, official, residents) = match ids.as_slice() {
            [f, o, rest @ ..] if rest.len() == pool.len() => (*f, *o, rest.to_vec()),
            _ => return Err(DbErr::Custom("demo users were not all inserted".into())),
        };

        let draw_id = draw::Entity::insert(draw::ActiveModel {
            title: Set("Assemblée citoyenne de Paris — cohorte 2026-2027".into()),
            seats: Set(i32::try_from(SEATS).unwrap_or(100)),
            term_start: Set(date(2026, 1, 15)),
            term_end: Set(date(2027, 6, 30)),
            status: Set("done".into()),
            created_at: Set(at(-75, 10)),
            ..Default::default()
        })
        .exec(txn)
        .await?
        .last_insert_id;

        // The next cohort's pool is open while the current one sits.
        draw::Entity::insert(draw::ActiveModel {
            title: Set("Assemblée citoyenne de Paris — cohorte 2027-2028".into()),
            seats: Set(i32::try_from(SEATS).unwrap_or(100)),
            term_start: Set(date(2027, 7, 1)),
            term_end: Set(date(2028, 12, 31)),
            status: Set(crate::draws::POOL_OPEN.into()),
            quotas: Set(Some(
                serde_json::to_string(&paris_quotas(u32::try_from(SEATS).unwrap_or(100)))
                    .map_err(|e| DbErr::Custom(e.to_string()))?,
            )),
            objective: Set(Some("maximin".into())),
            created_at: Set(at(300, 10)),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        let volunteers: Vec<volunteer::ActiveModel> = pool
            .iter()
            .zip(&residents)
            .map(|(v, user_id)| volunteer::ActiveModel {
                draw_id: Set(draw_id),
                user_id: Set(Some(*user_id)),
                pseudonym: Set(v.pseudonym.clone()),
                gender: Set(v.gender.into()),
                birth_year: Set(v.birth_year),
                diploma: Set(v.diploma.into()),
                district: Set(v.district.into()),
                weight: Set(1.0),
                consented_at: Set(at(-90 + i64::from(v.birth_year % 20), 12)),
                ..Default::default()
            })
            .collect();
        for chunk in volunteers.chunks(300) {
            volunteer::Entity::insert_many(chunk.to_vec())
                .exec(txn)
                .await?;
        }
        let volunteer_ids: Vec<i64> = volunteer::Entity::find()
            .filter(volunteer::Column::DrawId.eq(draw_id))
            .order_by_asc(volunteer::Column::Id)
            .all(txn)
            .await?
            .into_iter()
            .map(|v| v.id)
            .collect();

        let record = draw_record(pool)?;
        let record_sha256 = crate::draws::store_record(txn, draw_id, &record).await?;
        self.record(
            at(-70, 10),
            entry::DrawCommitment {
                draw: draw_id,
                title: "Assemblée citoyenne de Paris — cohorte 2026-2027".into(),
                seats: record.inputs.k,
                pool_size: pool.len() as u64,
                inputs_hash: record.inputs_hash.clone(),
                engine_version: record.engine_version.clone(),
                commit_until: at(-66, 18).to_rfc3339(),
                reveal_until: at(-62, 18).to_rfc3339(),
                public_value: None,
                public_value_format: None,
                public_value_after: None,
            },
        )?;
        self.record(
            at(-60, 18),
            entry::DrawResult {
                draw: draw_id,
                inputs_hash: record.inputs_hash.clone(),
                seed: record.draw.seed.clone(),
                picked_index: record.draw.index,
                panel: record.draw.panel.clone(),
                record_sha256,
            },
        )?;
        let selected: Vec<usize> = record
            .draw
            .panel
            .iter()
            .filter_map(|pseudonym| pool.iter().position(|v| &v.pseudonym == pseudonym))
            .collect();
        if selected.len() != SEATS {
            return Err(DbErr::Custom(
                "the demo draw did not seat every member".into(),
            ));
        }
        // Labels of their own, never pool pseudonyms (see
        // `census::member_label`), from a generator of their own so that
        // the rest of the demo stays what it was.
        let mut label_rng = ChaCha8Rng::seed_from_u64(SEED ^ 0x4c41_4245_4c53);
        let labels: BTreeMap<usize, String> = selected
            .iter()
            .map(|&i| (i, census::member_label(label_rng.random())))
            .collect();
        let memberships: Vec<membership::ActiveModel> = selected
            .iter()
            .map(|&i| membership::ActiveModel {
                draw_id: Set(draw_id),
                volunteer_id: Set(volunteer_ids[i]),
                user_id: Set(Some(residents[i])),
                status: Set(MembershipStatus::Active.as_str().into()),
                public_name: Set(i % 5 != 0),
                term_start: Set(date(2026, 1, 15)),
                term_end: Set(date(2027, 6, 30)),
                label: Set(labels[&i].clone()),
                ..Default::default()
            })
            .collect();
        membership::Entity::insert_many(memberships)
            .exec(txn)
            .await?;
        // Ready-made accounts to try the product: two sitting members (one
        // amends the other's proposal) and a resident who volunteered but
        // was not drawn.
        let resident = (0..pool.len()).find(|i| !selected.contains(i)).unwrap_or(0);
        for (index, (email, password)) in [
            (selected[0], DEMO_ACCOUNTS[2]),
            (resident, DEMO_ACCOUNTS[3]),
            (selected[1], DEMO_ACCOUNTS[4]),
        ] {
            user::Entity::update(user::ActiveModel {
                id: Set(residents[index]),
                email: Set(Some(email.into())),
                password_hash: Set(Some(passwords::hash(password))),
                age_confirmed_at: Set(Some(at(-120, 9))),
                ..Default::default()
            })
            .exec(txn)
            .await?;
        }
        // Members in the order of their labels: ballots are cast in this
        // order, and the pool order of the record must not show through.
        let mut by_label: Vec<usize> = selected.clone();
        by_label.sort_by(|a, b| labels[a].cmp(&labels[b]));
        // Four members leave during the term (never the demo's own two):
        // they take no part in the story that follows.
        let leavers: Vec<usize> = by_label
            .iter()
            .rev()
            .copied()
            .filter(|i| !selected[..2].contains(i))
            .take(4)
            .collect();
        let cohort = Cohort {
            draw_id,
            record: &record,
            pool,
            volunteer_ids: &volunteer_ids,
            residents: &residents,
        };
        self.insert_departures(txn, &cohort, &leavers, &mut label_rng)
            .await?;
        by_label.retain(|i| !leavers.contains(i));
        let members = by_label.iter().map(|&i| residents[i]).collect();
        let member_labels = selected
            .iter()
            .map(|&i| {
                let public = i % 5 != 0;
                let label = if public {
                    pool[i].display_name.clone()
                } else {
                    labels[&i].clone()
                };
                (residents[i], label)
            })
            .collect();
        Ok(People {
            facilitator,
            official,
            demo_members: [residents[selected[0]], residents[selected[1]]],
            residents,
            members,
            member_labels,
        })
    }

    /// Departures and replacements over the term: four members leave on
    /// 20 February 2026 and the public round announced on 2 March, with the
    /// Loto of Saturday 7 March, draws their replacements, who accept and
    /// sit from 9 March: the assembly sits 100, not quite as drawn.
    async fn insert_departures(
        &mut self,
        txn: &impl ConnectionTrait,
        cohort: &Cohort<'_>,
        leavers: &[usize],
        label_rng: &mut ChaCha8Rng,
    ) -> Result<(), DbErr> {
        membership::Entity::update_many()
            .col_expr(
                membership::Column::Status,
                sea_orm::sea_query::Expr::value(MembershipStatus::Left.as_str()),
            )
            .col_expr(
                membership::Column::LeftOn,
                sea_orm::sea_query::Expr::value(date(2026, 2, 20)),
            )
            .filter(membership::Column::DrawId.eq(cohort.draw_id))
            .filter(
                membership::Column::VolunteerId
                    .is_in(leavers.iter().map(|&i| cohort.volunteer_ids[i])),
            )
            .exec(txn)
            .await?;
        let mut replaced: Vec<String> = leavers
            .iter()
            .map(|&i| cohort.pool[i].pseudonym.clone())
            .collect();
        replaced.sort();
        let announcement = crate::lifecycle::Announcement {
            description: "Loto du samedi 7 mars 2026 (fdj.fr)".into(),
            format: lottery::ceremony::ValueFormat::Loto,
            available_after: at(51, 20),
        };
        let (announced, ran) = (at(46, 10), at(53, 10));
        let (announced_entry, drawn) = crate::lifecycle::past_round(
            txn,
            cohort.draw_id,
            cohort.record,
            &replaced,
            &announcement,
            (announced, ran),
            "4 11 23 35 42 + 7",
        )
        .await
        .map_err(crate::Error::into_db)?;
        self.record(announced, announced_entry)?;
        let mut seated = Vec::new();
        for r in drawn {
            let i = cohort
                .pool
                .iter()
                .position(|v| v.pseudonym == r.replacement)
                .ok_or_else(|| DbErr::Custom("a replacement outside the pool".into()))?;
            seated.push(membership::ActiveModel {
                draw_id: Set(cohort.draw_id),
                volunteer_id: Set(cohort.volunteer_ids[i]),
                user_id: Set(Some(cohort.residents[i])),
                status: Set(MembershipStatus::Active.as_str().into()),
                public_name: Set(i % 5 != 0),
                term_start: Set(ran.date_naive()),
                term_end: Set(date(2027, 6, 30)),
                invited_at: Set(Some(ran)),
                respond_by: Set(Some(ran + Duration::days(14))),
                responded_at: Set(Some(ran + Duration::days(2))),
                label: Set(census::member_label(label_rng.random())),
                ..Default::default()
            });
            self.record(ran, r)?;
        }
        membership::Entity::insert_many(seated).exec(txn).await?;
        Ok(())
    }

    fn pick(&mut self, ids: &[i64]) -> i64 {
        ids[self.rng.random_range(0..ids.len())]
    }

    async fn insert_proposal(
        &mut self,
        txn: &impl ConnectionTrait,
        people: &People,
        index: usize,
        demo: &DemoProposal,
        (theme_id, department): (i64, &department::Model),
    ) -> Result<(), DbErr> {
        use ProposalStatus::*;
        let author = match demo.origin {
            Origin::Assembly => self.pick(&people.members),
            Origin::Citizen => self.pick(&people.residents),
        };
        let path = demo.status.path_from_draft();
        // Each proposal starts on its own day; each step takes one to three weeks.
        let start = i64::try_from(index).unwrap_or(0) * 3 + 10;
        let mut day = start;
        let mut steps = Vec::with_capacity(path.len());
        for status in &path {
            steps.push((*status, day));
            day += self.rng.random_range(7..22);
        }
        let last_day = steps.last().map_or(start, |(_, d)| *d);
        let day_of = |s: ProposalStatus| steps.iter().find(|(st, _)| *st == s).map(|(_, d)| *d);
        // An amendment accepted before the current stage is part of the text.
        let amended = path.contains(&Amendments) && demo.status != Amendments;
        let body = proposal_body(demo, amended);
        let proposal_id = proposal::Entity::insert(proposal::ActiveModel {
            theme_id: Set(theme_id),
            origin: Set(demo.origin.as_str().into()),
            status: Set(demo.status.as_str().into()),
            title: Set(demo.title.into()),
            summary: Set(demo.summary.into()),
            body_html: Set(markdown::render(&body)),
            body: Set(body),
            author_id: Set(author),
            created_at: Set(at(start, 9)),
            updated_at: Set(at(last_day, 17)),
            ..Default::default()
        })
        .exec(txn)
        .await?
        .last_insert_id;

        let events: Vec<proposal_event::ActiveModel> = steps
            .iter()
            .map(|(status, d)| proposal_event::ActiveModel {
                proposal_id: Set(proposal_id),
                status: Set(status.as_str().into()),
                actor_id: Set(match status {
                    Draft => author,
                    CityResponded | InProgress | Implemented | Closed => people.official,
                    _ => people.facilitator,
                }),
                at: Set(at(*d, 11)),
                ..Default::default()
            })
            .collect();
        proposal_event::Entity::insert_many(events)
            .exec(txn)
            .await?;
        // Drafts are private to their authors; every later step is public.
        for (status, d) in steps.iter().filter(|(s, _)| *s != Draft) {
            self.record(
                at(*d, 11),
                entry::StatusChange {
                    proposal: proposal_id,
                    title: demo.title.into(),
                    status: *status,
                },
            )?;
        }
        proposal_version::Entity::insert(proposal_version::ActiveModel {
            proposal_id: Set(proposal_id),
            number: Set(1),
            title: Set(demo.title.into()),
            body: Set(proposal_body(demo, false)),
            amendment_id: Set(None),
            created_at: Set(at(start, 9)),
            ..Default::default()
        })
        .exec(txn)
        .await?;

        if demo.status == Draft {
            return Ok(());
        }
        if demo.origin == Origin::Citizen {
            let supporters = self.rng.random_range(40..260);
            let rows: Vec<support::ActiveModel> = (0..supporters)
                .map(|k| support::ActiveModel {
                    proposal_id: Set(proposal_id),
                    user_id: Set(people.residents[(index * 37 + k * 7) % people.residents.len()]),
                    created_at: Set(at(start + i64::try_from(k % 30).unwrap_or(0), 20)),
                    ..Default::default()
                })
                .collect();
            for chunk in rows.chunks(300) {
                support::Entity::insert_many(chunk.to_vec())
                    .exec(txn)
                    .await?;
            }
        }
        self.insert_comments(txn, people, proposal_id, index, start)
            .await?;
        if let Some(d) = day_of(Amendments) {
            let decided = demo.status != Amendments;
            let amendment_id = amendment::Entity::insert(amendment::ActiveModel {
                proposal_id: Set(proposal_id),
                author_id: Set(self.pick(&people.members)),
                original: Set(demo.measures[0].into()),
                replacement: Set(demo.amended.into()),
                rationale: Set(content::RATIONALES[index % content::RATIONALES.len()].into()),
                status: Set(if decided { "accepted" } else { "pending" }.into()),
                created_at: Set(at(d + 1, 15)),
                decided_at: Set(decided.then(|| at(d + 6, 18))),
                ..Default::default()
            })
            .exec(txn)
            .await?
            .last_insert_id;
            if decided {
                proposal_version::Entity::insert(proposal_version::ActiveModel {
                    proposal_id: Set(proposal_id),
                    number: Set(2),
                    title: Set(demo.title.into()),
                    body: Set(proposal_body(demo, true)),
                    amendment_id: Set(Some(amendment_id)),
                    created_at: Set(at(d + 6, 18)),
                    ..Default::default()
                })
                .exec(txn)
                .await?;
                self.record(
                    at(d + 6, 18),
                    entry::AmendmentAccepted {
                        amendment: amendment_id,
                        proposal: proposal_id,
                        version: 2,
                        original: demo.measures[0].into(),
                        replacement: demo.amended.into(),
                    },
                )?;
            }
        }
        if let Some(d) = day_of(Vote) {
            // The vote closes the morning the proposal moves on.
            let closes = steps
                .iter()
                .skip_while(|(s, _)| *s != Vote)
                .nth(1)
                .map(|(_, day)| *day);
            self.insert_vote(txn, people, proposal_id, index, d, closes)
                .await?;
        }
        if let Some(d) = day_of(SentToCity) {
            // Sent with the default delay; the demo's answers came in time.
            let sent_at = at(d, 11);
            let answer_due =
                domain::paris::answer_due(sent_at, crate::departments::DEFAULT_ANSWER_MONTHS);
            city_referral::Entity::insert(city_referral::ActiveModel {
                proposal_id: Set(proposal_id),
                department_id: Set(department.id),
                sent_at: Set(sent_at),
                answer_due: Set(answer_due),
            })
            .exec_without_returning(txn)
            .await?;
            self.record(
                sent_at,
                entry::CityReferral {
                    proposal: proposal_id,
                    department: department.slug.clone(),
                    answer_due,
                },
            )?;
        }
        if let Some(d) = day_of(CityResponded) {
            let (verdict, text) = match demo.status {
                Closed if index.is_multiple_of(2) => content::RESPONSES[2],
                Closed => content::RESPONSES[1],
                _ => content::RESPONSES[index % 2],
            };
            city_response::Entity::insert(city_response::ActiveModel {
                proposal_id: Set(proposal_id),
                official_id: Set(people.official),
                verdict: Set(verdict.into()),
                body: Set(text.into()),
                created_at: Set(at(d, 10)),
                ..Default::default()
            })
            .exec(txn)
            .await?;
            self.record(
                at(d, 10),
                entry::CityResponse {
                    proposal: proposal_id,
                    verdict: crate::error::stored(
                        domain::CityVerdict::parse(verdict),
                        "verdict",
                        verdict,
                    )?,
                    body: text.into(),
                },
            )?;
        }
        if let Some(d) = day_of(InProgress) {
            let reached = if demo.status == Implemented {
                4
            } else {
                1 + index % 3
            };
            let rows: Vec<milestone::ActiveModel> = content::MILESTONES[..reached]
                .iter()
                .zip(0i64..)
                .map(|((title, progress), k)| milestone::ActiveModel {
                    proposal_id: Set(proposal_id),
                    title: Set((*title).into()),
                    progress: Set(*progress),
                    at: Set(at(d + k * 20, 10)),
                    ..Default::default()
                })
                .collect();
            milestone::Entity::insert_many(rows).exec(txn).await?;
            for ((title, progress), k) in content::MILESTONES[..reached].iter().zip(0i64..) {
                self.record(
                    at(d + k * 20, 10),
                    entry::Milestone {
                        proposal: proposal_id,
                        title: (*title).into(),
                        progress: u8::try_from(*progress).unwrap_or(100),
                        commitment: None,
                    },
                )?;
            }
            let answered = day_of(CityResponded).unwrap_or(d);
            self.insert_commitments(
                txn,
                people,
                proposal_id,
                index,
                (answered, d),
                day_of(Implemented),
            )
            .await?;
        }
        Ok(())
    }

    /// The commitments of a favourable answer (`answered`, then in
    /// progress from `working`): the study, met on time, and the works —
    /// met when the proposal was carried out, else overdue for one
    /// proposal in two and due in 2028 for the others (their officials
    /// will be reminded).
    async fn insert_commitments(
        &mut self,
        txn: &impl ConnectionTrait,
        people: &People,
        proposal_id: i64,
        index: usize,
        (answered, working): (i64, i64),
        implemented: Option<i64>,
    ) -> Result<(), DbErr> {
        let [(study, study_met), (works, works_met)] = content::COMMITMENTS;
        // Due by the end of a Paris day, as an official's commitment is.
        let end_of = |day: i64| domain::paris::end_of(at(day, 12).date_naive());
        let later =
            domain::paris::end_of(chrono::NaiveDate::from_ymd_opt(2028, 6, 30).unwrap_or_default());
        let works_due = match implemented {
            Some(_) => end_of(working + 90),
            None if index.is_multiple_of(2) => end_of(working + 30),
            None => later,
        };
        let works_report = match implemented {
            Some(day) => (works_met, 100, at(day, 9)),
            None => (content::COMMITMENT_UNDER_WAY, 40, at(working + 10, 11)),
        };
        let made = at(answered, 10);
        for (title, due, (report, progress, reported)) in [
            (
                study,
                end_of(answered + 60),
                (study_met, 100, at(working + 5, 11)),
            ),
            (works, works_due, works_report),
        ] {
            let id = commitment::Entity::insert(commitment::ActiveModel {
                proposal_id: Set(proposal_id),
                title: Set(title.into()),
                due: Set(due),
                progress: Set(progress),
                done_at: Set((progress == 100).then_some(reported)),
                created_by: Set(people.official),
                created_at: Set(made),
                ..Default::default()
            })
            .exec(txn)
            .await?
            .last_insert_id;
            milestone::Entity::insert(milestone::ActiveModel {
                proposal_id: Set(proposal_id),
                title: Set(report.into()),
                progress: Set(progress),
                at: Set(reported),
                commitment_id: Set(Some(id)),
                ..Default::default()
            })
            .exec(txn)
            .await?;
            self.record(
                made,
                entry::CityCommitment {
                    proposal: proposal_id,
                    commitment: id,
                    title: title.into(),
                    due,
                },
            )?;
            self.record(
                reported,
                entry::Milestone {
                    proposal: proposal_id,
                    title: report.into(),
                    progress: u8::try_from(progress).unwrap_or(100),
                    commitment: Some(id),
                },
            )?;
            if due == later {
                use domain::schedule::JobKind;
                let kinds = [JobKind::CommitmentDueSoon, JobKind::CommitmentDue];
                crate::jobs::schedule_reminders(txn, kinds, id, due, reported).await?;
            }
        }
        Ok(())
    }

    async fn insert_comments(
        &mut self,
        txn: &impl ConnectionTrait,
        people: &People,
        proposal_id: i64,
        index: usize,
        start: i64,
    ) -> Result<(), DbErr> {
        let count = self.rng.random_range(2..9);
        let mut top_level = Vec::new();
        for k in 0..count {
            let (stance, bank): (Stance, &[&str]) = match self.rng.random_range(0..10) {
                0..=4 => (Stance::For, &content::COMMENTS_FOR),
                5..=7 => (Stance::Against, &content::COMMENTS_AGAINST),
                _ => (Stance::Neutral, &content::COMMENTS_NEUTRAL),
            };
            let hidden = index % 7 == 3 && k == 1;
            let id = comment::Entity::insert(comment::ActiveModel {
                proposal_id: Set(proposal_id),
                author_id: Set(self.pick(&people.residents)),
                stance: Set(stance.as_str().into()),
                body: Set(bank[self.rng.random_range(0..bank.len())].into()),
                hidden_reason: Set(hidden.then(|| content::HIDDEN_REASON.into())),
                created_at: Set(at(start + 1 + i64::from(k), 8 + k)),
                ..Default::default()
            })
            .exec(txn)
            .await?
            .last_insert_id;
            top_level.push(id);
            let upvotes = self.rng.random_range(0..25usize);
            let first = self.rng.random_range(0..people.residents.len());
            let rows: Vec<comment_upvote::ActiveModel> = (0..upvotes)
                .map(|u| comment_upvote::ActiveModel {
                    comment_id: Set(id),
                    user_id: Set(people.residents[(first + u * 13) % people.residents.len()]),
                    ..Default::default()
                })
                .collect();
            if !rows.is_empty() {
                comment_upvote::Entity::insert_many(rows).exec(txn).await?;
            }
        }
        // A short thread under the first comment: a reply, and a reply to it.
        let mut parent = top_level[0];
        for depth in 0..self.rng.random_range(1..3u8) {
            parent = comment::Entity::insert(comment::ActiveModel {
                proposal_id: Set(proposal_id),
                parent_id: Set(Some(parent)),
                author_id: Set(self.pick(&people.members)),
                stance: Set(Stance::Neutral.as_str().into()),
                body: Set(
                    content::REPLIES[(index + usize::from(depth)) % content::REPLIES.len()].into(),
                ),
                created_at: Set(at(start + 12 + i64::from(depth), 19)),
                ..Default::default()
            })
            .exec(txn)
            .await?
            .last_insert_id;
        }
        Ok(())
    }

    async fn insert_vote(
        &mut self,
        txn: &impl ConnectionTrait,
        people: &People,
        proposal_id: i64,
        index: usize,
        day: i64,
        closes: Option<i64>,
    ) -> Result<(), DbErr> {
        let status = PROPOSALS[index].status;
        let two_thirds = index % 4 == 1;
        let majority = if two_thirds {
            domain::Majority::TwoThirds
        } else {
            domain::Majority::Simple
        };
        let secret = index.is_multiple_of(3);
        let eligible = i32::try_from(people.members.len()).unwrap_or(0);
        let vote_id = vote::Entity::insert(vote::ActiveModel {
            proposal_id: Set(proposal_id),
            majority: Set(majority.as_str().into()),
            quorum_percent: Set(50),
            secret: Set(secret),
            eligible: Set(eligible),
            opened_at: Set(at(day, 18)),
            closed_at: Set(closes.map(|d| at(d, 10))),
            ..Default::default()
        })
        .exec(txn)
        .await?
        .last_insert_id;
        self.record(
            at(day, 18),
            entry::VoteOpened {
                vote: vote_id,
                proposal: proposal_id,
                amendment: None,
                majority,
                quorum_percent: 50,
                secret,
                eligible: u32::try_from(eligible).unwrap_or(0),
                closes_at: None,
                sitting: None,
            },
        )?;
        // Share of "pour" among those who vote, so that the tally matches
        // the proposal's recorded outcome.
        let (turnout, pour_share) = match status {
            ProposalStatus::Vote => (45, 60),
            ProposalStatus::Rejected => (82, 35),
            _ if two_thirds => (85, 78),
            _ => (80, 68),
        };
        let mut ballots = Vec::new();
        let mut cast = Vec::new();
        for member in &people.members {
            if self.rng.random_range(0..100) >= turnout {
                continue;
            }
            let roll = self.rng.random_range(0..100);
            let choice = if roll < 8 {
                Choice::Abstain
            } else if roll < 8 + pour_share * 92 / 100 {
                Choice::For
            } else {
                Choice::Against
            };
            ballots.push(ballot::ActiveModel {
                vote_id: Set(vote_id),
                member_id: Set(*member),
                choice: Set(choice.as_str().into()),
                cast_at: Set(at(day + 1, 20)),
                ..Default::default()
            });
            cast.push((*member, choice));
        }
        if secret {
            let tally = domain::Tally::from_ballots(cast.iter().map(|(_, c)| *c));
            crate::votes::seal(txn, vote_id, cast.iter().map(|(member, _)| *member), tally).await?;
        } else {
            ballot::Entity::insert_many(ballots).exec(txn).await?;
        }
        if let Some(close) = closes {
            let rule = domain::VoteRule {
                majority: if two_thirds {
                    domain::Majority::TwoThirds
                } else {
                    domain::Majority::Simple
                },
                quorum_percent: 50,
            };
            let tally = domain::Tally::from_ballots(cast.iter().map(|(_, c)| *c));
            let outcome = tally.outcome(rule, u32::try_from(eligible).unwrap_or(0));
            let ballots = (!secret).then(|| {
                cast.iter()
                    .map(|(member, choice)| entry::NamedBallot {
                        member: people
                            .member_labels
                            .get(member)
                            .cloned()
                            .unwrap_or_default(),
                        choice: choice.as_str().into(),
                    })
                    .collect()
            });
            self.record(
                at(close, 10),
                entry::VoteResult {
                    vote: vote_id,
                    proposal: proposal_id,
                    amendment: None,
                    outcome,
                    tally,
                    eligible: u32::try_from(eligible).unwrap_or(0),
                    present: None,
                    rule,
                    secret,
                    ballots,
                    at_closing_time: false,
                },
            )?;
        }
        Ok(())
    }
}

/// An agenda item of the story: its title, its purpose, its minutes.
type DemoItem = (&'static str, domain::sitting::AgendaPurpose, u32);
/// An agenda item as inserted, with the proposal it takes up.
type NewDemoItem = (String, domain::sitting::AgendaPurpose, u32, Option<i64>);

/// The sittings of the story: one a month or so since the cohort sat, each
/// with its agenda and its steps in the ledger, its minutes approved at the
/// next, the last one's being written (a draft) to approve at the next; and the next one convened two weeks from the day the demo is
/// loaded, so that it is always to come.
const DEMO_SITTINGS: [(i64, [DemoItem; 3]); 5] = {
    use domain::sitting::AgendaPurpose::{Amendments, Debate, FinalVote, Other};
    [
        (
            17,
            [
                (
                    "Installation de l'assemblée et règlement intérieur",
                    Other,
                    60,
                ),
                ("Présentation des thèmes de l'année", Debate, 45),
                ("Élection des rapporteurs", Other, 30),
            ],
        ),
        (
            73,
            [
                (
                    "Approbation du compte rendu de la séance précédente",
                    Other,
                    10,
                ),
                ("Audition de la direction de la voirie", Debate, 60),
                ("Premières propositions citoyennes", Debate, 60),
            ],
        ),
        (
            136,
            [
                (
                    "Approbation du compte rendu de la séance précédente",
                    Other,
                    10,
                ),
                ("Amendements aux propositions en cours", Amendments, 90),
                ("Votes finaux", FinalVote, 60),
            ],
        ),
        (
            227,
            [
                (
                    "Approbation du compte rendu de la séance précédente",
                    Other,
                    10,
                ),
                ("Réponses de la Ville : point d'étape", Debate, 45),
                ("Votes finaux", FinalVote, 60),
            ],
        ),
        (
            297,
            [
                (
                    "Approbation du compte rendu de la séance précédente",
                    Other,
                    10,
                ),
                ("Débat sur les propositions en délibération", Debate, 90),
                ("Calendrier du renouvellement", Other, 20),
            ],
        ),
    ]
};

/// A past sitting's minutes, as the facilitators write them.
fn minutes_text(starts: DateTime<Utc>, titles: &[String]) -> String {
    let day = french_date(domain::paris::local(starts).date());
    let items: String = titles
        .iter()
        .enumerate()
        .map(|(n, t)| {
            format!(
                "## {}. {t}\n\nLe point est présenté par l'équipe d'animation ; \
                 les membres débattent, les interventions sont prises dans l'ordre \
                 de la liste des orateurs.\n\n",
                n + 1
            )
        })
        .collect();
    format!(
        "# Compte rendu de la séance plénière du {day}\n\n\
         La séance est ouverte à 18 h 00 à l'Hôtel de Ville. Le quorum est \
         atteint (voir la feuille de présence publiée avec la séance).\n\n\
         {items}La séance est levée à 21 h 00."
    )
}

/// "17 janvier 2026": minutes are written in the assembly's language.
fn french_date(day: NaiveDate) -> String {
    domain::lang::format_date(day, domain::Lang::Fr)
}

const DEMO_PLACE: &str = "Hôtel de Ville, salle des fêtes, 5 rue de Lobau, Paris 4e";

impl Loader {
    async fn insert_sittings(
        &mut self,
        txn: &DatabaseTransaction,
        people: &People,
    ) -> Result<(), DbErr> {
        use domain::sitting::{AgendaPurpose, SittingState, SittingStep};
        use sea_orm::sea_query::Expr;
        use sha2::Digest;
        let debated: Vec<(i64, String)> = proposal::Entity::find()
            .filter(proposal::Column::Status.is_in([
                ProposalStatus::Deliberation.as_str(),
                ProposalStatus::Amendments.as_str(),
                ProposalStatus::Vote.as_str(),
            ]))
            .order_by_asc(proposal::Column::Id)
            .all(txn)
            .await?
            .into_iter()
            .map(|p| (p.id, p.title))
            .collect();
        let last = DEMO_SITTINGS.len() - 1;
        let mut past: Vec<(i64, DateTime<Utc>, Vec<String>)> = Vec::new();
        for (n, (day, agenda)) in DEMO_SITTINGS.iter().enumerate() {
            // 18:00–21:00 in Paris: 17:00 UTC in winter, 16:00 in summer.
            let starts = domain::paris::to_utc(
                at(*day, 0)
                    .date_naive()
                    .and_hms_opt(18, 0, 0)
                    .unwrap_or_default(),
            )
            .unwrap_or_else(|| at(*day, 17));
            let id = self
                .insert_sitting(
                    txn,
                    people,
                    starts,
                    SittingState::Closed,
                    agenda
                        .iter()
                        .map(|(t, p, m)| ((*t).to_owned(), *p, *m, None))
                        .collect(),
                )
                .await?;
            self.insert_attendance(txn, people, id, starts).await?;
            let titles: Vec<String> = agenda.iter().map(|(t, _, _)| (*t).to_owned()).collect();
            for (step, when) in [
                (SittingStep::Convene, starts - Duration::days(14)),
                (SittingStep::Open, starts),
                (SittingStep::Close, starts + Duration::hours(3)),
            ] {
                self.record(
                    when,
                    entry::SittingStep {
                        sitting: id,
                        step,
                        starts_at: starts.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        place: DEMO_PLACE.into(),
                        agenda: titles.clone(),
                        minutes: None,
                    },
                )?;
            }
            past.push((id, starts, titles));
            if n == last {
                // Its minutes are being written, for the next sitting.
                let (id, starts, titles) = &past[n];
                self.insert_minutes_draft(txn, people, *id, *starts, titles)
                    .await?;
            }
        }
        // Each sitting's minutes approved at the next one, in its first item.
        for pair in past.windows(2) {
            let ((id, starts, titles), (next, next_starts, _)) = (&pair[0], &pair[1]);
            let text = minutes_text(*starts, titles);
            let sha256 = hex::encode(sha2::Sha256::digest(text.as_bytes()));
            let approved_at = *next_starts + Duration::minutes(10);
            sitting::Entity::update_many()
                .col_expr(
                    sitting::Column::State,
                    Expr::value(SittingState::MinutesApproved.as_str()),
                )
                .col_expr(sitting::Column::Minutes, Expr::value(text))
                .col_expr(sitting::Column::MinutesSha256, Expr::value(sha256.clone()))
                .col_expr(sitting::Column::MinutesApprovedIn, Expr::value(*next))
                .col_expr(sitting::Column::MinutesApprovedAt, Expr::value(approved_at))
                .filter(sitting::Column::Id.eq(*id))
                .exec(txn)
                .await?;
            self.record(
                approved_at,
                entry::SittingStep {
                    sitting: *id,
                    step: SittingStep::ApproveMinutes,
                    starts_at: starts.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    place: DEMO_PLACE.into(),
                    agenda: titles.clone(),
                    minutes: Some(entry::MinutesApproval {
                        sha256,
                        approved_in: *next,
                    }),
                },
            )?;
        }
        // The next sitting: convened, its agenda taking up proposals the
        // assembly is working on. The ledger already holds its convocation.
        let now = Utc::now();
        let day = (now + Duration::days(14)).date_naive();
        let starts = domain::paris::to_utc(day.and_hms_opt(18, 0, 0).unwrap_or_default())
            .unwrap_or(now + Duration::days(14));
        let mut agenda = vec![(
            "Approbation du compte rendu de la séance précédente".to_owned(),
            AgendaPurpose::Other,
            10,
            None,
        )];
        for ((id, title), purpose) in debated.iter().zip([
            AgendaPurpose::Debate,
            AgendaPurpose::Amendments,
            AgendaPurpose::FinalVote,
        ]) {
            agenda.push((title.clone(), purpose, 45, Some(*id)));
        }
        let titles = agenda.iter().map(|(t, ..)| t.clone()).collect();
        let id = self
            .insert_sitting(txn, people, starts, SittingState::Convened, agenda)
            .await?;
        // Its members are reminded the day before, as for any convened sitting.
        if let Some(at) = domain::schedule::sitting_reminder_time(now, starts) {
            crate::jobs::schedule(txn, domain::schedule::JobKind::RemindSitting, id, at).await?;
        }
        // Convened today, in the story's time.
        self.record(
            now.min(starts),
            entry::SittingStep {
                sitting: id,
                step: SittingStep::Convene,
                starts_at: starts.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                place: DEMO_PLACE.into(),
                agenda: titles,
                minutes: None,
            },
        )?;
        Ok(())
    }

    /// The last past sitting's minutes, as the facilitator is writing them.
    async fn insert_minutes_draft(
        &mut self,
        txn: &DatabaseTransaction,
        people: &People,
        sitting_id: i64,
        starts: DateTime<Utc>,
        titles: &[String],
    ) -> Result<(), DbErr> {
        let title = format!(
            "Compte rendu de la séance du {}",
            french_date(domain::paris::local(starts).date())
        );
        let theme_id: i64 = crate::entity::theme::Entity::find()
            .order_by_asc(crate::entity::theme::Column::Position)
            .one(txn)
            .await?
            .map(|t| t.id)
            .ok_or_else(|| DbErr::Custom("the demo has no theme".into()))?;
        let written = starts + Duration::days(2);
        let id = crate::drafts::insert(
            txn,
            people.facilitator,
            theme_id,
            &title,
            Some(sitting_id),
            written,
        )
        .await?;
        let live = cowrite::Draft::with_client_id(0x6d69_6e75);
        let update = live.edit(&cowrite::Splice::between("", &minutes_text(starts, titles)));
        crate::drafts::store_update(txn, id, Some(people.facilitator), update, written).await?;
        Ok(())
    }

    /// Who answered and who came to a past sitting: most members, some
    /// excused, a few absent without a word.
    async fn insert_attendance(
        &mut self,
        txn: &DatabaseTransaction,
        people: &People,
        sitting_id: i64,
        starts: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        use domain::sitting::{CheckInWay, ConvocationAnswer};
        let (mut replies, mut present) = (Vec::new(), Vec::new());
        for &user_id in &people.members {
            let roll: u32 = self.rng.random_range(0..100);
            let answer = match roll {
                0..=77 => Some(ConvocationAnswer::Present),
                78..=87 => Some(ConvocationAnswer::Excused),
                88..=91 => Some(ConvocationAnswer::Absent),
                _ => None,
            };
            if let Some(answer) = answer {
                replies.push(sitting_reply::ActiveModel {
                    sitting_id: Set(sitting_id),
                    user_id: Set(user_id),
                    answer: Set(answer.as_str().into()),
                    answered_at: Set(starts - Duration::days(self.rng.random_range(2..12))),
                });
            }
            // Nearly all who said they would come did, and one in three of
            // those who did not answer.
            let came = match answer {
                Some(ConvocationAnswer::Present) => roll < 74,
                None => roll.is_multiple_of(3),
                _ => false,
            };
            if came {
                let by_code = !roll.is_multiple_of(10);
                present.push(sitting_attendance::ActiveModel {
                    sitting_id: Set(sitting_id),
                    user_id: Set(user_id),
                    how: Set(if by_code {
                        CheckInWay::Code
                    } else {
                        CheckInWay::RollCall
                    }
                    .as_str()
                    .into()),
                    at: Set(starts + Duration::minutes(self.rng.random_range(-20..25))),
                    marked_by: Set((!by_code).then_some(people.facilitator)),
                });
            }
        }
        if !replies.is_empty() {
            sitting_reply::Entity::insert_many(replies)
                .exec(txn)
                .await?;
        }
        if !present.is_empty() {
            sitting_attendance::Entity::insert_many(present)
                .exec(txn)
                .await?;
        }
        Ok(())
    }

    async fn insert_sitting(
        &mut self,
        txn: &DatabaseTransaction,
        people: &People,
        starts: DateTime<Utc>,
        state: domain::sitting::SittingState,
        agenda: Vec<NewDemoItem>,
    ) -> Result<i64, DbErr> {
        let id = sitting::Entity::insert(sitting::ActiveModel {
            kind: Set("plenary".into()),
            state: Set(state.as_str().into()),
            starts_at: Set(starts),
            ends_at: Set(starts + Duration::hours(3)),
            place: Set(DEMO_PLACE.into()),
            livestream_url: Set(Some(
                "https://www.paris.fr/pages/conseil-de-paris-en-direct".into(),
            )),
            created_by: Set(Some(people.facilitator)),
            created_at: Set(starts - Duration::days(21)),
            updated_at: Set(starts),
            ..Default::default()
        })
        .exec(txn)
        .await?
        .last_insert_id;
        let rows: Vec<agenda_item::ActiveModel> = agenda
            .into_iter()
            .enumerate()
            .map(
                |(n, (title, purpose, minutes, proposal_id))| agenda_item::ActiveModel {
                    sitting_id: Set(id),
                    position: Set(i32::try_from(n + 1).unwrap_or(i32::MAX)),
                    title: Set(title),
                    minutes: Set(i32::try_from(minutes).unwrap_or(i32::MAX)),
                    purpose: Set(purpose.as_str().into()),
                    proposal_id: Set(proposal_id),
                    ..Default::default()
                },
            )
            .collect();
        agenda_item::Entity::insert_many(rows).exec(txn).await?;
        Ok(id)
    }
}

/// The demo's departments, each with the theme it answers for; the demo
/// official answers for every department that has a theme.
async fn insert_departments(
    txn: &impl ConnectionTrait,
    official: i64,
) -> Result<Vec<(&'static str, department::Model)>, DbErr> {
    let mut made = Vec::new();
    for (theme, fr, en) in content::DEPARTMENTS {
        let slug = domain::accountability::Department::slug_of(fr)
            .ok_or_else(|| DbErr::Custom(format!("no keyword for {fr}")))?;
        let d = department::ActiveModel {
            slug: Set(slug),
            name_fr: Set(fr.into()),
            name_en: Set(en.into()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        if !theme.is_empty() {
            department_official::Entity::insert(department_official::ActiveModel {
                department_id: Set(d.id),
                user_id: Set(official),
            })
            .exec_without_returning(txn)
            .await?;
            made.push((theme, d));
        }
    }
    Ok(made)
}

async fn insert_themes(txn: &impl ConnectionTrait) -> Result<Vec<(&'static str, i64)>, DbErr> {
    let mut ids = Vec::new();
    for (position, (slug, fr, en)) in content::THEMES.iter().enumerate() {
        // The default themes exist already (a migration makes them).
        let existing = theme::Entity::find()
            .filter(theme::Column::Slug.eq(*slug))
            .one(txn)
            .await?;
        let id = match existing {
            Some(t) => t.id,
            None => {
                theme::Entity::insert(theme::ActiveModel {
                    slug: Set((*slug).into()),
                    name_fr: Set((*fr).into()),
                    name_en: Set((*en).into()),
                    position: Set(i32::try_from(position).unwrap_or(0)),
                    ..Default::default()
                })
                .exec(txn)
                .await?
                .last_insert_id
            }
        };
        ids.push((*slug, id));
    }
    Ok(ids)
}

/// A draft being written, so that a member signing in meets live
/// co-writing: the two demo members write it together, a third member's
/// suggestion waits for their answer, and the text has moved on since its
/// saved version 1.
async fn insert_draft(
    txn: &impl ConnectionTrait,
    people: &People,
    theme_id: i64,
) -> Result<(), DbErr> {
    let [owner, co_author] = people.demo_members;
    let suggester = people
        .members
        .iter()
        .copied()
        .find(|m| !people.demo_members.contains(m))
        .ok_or_else(|| DbErr::Custom("the demo assembly has no third member".into()))?;
    let (started, saved, now) = (at(318, 18), at(319, 20), at(321, 9));
    let id = draft::Entity::insert(draft::ActiveModel {
        owner_id: Set(owner),
        theme_id: Set(theme_id),
        title: Set(content::DRAFT_TITLE.into()),
        snapshot: Set(cowrite::Draft::new().snapshot()),
        snapshot_upto: Set(0),
        proposal_id: Set(None),
        created_at: Set(started),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await?
    .last_insert_id;
    for (user_id, added_at) in [(owner, started), (co_author, at(318, 19))] {
        crate::drafts::add_author(txn, id, user_id, added_at).await?;
    }
    // The live text as the editor stores it: one update per author's edit,
    // under a fixed client id so that every demo database is the same.
    let live = cowrite::Draft::with_client_id(0x6465_6d6f);
    let first = live.edit(&cowrite::Splice::between("", content::DRAFT_SAVED));
    let current = live.text();
    let second = live.edit(&cowrite::Splice::between(&current, content::DRAFT_LIVE));
    for (author, data, at) in [(owner, first, saved), (co_author, second, now)] {
        crate::drafts::store_update(txn, id, Some(author), data, at).await?;
    }
    draft_version::Entity::insert(draft_version::ActiveModel {
        draft_id: Set(id),
        number: Set(1),
        body: Set(content::DRAFT_SAVED.into()),
        author_id: Set(Some(owner)),
        created_at: Set(saved),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    let (original, replacement) = content::DRAFT_SUGGESTION;
    crate::drafts::suggest(txn, id, suggester, original, replacement, at(320, 17)).await?;
    Ok(())
}

/// The demo pool, from its own random stream so that it can be regenerated
/// on its own (benchmarks use it as the realistic Paris instance).
pub fn demo_pool() -> Vec<paris::Volunteer> {
    paris::generate_pool(
        &mut ChaCha8Rng::seed_from_u64(SEED ^ 0x706f_6f6c),
        POOL_SIZE,
    )
}

/// The demo's completed draw: the real engine on the demo pool, with the
/// census-based default quotas (±1 seat). The demo seed is derived from the
/// inputs' commitment so that anyone can recompute it; real draws take their
/// seed from a public ceremony instead.
fn draw_record(pool: &[paris::Volunteer]) -> Result<lottery::DrawRecord, DbErr> {
    use sha2::{Digest, Sha256};
    let inputs = draw_inputs(pool);
    let seed: [u8; 32] = Sha256::digest(format!(
        "kleroterion demo draw {}",
        lottery::inputs_hash(&inputs)
    ))
    .into();
    lottery::select(&inputs, &seed, &mut |_| {})
        .map_err(|e| DbErr::Custom(format!("demo draw: {e}")))
}

/// The lottery inputs of a draw on `pool` with the Paris default quotas.
pub fn draw_inputs(pool: &[paris::Volunteer]) -> lottery::Inputs {
    let quotas = paris_quotas(u32::try_from(SEATS).unwrap_or(100));
    let people = pool
        .iter()
        .map(|v| lottery::Person {
            id: v.pseudonym.clone(),
            features: [
                (census::GENDER, v.gender),
                (
                    census::AGE_BAND,
                    census::age_band(v.birth_year, paris::DRAW_YEAR).unwrap_or("75+"),
                ),
                (census::DIPLOMA, v.diploma),
                (census::DISTRICT, v.district),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
            weight: None,
        })
        .collect();
    lottery::Inputs {
        pool: people,
        quotas,
        k: u32::try_from(SEATS).unwrap_or(100),
        // MAXIMIN (the first LEXIMIN stage) solves this 501-profile instance
        // in about a second; full LEXIMIN takes minutes on it today, too long
        // for a first start. Switch back when the engine is fast on it.
        objective: lottery::Objective::Maximin,
    }
}

/// The census-based default quotas for `seats` seats, ±1 seat.
pub fn paris_quotas(seats: u32) -> lottery::Quotas {
    crate::lifecycle::lottery_quotas(&census::paris_default_quotas(seats, 1))
}

fn new_user(name: &str, email: &str) -> user::ActiveModel {
    user::ActiveModel {
        email: Set(Some(email.into())),
        display_name: Set(name.into()),
        lang: Set("fr".into()),
        created_at: Set(at(-120, 9)),
        is_facilitator: Set(false),
        is_city_official: Set(false),
        password_hash: Set(None),
        ..Default::default()
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn proposal_body(p: &DemoProposal, amended: bool) -> String {
    let first = if amended { p.amended } else { p.measures[0] };
    format!(
        "## Constat\n\n{}\n\n## Ce que nous proposons\n\n1. {first}\n2. {}\n3. {}\n\n## Pourquoi\n\n{}\n",
        p.finding, p.measures[1], p.measures[2], p.summary
    )
}
