//! Who sits (issue 20): the sitting cohort against the census at its draw
//! and today, through a departure and its replacement; attendance and
//! participation as totals, never a member's own record.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use db::lifecycle::{self, Announcement};
use db::testing::{TestDb, scalar};
use domain::composition::Composition;
use lottery::ceremony::ValueFormat;

const LOTO: &str = "23 4 16 8 15 - chance 7";

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// The seats of `feature` = `value` today.
fn today_of(c: &Composition, feature: &str, value: &str) -> u32 {
    c.categories
        .iter()
        .find(|k| k.feature == feature)
        .and_then(|k| k.rows.iter().find(|r| r.value == value))
        .map(|r| r.today)
        .unwrap()
}

/// The composition at noon (Paris) on `today`, as kept by `cache`, checked
/// against a fresh read: what a crowd is served is what the database says.
async fn kept(
    cache: &db::composition::Cache,
    conn: &db::DatabaseConnection,
    today: &str,
) -> Option<Composition> {
    let now = utc(&format!("{today}T11:00:00Z"));
    let served = cache.composition(conn, now).await.unwrap();
    let fresh = db::composition::composition(conn, day(today))
        .await
        .unwrap();
    assert_eq!(*served, fresh, "on {today}");
    fresh
}

#[tokio::test]
async fn the_cohort_against_the_census_at_its_draw_and_today() {
    for db in TestDb::all().await {
        // One kept composition for the whole story: it must follow every
        // write and the day.
        let cache = db::composition::Cache::default();
        // Before any draw: nothing sits.
        assert_eq!(kept(&cache, &db.conn, "2026-12-07").await, None);
        db::demo::load(&db.conn).await.unwrap();
        let c = kept(&cache, &db.conn, "2026-12-07").await.unwrap();
        // The demo's term: four members left and were replaced in one
        // public round.
        assert_eq!((c.seats, c.sitting, c.empty), (100, 100, 0));
        assert_eq!(
            c.rounds
                .iter()
                .map(|r| (r.round, r.replaced))
                .collect::<Vec<_>>(),
            [(1, 4)]
        );
        // The four census features, each summing to the seats, at the draw
        // and today, within the draw's ranges, around their targets.
        assert_eq!(
            c.categories
                .iter()
                .map(|k| k.feature.as_str())
                .collect::<Vec<_>>(),
            ["gender", "age_band", "diploma", "district"]
        );
        for k in &c.categories {
            assert_eq!(k.rows.iter().map(|r| r.at_draw).sum::<u32>(), 100);
            assert_eq!(k.rows.iter().map(|r| r.today).sum::<u32>(), 100);
            let targets: f64 = k.rows.iter().filter_map(|r| r.target).sum();
            assert!((targets - 100.0).abs() < 1e-6, "{}: {targets}", k.feature);
            assert!(
                k.rows
                    .iter()
                    .all(|r| r.min <= r.at_draw && r.at_draw <= r.max)
            );
            // Four left and four came: at most eight seats moved, in pairs.
            let moved: u32 = k.rows.iter().map(|r| r.at_draw.abs_diff(r.today)).sum();
            assert!(
                moved <= 8 && moved.is_multiple_of(2),
                "{}: {moved}",
                k.feature
            );
        }
        // Sittings held and votes closed, as totals within their bounds.
        assert!(!c.sittings.is_empty());
        assert!(c.sittings.iter().all(|s| s.present <= s.seated));
        // The four who left on 20 February sat before it: the hundred drawn
        // were seated at every sitting until then.
        let before_departures: Vec<_> = c
            .sittings
            .iter()
            .filter(|s| s.day < day("2026-02-20"))
            .collect();
        assert!(!before_departures.is_empty());
        assert!(before_departures.iter().all(|s| s.seated == 100));
        assert!(!c.votes.is_empty());
        assert!(
            c.votes
                .iter()
                .all(|v| v.cast <= v.eligible && v.eligible > 0)
        );
        // Counts only: no pool pseudonym, member label or name in it.
        let published = serde_json::to_string(&c).unwrap();
        let member =
            scalar::<i64>(&db.conn, "SELECT id FROM memberships ORDER BY id LIMIT 1").await;
        for sql in [
            format!(
                "SELECT pseudonym FROM volunteers v JOIN memberships m ON m.volunteer_id = v.id WHERE m.id = {member}"
            ),
            format!("SELECT label FROM memberships WHERE id = {member}"),
        ] {
            let text = scalar::<String>(&db.conn, &sql).await;
            assert!(!published.contains(&text), "{text} is published");
        }

        // A member who came to past sittings leaves: one seat empty today,
        // the draw unchanged, and the past sittings as they were.
        let draw = c.draw_id;
        let leaver = scalar::<i64>(
            &db.conn,
            "SELECT user_id FROM memberships m WHERE status = 'active' AND public_name = false \
             AND EXISTS (SELECT 1 FROM sitting_attendance a WHERE a.user_id = m.user_id) \
             ORDER BY id LIMIT 1",
        )
        .await;
        let gender = scalar::<String>(
            &db.conn,
            &format!("SELECT v.gender FROM volunteers v JOIN memberships m ON m.volunteer_id = v.id WHERE m.user_id = {leaver} AND m.draw_id = {draw}"),
        )
        .await;
        let before = today_of(&c, "gender", &gender);
        lifecycle::leave(&db.conn, draw, leaver, utc("2026-12-07T09:00:00Z"))
            .await
            .unwrap();
        let left = kept(&cache, &db.conn, "2026-12-07").await.unwrap();
        assert_eq!((left.sitting, left.empty), (99, 1));
        assert_eq!(left.sittings, c.sittings);
        assert_eq!(today_of(&left, "gender", &gender), before - 1);
        for (k, was) in left.categories.iter().zip(&c.categories) {
            assert_eq!(k.rows.iter().map(|r| r.at_draw).sum::<u32>(), 100);
            assert_eq!(
                k.rows.iter().map(|r| r.at_draw).collect::<Vec<_>>(),
                was.rows.iter().map(|r| r.at_draw).collect::<Vec<_>>()
            );
            assert_eq!(k.rows.iter().map(|r| r.today).sum::<u32>(), 99);
        }

        // A second public round replaces them; the newcomer sits once they
        // accept.
        let announced_at = utc("2026-12-07T10:00:00Z");
        let drawn_at = announced_at + Duration::days(3);
        lifecycle::announce_replacement_round(
            &db.conn,
            draw,
            &Announcement {
                description: "Loto du 10 décembre 2026, fdj.fr".into(),
                format: ValueFormat::Loto,
                available_after: drawn_at,
            },
            announced_at,
        )
        .await
        .unwrap();
        let pairs = lifecycle::replacement_round(&db.conn, draw, LOTO, drawn_at)
            .await
            .unwrap();
        assert_eq!(pairs.len(), 1);
        let newcomer = scalar::<i64>(
            &db.conn,
            &format!(
                "SELECT user_id FROM memberships WHERE status = 'invited' AND draw_id = {draw}"
            ),
        )
        .await;
        lifecycle::respond(
            &db.conn,
            draw,
            newcomer,
            true,
            false,
            drawn_at + Duration::days(1),
        )
        .await
        .unwrap();
        let replaced = kept(&cache, &db.conn, "2026-12-12").await.unwrap();
        assert_eq!((replaced.sitting, replaced.empty), (100, 0));
        assert_eq!(
            replaced
                .rounds
                .iter()
                .map(|r| (r.round, r.replaced))
                .collect::<Vec<_>>(),
            [(1, 4), (2, 1)]
        );
        assert_eq!(replaced.rounds[1].at, drawn_at);
        for k in &replaced.categories {
            assert_eq!(k.rows.iter().map(|r| r.today).sum::<u32>(), 100);
            // The replacement keeps the draw's quotas.
            assert!(k.rows.iter().all(|r| !r.outside()), "{}", k.feature);
        }
        db.remove().await;
    }
}

