//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta
//! 2011) with its dynamic oracle (Goldberg and Nivre 2013), and the lifting
//! that makes non-projective training trees projective.
//!
//! Tokens are numbered as in CoNLL-U: 0 is the artificial root, words are
//! `1..=n`, and `n + 1` ([`State::none`]) stands for "no token" so that
//! feature lookups never branch. The root starts on the stack; the buffer is
//! always a suffix `b..=n` of the sentence. Transitions:
//!
//! - `SHIFT`: push the first buffer word;
//! - `LEFT(l)`: pop `s0`, attached to the first buffer word `b0` as `l`;
//! - `RIGHT(l)`: pop `s0`, attached to `s1` as `l`.
//!
//! `RIGHT` onto the root is allowed only once the buffer is empty, and only
//! with the label `root` (which no other arc may take), so every parse has
//! exactly one root word. Every configuration but the final one (empty
//! buffer, only the root on the stack) has a valid transition, and each
//! word is shifted once and popped once: `2n` transitions, linear time.

/// Stand-in for "no token" in the per-token arrays (set to `n + 1`).
pub type Idx = u32;

/// A transition class: 0 is SHIFT, `1..=L` LEFT with label `c - 1`,
/// `L+1..=2L` RIGHT with label `c - L - 1`.
pub type Class = u16;

pub const SHIFT: Class = 0;

/// The kind of a transition class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Shift,
    Left(u16),
    Right(u16),
}

/// Decodes class `c` for `n_labels` labels.
#[inline]
pub fn decode(c: Class, n_labels: u16) -> Move {
    if c == SHIFT {
        Move::Shift
    } else if c <= n_labels {
        Move::Left(c - 1)
    } else {
        Move::Right(c - n_labels - 1)
    }
}

/// The class of `m` for `n_labels` labels.
#[inline]
pub fn encode(m: Move, n_labels: u16) -> Class {
    match m {
        Move::Shift => SHIFT,
        Move::Left(l) => 1 + l,
        Move::Right(l) => 1 + n_labels + l,
    }
}

/// A parser configuration plus what the features read of the partial tree.
#[derive(Default, Clone)]
pub struct State {
    pub n: usize,
    pub stack: Vec<Idx>,
    /// First buffer word; `n + 1` when the buffer is empty.
    pub b: Idx,
    pub head: Vec<Idx>,
    pub label: Vec<u16>,
    /// Leftmost, second leftmost, rightmost, second rightmost child.
    pub l1: Vec<Idx>,
    pub l2: Vec<Idx>,
    pub r1: Vec<Idx>,
    pub r2: Vec<Idx>,
    pub nl: Vec<u16>,
    pub nr: Vec<u16>,
    /// Bit sets of the labels (mod 64) of the left and right children.
    pub lset: Vec<u64>,
    pub rset: Vec<u64>,
    pub in_stack: Vec<bool>,
}

/// Label value meaning "no label" in [`State::label`].
pub const NO_LABEL: u16 = u16::MAX;

impl State {
    /// Resets to the initial configuration of a sentence of `n` words,
    /// reusing the buffers.
    pub fn reset(&mut self, n: usize) {
        self.n = n;
        let none = (n + 1) as Idx;
        let len = n + 2;
        for v in [
            &mut self.head,
            &mut self.l1,
            &mut self.l2,
            &mut self.r1,
            &mut self.r2,
        ] {
            v.clear();
            v.resize(len, none);
        }
        self.label.clear();
        self.label.resize(len, NO_LABEL);
        self.nl.clear();
        self.nl.resize(len, 0);
        self.nr.clear();
        self.nr.resize(len, 0);
        self.lset.clear();
        self.lset.resize(len, 0);
        self.rset.clear();
        self.rset.resize(len, 0);
        self.in_stack.clear();
        self.in_stack.resize(len, false);
        self.stack.clear();
        self.stack.push(0);
        self.in_stack[0] = true;
        self.b = 1;
    }

    #[inline]
    pub fn none(&self) -> Idx {
        (self.n + 1) as Idx
    }

    /// The `i`-th stack element from the top, or [`State::none`].
    #[inline]
    pub fn s(&self, i: usize) -> Idx {
        let l = self.stack.len();
        if i < l {
            self.stack[l - 1 - i]
        } else {
            self.none()
        }
    }

    /// The `i`-th buffer word, or [`State::none`].
    #[inline]
    pub fn buf(&self, i: usize) -> Idx {
        let x = self.b as usize + i;
        if x <= self.n {
            x as Idx
        } else {
            self.none()
        }
    }

    #[inline]
    pub fn buffer_empty(&self) -> bool {
        self.b as usize > self.n
    }

