//! Step-by-step verification of a published draw record.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::ceremony::{CeremonyError, ChainError};
use crate::draw::{parse_seed, pick};
use crate::leximin::compute;
use crate::model::{Model, inputs_hash};
use crate::rounding::round;
use crate::types::{DrawRecord, ENGINE_VERSION, LotteryError, Progress};

/// One check of the verification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerifyStep {
    /// Stable machine name, e.g. `inputs_hash`.
    pub name: String,
    pub ok: bool,
    /// What the check found, as values: the verification page words it in
    /// its reader's language, the command line in English (`Display`).
    pub evidence: Evidence,
}

/// What one check found. Values only, never sentences, so that every
/// reader gets them in their own language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// The engine version the record was made with, and this one's.
    EngineVersion { record: String, engine: String },
    /// The SHA-256 of the canonical inputs, recomputed and as recorded.
    InputsHash { computed: String, recorded: String },
    /// Every panel has `k` distinct pool members and meets every quota.
    PanelsMeetQuotas { panels: usize, k: u32 },
    /// The panels (by index) that do not; all of them when there are none.
    PanelsFailing { panels: Vec<usize> },
    /// Each person's probability is the share of panels they are on.
    ProbabilitiesFromPanels { panels: usize },
    /// Re-running the optimisation gives the published distribution or not.
    Distribution {
        identical: bool,
        min_probability: f64,
    },
    /// The hash of the re-rounded panels, and the record's.
    Rounding { computed: String, recorded: String },
    /// The seed the ceremony's reveals and public values give.
    Ceremony {
        revealed: usize,
        public_values: usize,
        seed: String,
        unrevealed: usize,
    },
    /// The public values, each announced in advance and known only after
    /// the reveals closed.
    Chain { values: Vec<AnnouncedValue> },
    /// The index the seed picks, among how many panels, and the record's.
    SeedToPanel {
        index: u32,
        panels: usize,
        recorded: u32,
    },
    /// The record's inputs, its lottery or its seed are not valid.
    Invalid { error: LotteryError },
    /// The ceremony's transcript gives no seed.
    CeremonyFailed { error: CeremonyError },
    /// The ceremony's timeline would have let someone steer the seed.
    Steerable { error: ChainError },
    /// The file is not a draw record (the parser's own words).
    Unreadable { problem: String },
}

/// A public value of the ceremony as the record gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnouncedValue {
    pub description: String,
    pub value: String,
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evidence::EngineVersion { record, engine } => {
                write!(f, "record {record}, this engine {engine}")
            }
            Evidence::InputsHash { computed, recorded } => write!(
                f,
                "SHA-256 of the canonical inputs is {computed}; the record says {recorded}"
            ),
            Evidence::PanelsMeetQuotas { panels, k } => write!(
                f,
                "all {panels} panels have {k} distinct pool members and meet every quota"
            ),
            Evidence::PanelsFailing { panels } if panels.is_empty() => {
                write!(f, "the lottery has no panel")
            }
            Evidence::PanelsFailing { panels } => write!(f, "panels failing: {panels:?}"),
            Evidence::ProbabilitiesFromPanels { panels } => write!(
                f,
                "each person's probability is (panels containing them) / {panels}"
            ),
            Evidence::Distribution {
                identical,
                min_probability,
            } => write!(
                f,
                "re-running the optimisation gives {} the published distribution (min probability {min_probability:.6})",
                if *identical { "exactly" } else { "NOT" }
            ),
            Evidence::Rounding { computed, recorded } => write!(
                f,
                "re-rounding gives panels hash {computed}; the record says {recorded}"
            ),
            Evidence::Ceremony {
                revealed,
                public_values,
                seed,
                unrevealed,
            } => write!(
                f,
                "{revealed} revealed secret(s) and {public_values} public value(s) on the committed pool give the seed {seed}; \
                 {unrevealed} commitment(s) never revealed were left out"
            ),
            Evidence::Chain { values } => {
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(
                        f,
                        "{} was announced with the pool, before the commitments closed, \
                         became known after the reveals closed and reads {}",
                        v.description, v.value
                    )?;
                }
                Ok(())
            }
            Evidence::SeedToPanel {
                index,
                panels,
                recorded,
            } => write!(
                f,
                "ChaCha20(seed) → index {index} of {panels}; the record says {recorded}"
            ),
            Evidence::Invalid { error } => error.fmt(f),
            Evidence::CeremonyFailed { error } => error.fmt(f),
            Evidence::Steerable { error } => error.fmt(f),
            Evidence::Unreadable { problem } => {
                write!(f, "the record is not a draw record: {problem}")
            }
        }
    }
}

