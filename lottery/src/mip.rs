//! Depth-first branch and bound over [`Simplex`], and the panel oracle built
//! on it: integer counts per profile (not one binary per person), so a
//! problem has at most a few hundred integer variables whatever the pool size.

// Dense linear algebra reads best with explicit indices, as in the maths.
#![allow(clippy::needless_range_loop)]

use crate::model::Model;
use std::rc::Rc;

use crate::simplex::{INF, Simplex, Snapshot, Status};

/// A mixed-integer program: minimise `cᵀx`, `A x = b`, `lo ≤ x ≤ hi`, and
/// `x_j` integer where `integer[j]`.
#[derive(Clone, Debug)]
pub(crate) struct Mip {
    pub b: Vec<f64>,
    pub cols: Vec<Vec<(usize, f64)>>,
    pub cost: Vec<f64>,
    pub lo: Vec<f64>,
    pub hi: Vec<f64>,
    pub integer: Vec<bool>,
    /// Branching priority (higher first), e.g. the objective weight: once the
    /// valuable variables are integral, the rest is a feasibility completion.
    pub priority: Vec<f64>,
}

#[derive(Clone, Debug)]
pub(crate) struct MipResult {
    /// Best integer solution found with objective below the cutoff.
    pub x: Option<Vec<f64>>,
    /// True if the search finished (the answer is proven).
    pub complete: bool,
}

const INT_TOL: f64 = 1e-6;

/// Branch and bound. Only solutions with objective `< cutoff − 1e-9` are
/// accepted, and nodes whose relaxation cannot beat that are pruned.
pub(crate) fn solve_mip(mip: &Mip, cutoff: f64, node_limit: u64) -> MipResult {
    solve_mip_mode(mip, cutoff, node_limit, false)
}

/// As [`solve_mip`]; with `first`, stops at the first accepted solution.
pub(crate) fn solve_mip_mode(mip: &Mip, cutoff: f64, node_limit: u64, first: bool) -> MipResult {
    let n = mip.cols.len();
    let mut best_x: Option<Vec<f64>> = None;
    let mut best = cutoff;
    let mut nodes = 0u64;
    let mut stack: Vec<(Vec<f64>, Vec<f64>)> = vec![(mip.lo.clone(), mip.hi.clone())];
    while let Some((lo, hi)) = stack.pop() {
        if nodes >= node_limit {
            return MipResult {
                x: best_x,
                complete: false,
            };
        }
        nodes += 1;
        let mut s = Simplex::new(mip.b.clone());
        for j in 0..n {
            s.add_var(mip.cols[j].clone(), mip.cost[j], lo[j], hi[j]);
        }
        if s.solve() != Status::Optimal {
            continue;
        }
        let obj = s.objective();
        if obj >= best - 1e-9 {
            continue;
        }
        // Highest priority fractional variable, then most fractional, then
        // lowest index.
        let mut branch: Option<(usize, f64)> = None;
        let mut best_key = (f64::NEG_INFINITY, 0.0);
        for j in 0..n {
            if !mip.integer[j] {
                continue;
            }
            let v = s.value(j);
            let f = v - v.floor();
            let dist = if f < 0.5 { f } else { 1.0 - f };
            if dist <= INT_TOL {
                continue;
            }
            let key = (mip.priority[j], dist);
            if key.0 > best_key.0 || (key.0 == best_key.0 && key.1 > best_key.1) {
                best_key = key;
                branch = Some((j, v));
            }
        }
        match branch {
            None => {
                let x: Vec<f64> = (0..n)
                    .map(|j| {
                        let v = s.value(j);
                        if mip.integer[j] { v.round() } else { v }
                    })
                    .collect();
                best = obj;
                best_x = Some(x);
                if first {
                    break;
                }
            }
            Some((j, v)) => {
                let down = v.floor();
                let mut lo_up = lo.clone();
                lo_up[j] = down + 1.0;
                let mut hi_down = hi.clone();
                hi_down[j] = down;
                // Explore the nearer side first (pushed last).
                if v - down >= 0.5 {
                    stack.push((lo, hi_down));
                    stack.push((lo_up, hi));
                } else {
                    stack.push((lo_up, hi));
                    stack.push((lo, hi_down));
                }
            }
        }
    }
    MipResult {
        x: best_x,
        complete: true,
    }
}