    #[inline]
    pub fn is_final(&self) -> bool {
        self.buffer_empty() && self.stack.len() == 1
    }

    #[inline]
    pub fn can_shift(&self) -> bool {
        !self.buffer_empty()
    }

    #[inline]
    pub fn can_left(&self) -> bool {
        self.stack.len() >= 2 && !self.buffer_empty()
    }

    /// RIGHT is allowed; `Some(true)` when it must be the root arc.
    #[inline]
    pub fn can_right(&self) -> Option<bool> {
        let l = self.stack.len();
        if l < 2 {
            return None;
        }
        if self.stack[l - 2] == 0 {
            self.buffer_empty().then_some(true)
        } else {
            Some(false)
        }
    }

    fn add_arc(&mut self, h: Idx, d: Idx, l: u16) {
        let (hu, du) = (h as usize, d as usize);
        self.head[du] = h;
        self.label[du] = l;
        let none = self.none();
        let bit = 1u64 << (l % 64);
        if d < h {
            self.nl[hu] += 1;
            self.lset[hu] |= bit;
            if self.l1[hu] == none || d < self.l1[hu] {
                self.l2[hu] = self.l1[hu];
                self.l1[hu] = d;
            } else if self.l2[hu] == none || d < self.l2[hu] {
                self.l2[hu] = d;
            }
        } else {
            self.nr[hu] += 1;
            self.rset[hu] |= bit;
            if self.r1[hu] == none || d > self.r1[hu] {
                self.r2[hu] = self.r1[hu];
                self.r1[hu] = d;
            } else if self.r2[hu] == none || d > self.r2[hu] {
                self.r2[hu] = d;
            }
        }
    }

    /// Applies a transition; it must be valid.
    pub fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                let b = self.b;
                self.stack.push(b);
                self.in_stack[b as usize] = true;
                self.b += 1;
            }
            Move::Left(l) => {
                let d = self.stack.pop().expect("LEFT needs a stack");
                self.in_stack[d as usize] = false;
                self.add_arc(self.b, d, l);
            }
            Move::Right(l) => {
                let d = self.stack.pop().expect("RIGHT needs a stack");
                self.in_stack[d as usize] = false;
                let h = *self.stack.last().expect("RIGHT needs s1");
                self.add_arc(h, d, l);
            }
        }
    }
}

/// A gold tree for the oracle: heads and labels of words `1..=n` (index 0
/// unused), and each word's dependents.
pub struct Gold {
    pub head: Vec<Idx>,
    pub label: Vec<u16>,
    pub children: Vec<Vec<Idx>>,
}

impl Gold {
    /// `heads[i]`, `labels[i]` are those of word `i + 1`; heads must form a
    /// projective tree.
    pub fn new(heads: &[usize], labels: &[u16]) -> Gold {
        let n = heads.len();
        let mut head = vec![0; n + 2];
        let mut label = vec![NO_LABEL; n + 2];
        let mut children = vec![Vec::new(); n + 2];
        for (i, (&h, &l)) in heads.iter().zip(labels).enumerate() {
            head[i + 1] = h as Idx;
            label[i + 1] = l;
            children[h].push((i + 1) as Idx);
        }
        Gold {
            head,
            label,
            children,
        }
    }
}

/// Unlabeled costs (gold arcs made unreachable) of SHIFT, LEFT and RIGHT
/// in `st`; `None` when the transition is not valid.
pub fn costs(st: &State, g: &Gold) -> [Option<u32>; 3] {
    let s0 = st.s(0);
    let s1 = st.s(1);
    let b = st.b;
    let shift = st.can_shift().then(|| {
        let b0 = b as usize;
        let h = g.head[b0];
        let mut c = u32::from(h != s0 && st.in_stack[h as usize]);
        c += g.children[b0]
            .iter()
            .filter(|&&d| st.in_stack[d as usize])
            .count() as u32;
        c
    });
    let deps_in_buffer =
        |x: Idx| -> u32 { g.children[x as usize].iter().filter(|&&d| d >= b).count() as u32 };
    let left = st.can_left().then(|| {
        let h = g.head[s0 as usize];
        u32::from(h != b && (h == s1 || h > b)) + deps_in_buffer(s0)
    });
    let right = st.can_right().map(|_| {
        let h = g.head[s0 as usize];
        u32::from(h >= b && h != 0) + deps_in_buffer(s0)
    });
    [shift, left, right]
}