/// A histogram bin of lottery probabilities: `[from, to)` (the last bin
/// includes `to`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistogramBin {
    pub from: f64,
    pub to: f64,
    pub people: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerifyReport {
    /// True iff every step is ok.
    pub ok: bool,
    pub steps: Vec<VerifyStep>,
    pub pool_size: usize,
    pub k: u32,
    /// k / pool size: the probability everyone would get without quotas.
    pub k_over_n: f64,
    pub min_probability: f64,
    pub max_probability: f64,
    pub histogram: Vec<HistogramBin>,
    /// Every quota with what the drawn panel gives it and what the lottery
    /// gives it on average, for the fulfilment chart.
    #[serde(default)]
    pub quota_fill: Vec<QuotaFill>,
}

/// One quota's fulfilment: its bounds, the seats the drawn panel gives it,
/// the seats the lottery gives it on average, and the volunteers who have it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuotaFill {
    pub category: String,
    pub value: String,
    pub min: u32,
    pub max: u32,
    pub drawn: u32,
    pub expected: f64,
    pub pool: u32,
}

/// The fulfilment of every quota by `panel`, and on average by the lottery
/// whose probabilities are `marginals`.
pub fn quota_fill(
    inputs: &crate::Inputs,
    marginals: &BTreeMap<String, f64>,
    panel: &[String],
) -> Vec<QuotaFill> {
    let drawn: BTreeSet<&str> = panel.iter().map(String::as_str).collect();
    let mut fill = Vec::new();
    for (category, values) in &inputs.quotas {
        for (value, quota) in values {
            let having = inputs
                .pool
                .iter()
                .filter(|p| p.features.get(category) == Some(value));
            let (mut pool, mut seated, mut expected) = (0u32, 0u32, 0.0f64);
            for person in having {
                pool += 1;
                seated += u32::from(drawn.contains(person.id.as_str()));
                expected += marginals.get(&person.id).copied().unwrap_or(0.0);
            }
            fill.push(QuotaFill {
                category: category.clone(),
                value: value.clone(),
                min: quota.min,
                max: quota.max,
                drawn: seated,
                expected,
                pool,
            });
        }
    }
    fill
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyOptions {
    /// Re-run the optimisation and the rounding and compare bit for bit
    /// (seconds of CPU); false checks everything else only.
    pub recompute: bool,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions { recompute: true }
    }
}

fn step(steps: &mut Vec<VerifyStep>, name: &str, ok: bool, evidence: Evidence) {
    steps.push(VerifyStep {
        name: name.to_string(),
        ok,
        evidence,
    });
}

