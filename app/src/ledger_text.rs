//! Ledger entries in words, for the `/ledger` page and the Atom feed. The
//! entry itself stays the hashed JSON; this is only how people read it.

use domain::ledger::payload::Payload;
use domain::{Lang, LedgerKind, Majority, Tally};

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
        PublicValue => pick(lang, "Valeur publique saisie", "Public value entered"),
        ReplacementAnnounced => pick(
            lang,
            "Tour de remplacement annoncé",
            "Replacement round announced",
        ),
        DrawResult => pick(lang, "Résultat du tirage", "Draw result"),
        Replacement => pick(lang, "Remplacement", "Replacement"),
        VoteOpened => pick(lang, "Ouverture d'un vote", "Vote opened"),
        VoteResult => pick(lang, "Résultat d'un vote", "Vote result"),
        AmendmentAccepted => pick(lang, "Amendement accepté", "Amendment accepted"),
        ProposalStatus => pick(lang, "Étape d'une proposition", "Proposal stage"),
        CityReferral => pick(lang, "Transmission à la Ville", "Sent to the city"),
        CityResponse => pick(lang, "Réponse de la Ville", "City response"),
        CityCommitment => pick(lang, "Engagement de la Ville", "City commitment"),
        Milestone => pick(lang, "Suivi de la réalisation", "Progress update"),
        CommentHidden => pick(lang, "Commentaire masqué", "Comment hidden"),
        SittingStep => pick(lang, "Étape d'une séance", "Sitting step"),
        SittingHands => pick(lang, "Vote à main levée", "Show of hands"),
    }
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// " (amendment #n)" when a vote is on a contested amendment.
fn on_amendment(amendment: Option<i64>, lang: Lang) -> String {
    match amendment {
        Some(n) => format!(" ({}{n})", pick(lang, "amendement n° ", "amendment #")),
        None => String::new(),
    }
}