/// Makes a tree projective by lifting: while some arc is non-projective,
/// the dependent of the shortest such arc is reattached to its head's head.
/// `heads[i]` is the head of word `i + 1` (0: root). Returns the number of
/// lifts. Heads that do not form a tree (cycles, out of range) are left
/// alone and reported as `None`.
pub fn projectivize(heads: &mut [usize]) -> Option<usize> {
    let n = heads.len();
    if heads.iter().any(|&h| h > n) {
        return None;
    }
    // Reject cycles: every word must reach the root.
    for start in 1..=n {
        let mut x = start;
        let mut steps = 0;
        while x != 0 {
            x = heads[x - 1];
            steps += 1;
            if steps > n {
                return None;
            }
        }
    }
    let mut lifts = 0;
    loop {
        let mut worst: Option<(usize, usize)> = None; // (span, dependent)
        for d in 1..=n {
            let h = heads[d - 1];
            if !arc_is_projective(heads, h, d) {
                let span = h.abs_diff(d);
                if worst.is_none_or(|(s, _)| span < s) {
                    worst = Some((span, d));
                }
            }
        }
        let Some((_, d)) = worst else {
            return Some(lifts);
        };
        let h = heads[d - 1];
        heads[d - 1] = if h == 0 { 0 } else { heads[h - 1] };
        lifts += 1;
        if lifts > n * n {
            return None;
        }
    }
}

/// True when every word strictly between `h` and `d` descends from `h`.
fn arc_is_projective(heads: &[usize], h: usize, d: usize) -> bool {
    let (lo, hi) = if h < d { (h, d) } else { (d, h) };
    (lo + 1..hi).all(|mut x| {
        // Walk up from x; it must meet h before the root.
        while x != 0 && x != h {
            x = heads[x - 1];
        }
        x == h
    })
}

/// True when the tree `heads` (as in [`projectivize`]) is projective.
pub fn is_projective(heads: &[usize]) -> bool {
    (1..=heads.len()).all(|d| arc_is_projective(heads, heads[d - 1], d))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the static oracle (always a zero-cost transition, right label)
    /// and returns the tree it builds.
    fn oracle_parse(heads: &[usize], labels: &[u16], n_labels: u16) -> Vec<usize> {
        let g = Gold::new(heads, labels);
        let mut st = State::default();
        st.reset(heads.len());
        let mut steps = 0;
        while !st.is_final() {
            let [sh, le, ri] = costs(&st, &g);
            let s0 = st.s(0) as usize;
            let m = if le == Some(0) {
                Move::Left(g.label[s0])
            } else if ri == Some(0) {
                Move::Right(g.label[s0])
            } else {
                assert_eq!(sh, Some(0), "no zero-cost transition at step {steps}");
                Move::Shift
            };
            assert_eq!(decode(encode(m, n_labels), n_labels), m);
            st.apply(m);
            steps += 1;
        }
        assert_eq!(steps, 2 * heads.len());
        (1..=heads.len()).map(|i| st.head[i] as usize).collect()
    }

    #[test]
    fn the_oracle_rebuilds_projective_trees() {
        // "The minister met his counterpart in Kyiv ."
        let heads = [2, 3, 0, 5, 3, 7, 5, 3];
        let labels = [0, 1, 2, 3, 4, 5, 6, 7];
        assert!(is_projective(&heads));
        assert_eq!(oracle_parse(&heads, &labels, 8), heads);
        let chain = [2, 3, 4, 5, 0];
        assert_eq!(oracle_parse(&chain, &[1; 5], 2), chain);
        let right = [0, 1, 2, 3, 4];
        assert_eq!(oracle_parse(&right, &[1; 5], 2), right);
        assert_eq!(oracle_parse(&[0], &[0], 1), vec![0]);
    }

    #[test]
    fn lifting_makes_trees_projective() {
        // 1 -> 3 crosses 2's arc to 4.
        let mut heads = vec![0, 4, 1, 1];
        assert!(!is_projective(&heads));
        let lifts = projectivize(&mut heads).unwrap();
        assert!(lifts >= 1);
        assert!(is_projective(&heads));
        assert_eq!(oracle_parse(&heads, &[0; 4], 1), heads);
        // Cycles and bad heads are refused, not looped on.
        assert_eq!(projectivize(&mut [2, 1]), None);
        assert_eq!(projectivize(&mut [5]), None);
    }

    #[test]
    fn costs_count_lost_arcs() {
        // Words 1 2 3, heads: 1 <- 2 (root) -> 3.
        let heads = [2, 0, 2];
        let g = Gold::new(&heads, &[0, 1, 0]);
        let mut st = State::default();
        st.reset(3);
        st.apply(Move::Shift); // stack [0 1], buffer [2 3]
        let [sh, le, ri] = costs(&st, &g);
        assert_eq!(le, Some(0));
        assert_eq!(sh, Some(2)); // 2 loses its dependent 1 and its head, the root
        assert_eq!(ri, None); // onto the root before the buffer is empty
    }
}