/// Verifies a record: engine version, input commitment, every lottery panel
/// against the quotas, the lottery probabilities, optionally a re-run of the
/// optimisation and rounding, and seed → index → panel.
pub fn verify(
    record: &DrawRecord,
    options: VerifyOptions,
    progress: &mut dyn FnMut(&Progress),
) -> VerifyReport {
    let mut steps = Vec::new();
    let inputs = &record.inputs;
    let lottery = &record.lottery;

    step(
        &mut steps,
        "engine_version",
        record.engine_version == ENGINE_VERSION
            && record.distribution.engine_version == ENGINE_VERSION
            && lottery.engine_version == ENGINE_VERSION,
        Evidence::EngineVersion {
            record: record.engine_version.clone(),
            engine: ENGINE_VERSION.to_owned(),
        },
    );

    let h = inputs_hash(inputs);
    step(
        &mut steps,
        "inputs_hash",
        h == record.inputs_hash && h == record.distribution.inputs_hash && h == lottery.inputs_hash,
        Evidence::InputsHash {
            computed: h.clone(),
            recorded: record.inputs_hash.clone(),
        },
    );

    // Every panel: k distinct pool members meeting every quota.
    match Model::build(inputs) {
        Err(e) => step(
            &mut steps,
            "panels_meet_quotas",
            false,
            Evidence::Invalid { error: e },
        ),
        Ok(model) => {
            let mut profile_of: BTreeMap<&str, usize> = BTreeMap::new();
            for (p, prof) in model.profiles.iter().enumerate() {
                for &i in &prof.members {
                    profile_of.insert(inputs.pool[i].id.as_str(), p);
                }
            }
            let mut bad = Vec::new();
            for (index, panel) in lottery.panels.iter().enumerate() {
                let distinct: BTreeSet<&str> = panel.iter().map(String::as_str).collect();
                let mut counts = vec![0u32; model.profiles.len()];
                let mut known = true;
                for id in panel {
                    match profile_of.get(id.as_str()) {
                        Some(&p) => counts[p] += 1,
                        None => known = false,
                    }
                }
                if !known || distinct.len() != panel.len() || !model.counts_feasible(&counts) {
                    bad.push(index);
                }
            }
            step(
                &mut steps,
                "panels_meet_quotas",
                bad.is_empty() && !lottery.panels.is_empty(),
                if bad.is_empty() && !lottery.panels.is_empty() {
                    Evidence::PanelsMeetQuotas {
                        panels: lottery.panels.len(),
                        k: inputs.k,
                    }
                } else {
                    Evidence::PanelsFailing { panels: bad }
                },
            );
        }
    }

    // Lottery probabilities are count / m.
    let m = lottery.panels.len() as f64;
    let mut counts: BTreeMap<&str, u32> = inputs.pool.iter().map(|p| (p.id.as_str(), 0)).collect();
    for panel in &lottery.panels {
        for id in panel {
            if let Some(c) = counts.get_mut(id.as_str()) {
                *c += 1;
            }
        }
    }
    let probs: BTreeMap<String, f64> = counts
        .iter()
        .map(|(id, &c)| ((*id).to_string(), f64::from(c) / m))
        .collect();
    step(
        &mut steps,
        "lottery_probabilities",
        probs == lottery.marginals,
        Evidence::ProbabilitiesFromPanels {
            panels: lottery.panels.len(),
        },
    );

    if options.recompute {
        match compute(inputs, progress) {
            Err(error) => step(
                &mut steps,
                "recompute_distribution",
                false,
                Evidence::Invalid { error },
            ),
            Ok(dist) => {
                let same =
                    serde_json::to_vec(&dist).ok() == serde_json::to_vec(&record.distribution).ok();
                step(
                    &mut steps,
                    "recompute_distribution",
                    same,
                    Evidence::Distribution {
                        identical: same,
                        min_probability: dist.min_probability,
                    },
                );
                match round(&dist) {
                    Err(error) => step(
                        &mut steps,
                        "recompute_lottery",
                        false,
                        Evidence::Invalid { error },
                    ),
                    Ok(l) => step(
                        &mut steps,
                        "recompute_lottery",
                        l.panels_hash == lottery.panels_hash && l.panels == lottery.panels,
                        Evidence::Rounding {
                            computed: l.panels_hash.clone(),
                            recorded: lottery.panels_hash.clone(),
                        },
                    ),
                }
            }
        }
    }

    if let Some(transcript) = &record.ceremony {
        match crate::ceremony::derive_seed(transcript) {
            Err(error) => step(
                &mut steps,
                "seed_ceremony",
                false,
                Evidence::CeremonyFailed { error },
            ),
            Ok(d) => step(
                &mut steps,
                "seed_ceremony",
                d.seed == record.draw.seed && transcript.inputs_hash == record.inputs_hash,
                Evidence::Ceremony {
                    revealed: d.revealed.len(),
                    public_values: transcript.public_values.len(),
                    seed: d.seed.clone(),
                    unrevealed: d.unrevealed.len(),
                },
            ),
        }
    }

    if let Some(transcript) = &record.ceremony {
        match crate::ceremony::check_chain(transcript) {
            Err(error) => step(
                &mut steps,
                "seed_chain",
                false,
                Evidence::Steerable { error },
            ),
            Ok(()) => step(
                &mut steps,
                "seed_chain",
                true,
                Evidence::Chain {
                    values: transcript
                        .public_values
                        .iter()
                        .map(|v| AnnouncedValue {
                            description: v.description.clone(),
                            value: v.value.clone(),
                        })
                        .collect(),
                },
            ),
        }
    }

    match parse_seed(&record.draw.seed) {
        Err(error) => step(
            &mut steps,
            "seed_to_panel",
            false,
            Evidence::Invalid { error },
        ),
        Ok(seed) => match pick(lottery, &seed) {
            Err(error) => step(
                &mut steps,
                "seed_to_panel",
                false,
                Evidence::Invalid { error },
            ),
            Ok(d) => step(
                &mut steps,
                "seed_to_panel",
                d.index == record.draw.index && d.panel == record.draw.panel,
                Evidence::SeedToPanel {
                    index: d.index,
                    panels: lottery.panels.len(),
                    recorded: record.draw.index,
                },
            ),
        },
    }

    let values: Vec<f64> = probs.values().copied().collect();
    let min_p = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max_p = values.iter().copied().fold(0.0, f64::max);
    let bins = 10usize;
    let width = if max_p > min_p {
        (max_p - min_p) / bins as f64
    } else {
        0.0
    };
    let mut histogram: Vec<HistogramBin> = (0..bins)
        .map(|b| HistogramBin {
            from: min_p + width * b as f64,
            to: if b + 1 == bins {
                max_p
            } else {
                min_p + width * (b + 1) as f64
            },
            people: 0,
        })
        .collect();
    for &v in &values {
        let b = if width > 0.0 {
            (((v - min_p) / width) as usize).min(bins - 1)
        } else {
            0
        };
        histogram[b].people += 1;
    }
    let n = inputs.pool.len();
    VerifyReport {
        ok: steps.iter().all(|s| s.ok),
        steps,
        pool_size: n,
        k: inputs.k,
        k_over_n: if n > 0 {
            f64::from(inputs.k) / n as f64
        } else {
            0.0
        },
        min_probability: min_p,
        max_probability: max_p,
        histogram,
        quota_fill: quota_fill(inputs, &probs, &record.draw.panel),
    }
}
