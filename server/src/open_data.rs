//! Open data at stable URLs: `/api/export` (the index),
//! `/api/export/{dataset}.{json,csv}` and `/feed.atom`.

use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use db::export::{Dataset, Format};
use domain::markup::escape_markup;
use domain::{Lang, LedgerKind, Subject};

/// Every dataset with its two URLs, so that tools can discover them.
pub async fn index(State(state): State<AppState>) -> Response {
    let datasets: Vec<serde_json::Value> = Dataset::ALL
        .iter()
        .map(|d| {
            serde_json::json!({
                "name": d.name(),
                "json": format!("{}/api/export/{}.json", state.public_url, d.name()),
                "csv": format!("{}/api/export/{}.csv", state.public_url, d.name()),
            })
        })
        .collect();
    let body = serde_json::json!({
        "datasets": datasets,
        "ledger_format": ledger::FORMAT,
        "feed": format!("{}/feed.atom", state.public_url),
    });
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// One dataset in one format. Anything else is a 404 naming what exists.
pub async fn dataset(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let parsed = file
        .rsplit_once('.')
        .and_then(|(name, ext)| Some((Dataset::parse(name)?, Format::parse(ext)?)));
    let Some((dataset, format)) = parsed else {
        let names: Vec<&str> = Dataset::ALL.iter().map(|d| d.name()).collect();
        return (
            StatusCode::NOT_FOUND,
            format!(
                "no such dataset; try /api/export/{{name}}.json or .csv with name one of: {}",
                names.join(", ")
            ),
        )
            .into_response();
    };
    match db::export::render(&state.db, dataset, format).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, format.content_type()),
                (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                (header::CACHE_CONTROL, "public, max-age=60"),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, dataset = dataset.name(), "export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// What the feed announces: new proposals reaching the public, decisions,
/// the city's answers and draw results.
const FEED_KINDS: [LedgerKind; 5] = [
    LedgerKind::ProposalStatus,
    LedgerKind::VoteResult,
    LedgerKind::AmendmentAccepted,
    LedgerKind::CityResponse,
    LedgerKind::DrawResult,
];

/// An Atom feed (RFC 4287) of the newest decisions, read from the ledger,
/// so that every item carries the hash that anchors it.
pub async fn feed(State(state): State<AppState>) -> Response {
    let entries = match db::ledger::latest_of(&state.db, &FEED_KINDS, 50).await {
        Ok(entries) => entries,
        Err(e) => {
            tracing::error!(error = %e, "feed failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    (
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        atom(&state.public_url, &entries),
    )
        .into_response()
}

fn atom(base: &str, entries: &[ledger::Entry]) -> String {
    let updated = entries
        .first()
        .map_or("2026-01-01T00:00:00Z", |e| e.at.as_str());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n\
         <title>Assemblée citoyenne de Paris — décisions</title>\n\
         <subtitle>Propositions, votes, réponses de la Ville et tirages, tels qu'inscrits au registre public.</subtitle>\n\
         <id>{base}/feed.atom</id>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/feed.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}/ledger\"/>\n\
         <updated>{}</updated>\n\
         <author><name>Assemblée citoyenne de Paris</name></author>\n",
        escape_markup(updated)
    );
    for e in entries {
        let link = Subject::parse(&e.subject).map_or_else(|| "/ledger".to_owned(), |s| s.page());
        let title = format!(
            "{} — {}",
            app::ledger_text::kind_label(&e.kind, Lang::Fr),
            app::ledger_text::describe(&e.kind, &e.payload, Lang::Fr)
        );
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{base}/ledger#entry-{}</id>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{base}{}\"/>\n\
             <updated>{}</updated>\n<category term=\"{}\"/>\n\
             <summary>Entrée n° {} du registre public, empreinte {}</summary>\n</entry>\n",
            escape_markup(&title),
            e.seq,
            escape_markup(&link),
            escape_markup(&e.at),
            escape_markup(&e.kind),
            e.seq,
            escape_markup(&e.hash),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// An Atom feed (RFC 4287) of what the city owes past its due date,
/// latest first: one entry per late answer and per overdue commitment,
/// updated the instant it became late, so a reader sees each once it is
/// late.
pub async fn late_feed(State(state): State<AppState>) -> Response {
    let now = state.clock.now();
    let items = match state.board.items(&state.db, now).await {
        Ok(items) => items,
        Err(e) => {
            tracing::error!(error = %e, "late feed failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut late: Vec<LateEntry> = vec![];
    for i in items.iter() {
        let department = i
            .department
            .as_ref()
            .map(|d| d.name_fr.clone())
            .unwrap_or_default();
        if let (Some(due), Some(days)) = (i.answer_due, i.days_late) {
            late.push(LateEntry {
                proposal: i.id,
                title: i.title.clone(),
                department: department.clone(),
                became_late: due,
                days,
                commitment: None,
            });
        }
        for o in &i.overdue {
            late.push(LateEntry {
                proposal: i.id,
                title: i.title.clone(),
                department: department.clone(),
                became_late: o.due,
                days: o.days_late,
                commitment: Some((o.commitment, o.title.clone())),
            });
        }
    }
    (
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        late_atom(&state.public_url, late),
    )
        .into_response()
}

/// A late answer, or an overdue commitment (its id and title), as the
/// feed tells it.
struct LateEntry {
    proposal: i64,
    title: String,
    department: String,
    became_late: chrono::DateTime<chrono::Utc>,
    days: i64,
    commitment: Option<(i64, String)>,
}

fn late_atom(base: &str, mut late: Vec<LateEntry>) -> String {
    late.sort_by_key(|item| std::cmp::Reverse(item.became_late));
    let rfc3339 =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let updated = late.first().map_or_else(
        || "2026-01-01T00:00:00Z".to_owned(),
        |e| rfc3339(e.became_late),
    );
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n\
         <title>Assemblée citoyenne de Paris — réponses et engagements de la Ville en retard</title>\n\
         <id>{base}/suivi/retards.atom</id>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/suivi/retards.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}/suivi?statut=late\"/>\n\
         <updated>{updated}</updated>\n\
         <author><name>Assemblée citoyenne de Paris</name></author>\n"
    );
    for e in late {
        let late_by = app::i18n::late_by(e.days, Lang::Fr);
        // An entry's id and link: the proposal's page, at the commitment.
        let (title, id, link, owed) = match &e.commitment {
            None => (
                format!("{} — {late_by}", e.title),
                "late".to_owned(),
                String::new(),
                "Réponse due par",
            ),
            Some((id, what)) => (
                format!("{what} ({}) — {late_by}", e.title),
                format!("commitment-{id}"),
                format!("#commitment-{id}"),
                "Engagement pris par",
            ),
        };
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{base}/proposals/{}#{id}</id>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{base}/proposals/{}{link}\"/>\n\
             <updated>{}</updated>\n\
             <summary>{owed} : {}. En retard depuis le {}.</summary>\n</entry>\n",
            escape_markup(&title),
            e.proposal,
            e.proposal,
            rfc3339(e.became_late),
            escape_markup(&e.department),
            rfc3339(e.became_late),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_titles_is_escaped() {
        let entry = ledger::Entry::seal(
            1,
            "2026-01-15T09:00:00Z".into(),
            "proposal.status".into(),
            "proposal/3".into(),
            r#"{"proposal":3,"title":"<script>alert(1)</script> & co","status":"adopted"}"#.into(),
            ledger::GENESIS.into(),
        );
        let xml = atom("https://a.example", &[entry]);
        assert!(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
        assert!(!xml.contains("<script>"));
        assert!(xml.contains(
            "<link rel=\"alternate\" type=\"text/html\" href=\"https://a.example/proposals/3\"/>"
        ));
        assert_eq!(escape_markup("a\u{1}b"), "ab");
    }
}
