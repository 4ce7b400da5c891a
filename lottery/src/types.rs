//! Public input and output types. Every type here is part of the published
//! draw record (`/draws/{id}/record.json`); its JSON shape is documented in
//! `docs/LOTTERY.md` and must only change together with [`ENGINE_VERSION`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Name and version of the engine, recorded with every result. Any change
/// that can alter a result (algorithm, tolerance, tie-break, rounding rule)
/// must bump it.
pub const ENGINE_VERSION: &str = "kleroterion-lottery/3";

/// Number of equally likely panels in the uniform lottery.
pub const LOTTERY_SIZE: u32 = 1000;

/// One volunteer of the pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Pseudonymous, unique identifier (never a name).
    pub id: String,
    /// Category → value, e.g. `"gender" → "female"`. Every category that has
    /// quotas must be present; other keys are ignored.
    pub features: BTreeMap<String, String>,
    /// Optional weight for a weighted draw (default 1). The engine maximises
    /// the leximin of `probability / weight`, so a person of weight 2 is
    /// aimed at twice the chance of a person of weight 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// Minimum and maximum number of seats for one category value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub min: u32,
    pub max: u32,
}

/// Category → value → quota. Every value a person may have must be listed.
pub type Quotas = BTreeMap<String, BTreeMap<String, Quota>>;

/// What the optimisation maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Maximise the smallest selection probability, then the next smallest,
    /// and so on (Flanigan et al., Nature 2021).
    #[default]
    Leximin,
    /// Maximise the smallest selection probability only.
    Maximin,
}

/// Everything the result depends on. Its canonical JSON and SHA-256
/// ([`crate::inputs_hash`]) are published before the seed exists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    pub pool: Vec<Person>,
    pub quotas: Quotas,
    /// Panel size.
    pub k: u32,
    #[serde(default)]
    pub objective: Objective,
}

/// People sharing every quota feature value and the same weight: the
/// optimisation treats them as interchangeable, and they all receive the
/// same probability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The quota categories' values (category → value).
    pub features: BTreeMap<String, String>,
    pub weight: f64,
    /// Member ids, sorted.
    pub members: Vec<String>,
}

/// A panel composition: how many members of each profile sit on it.
/// Selecting a composition, then `count` members uniformly at random in each
/// profile, is a panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Composition {
    pub probability: f64,
    /// `[profile index, count]` pairs, by increasing profile index, counts > 0.
    pub counts: Vec<[u32; 2]>,
}

/// Solver statistics (deterministic: counts only, no times).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SolveStats {
    /// Column-generation iterations (master LP solves).
    pub iterations: u64,
    /// Leximin stages (each fixes at least one profile's probability).
    pub stages: u64,
    /// Compositions generated.
    pub compositions_generated: u64,
    /// Branch-and-bound nodes explored by the panel oracle.
    pub oracle_nodes: u64,
    /// Simplex pivots in the master LP.
    pub lp_pivots: u64,
    /// False if any oracle call stopped at its node limit (the result is
    /// then a valid distribution, but optimality is not proven).
    pub proven_optimal: bool,
}

/// The fair distribution over panels, with everyone's selection probability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub engine_version: String,
    pub inputs_hash: String,
    pub objective: Objective,
    pub k: u32,
    pub profiles: Vec<Profile>,
    pub compositions: Vec<Composition>,
    /// Person id → selection probability.
    pub marginals: BTreeMap<String, f64>,
    pub min_probability: f64,
    pub max_probability: f64,
    pub stats: SolveStats,
}

/// The uniform lottery: `panels.len()` (1,000) equally likely panels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lottery {
    pub engine_version: String,
    pub inputs_hash: String,
    /// Each panel is a sorted list of person ids.
    pub panels: Vec<Vec<String>>,
    /// Person id → (number of panels containing the person) / panels.len().
    pub marginals: BTreeMap<String, f64>,
    pub min_probability: f64,
    pub max_probability: f64,
    /// max over people of |lottery probability − exact probability|.
    pub max_rounding_error: f64,
    /// SHA-256 (hex) of the canonical JSON of `panels`.
    pub panels_hash: String,
}

/// The result of [`crate::pick`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    /// The 32-byte seed, hex.
    pub seed: String,
    /// Index into `Lottery::panels`.
    pub index: u32,
    pub panel: Vec<String>,
}

/// The published draw record: inputs, commitment, distribution, lottery, draw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DrawRecord {
    pub engine_version: String,
    pub inputs: Inputs,
    pub inputs_hash: String,
    pub distribution: Distribution,
    pub lottery: Lottery,
    pub draw: Draw,
    /// How the seed was made, when it came from a ceremony: anyone can
    /// recompute it ([`crate::ceremony::derive_seed`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceremony: Option<crate::ceremony::SeedTranscript>,
}

