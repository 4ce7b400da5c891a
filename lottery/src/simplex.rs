//! A small, deterministic, dense revised simplex (bounded variables, explicit
//! basis inverse).
//!
//! Why our own: the pure-Rust solvers that build for wasm32 either pull
//! `wasm-bindgen` through a clock (`microlp` → `web-time`) or cannot warm-start
//! (interior point). The problems here are small once people are aggregated by
//! profile (a few hundred rows at most), so a dense explicit inverse is both
//! fast and easy to keep bit-reproducible: plain IEEE-754 `f64` additions and
//! multiplications in a fixed order, no FMA, no transcendental functions, no
//! hashing, fixed tie-breaking, iteration limits only.
//!
//! Problem form: minimise `cᵀx` subject to `A x = b`, `lo ≤ x ≤ hi`
//! (bounds may be infinite).

// Dense linear algebra reads best with explicit indices, as in the maths.
#![allow(clippy::needless_range_loop)]

pub(crate) const INF: f64 = f64::INFINITY;

/// Optimality tolerance on reduced costs.
const DUAL_TOL: f64 = 1e-9;
/// Smallest acceptable pivot element in the ratio test.
const PIVOT_TOL: f64 = 1e-9;
/// Re-invert the basis from scratch after this many product updates.
const REFACTOR_EVERY: usize = 1000;
/// Switch to Bland's rule after this many consecutive degenerate pivots.
const DEGENERATE_BEFORE_BLAND: usize = 500;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum VarState {
    Basic,
    AtLower,
    AtUpper,
    /// A free variable that is nonbasic sits at zero.
    FreeZero,
    /// Nonbasic strictly between its bounds (after a basis repair); it may
    /// move either way.
    Superbasic,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Status {
    Optimal,
    Infeasible,
    Unbounded,
    IterationLimit,
}

/// Basis, states, values and bounds of a solved problem.
#[derive(Clone, Debug)]
pub(crate) struct Snapshot {
    basis: Vec<usize>,
    state: Vec<VarState>,
    x: Vec<f64>,
    lo: Vec<f64>,
    hi: Vec<f64>,
}

impl Snapshot {
    pub(crate) fn lower(&self, j: usize) -> f64 {
        self.lo[j]
    }

    pub(crate) fn upper(&self, j: usize) -> f64 {
        self.hi[j]
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Simplex {
    m: usize,
    cols: Vec<Vec<(usize, f64)>>,
    cost: Vec<f64>,
    lo: Vec<f64>,
    hi: Vec<f64>,
    b: Vec<f64>,
    state: Vec<VarState>,
    basis: Vec<usize>,
    x: Vec<f64>,
    /// Row-major `m × m` explicit inverse of the basis matrix.
    binv: Vec<f64>,
    /// Index of the first of the `m` artificial variables, once created.
    art_start: Option<usize>,
    /// True when `basis`/`binv`/`x` describe a primal feasible basis of the
    /// current problem (phase 1 done, no modification since).
    warm: bool,
    since_refactor: usize,
    /// Total pivots and bound flips, for statistics.
    pub(crate) pivots: u64,
    /// Per-solve iteration limit.
    pub(crate) iteration_limit: u64,
    // Scratch buffers, kept to avoid reallocations.
    y: Vec<f64>,
    alpha: Vec<f64>,
    prow: Vec<f64>,
}

impl Simplex {
    /// An empty problem with `m` equality rows and right-hand side `b`.
    pub(crate) fn new(b: Vec<f64>) -> Self {
        let m = b.len();
        Simplex {
            m,
            cols: Vec::new(),
            cost: Vec::new(),
            lo: Vec::new(),
            hi: Vec::new(),
            b,
            state: Vec::new(),
            basis: Vec::new(),
            x: Vec::new(),
            binv: Vec::new(),
            art_start: None,
            warm: false,
            since_refactor: 0,
            pivots: 0,
            iteration_limit: 200_000,
            y: vec![0.0; m],
            alpha: vec![0.0; m],
            prow: vec![0.0; m],
        }
    }

    fn nonbasic_start(lo: f64, hi: f64) -> (VarState, f64) {
        if lo > -INF {
            (VarState::AtLower, lo)
        } else if hi < INF {
            (VarState::AtUpper, hi)
        } else {
            (VarState::FreeZero, 0.0)
        }
    }

    /// Adds a variable; returns its index. If a feasible basis exists, the
    /// new variable enters nonbasic at a bound and the basis stays feasible
    /// (values of basic variables are adjusted if that bound is not zero).
    pub(crate) fn add_var(&mut self, col: Vec<(usize, f64)>, cost: f64, lo: f64, hi: f64) -> usize {
        let (st, val) = Self::nonbasic_start(lo, hi);
        let j = self.cols.len();
        if self.warm && val != 0.0 {
            // x_B -= B⁻¹ a val
            self.column_alpha(&col);
            for r in 0..self.m {
                let bv = self.basis[r];
                self.x[bv] -= self.alpha[r] * val;
            }
            // Basic values may now violate their bounds.
            if !self.basic_feasible() {
                self.warm = false;
            }
        }
        self.cols.push(col);
        self.cost.push(cost);
        self.lo.push(lo);
        self.hi.push(hi);
        self.state.push(st);
        self.x.push(val);
        j
    }

    pub(crate) fn set_cost(&mut self, j: usize, c: f64) {
        self.cost[j] = c;
    }

    /// A copy of the basis and values (to restart a branch-and-bound child).
    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot {
            basis: self.basis.clone(),
            state: self.state.clone(),
            x: self.x.clone(),
            lo: self.lo.clone(),
            hi: self.hi.clone(),
        }
    }

    /// Restores a snapshot, then tightens variable `j` to `[lo, hi]` and
    /// re-inverts. The basis stays dual feasible (costs unchanged), so
    /// [`Simplex::solve_dual`] can then restore primal feasibility.
    pub(crate) fn restore_with_bound(
        &mut self,
        snap: &Snapshot,
        j: usize,
        lo: f64,
        hi: f64,
    ) -> bool {
        self.basis.clone_from(&snap.basis);
        self.state.clone_from(&snap.state);
        self.x.clone_from(&snap.x);
        self.lo.clone_from(&snap.lo);
        self.hi.clone_from(&snap.hi);
        self.lo[j] = lo;
        self.hi[j] = hi;
        if self.state[j] != VarState::Basic {
            let v = self.x[j].clamp(lo, hi);
            self.x[j] = v;
            self.state[j] = if v == lo {
                VarState::AtLower
            } else if v == hi {
                VarState::AtUpper
            } else {
                VarState::Superbasic
            };
        }
        self.warm = false;
        self.refactor()
    }

    /// Dual simplex from a dual feasible basis (e.g. an optimal basis after a
    /// bound was tightened): leaves the most infeasible basic variable, and
    /// keeps reduced costs of the right sign.
    pub(crate) fn solve_dual(&mut self) -> Status {
        let m = self.m;
        let mut y = std::mem::take(&mut self.y);
        let mut iterations = 0u64;
        let status = loop {
            if iterations >= self.iteration_limit {
                break Status::IterationLimit;
            }
            iterations += 1;
            if self.since_refactor >= REFACTOR_EVERY && !self.refactor() {
                break Status::IterationLimit;
            }
            // Leaving row: largest bound violation, lowest row on ties.
            let mut leave: Option<usize> = None;
            let mut worst = 1e-9;
            for r in 0..m {
                let j = self.basis[r];
                let v = self.x[j];
                let inf = if v < self.lo[j] {
                    self.lo[j] - v
                } else if v > self.hi[j] {
                    v - self.hi[j]
                } else {
                    0.0
                };
                if inf > worst {
                    worst = inf;
                    leave = Some(r);
                }
            }
            let Some(r) = leave else {
                self.warm = true;
                break Status::Optimal;
            };
            let l = self.basis[r];
            let to_lower = self.x[l] < self.lo[l];
            let target = if to_lower { self.lo[l] } else { self.hi[l] };
            self.compute_duals_into(&self.cost.clone(), &mut y);
            // Ratio test over the pivot row.
            let mut enter: Option<usize> = None;
            let mut best_ratio = INF;
            let mut best_s = 0.0;
            for j in 0..self.cols.len() {
                let st = self.state[j];
                if st == VarState::Basic || self.lo[j] == self.hi[j] {
                    continue;
                }
                let mut a_rj = 0.0;
                let mut d = self.cost[j];
                for &(row, a) in &self.cols[j] {
                    a_rj += self.binv[r * m + row] * a;
                    d -= y[row] * a;
                }
                // x_l moves by −a_rj·dx_j; it must move towards `target`.
                let s = if to_lower { -a_rj } else { a_rj };
                let ratio = match st {
                    VarState::AtLower if s > PIVOT_TOL => d.max(0.0) / s,
                    VarState::AtUpper if s < -PIVOT_TOL => d.min(0.0) / s,
                    VarState::FreeZero | VarState::Superbasic if s.abs() > PIVOT_TOL => {
                        d.abs() / s.abs()
                    }
                    _ => continue,
                };
                if ratio < best_ratio - 1e-12 || (ratio <= best_ratio + 1e-12 && s.abs() > best_s) {
                    best_ratio = ratio;
                    best_s = s.abs();
                    enter = Some(j);
                }
            }
            let Some(q) = enter else {
                break Status::Infeasible;
            };
            let col = std::mem::take(&mut self.cols[q]);
            self.column_alpha(&col);
            self.cols[q] = col;
            let piv = self.alpha[r];
            if piv.abs() < PIVOT_TOL {
                break Status::IterationLimit;
            }
            let dxq = (self.x[l] - target) / piv;
            for i in 0..m {
                let bv = self.basis[i];
                self.x[bv] -= self.alpha[i] * dxq;
            }
            self.x[q] += dxq;
            self.x[l] = target;
            self.state[l] = if to_lower {
                VarState::AtLower
            } else {
                VarState::AtUpper
            };
            self.state[q] = VarState::Basic;
            self.basis[r] = q;
            self.pivots += 1;
            pivot_update(&mut self.binv, m, r, piv, &self.alpha, &mut self.prow);
            self.since_refactor += 1;
        };
        self.y = y;
        status
    }

    /// Replaces column `j` and invalidates the basis inverse (the basis set
    /// is kept and tried again by `solve`).
    pub(crate) fn set_col(&mut self, j: usize, col: Vec<(usize, f64)>) {
        self.cols[j] = col;
        self.warm = false;
    }

    /// Sets the upper bound of a nonbasic variable sitting at its lower
    /// bound (its value is unchanged, so the basis stays valid). An upper
    /// bound equal to the lower one takes it out of pricing.
    pub(crate) fn set_upper_of_nonbasic(&mut self, j: usize, hi: f64) -> bool {
        if self.state[j] != VarState::AtLower || self.x[j] != self.lo[j] || hi < self.lo[j] {
            return false;
        }
        self.hi[j] = hi;
        true
    }

    pub(crate) fn set_rhs(&mut self, r: usize, v: f64) {
        self.b[r] = v;
        self.warm = false;
    }

    pub(crate) fn value(&self, j: usize) -> f64 {
        self.x[j]
    }

    pub(crate) fn objective(&self) -> f64 {
        let mut s = 0.0;
        for j in 0..self.cols.len() {
            if self.cost[j] != 0.0 {
                s += self.cost[j] * self.x[j];
            }
        }
        s
    }

    /// Dual values `y = c_Bᵀ B⁻¹` of the last optimal basis: the reduced cost
    /// of variable `j` is `c_j − yᵀ a_j`.
    pub(crate) fn duals(&self) -> Vec<f64> {
        let mut y = vec![0.0; self.m];
        self.compute_duals_into(&self.cost, &mut y);
        y
    }

    fn compute_duals_into(&self, cost: &[f64], y: &mut [f64]) {
        let m = self.m;
        for v in y.iter_mut() {
            *v = 0.0;
        }
        for r in 0..m {
            let c = cost[self.basis[r]];
            if c != 0.0 {
                let row = &self.binv[r * m..(r + 1) * m];
                for i in 0..m {
                    y[i] += c * row[i];
                }
            }
        }
    }

    fn column_alpha(&mut self, col: &[(usize, f64)]) {
        let m = self.m;
        for v in self.alpha.iter_mut() {
            *v = 0.0;
        }
        for &(row, a) in col {
            for i in 0..m {
                self.alpha[i] += self.binv[i * m + row] * a;
            }
        }
    }

    fn basic_feasible(&self) -> bool {
        self.basis.iter().all(|&j| {
            let v = self.x[j];
            v >= self.lo[j] - 1e-7 && v <= self.hi[j] + 1e-7
        })
    }

    /// Inverts the basis matrix from scratch (Gauss–Jordan, partial
    /// pivoting) and recomputes the basic values. Returns false if singular.
    fn refactor(&mut self) -> bool {
        let m = self.m;
        let mut a = vec![0.0; m * m];
        for (r, &j) in self.basis.iter().enumerate() {
            for &(row, v) in &self.cols[j] {
                a[row * m + r] = v;
            }
        }
        let mut inv = vec![0.0; m * m];
        for i in 0..m {
            inv[i * m + i] = 1.0;
        }
        for c in 0..m {
            // partial pivot: largest magnitude, lowest row on ties
            let mut p = c;
            let mut best = a[c * m + c].abs();
            for r in c + 1..m {
                let v = a[r * m + c].abs();
                if v > best {
                    best = v;
                    p = r;
                }
            }
            if best < 1e-11 {
                return false;
            }
            if p != c {
                for k in 0..m {
                    a.swap(p * m + k, c * m + k);
                    inv.swap(p * m + k, c * m + k);
                }
            }
            let piv = a[c * m + c];
            for k in c..m {
                a[c * m + k] /= piv;
            }
            for k in 0..m {
                inv[c * m + k] /= piv;
            }
            // Columns before c are already reduced to unit vectors.
            let arow: Vec<f64> = a[c * m + c..(c + 1) * m].to_vec();
            let irow: Vec<f64> = inv[c * m..(c + 1) * m].to_vec();
            for r in 0..m {
                if r != c {
                    let f = a[r * m + c];
                    if f != 0.0 {
                        axpy(&mut a[r * m + c..(r + 1) * m], f, &arow);
                        axpy(&mut inv[r * m..(r + 1) * m], f, &irow);
                    }
                }
            }
        }
        self.binv = inv;
        self.since_refactor = 0;
        self.recompute_basic_values();
        true
    }

    fn recompute_basic_values(&mut self) {
        let m = self.m;
        let mut rhs = self.b.clone();
        for j in 0..self.cols.len() {
            if self.state[j] != VarState::Basic && self.x[j] != 0.0 {
                for &(row, a) in &self.cols[j] {
                    rhs[row] -= a * self.x[j];
                }
            }
        }
        for r in 0..m {
            let mut s = 0.0;
            for i in 0..m {
                s += self.binv[r * m + i] * rhs[i];
            }
            let j = self.basis[r];
            self.x[j] = s;
        }
    }

    /// Solves the problem. Warm: continues from the current feasible basis;
    /// after `set_col`/`set_rhs`, first tries to re-invert the previous basis
    /// and keep it if still feasible; otherwise runs phase 1 from scratch.
    pub(crate) fn solve(&mut self) -> Status {
        if !self.warm && !self.basis.is_empty() {
            let saved = (self.x.clone(), self.state.clone(), self.basis.clone());
            let ok = self.refactor() || {
                self.repair_basis();
                self.refactor()
            };
            if ok && self.basic_feasible() {
                self.warm = true;
            } else {
                (self.x, self.state, self.basis) = saved;
                self.crash_from_point();
            }
        }
        if !self.warm {
            match self.phase1() {
                Status::Optimal => {}
                other => return other,
            }
        }
        let cost = self.cost.clone();
        self.iterate(&cost)
    }

    /// Sets a variable's value (for `crash_from_point`): a nonbasic variable
    /// off its bounds becomes superbasic.
    pub(crate) fn set_value(&mut self, j: usize, v: f64) {
        self.x[j] = v;
        if self.state[j] != VarState::Basic {
            self.state[j] = if v == self.lo[j] {
                VarState::AtLower
            } else if v == self.hi[j] {
                VarState::AtUpper
            } else {
                VarState::Superbasic
            };
        }
        self.warm = false;
    }

    /// If the current values satisfy every row and bound, restarts from them:
    /// the basis becomes the artificial variables (all at zero), the other
    /// variables nonbasic at their values. A few degenerate pivots then
    /// rebuild a real basis: much cheaper than phase 1 from scratch.
    fn crash_from_point(&mut self) -> bool {
        let m = self.m;
        let art = self.ensure_artificials();
        let mut resid = self.b.clone();
        for j in 0..self.cols.len() {
            if j >= art && j < art + m {
                continue;
            }
            let v = self.x[j];
            if v < self.lo[j] - 1e-9 || v > self.hi[j] + 1e-9 {
                return false;
            }
            if v != 0.0 {
                for &(row, a) in &self.cols[j] {
                    resid[row] -= a * v;
                }
            }
        }
        if resid.iter().any(|r| r.abs() > 1e-9) {
            return false;
        }
        for j in 0..self.cols.len() {
            let v = self.x[j];
            self.state[j] = if v == self.lo[j] {
                VarState::AtLower
            } else if v == self.hi[j] {
                VarState::AtUpper
            } else if self.lo[j] == -INF && self.hi[j] == INF && v == 0.0 {
                VarState::FreeZero
            } else {
                VarState::Superbasic
            };
        }
        self.binv = vec![0.0; m * m];
        self.basis = (art..art + m).collect();
        for r in 0..m {
            let j = art + r;
            self.cols[j] = vec![(r, 1.0)];
            self.lo[j] = 0.0;
            self.hi[j] = 0.0;
            self.x[j] = 0.0;
            self.state[j] = VarState::Basic;
            self.binv[r * m + r] = 1.0;
        }
        self.since_refactor = 0;
        self.warm = true;
        true
    }

    /// Makes a singular basis nonsingular while keeping every variable's
    /// value: dependent basic columns become superbasic (nonbasic at their
    /// current value) and the rows left without a pivot get their artificial
    /// variable (value ≈ 0, as the old values already satisfy the rows).
    fn repair_basis(&mut self) {
        let m = self.m;
        let art = self.ensure_artificials();
        let mut a = vec![0.0; m * m];
        for (r, &j) in self.basis.iter().enumerate() {
            for &(row, v) in &self.cols[j] {
                a[row * m + r] = v;
            }
        }
        let mut row_used = vec![false; m];
        let mut keep = Vec::with_capacity(m);
        for c in 0..m {
            let mut p = None;
            let mut best = 1e-9;
            for r in 0..m {
                if !row_used[r] && a[r * m + c].abs() > best {
                    best = a[r * m + c].abs();
                    p = Some(r);
                }
            }
            let Some(p) = p else {
                let j = self.basis[c];
                self.state[j] = VarState::Superbasic;
                continue;
            };
            row_used[p] = true;
            keep.push(self.basis[c]);
            let piv = a[p * m + c];
            for c2 in c + 1..m {
                let f = a[p * m + c2] / piv;
                if f != 0.0 {
                    for r in 0..m {
                        a[r * m + c2] -= f * a[r * m + c];
                    }
                }
            }
        }
        for r in 0..m {
            if !row_used[r] {
                let j = art + r;
                self.cols[j] = vec![(r, 1.0)];
                self.state[j] = VarState::Basic;
                keep.push(j);
            }
        }
        self.basis = keep;
    }

    fn ensure_artificials(&mut self) -> usize {
        match self.art_start {
            Some(a) => a,
            None => {
                let a = self.cols.len();
                for r in 0..self.m {
                    self.cols.push(vec![(r, 1.0)]);
                    self.cost.push(0.0);
                    self.lo.push(0.0);
                    self.hi.push(0.0);
                    self.state.push(VarState::AtLower);
                    self.x.push(0.0);
                }
                self.art_start = Some(a);
                a
            }
        }
    }

    fn phase1(&mut self) -> Status {
        let m = self.m;
        // The artificial variables stay in the problem, fixed at zero
        // outside phase 1.
        let art = self.ensure_artificials();
        // All structural variables nonbasic at a bound.
        for j in 0..self.cols.len() {
            let (st, v) = Self::nonbasic_start(self.lo[j], self.hi[j]);
            self.state[j] = st;
            self.x[j] = v;
        }
        let mut resid = self.b.clone();
        for j in 0..self.cols.len() {
            if self.x[j] != 0.0 {
                for &(row, a) in &self.cols[j] {
                    resid[row] -= a * self.x[j];
                }
            }
        }
        self.binv = vec![0.0; m * m];
        self.basis = Vec::with_capacity(m);
        for (r, &res) in resid.iter().enumerate() {
            let j = art + r;
            let sign = if res < 0.0 { -1.0 } else { 1.0 };
            self.cols[j] = vec![(r, sign)];
            self.binv[r * m + r] = sign;
            self.lo[j] = 0.0;
            self.hi[j] = INF;
            self.state[j] = VarState::Basic;
            self.x[j] = res.abs();
            self.basis.push(j);
        }
        self.since_refactor = 0;
        let mut c1 = vec![0.0; self.cols.len()];
        for r in 0..m {
            c1[art + r] = 1.0;
        }
        let st = self.iterate(&c1);
        if st != Status::Optimal {
            return st;
        }
        let infeas: f64 = (0..m).map(|r| self.x[art + r]).sum();
        for r in 0..m {
            self.hi[art + r] = 0.0;
        }
        if infeas > 1e-7 {
            return Status::Infeasible;
        }
        for r in 0..m {
            let j = art + r;
            if self.state[j] != VarState::Basic {
                self.state[j] = VarState::AtLower;
            }
            self.x[j] = 0.0;
        }
        self.warm = true;
        Status::Optimal
    }

    fn iterate(&mut self, cost: &[f64]) -> Status {
        let m = self.m;
        let mut degenerate_run = 0usize;
        let mut iterations = 0u64;
        let mut duals_fresh = false;
        let mut y = std::mem::take(&mut self.y);
        // Devex reference weights (Forrest & Goldfarb), reset at every call.
        let mut devex = vec![1.0; self.cols.len()];
        // Reduced costs, updated with the duals after each pivot; `d_exact`
        // when just recomputed from scratch (optimality is only declared on
        // exact values).
        let mut dj = vec![0.0; self.cols.len()];
        let mut d_exact = false;
        let status = loop {
            if iterations >= self.iteration_limit {
                break Status::IterationLimit;
            }
            iterations += 1;
            if self.since_refactor >= REFACTOR_EVERY && !self.refactor() {
                // Numerically singular basis: restart from scratch.
                self.warm = false;
                break Status::IterationLimit;
            }
            // Duals: recomputed after a re-inversion, else updated in O(m)
            // after each pivot (y' = y + d_q · row r of the new inverse).
            if !duals_fresh {
                self.compute_duals_into(cost, &mut y);
                for j in 0..self.cols.len() {
                    if self.state[j] == VarState::Basic || self.lo[j] == self.hi[j] {
                        continue;
                    }
                    let mut d = cost[j];
                    for &(row, a) in &self.cols[j] {
                        d -= y[row] * a;
                    }
                    dj[j] = d;
                }
                duals_fresh = true;
                d_exact = true;
            }
            let bland = degenerate_run >= DEGENERATE_BEFORE_BLAND;
            // Pricing.
            let mut enter: Option<(usize, f64, f64)> = None; // (var, direction, d)
            let mut best = 0.0;
            for j in 0..self.cols.len() {
                let st = self.state[j];
                if st == VarState::Basic || self.lo[j] == self.hi[j] {
                    continue;
                }
                let d = dj[j];
                let dir = match st {
                    VarState::AtLower if d < -DUAL_TOL => 1.0,
                    VarState::AtUpper if d > DUAL_TOL => -1.0,
                    VarState::FreeZero if d < -DUAL_TOL => 1.0,
                    VarState::FreeZero if d > DUAL_TOL => -1.0,
                    VarState::Superbasic if d < -DUAL_TOL => 1.0,
                    VarState::Superbasic if d > DUAL_TOL => -1.0,
                    _ => continue,
                };
                if bland {
                    enter = Some((j, dir, d));
                    break;
                }
                // Devex: largest d² relative to the reference weight.
                let score = d * d / devex[j];
                if score > best {
                    best = score;
                    enter = Some((j, dir, d));
                }
            }
            let Some((q, dir, d_q)) = enter else {
                if d_exact {
                    break Status::Optimal;
                }
                duals_fresh = false;
                continue;
            };
            let col = std::mem::take(&mut self.cols[q]);
            self.column_alpha(&col);
            self.cols[q] = col;
            // Ratio test: x_B(θ) = x_B − dir·θ·alpha.
            let mut theta = INF;
            let mut leave: Option<usize> = None;
            let mut leave_piv = 0.0;
            for r in 0..m {
                let rate = -dir * self.alpha[r];
                let bv = self.basis[r];
                let room = if rate < -PIVOT_TOL && self.lo[bv] > -INF {
                    (self.x[bv] - self.lo[bv]) / -rate
                } else if rate > PIVOT_TOL && self.hi[bv] < INF {
                    (self.hi[bv] - self.x[bv]) / rate
                } else {
                    continue;
                };
                let room = if room < 0.0 { 0.0 } else { room };
                let piv = self.alpha[r].abs();
                let better = match leave {
                    None => true,
                    Some(lr) => {
                        if room < theta - 1e-12 {
                            true
                        } else if room <= theta + 1e-12 {
                            if bland {
                                bv < self.basis[lr]
                            } else {
                                piv > leave_piv
                            }
                        } else {
                            false
                        }
                    }
                };
                if better {
                    theta = if leave.is_none() || room < theta {
                        room
                    } else {
                        theta
                    };
                    leave = Some(r);
                    leave_piv = piv;
                }
            }
            // Distance the entering variable can travel to its own bound.
            let span = if dir > 0.0 {
                self.hi[q] - self.x[q]
            } else {
                self.x[q] - self.lo[q]
            };
            if leave.is_none() && span == INF {
                break Status::Unbounded;
            }
            self.pivots += 1;
            if span <= theta {
                // Bound flip: the entering variable reaches its other bound.
                for r in 0..m {
                    let bv = self.basis[r];
                    self.x[bv] -= dir * span * self.alpha[r];
                }
                if dir > 0.0 {
                    self.state[q] = VarState::AtUpper;
                    self.x[q] = self.hi[q];
                } else {
                    self.state[q] = VarState::AtLower;
                    self.x[q] = self.lo[q];
                }
                degenerate_run = 0;
                continue;
            }
            let Some(r) = leave else {
                break Status::Unbounded;
            };
            if theta <= 1e-12 {
                degenerate_run += 1;
            } else {
                degenerate_run = 0;
            }
            for i in 0..m {
                let bv = self.basis[i];
                self.x[bv] -= dir * theta * self.alpha[i];
            }
            self.x[q] += dir * theta;
            let l = self.basis[r];
            let rate = -dir * self.alpha[r];
            if rate < 0.0 {
                self.state[l] = VarState::AtLower;
                self.x[l] = self.lo[l];
            } else {
                self.state[l] = VarState::AtUpper;
                self.x[l] = self.hi[l];
            }
            if self.lo[l] == -INF && self.hi[l] == INF {
                self.state[l] = VarState::FreeZero;
                self.x[l] = 0.0;
            }
            self.state[q] = VarState::Basic;
            self.basis[r] = q;
            // Update the explicit inverse.
            let piv = self.alpha[r];
            pivot_update(&mut self.binv, m, r, piv, &self.alpha, &mut self.prow);
            self.since_refactor += 1;
            for k in 0..m {
                y[k] += d_q * self.binv[r * m + k];
            }
            // Devex update: `prow` is row r of the new inverse, so
            // prow · a_j = α_rj / α_rq.
            let wq = devex[q];
            dj[l] = 0.0;
            for j in 0..self.cols.len() {
                if self.state[j] == VarState::Basic || self.lo[j] == self.hi[j] {
                    continue;
                }
                let mut a_rj = 0.0;
                for &(row, a) in &self.cols[j] {
                    a_rj += self.prow[row] * a;
                }
                if a_rj != 0.0 {
                    dj[j] -= d_q * a_rj;
                    let w = a_rj * a_rj * wq;
                    if w > devex[j] {
                        devex[j] = w;
                    }
                }
            }
            dj[q] = 0.0;
            d_exact = false;
            let wl = wq / (piv * piv);
            devex[l] = if wl > 1.0 { wl } else { 1.0 };
            if self.since_refactor >= REFACTOR_EVERY {
                duals_fresh = false;
            }
        };
        self.y = y;
        status
    }
}

/// `dst -= f · src`, element by element (no reassociation: the same bits
/// whether or not the compiler vectorises it).
fn axpy(dst: &mut [f64], f: f64, src: &[f64]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d -= f * s;
    }
}

/// Product-form update of the explicit inverse after a pivot on row `r`.
fn pivot_update(binv: &mut [f64], m: usize, r: usize, piv: f64, alpha: &[f64], prow: &mut [f64]) {
    for k in 0..m {
        binv[r * m + k] /= piv;
    }
    prow.copy_from_slice(&binv[r * m..(r + 1) * m]);
    for (i, &f) in alpha.iter().enumerate() {
        if i != r && f != 0.0 {
            axpy(&mut binv[i * m..(i + 1) * m], f, prow);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_lp_reaches_its_textbook_optimum() {
        // max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 6, x ≤ 3  → x=3, y=1, value 11
        let mut s = Simplex::new(vec![4.0, 6.0]);
        let x = s.add_var(vec![(0, 1.0), (1, 1.0)], -3.0, 0.0, 3.0);
        let y = s.add_var(vec![(0, 1.0), (1, 3.0)], -2.0, 0.0, INF);
        s.add_var(vec![(0, 1.0)], 0.0, 0.0, INF);
        s.add_var(vec![(1, 1.0)], 0.0, 0.0, INF);
        assert_eq!(s.solve(), Status::Optimal);
        assert!((s.value(x) - 3.0).abs() < 1e-9);
        assert!((s.value(y) - 1.0).abs() < 1e-9);
        assert!((s.objective() + 11.0).abs() < 1e-9);
    }

    #[test]
    fn contradictory_rows_are_reported_infeasible() {
        // x + y = 1 and x + y = 3 with x, y ≥ 0
        let mut s = Simplex::new(vec![1.0, 3.0]);
        s.add_var(vec![(0, 1.0), (1, 1.0)], 0.0, 0.0, INF);
        s.add_var(vec![(0, 1.0), (1, 1.0)], 0.0, 0.0, INF);
        assert_eq!(s.solve(), Status::Infeasible);
    }

    #[test]
    fn an_lp_without_a_lower_bound_on_the_objective_is_unbounded() {
        let mut s = Simplex::new(vec![1.0]);
        s.add_var(vec![(0, 1.0)], -1.0, 0.0, INF);
        s.add_var(vec![(0, -1.0)], 0.0, 0.0, INF);
        assert_eq!(s.solve(), Status::Unbounded);
    }

    #[test]
    fn adding_a_column_after_solving_warm_starts_to_the_new_optimum() {
        // max t s.t. t ≤ a·λ per row, Σλ = 1 (a tiny maximin master)
        // rows 0,1: λ-weighted coverage − t − s = 0 ; row 2: Σλ = 1
        let mut s = Simplex::new(vec![0.0, 0.0, 1.0]);
        let t = s.add_var(vec![(0, -1.0), (1, -1.0)], -1.0, -INF, INF);
        s.add_var(vec![(0, -1.0)], 0.0, 0.0, INF);
        s.add_var(vec![(1, -1.0)], 0.0, 0.0, INF);
        s.add_var(vec![(0, 1.0), (2, 1.0)], 0.0, 0.0, INF); // covers row 0
        assert_eq!(s.solve(), Status::Optimal);
        assert!(s.value(t).abs() < 1e-9);
        s.add_var(vec![(1, 1.0), (2, 1.0)], 0.0, 0.0, INF); // covers row 1
        assert_eq!(s.solve(), Status::Optimal);
        assert!((s.value(t) - 0.5).abs() < 1e-9);
        let y = s.duals();
        // duals of the two coverage rows are equal by symmetry and sum to 1
        assert!((y[0] - y[1]).abs() < 1e-9);
        assert!((y[0] + y[1] - 1.0).abs() < 1e-9);
    }

    #[test]
    fn changing_a_column_re_solves_from_the_previous_basis() {
        let mut s = Simplex::new(vec![2.0]);
        let x = s.add_var(vec![(0, 1.0)], -1.0, 0.0, INF);
        assert_eq!(s.solve(), Status::Optimal);
        assert!((s.value(x) - 2.0).abs() < 1e-9);
        s.set_col(x, vec![(0, 2.0)]);
        assert_eq!(s.solve(), Status::Optimal);
        assert!((s.value(x) - 1.0).abs() < 1e-9);
    }
}