/// Which quota bounds are enforced (for the infeasibility diagnosis).
#[derive(Clone, Debug)]
pub(crate) struct ActiveBounds {
    pub min: Vec<bool>,
    pub max: Vec<bool>,
}

impl ActiveBounds {
    pub(crate) fn all(model: &Model) -> Self {
        ActiveBounds {
            min: vec![true; model.values.len()],
            max: vec![true; model.values.len()],
        }
    }
}

/// The panel MIP over profile counts: maximise Σ weight_p · c_p.
/// Variables: c_p (integer, 0..=|p|) then one slack s_v per quota value with
/// bounds [min_v, max_v]; rows: Σ_{p has v} c_p − s_v = 0, then Σ c_p = k.
pub(crate) fn panel_mip(model: &Model, weights: &[f64], active: &ActiveBounds) -> Mip {
    let nv = model.values.len();
    let k = f64::from(model.k);
    let mut b = vec![0.0; nv + 1];
    b[nv] = k;
    let mut mip = Mip {
        b,
        cols: Vec::new(),
        cost: Vec::new(),
        lo: Vec::new(),
        hi: Vec::new(),
        integer: Vec::new(),
        priority: Vec::new(),
    };
    for (p, prof) in model.profiles.iter().enumerate() {
        let mut col: Vec<(usize, f64)> = prof.values.iter().map(|&v| (v, 1.0)).collect();
        col.push((nv, 1.0));
        mip.cols.push(col);
        mip.cost.push(-weights[p]);
        mip.lo.push(0.0);
        mip.hi.push((prof.members.len() as f64).min(k));
        mip.integer.push(true);
        mip.priority.push(weights[p]);
    }
    for (v, row) in model.values.iter().enumerate() {
        mip.cols.push(vec![(v, -1.0)]);
        mip.cost.push(0.0);
        mip.lo.push(if active.min[v] {
            f64::from(row.min)
        } else {
            0.0
        });
        mip.hi
            .push(if active.max[v] { f64::from(row.max) } else { k });
        mip.integer.push(false);
        mip.priority.push(0.0);
    }
    mip
}

pub(crate) struct OracleAnswer {
    /// The best composition found.
    pub counts: Vec<u32>,
}

/// The panel oracle: maximise Σ weight_p · c_p over panel compositions.
/// The root LP is kept between calls (only the objective changes, so the
/// previous optimal basis is a feasible warm start), and branch-and-bound
/// children restart from their parent's basis with the dual simplex.
pub(crate) struct PanelOracle<'a> {
    model: &'a Model,
    integer: Vec<bool>,
    root: Simplex,
    pub nodes: u64,
    pub proven: bool,
}

impl<'a> PanelOracle<'a> {
    pub(crate) fn new(model: &'a Model) -> Self {
        let zeros = vec![0.0; model.profiles.len()];
        let mip = panel_mip(model, &zeros, &ActiveBounds::all(model));
        let mut root = Simplex::new(mip.b.clone());
        for j in 0..mip.cols.len() {
            root.add_var(mip.cols[j].clone(), 0.0, mip.lo[j], mip.hi[j]);
        }
        PanelOracle {
            model,
            integer: mip.integer,
            root,
            nodes: 0,
            proven: true,
        }
    }

