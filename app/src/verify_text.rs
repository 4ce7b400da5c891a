//! A draw's verification in words: each check's title and what it found,
//! in the reader's language. The verifier (`lottery::verify`, run in the
//! browser) returns names and values only; this is the one place they
//! become sentences, and the refusals of the seed ceremony's forms use the
//! same sentences.

use chrono::{DateTime, Utc};
use domain::Lang;
use lottery::Evidence;
use lottery::ceremony::{CeremonyError, ChainError, ValueError};

fn pick(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// The title of a verification step, by its stable machine name.
pub fn step_label(name: &str, lang: Lang) -> &'static str {
    let (fr, en) = match name {
        "engine_version" => ("Version du moteur de tirage", "Draw engine version"),
        "inputs_hash" => (
            "Empreinte des données publiées",
            "Hash of the published inputs",
        ),
        "panels_meet_quotas" => (
            "Chaque panel respecte les quotas",
            "Every panel meets the quotas",
        ),
        "lottery_probabilities" => (
            "Chances de chacun dans la loterie",
            "Everyone's chance in the lottery",
        ),
        "recompute_distribution" => (
            "Recalcul de la répartition équitable",
            "Recomputing the fair distribution",
        ),
        "recompute_lottery" => ("Recalcul des 1 000 panels", "Recomputing the 1,000 panels"),
        "seed_ceremony" => (
            "Graine issue de la cérémonie du hasard",
            "Seed from the randomness ceremony",
        ),
        "seed_chain" => (
            "Valeur publique annoncée d'avance, connue après les révélations",
            "Public value announced in advance, known after the reveals",
        ),
        "seed_to_panel" => (
            "De la graine au panel tiré",
            "From the seed to the panel drawn",
        ),
        "record" => ("Lecture du dossier publié", "Reading the published record"),
        _ => ("Vérification", "Check"),
    };
    pick(lang, fr, en)
}