/// One sentence saying what the entry records (nothing for an entry whose
/// payload is not its kind's).
pub fn describe(kind: &str, payload: &str, lang: Lang) -> String {
    let Some(kind) = LedgerKind::parse(kind) else {
        return String::new();
    };
    let json = &mut serde_json::Deserializer::from_str(payload);
    let Ok(payload) = Payload::deserialize_as(kind, json) else {
        return String::new();
    };
    let fr = lang == Lang::Fr;
    match payload {
        Payload::ProposalStatus(p) => {
            format!("« {} » : {}", p.title, status_label(p.status, lang))
        }
        Payload::VoteOpened(p) => {
            let ballot = match (p.secret, fr) {
                (true, true) => "bulletin secret",
                (true, false) => "secret ballot",
                (false, true) => "vote nominatif",
                (false, false) => "named vote",
            };
            let majority = match (p.majority, fr) {
                (Majority::TwoThirds, true) => "majorité des deux tiers",
                (Majority::TwoThirds, false) => "two-thirds majority",
                (Majority::Simple, true) => "majorité simple",
                (Majority::Simple, false) => "simple majority",
            };
            // The ledger states instants as stored, in UTC.
            let closes = p.closes_at.map_or_else(String::new, |at| {
                format!(
                    ", {} {}",
                    pick(lang, "clôture automatique le", "closes by itself on"),
                    at.format("%Y-%m-%d %H:%M UTC")
                )
            });
            format!(
                "{} {}{} : {majority}, quorum {} %, {ballot}{closes}",
                pick(lang, "Vote n°", "Vote #"),
                p.vote,
                on_amendment(p.amendment, lang),
                p.quorum_percent
            )
        }
        Payload::VoteResult(p) => {
            let outcome = outcome_label(p.outcome, lang);
            let Tally {
                pour,
                contre,
                abstention,
            } = p.tally;
            let when = if p.at_closing_time {
                pick(lang, ", clos à l'heure prévue", ", closed at its set time")
            } else {
                ""
            };
            if fr {
                format!(
                    "Vote n° {}{} : {outcome} ({pour} pour, {contre} contre, {abstention} abstentions){when}",
                    p.vote,
                    on_amendment(p.amendment, lang)
                )
            } else {
                format!(
                    "Vote #{}{}: {outcome} ({pour} for, {contre} against, {abstention} abstentions){when}",
                    p.vote,
                    on_amendment(p.amendment, lang)
                )
            }
        }
        Payload::AmendmentAccepted(p) => format!(
            "{} {} → {} {}",
            pick(lang, "Amendement n°", "Amendment #"),
            p.amendment,
            pick(lang, "version", "version"),
            p.version
        ),
        Payload::CityReferral(p) => format!(
            "{} {} — {} {}",
            pick(lang, "Direction :", "Department:"),
            p.department,
            pick(lang, "réponse due avant le", "answer due before"),
            p.answer_due.format("%Y-%m-%d %H:%M UTC")
        ),
        Payload::CityResponse(p) => {
            format!(
                "{} : {}",
                pick(lang, "Réponse", "Answer"),
                verdict_label(p.verdict, lang)
            )
        }
        Payload::CityCommitment(p) => format!(
            "{} — {} {}",
            p.title,
            pick(lang, "en retard à partir du", "overdue from"),
            p.due.format("%Y-%m-%d %H:%M UTC")
        ),
        Payload::Milestone(p) => match p.commitment {
            None => format!("{} ({} %)", p.title, p.progress),
            Some(id) => format!(
                "{} ({} %) — {} #{id}",
                p.title,
                p.progress,
                pick(lang, "engagement", "commitment")
            ),
        },
        Payload::SittingStep(p) => format!(
            "{} — {} ({})",
            crate::i18n::sitting_step_done(p.step, lang),
            p.place,
            p.starts_at
        ),
        Payload::SittingHands(p) => {
            let outcome = outcome_label(p.outcome, lang);
            let item = p.item.map(|t| format!("« {t} » : ")).unwrap_or_default();
            let (pour, contre, abstention) = (p.pour, p.contre, p.abstention);
            let (present, seated, reason) = (p.present, p.seated, p.reason);
            if fr {
                format!(
                    "{item}{outcome} ({pour} pour, {contre} contre, {abstention} abstentions ; {present} présents sur {seated}) — {reason}"
                )
            } else {
                format!(
                    "{item}{outcome} ({pour} for, {contre} against, {abstention} abstentions; {present} present of {seated}) — {reason}"
                )
            }
        }
        Payload::CommentHidden(p) => format!(
            "{} {} : {}",
            pick(lang, "Commentaire n°", "Comment #"),
            p.comment,
            p.reason
        ),
        Payload::DrawCommitment(p) => format!(
            "{} {}, {} {}, {} {}…",
            p.pool_size,
            pick(lang, "volontaires", "volunteers"),
            p.seats,
            pick(lang, "sièges", "seats"),
            pick(lang, "empreinte", "inputs hash"),
            short(&p.inputs_hash)
        ),
        Payload::PublicValue(p) => format!("{} : {}", p.description, p.value),
        Payload::ReplacementAnnounced(p) => format!(
            "{} {} : {} {}, {} {} ({})",
            pick(lang, "Tour", "Round"),
            p.round,
            p.leavers.len(),
            pick(lang, "siège(s) à pourvoir", "seat(s) to fill"),
            pick(lang, "valeur publique", "public value"),
            p.public_value,
            p.available_after
        ),
        Payload::DrawResult(p) => format!(
            "{} #{} / 1000, {} {}…",
            pick(lang, "panel", "panel"),
            p.picked_index,
            pick(lang, "graine", "seed"),
            short(&p.seed)
        ),
        Payload::SeedReveal(_) | Payload::Replacement(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_as_sentences_in_both_languages() {
        let payload = r#"{"vote":4,"proposal":2,"outcome":"adopted","pour":50,"contre":20,"abstention":3,"eligible":100,"majority":"simple","quorum_percent":50,"secret":true}"#;
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
                r#"{"proposal":2,"title":"Des rues aux écoles","status":"adopted"}"#,
                Lang::Fr
            ),
            "« Des rues aux écoles » : Adoptée"
        );
        assert_eq!(
            describe(
                "vote.result",
                r#"{"vote":5,"proposal":2,"amendment":9,"outcome":"rejected","pour":1,"contre":2,"abstention":0,"eligible":100,"majority":"simple","quorum_percent":0,"secret":true}"#,
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
        // A payload that does not parse, or is another kind's, reads as
        // nothing, not as a crash.
        assert_eq!(describe("vote.result", "{oops", Lang::Fr), "");
        assert_eq!(describe("city.response", r#"{"comment":1}"#, Lang::Fr), "");
        assert_eq!(kind_label("unknown.kind", Lang::En), "Entry");
    }
}