/// The result of [`crate::replace`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    pub seed: String,
    pub leaver: String,
    /// Eligible candidates, sorted by id: not on the panel, and the panel
    /// without the leaver plus the candidate satisfies every quota.
    pub eligible: Vec<String>,
    pub index: u32,
    pub replacement: String,
    /// The new panel, sorted.
    pub panel: Vec<String>,
}

/// Which side of a quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Min,
    Max,
}

/// One side of one quota.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QuotaBound {
    pub category: String,
    pub value: String,
    pub bound: Bound,
    pub limit: u32,
}

/// A change of one quota bound.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relaxation {
    pub category: String,
    pub value: String,
    pub bound: Bound,
    pub from: u32,
    pub to: u32,
}

/// Why no panel satisfies the quotas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// A set of quota bounds that cannot hold together (with k and the pool),
    /// minimal: dropping any one of them makes the rest satisfiable.
    pub conflict: Vec<QuotaBound>,
    /// A smallest relaxation (fewest seats moved in total) that makes the
    /// quotas feasible.
    pub relaxation: Vec<Relaxation>,
    /// Total seats of relaxation.
    pub relaxation_seats: u32,
}

impl std::fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "these quotas cannot hold together:")?;
        for c in &self.conflict {
            let side = match c.bound {
                Bound::Min => "at least",
                Bound::Max => "at most",
            };
            write!(f, " [{}={}: {} {}]", c.category, c.value, side, c.limit)?;
        }
        write!(f, "; smallest fix ({} seat(s)):", self.relaxation_seats)?;
        for r in &self.relaxation {
            let side = match r.bound {
                Bound::Min => "min",
                Bound::Max => "max",
            };
            write!(
                f,
                " {}={} {} {}→{};",
                r.category, r.value, side, r.from, r.to
            )?;
        }
        Ok(())
    }
}

/// Progress report passed to the caller's callback during [`crate::compute`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub phase: Phase,
    /// Column-generation iterations so far.
    pub iteration: u64,
    pub compositions: usize,
    /// Profiles whose probability is fixed, and the total.
    pub fixed_profiles: usize,
    pub profiles: usize,
    /// The current lower bound on the smallest (weighted) probability.
    pub min_probability: f64,
}

impl Progress {
    /// A rough share of the work done, from 0 to 1, for progress bars: the
    /// optimisation fixes profiles' probabilities a group at a time
    /// (LEXIMIN); MAXIMIN fixes them all at its end, so its bar waits at the
    /// start of the optimisation until then.
    pub fn fraction(&self) -> f64 {
        const COVERED: f64 = 0.1;
        let fixed = if self.profiles == 0 {
            0.0
        } else {
            self.fixed_profiles as f64 / self.profiles as f64
        };
        match self.phase {
            Phase::Validating => 0.0,
            Phase::Covering => COVERED / 2.0,
            Phase::Optimising => COVERED + (1.0 - COVERED) * fixed.clamp(0.0, 1.0),
            Phase::Done => 1.0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Validating,
    Covering,
    Optimising,
    Done,
}

/// Everything that can go wrong.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LotteryError {
    #[error("the pool is empty")]
    EmptyPool,
    #[error("the panel size k must be at least 1")]
    ZeroK,
    #[error("k = {k} is larger than the pool ({pool} people)")]
    KLargerThanPool { k: u32, pool: usize },
    #[error("person id {id:?} appears more than once")]
    DuplicateId { id: String },
    #[error("person {id:?} has no value for category {category:?}")]
    MissingFeature { id: String, category: String },
    #[error("person {id:?} has value {value:?} for category {category:?}, which has no quota")]
    UnknownValue {
        id: String,
        category: String,
        value: String,
    },
    #[error("person {id:?} has weight {weight}, which is not a finite positive number")]
    BadWeight { id: String, weight: f64 },
    #[error("quota {category}={value} has min {min} > max {max}")]
    BadQuota {
        category: String,
        value: String,
        min: u32,
        max: u32,
    },
    #[error("no quotas: at least one category is needed")]
    NoCategories,
    #[error("infeasible quotas: {0}")]
    Infeasible(Diagnosis),
    #[error("the solver reached its iteration limit ({detail})")]
    SolverLimit { detail: String },
    #[error("the lottery is empty")]
    EmptyLottery,
    #[error("{id:?} is not on the panel")]
    NotOnPanel { id: String },
    #[error("nobody can replace {id:?} without breaking a quota")]
    NoReplacement { id: String },
    #[error("the seed must be 32 bytes (64 hex digits)")]
    BadSeed,
}