/// A count with the language's thousands separator.
fn number(n: usize, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = pick(lang, "\u{202f}", ",");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

fn moment(at: DateTime<Utc>, lang: Lang) -> String {
    format!(
        "{} {} {} UTC",
        crate::i18n::format_date(at, lang),
        pick(lang, "à", "at"),
        at.format("%H:%M")
    )
}

/// What one verification step found, in one or two sentences.
pub fn evidence_text(evidence: &Evidence, lang: Lang) -> String {
    match (evidence, lang) {
        (Evidence::EngineVersion { record, engine }, Lang::Fr) => format!(
            "Le dossier a été produit par {record} ; ce vérificateur est {engine}."
        ),
        (Evidence::EngineVersion { record, engine }, Lang::En) => {
            format!("The record was made by {record}; this verifier is {engine}.")
        }
        (Evidence::InputsHash { computed, recorded }, Lang::Fr) => format!(
            "L'empreinte SHA-256 des données publiées, recalculée ici, est {computed} ; le dossier annonce {recorded}."
        ),
        (Evidence::InputsHash { computed, recorded }, Lang::En) => format!(
            "The SHA-256 of the published inputs, recomputed here, is {computed}; the record gives {recorded}."
        ),
        (Evidence::PanelsMeetQuotas { panels, k }, Lang::Fr) => format!(
            "Les {} panels comptent chacun {k} volontaires distincts du vivier et respectent tous les quotas.",
            number(*panels, lang)
        ),
        (Evidence::PanelsMeetQuotas { panels, k }, Lang::En) => format!(
            "All {} panels have {k} distinct volunteers from the pool and meet every quota.",
            number(*panels, lang)
        ),
        (Evidence::PanelsFailing { panels }, _) if panels.is_empty() => {
            pick(lang, "La loterie publiée n'a aucun panel.", "The published lottery has no panel.").to_owned()
        }
        (Evidence::PanelsFailing { panels }, _) => format!(
            "{} {}",
            pick(
                lang,
                "Panels qui ne respectent pas les quotas (numéros) :",
                "Panels that break the quotas (numbers):"
            ),
            panels.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
        ),
        (Evidence::ProbabilitiesFromPanels { panels }, Lang::Fr) => format!(
            "La chance de chacun est le nombre de panels où il figure, divisé par {}.",
            number(*panels, lang)
        ),
        (Evidence::ProbabilitiesFromPanels { panels }, Lang::En) => format!(
            "Each person's chance is the number of panels they are on, divided by {}.",
            number(*panels, lang)
        ),
        (
            Evidence::Distribution {
                identical,
                min_probability,
            },
            _,
        ) => {
            let percent = format!("{:.4}", min_probability * 100.0);
            match (identical, lang) {
                (true, Lang::Fr) => format!(
                    "Refaire l'optimisation donne exactement la répartition publiée (plus petite chance : {} %).",
                    percent.replace('.', ",")
                ),
                (true, Lang::En) => format!(
                    "Re-running the optimisation gives exactly the published distribution (smallest chance: {percent} %)."
                ),
                (false, Lang::Fr) => format!(
                    "Refaire l'optimisation ne donne PAS la répartition publiée (plus petite chance recalculée : {} %).",
                    percent.replace('.', ",")
                ),
                (false, Lang::En) => format!(
                    "Re-running the optimisation does NOT give the published distribution (smallest chance recomputed: {percent} %)."
                ),
            }
        }
        (Evidence::Rounding { computed, recorded }, Lang::Fr) => format!(
            "L'arrondi refait ici donne des panels d'empreinte {computed} ; le dossier annonce {recorded}."
        ),
        (Evidence::Rounding { computed, recorded }, Lang::En) => format!(
            "Rounding again here gives panels with hash {computed}; the record gives {recorded}."
        ),
        (
            Evidence::Ceremony {
                revealed,
                public_values,
                seed,
                unrevealed,
            },
            Lang::Fr,
        ) => format!(
            "{revealed} secret(s) révélé(s) et {public_values} valeur(s) publique(s), sur le vivier engagé, donnent la graine {seed} ; {unrevealed} engagement(s) jamais révélé(s) n'y entrent pas."
        ),
        (
            Evidence::Ceremony {
                revealed,
                public_values,
                seed,
                unrevealed,
            },
            Lang::En,
        ) => format!(
            "{revealed} revealed secret(s) and {public_values} public value(s), on the committed pool, give the seed {seed}; {unrevealed} commitment(s) never revealed are left out."
        ),
        (Evidence::Chain { values }, _) => values
            .iter()
            .map(|v| match lang {
                Lang::Fr => format!(
                    "« {} » a été annoncé avec le vivier, avant la fin des engagements, n'a été connu qu'après la fin des révélations, et vaut {}.",
                    v.description, v.value
                ),
                Lang::En => format!(
                    "“{}” was announced with the pool, before the commitments closed, became known only after the reveals closed, and reads {}.",
                    v.description, v.value
                ),
            })
            .collect::<Vec<_>>()
            .join(" "),
        (
            Evidence::SeedToPanel {
                index,
                panels,
                recorded,
            },
            Lang::Fr,
        ) => format!(
            "ChaCha20 tiré de la graine désigne le panel n° {index} sur {} ; le dossier annonce le n° {recorded}.",
            number(*panels, lang)
        ),
        (
            Evidence::SeedToPanel {
                index,
                panels,
                recorded,
            },
            Lang::En,
        ) => format!(
            "ChaCha20 from the seed picks panel #{index} of {}; the record gives #{recorded}.",
            number(*panels, lang)
        ),
        (Evidence::Invalid { error }, _) => lottery_error_text(error, lang),
        (Evidence::CeremonyFailed { error }, _) => ceremony_error_text(error, lang),
        (Evidence::Steerable { error }, _) => chain_error_text(error, lang),
        (Evidence::Unreadable { problem }, _) => format!(
            "{} ({problem})",
            pick(
                lang,
                "Ce fichier n'est pas le dossier d'un tirage",
                "This file is not a draw record"
            )
        ),
    }
}

/// Why the published inputs, lottery or seed are not valid.
fn lottery_error_text(error: &lottery::LotteryError, lang: Lang) -> String {
    use lottery::LotteryError as L;
    match (error, lang) {
        (L::Infeasible(d), _) => format!(
            "{} {}",
            pick(
                lang,
                "Aucun panel ne peut respecter les quotas publiés.",
                "No panel can meet the published quotas."
            ),
            crate::quota_text::diagnosis_text(d, lang)
        ),
        (L::SolverLimit { .. }, _) => pick(
            lang,
            "L'optimisation a atteint sa limite d'itérations sans conclure.",
            "The optimisation reached its iteration limit without concluding.",
        )
        .to_owned(),
        (L::EmptyLottery, _) => pick(
            lang,
            "La loterie publiée n'a aucun panel.",
            "The published lottery has no panel.",
        )
        .to_owned(),
        (L::BadSeed, _) => pick(
            lang,
            "La graine publiée n'a pas 64 chiffres hexadécimaux.",
            "The published seed does not have 64 hexadecimal digits.",
        )
        .to_owned(),
        (L::NotOnPanel { id } | L::NoReplacement { id }, Lang::Fr) => {
            format!("Le dossier est incohérent au sujet de {id}.")
        }
        (L::NotOnPanel { id } | L::NoReplacement { id }, Lang::En) => {
            format!("The record contradicts itself about {id}.")
        }
        (L::DuplicateId { id }, Lang::Fr) => {
            format!("Le vivier publié compte {id} deux fois.")
        }
        (L::DuplicateId { id }, Lang::En) => format!("The published pool lists {id} twice."),
        (L::MissingFeature { id, category } | L::UnknownValue { id, category, .. }, Lang::Fr) => {
            format!("Le vivier publié donne pour {id} une valeur de « {category} » sans quota.")
        }
        (L::MissingFeature { id, category } | L::UnknownValue { id, category, .. }, Lang::En) => {
            format!("The published pool gives {id} a “{category}” value with no quota.")
        }
        (L::BadWeight { id, .. }, Lang::Fr) => {
            format!("Le vivier publié donne à {id} un poids qui n'est pas un nombre positif.")
        }
        (L::BadWeight { id, .. }, Lang::En) => {
            format!("The published pool gives {id} a weight that is not a positive number.")
        }
        (L::EmptyPool | L::ZeroK | L::KLargerThanPool { .. }, _) => pick(
            lang,
            "Le vivier et le nombre de sièges publiés ne permettent aucun tirage.",
            "The published pool and number of seats allow no draw.",
        )
        .to_owned(),
        (L::BadQuota { .. } | L::NoCategories, _) => pick(
            lang,
            "Les quotas publiés sont incohérents.",
            "The published quotas contradict themselves.",
        )
        .to_owned(),
    }
}

/// Why the ceremony's transcript gives no seed.
pub fn ceremony_error_text(error: &CeremonyError, lang: Lang) -> String {
    match (error, lang) {
        (CeremonyError::BadReveal(who), Lang::Fr) => {
            format!("Le secret révélé par {who} ne correspond pas à son engagement.")
        }
        (CeremonyError::BadReveal(who), Lang::En) => {
            format!("The secret {who} revealed does not match their commitment.")
        }
        (CeremonyError::DuplicateContributor(who), Lang::Fr) => {
            format!("{who} s'est engagé deux fois.")
        }
        (CeremonyError::DuplicateContributor(who), Lang::En) => format!("{who} committed twice."),
        (CeremonyError::NoRandomness, _) => pick(
            lang,
            "Aucun secret n'a été révélé et aucune valeur publique n'a été annoncée.",
            "No secret was revealed and no public value was announced.",
        )
        .to_owned(),
    }
}

/// Why the ceremony's timeline would have let someone steer the seed.
pub fn chain_error_text(error: &ChainError, lang: Lang) -> String {
    match (error, lang) {
        (ChainError::NoTimeline, _) => pick(
            lang,
            "Le dossier ne dit pas quand la cérémonie a eu lieu.",
            "The record does not say when the ceremony took place.",
        )
        .to_owned(),
        (ChainError::Deadlines, _) => pick(
            lang,
            "Les échéances de la cérémonie ne se suivent pas dans l'ordre.",
            "The ceremony's deadlines are out of order.",
        )
        .to_owned(),
        (ChainError::NoPublicValue, _) => pick(
            lang,
            "Aucune valeur publique n'entre dans la graine : le dernier à révéler aurait pu garder son secret pour choisir entre deux graines.",
            "No public value joins the seed: whoever revealed last could have withheld their secret to choose between two seeds.",
        )
        .to_owned(),
        (ChainError::Unannounced(name), Lang::Fr) => {
            format!("« {name} » a été annoncée sans son format ou sans la date où elle serait connue.")
        }
        (ChainError::Unannounced(name), Lang::En) => {
            format!("“{name}” was announced without its format or the moment it becomes known.")
        }
        (ChainError::KnownTooSoon(name, known, reveals), Lang::Fr) => format!(
            "« {name} » était connue dès le {}, avant la fin des révélations le {}.",
            moment(*known, lang),
            moment(*reveals, lang)
        ),
        (ChainError::KnownTooSoon(name, known, reveals), Lang::En) => format!(
            "“{name}” was known from {}, before the reveals closed on {}.",
            moment(*known, lang),
            moment(*reveals, lang)
        ),
        (ChainError::EnteredEarly(name), Lang::Fr) => {
            format!("« {name} » a été saisie avant de pouvoir être connue.")
        }
        (ChainError::EnteredEarly(name), Lang::En) => {
            format!("“{name}” was entered before it could be known.")
        }
        (ChainError::Malformed(name, e), Lang::Fr) => {
            format!("« {name} » n'a pas son format : {}", value_error_text(e, lang))
        }
        (ChainError::Malformed(name, e), Lang::En) => {
            format!("“{name}” does not fit its format: {}", value_error_text(e, lang))
        }
        (ChainError::NotCanonical(name, written, canonical), Lang::Fr) => format!(
            "« {name} » est écrite « {written} », que son format écrit « {canonical} » : une autre écriture aurait donné une autre graine."
        ),
        (ChainError::NotCanonical(name, written, canonical), Lang::En) => format!(
            "“{name}” is written “{written}”, which its format writes “{canonical}”: another spelling would have given another seed."
        ),
    }
}

/// Why a typed public value does not fit its format.
pub fn value_error_text(e: &ValueError, lang: Lang) -> String {
    match (e, lang) {
        (ValueError::Count { expected, found }, Lang::Fr) => {
            format!("{expected} nombres attendus, {found} donnés.")
        }
        (ValueError::Count { expected, found }, Lang::En) => {
            format!("{expected} numbers expected, {found} given.")
        }
        (ValueError::OutOfRange(n), Lang::Fr) => format!("{n} est hors des bornes du tirage."),
        (ValueError::OutOfRange(n), Lang::En) => format!("{n} is outside the draw's range."),
        (ValueError::Repeated(n), Lang::Fr) => format!("{n} apparaît deux fois."),
        (ValueError::Repeated(n), Lang::En) => format!("{n} appears twice."),
        (ValueError::Digits { expected, found }, Lang::Fr) => {
            format!("{expected} chiffres hexadécimaux attendus, {found} donnés.")
        }
        (ValueError::Digits { expected, found }, Lang::En) => {
            format!("{expected} hexadecimal digits expected, {found} given.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lottery::AnnouncedValue;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + hours * 3600, 0).unwrap()
    }

    /// One finding of every kind a verification can return.
    fn every_kind() -> Vec<Evidence> {
        let hash = "ab".repeat(32);
        vec![
            Evidence::EngineVersion {
                record: "kleroterion-lottery/3".into(),
                engine: "kleroterion-lottery/3".into(),
            },
            Evidence::InputsHash {
                computed: hash.clone(),
                recorded: hash.clone(),
            },
            Evidence::PanelsMeetQuotas {
                panels: 1000,
                k: 100,
            },
            Evidence::PanelsFailing { panels: vec![3, 7] },
            Evidence::PanelsFailing { panels: vec![] },
            Evidence::ProbabilitiesFromPanels { panels: 1000 },
            Evidence::Distribution {
                identical: true,
                min_probability: 0.012345,
            },
            Evidence::Distribution {
                identical: false,
                min_probability: 0.5,
            },
            Evidence::Rounding {
                computed: hash.clone(),
                recorded: hash.clone(),
            },
            Evidence::Ceremony {
                revealed: 2,
                public_values: 1,
                seed: hash.clone(),
                unrevealed: 1,
            },
            Evidence::Chain {
                values: vec![AnnouncedValue {
                    description: "Loto du 12 mai 2027".into(),
                    value: "7 12 23 34 45 + 6".into(),
                }],
            },
            Evidence::SeedToPanel {
                index: 412,
                panels: 1000,
                recorded: 412,
            },
            Evidence::Invalid {
                error: lottery::LotteryError::BadSeed,
            },
            Evidence::Invalid {
                error: lottery::LotteryError::DuplicateId { id: "V-1".into() },
            },
            Evidence::CeremonyFailed {
                error: CeremonyError::BadReveal("ana".into()),
            },
            Evidence::CeremonyFailed {
                error: CeremonyError::NoRandomness,
            },
            Evidence::Steerable {
                error: ChainError::NoPublicValue,
            },
            Evidence::Steerable {
                error: ChainError::KnownTooSoon("Loto".into(), at(1), at(2)),
            },
            Evidence::Steerable {
                error: ChainError::Malformed(
                    "Loto".into(),
                    ValueError::Count {
                        expected: 6,
                        found: 5,
                    },
                ),
            },
            Evidence::Steerable {
                error: ChainError::NotCanonical("Loto".into(), "07".into(), "7".into()),
            },
            Evidence::Unreadable {
                problem: "expected value at line 1 column 1".into(),
            },
        ]
    }

    #[test]
    fn every_finding_is_worded_in_each_language_and_differently() {
        // English words that only an untranslated sentence would carry.
        let english = [" the ", " record ", " seed ", " of ", " was ", " is "];
        for evidence in every_kind() {
            let fr = evidence_text(&evidence, Lang::Fr);
            let en = evidence_text(&evidence, Lang::En);
            assert!(!fr.is_empty() && !en.is_empty(), "{evidence:?}");
            assert_ne!(fr, en, "{evidence:?} is not translated");
            for word in english {
                assert!(!fr.contains(word), "{fr:?} has the English {word:?}");
            }
            // The French page never shows the English the command line prints.
            assert_ne!(fr, evidence.to_string());
        }
    }

    #[test]
    fn findings_keep_their_values_and_french_numbers_read_as_french() {
        let text = evidence_text(
            &Evidence::SeedToPanel {
                index: 412,
                panels: 1000,
                recorded: 9,
            },
            Lang::Fr,
        );
        assert!(text.contains("n° 412 sur 1\u{202f}000"), "{text}");
        assert!(text.contains("n° 9"), "{text}");
        let text = evidence_text(
            &Evidence::Distribution {
                identical: true,
                min_probability: 0.012345,
            },
            Lang::Fr,
        );
        assert!(text.contains("1,2345 %"), "{text}");
        assert_eq!(
            evidence_text(
                &Evidence::ProbabilitiesFromPanels { panels: 1000 },
                Lang::En
            ),
            "Each person's chance is the number of panels they are on, divided by 1,000."
        );
    }

    #[test]
    fn every_step_has_a_title_in_each_language() {
        for name in [
            "engine_version",
            "inputs_hash",
            "panels_meet_quotas",
            "lottery_probabilities",
            "recompute_distribution",
            "recompute_lottery",
            "seed_ceremony",
            "seed_chain",
            "seed_to_panel",
            "record",
        ] {
            assert_ne!(step_label(name, Lang::Fr), "Vérification", "{name}");
            assert_ne!(step_label(name, Lang::Fr), step_label(name, Lang::En));
        }
    }
}