    /// The composition maximising Σ weight_p · c_p if its value exceeds
    /// `threshold` (−∞: any feasible panel). With `first`, returns the first
    /// composition found above the threshold rather than the best.
    pub(crate) fn best_panel(
        &mut self,
        weights: &[f64],
        threshold: f64,
        first: bool,
        node_limit: u64,
    ) -> Option<OracleAnswer> {
        let np = self.model.profiles.len();
        // Scale weights so the largest is 1: tolerances stay meaningful.
        let scale = weights
            .iter()
            .fold(0.0f64, |a, &w| if w > a { w } else { a });
        let mut cutoff = if threshold == -INF || scale == 0.0 {
            INF
        } else {
            -threshold / scale
        };
        for (p, &w) in weights.iter().enumerate() {
            self.root
                .set_cost(p, if scale > 0.0 { -w / scale } else { 0.0 });
        }
        if self.root.solve() != Status::Optimal {
            return None;
        }
        let mut work = self.root.clone();
        let mut best: Option<Vec<u32>> = None;
        let mut nodes = 0u64;
        // A node: parent snapshot, branching variable, its new bounds.
        let mut stack: Vec<(Rc<Snapshot>, usize, f64, f64)> = Vec::new();
        let mut pending_root = true;
        loop {
            let solved: &Simplex = if pending_root {
                pending_root = false;
                &self.root
            } else {
                let Some((snap, j, lo, hi)) = stack.pop() else {
                    break;
                };
                if nodes >= node_limit {
                    self.proven = false;
                    break;
                }
                if !work.restore_with_bound(&snap, j, lo, hi) {
                    self.proven = false;
                    continue;
                }
                match work.solve_dual() {
                    Status::Optimal => {}
                    Status::Infeasible => {
                        nodes += 1;
                        continue;
                    }
                    _ => {
                        self.proven = false;
                        continue;
                    }
                }
                &work
            };
            nodes += 1;
            let obj = solved.objective();
            if obj >= cutoff - 1e-9 {
                continue;
            }
            let mut branch: Option<(usize, f64)> = None;
            let mut best_key = (f64::NEG_INFINITY, 0.0);
            for p in 0..np {
                if !self.integer[p] {
                    continue;
                }
                let v = solved.value(p);
                let f = v - v.floor();
                let dist = if f < 0.5 { f } else { 1.0 - f };
                if dist <= INT_TOL {
                    continue;
                }
                let key = (weights[p], dist);
                if key.0 > best_key.0 || (key.0 == best_key.0 && key.1 > best_key.1) {
                    best_key = key;
                    branch = Some((p, v));
                }
            }
            match branch {
                None => {
                    let counts: Vec<u32> = (0..np)
                        .map(|p| solved.value(p).round().max(0.0) as u32)
                        .collect();
                    if self.model.counts_feasible(&counts) {
                        cutoff = obj;
                        best = Some(counts);
                        if first {
                            break;
                        }
                    } else {
                        self.proven = false;
                    }
                }
                Some((j, v)) => {
                    let snap = Rc::new(solved.snapshot());
                    let (lo, hi) = (snap_lo(&snap, j), snap_hi(&snap, j));
                    let down = v.floor();
                    let up_child = (Rc::clone(&snap), j, down + 1.0, hi);
                    let down_child = (snap, j, lo, down);
                    if v - down >= 0.5 {
                        stack.push(down_child);
                        stack.push(up_child);
                    } else {
                        stack.push(up_child);
                        stack.push(down_child);
                    }
                }
            }
        }
        self.nodes += nodes;
        best.map(|counts| OracleAnswer { counts })
    }
}

fn snap_lo(s: &Snapshot, j: usize) -> f64 {
    s.lower(j)
}

fn snap_hi(s: &Snapshot, j: usize) -> f64 {
    s.upper(j)
}

/// Whether some panel satisfies the enforced bounds (None: node limit hit).
pub(crate) fn feasible_with(model: &Model, active: &ActiveBounds, node_limit: u64) -> Option<bool> {
    let zeros = vec![0.0; model.profiles.len()];
    let mip = panel_mip(model, &zeros, active);
    let res = solve_mip(&mip, INF, node_limit.max(1));
    match (res.x.is_some(), res.complete) {
        (true, _) => Some(true),
        (false, true) => Some(false),
        (false, false) => None,
    }
}
