//! Ledger entries in words, for the `/ledger` page and the Atom feed. The
//! entry itself stays the hashed JSON; this is only how people read it.

use domain::{CityVerdict, Lang, LedgerKind, Outcome, ProposalStatus};
use serde_json::Value;

use crate::i18n::{outcome_label, status_label, verdict_label};

fn pick(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

pub fn kind_label(kind: &str, lang: Lang) -> &'static str {
    use LedgerKind::*;
    let Some(kind) = LedgerKind::parse(kind) else {
        return pick(lang, "Entrée", "Entry");
    };
    match kind {
        DrawCommitment => pick(lang, "Engagement du tirage", "Draw commitment"),
        SeedReveal => pick(lang, "Révélation d'un secret", "Seed reveal"),
        DrawResult => pick(lang, "Résultat du tirage", "Draw result"),
        Replacement => pick(lang, "Remplacement", "Replacement"),
        VoteOpened => pick(lang, "Ouverture d'un vote", "Vote opened"),
        VoteResult => pick(lang, "Résultat d'un vote", "Vote result"),
        AmendmentAccepted => pick(lang, "Amendement accepté", "Amendment accepted"),
        ProposalStatus => pick(lang, "Étape d'une proposition", "Proposal stage"),
        CityResponse => pick(lang, "Réponse de la Ville", "City response"),
        Milestone => pick(lang, "Suivi de la réalisation", "Progress update"),
        CommentHidden => pick(lang, "Commentaire masqué", "Comment hidden"),
    }
}

fn text<'a>(payload: &'a Value, key: &str) -> &'a str {
    payload.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn number(payload: &Value, key: &str) -> u64 {
    payload.get(key).and_then(Value::as_u64).unwrap_or_default()
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// " (amendment #n)" when a vote is on a contested amendment.
fn on_amendment(payload: &Value, lang: Lang) -> String {
    match payload.get("amendment").and_then(Value::as_u64) {
        Some(n) => format!(" ({}{n})", pick(lang, "amendement n° ", "amendment #")),
        None => String::new(),
    }
}

/// One sentence saying what the entry records.
pub fn describe(kind: &str, payload: &str, lang: Lang) -> String {
    let Ok(p) = serde_json::from_str::<Value>(payload) else {
        return String::new();
    };
    let fr = lang == Lang::Fr;
    match LedgerKind::parse(kind) {
        Some(LedgerKind::ProposalStatus) => {
            let status =
                ProposalStatus::parse(text(&p, "status")).map_or("", |s| status_label(s, lang));
            format!("« {} » : {status}", text(&p, "title"))
        }
        Some(LedgerKind::VoteOpened) => {
            let secret = p.get("secret").and_then(Value::as_bool).unwrap_or(false);
            let ballot = match (secret, fr) {
                (true, true) => "bulletin secret",
                (true, false) => "secret ballot",
                (false, true) => "vote nominatif",
                (false, false) => "named vote",
            };
            let majority = match (text(&p, "majority"), fr) {
                ("two_thirds", true) => "majorité des deux tiers",
                ("two_thirds", false) => "two-thirds majority",
                (_, true) => "majorité simple",
                (_, false) => "simple majority",
            };
            format!(
                "{} {}{} : {majority}, quorum {} %, {ballot}",
                pick(lang, "Vote n°", "Vote #"),
                number(&p, "vote"),
                on_amendment(&p, lang),
                number(&p, "quorum_percent")
            )
        }
        Some(LedgerKind::VoteResult) => {
            let outcome = match text(&p, "outcome") {
                "adopted" => outcome_label(Outcome::Adopted, lang),
                "rejected" => outcome_label(Outcome::Rejected, lang),
                _ => outcome_label(Outcome::NoQuorum, lang),
            };
            let (pour, contre, abstention) = (
                number(&p, "pour"),
                number(&p, "contre"),
                number(&p, "abstention"),
            );
            if fr {
                format!(
                    "Vote n° {}{} : {outcome} ({pour} pour, {contre} contre, {abstention} abstentions)",
                    number(&p, "vote"),
                    on_amendment(&p, lang)
                )
            } else {
                format!(
                    "Vote #{}{}: {outcome} ({pour} for, {contre} against, {abstention} abstentions)",
                    number(&p, "vote"),
                    on_amendment(&p, lang)
                )
            }
        }
        Some(LedgerKind::AmendmentAccepted) => format!(
            "{} {} → {} {}",
            pick(lang, "Amendement n°", "Amendment #"),
            number(&p, "amendment"),
            pick(lang, "version", "version"),
            number(&p, "version")
        ),
        Some(LedgerKind::CityResponse) => {
            let verdict =
                CityVerdict::parse(text(&p, "verdict")).map_or("", |v| verdict_label(v, lang));
            format!("{} : {verdict}", pick(lang, "Réponse", "Answer"))
        }
        Some(LedgerKind::Milestone) => {
            format!("{} ({} %)", text(&p, "title"), number(&p, "progress"))
        }
        Some(LedgerKind::CommentHidden) => format!(
            "{} {} : {}",
            pick(lang, "Commentaire n°", "Comment #"),
            number(&p, "comment"),
            text(&p, "reason")
        ),
        Some(LedgerKind::DrawCommitment) => format!(
            "{} {}, {} {}, {} {}…",
            number(&p, "pool_size"),
            pick(lang, "volontaires", "volunteers"),
            number(&p, "seats"),
            pick(lang, "sièges", "seats"),
            pick(lang, "empreinte", "inputs hash"),
            short(text(&p, "inputs_hash"))
        ),
        Some(LedgerKind::DrawResult) => format!(
            "{} #{} / 1000, {} {}…",
            pick(lang, "panel", "panel"),
            number(&p, "picked_index"),
            pick(lang, "graine", "seed"),
            short(text(&p, "seed"))
        ),
        Some(LedgerKind::SeedReveal | LedgerKind::Replacement) | None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_as_sentences_in_both_languages() {
        let payload = r#"{"vote":4,"outcome":"adopted","pour":50,"contre":20,"abstention":3}"#;
        assert_eq!(
            describe("vote.result", payload, Lang::Fr),
            "Vote n° 4 : Adoptée (50 pour, 20 contre, 3 abstentions)"
        );
        assert_eq!(
            describe("vote.result", payload, Lang::En),
            "Vote #4: Adopted (50 for, 20 against, 3 abstentions)"
        );
        assert_eq!(
            describe(
                "proposal.status",
                r#"{"title":"Des rues aux écoles","status":"adopted"}"#,
                Lang::Fr
            ),
            "« Des rues aux écoles » : Adoptée"
        );
        assert_eq!(
            describe(
                "vote.result",
                r#"{"vote":5,"amendment":9,"outcome":"rejected","pour":1,"contre":2,"abstention":0}"#,
                Lang::En
            ),
            "Vote #5 (amendment #9): Rejected (1 for, 2 against, 0 abstentions)"
        );
        assert_eq!(
            describe(
                "comment.hidden",
                r#"{"comment":12,"proposal":3,"reason":"Propos injurieux","reports":2}"#,
                Lang::Fr
            ),
            "Commentaire n° 12 : Propos injurieux"
        );
        // A payload that does not parse reads as nothing, not as a crash.
        assert_eq!(describe("vote.result", "{oops", Lang::Fr), "");
        assert_eq!(kind_label("unknown.kind", Lang::En), "Entry");
    }
}