#[tokio::test]
async fn the_kept_composition_follows_attendance_and_titles_and_nothing_else() {
    use sea_orm::ConnectionTrait;
    use std::sync::Arc;
    for db in TestDb::all().await {
        db::demo::load(&db.conn).await.unwrap();
        let cache = db::composition::Cache::default();
        let now = utc("2026-12-07T11:00:00Z");
        let first = cache.composition(&db.conn, now).await.unwrap();
        // Supports and comments are not in it: it is not read again.
        db.conn
            .execute_unprepared("UPDATE proposals SET supports_count = supports_count + 1, comments_count = comments_count + 1")
            .await
            .unwrap();
        let again = cache.composition(&db.conn, now).await.unwrap();
        assert!(Arc::ptr_eq(&first, &again), "kept");

        // A presence struck out, a title amended, straight in the tables:
        // seen at once.
        let c = (*first).clone().unwrap();
        let (sitting, vote) = (&c.sittings[0], &c.votes[0]);
        db.conn
            .execute_unprepared(&format!(
                "DELETE FROM sitting_attendance WHERE sitting_id = {} AND user_id = \
                 (SELECT MIN(user_id) FROM sitting_attendance WHERE sitting_id = {})",
                sitting.id, sitting.id
            ))
            .await
            .unwrap();
        db.conn
            .execute_unprepared(&format!(
                "UPDATE proposals SET title = 'Un titre amendé' WHERE id = {}",
                vote.proposal_id
            ))
            .await
            .unwrap();
        let after = kept(&cache, &db.conn, "2026-12-07").await.unwrap();
        assert_eq!(after.sittings[0].present, sitting.present - 1);
        assert_eq!(after.votes[0].title, "Un titre amendé");
        // The next Paris day is read again, and so is an earlier one.
        let next_day = cache
            .composition(&db.conn, utc("2026-12-07T23:00:00Z"))
            .await
            .unwrap();
        let today = cache.composition(&db.conn, now).await.unwrap();
        assert!(!Arc::ptr_eq(&next_day, &today));
        db.remove().await;
    }
}
