//! Feature templates: Zhang and Nivre's (2011) rich non-local features
//! adapted to the arc-hybrid system, over the words, Penn tags and Brown
//! cluster prefixes of the stack (`s0`–`s2`), the buffer (`b0`–`b2`) and
//! the outermost children built so far; plus distance, valency (child
//! counts) and the sets of child labels. Each feature is a `u32` hash of
//! its template number and values (never 0, the empty-slot key).

use crate::clusters::{Clusters, Prefixes};
use crate::system::{Idx, State};

/// What the features read of one token; index 0 is the root and `n + 1`
/// the "no token" stand-in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tok {
    /// Hash of the lowercased form with digits as `0`.
    pub w: u64,
    /// Tag id + 2 (0: none, 1: root).
    pub p: u64,
    /// Cluster prefix hashes (4 bits, 6 bits, whole path).
    pub c: Prefixes,
}

pub const ROOT_TOK: Tok = Tok {
    w: 1,
    p: 1,
    c: [1, 1, 1],
};
pub const NONE_TOK: Tok = Tok {
    w: 0,
    p: 0,
    c: [0, 0, 0],
};

/// The token table of a sentence: root, words, stand-in.
pub fn tokens<S: AsRef<str>>(
    words: &[S],
    tags: impl Iterator<Item = u8>,
    clusters: &Clusters,
    out: &mut Vec<Tok>,
    buf: &mut String,
) {
    out.clear();
    out.push(ROOT_TOK);
    for (w, t) in words.iter().zip(tags) {
        let w = w.as_ref();
        let c = clusters.lookup(w, buf);
        buf.clear();
        buf.extend(w.chars().map(|ch| {
            if ch.is_ascii_digit() {
                '0'
            } else {
                ch.to_ascii_lowercase()
            }
        }));
        if !w.is_ascii() {
            let lower: String = buf.chars().flat_map(char::to_lowercase).collect();
            *buf = lower;
        }
        out.push(Tok {
            w: chronicle_modelio::hash_bytes(0x77, buf.as_bytes()),
            p: u64::from(t) + 2,
            c,
        });
    }
    out.push(NONE_TOK);
}

const K: u64 = 0x517c_c1b7_2722_0a95;

#[inline(always)]
fn step(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

#[inline(always)]
fn finish(h: u64) -> u32 {
    let x = (h ^ (h >> 31)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let k = (x >> 32) as u32;
    if k == 0 {
        1
    } else {
        k
    }
}

/// Distance bucket of two token indices.
#[inline]
fn dist(a: Idx, b: Idx) -> u64 {
    let d = a.abs_diff(b);
    match d {
        0..=4 => u64::from(d),
        5..=9 => 5,
        _ => 6,
    }
}

/// The version of the templates: a model records it and loading refuses
/// another (change it whenever [`extract`] changes).
pub const VERSION: u64 = 1;

/// Number of templates [`extract`] produces.
pub const N_TEMPLATES: usize = 114;

/// Appends the features of `st` over `toks` to `out` (cleared first).
pub fn extract(st: &State, toks: &[Tok], out: &mut Vec<u32>) {
    out.clear();
    let none = st.none();
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (b0, b1, b2) = (st.buf(0), st.buf(1), st.buf(2));
    let t = |i: Idx| toks[i as usize];
    let (ts0, ts1, ts2, tb0, tb1, tb2) = (t(s0), t(s1), t(s2), t(b0), t(b1), t(b2));
    let l1 = |i: Idx| st.l1[i as usize];
    let l2 = |i: Idx| st.l2[i as usize];
    let r1 = |i: Idx| st.r1[i as usize];
    let r2 = |i: Idx| st.r2[i as usize];
    let lab = |i: Idx| {
        if i == none {
            0
        } else {
            u64::from(st.label[i as usize].wrapping_add(1))
        }
    };
    let (s0l, s0l2, s0r, s0r2) = (l1(s0), l2(s0), r1(s0), r2(s0));
    let (b0l, b0l2) = (l1(b0), l2(b0));
    let (s1l, s1r) = (l1(s1), r1(s1));
    let (ts0l, ts0l2, ts0r, ts0r2, tb0l, tb0l2, ts1l, ts1r) = (
        t(s0l),
        t(s0l2),
        t(s0r),
        t(s0r2),
        t(b0l),
        t(b0l2),
        t(s1l),
        t(s1r),
    );
    let d = if s0 == none || b0 == none {
        0
    } else {
        dist(s0, b0)
    };
    let d01 = if s0 == none || s1 == none {
        0
    } else {
        dist(s0, s1)
    };
    let vl = |i: Idx| u64::from(st.nl[i as usize].min(8));
    let vr = |i: Idx| u64::from(st.nr[i as usize].min(8));
    let ls = |i: Idx| st.lset[i as usize];
    let rs = |i: Idx| st.rset[i as usize];

    let mut n: u64 = 0;
    macro_rules! f {
        ($($v:expr),+) => {{
            n += 1;
            let mut h = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            $( h = step(h, $v); )+
            out.push(finish(h));
        }};
    }
    // Single words.
    f!(ts0.w, ts0.p);
    f!(ts0.w);
    f!(ts0.p);
    f!(ts0.c[1]);
    f!(ts0.c[2]);
    f!(tb0.w, tb0.p);
    f!(tb0.w);
    f!(tb0.p);
    f!(tb0.c[1]);
    f!(tb0.c[2]);
    f!(tb1.w, tb1.p);
    f!(tb1.w);
    f!(tb1.p);
    f!(tb1.c[2]);
    f!(tb2.w, tb2.p);
    f!(tb2.w);
    f!(tb2.p);
    f!(ts1.w, ts1.p);
    f!(ts1.w);
    f!(ts1.p);
    f!(ts1.c[2]);
    f!(ts2.w);
    f!(ts2.p);
    // Pairs.
    f!(ts0.w, ts0.p, tb0.w, tb0.p);
    f!(ts0.w, ts0.p, tb0.w);
    f!(ts0.w, tb0.w, tb0.p);
    f!(ts0.w, ts0.p, tb0.p);
    f!(ts0.p, tb0.w, tb0.p);
    f!(ts0.w, tb0.w);
    f!(ts0.p, tb0.p);
    f!(tb0.p, tb1.p);
    f!(tb0.w, tb1.w);
    f!(tb0.w, tb0.p, tb1.p);
    f!(tb0.p, tb1.w, tb1.p);
    f!(ts1.p, ts0.p);
    f!(ts1.w, ts0.w);
    f!(ts1.w, ts1.p, ts0.p);
    f!(ts1.p, ts0.w, ts0.p);
    f!(ts1.w, ts1.p, ts0.w, ts0.p);
    f!(ts1.p, tb0.p);
    f!(ts1.w, tb0.w);
    // Clusters.
    f!(ts0.c[1], tb0.c[1]);
    f!(ts0.c[0], tb0.c[0]);
    f!(ts0.c[2], tb0.p);
    f!(ts0.p, tb0.c[2]);
    f!(ts1.c[1], ts0.c[1]);
    f!(ts1.c[0], ts0.p, tb0.p);
    f!(tb0.c[1], tb1.c[1]);
    f!(ts0.c[1], tb0.p, tb1.p);
    // Triples of tags.
    f!(tb0.p, tb1.p, tb2.p);
    f!(ts0.p, tb0.p, tb1.p);
    f!(ts1.p, ts0.p, tb0.p);
    f!(ts0.p, ts0l.p, tb0.p);
    f!(ts0.p, ts0r.p, tb0.p);
    f!(ts0.p, tb0.p, tb0l.p);
    f!(ts1.p, ts1r.p, ts0.p);
    f!(ts1.p, ts1l.p, ts0.p);
    f!(ts1.p, ts0.p, ts0l.p);
    f!(ts1.p, ts0.p, ts0r.p);
    f!(ts2.p, ts1.p, ts0.p);
    f!(ts1.w, ts0.p, tb0.p);
    f!(ts1.p, ts0.w, tb0.p);
    f!(ts1.p, ts0.p, tb0.w);
    f!(ts1.p, ts0.p, tb1.p);
    // Distance.
    f!(ts0.w, d);
    f!(ts0.p, d);
    f!(tb0.w, d);
    f!(tb0.p, d);
    f!(ts0.w, tb0.w, d);
    f!(ts0.p, tb0.p, d);
    f!(ts1.p, ts0.p, d01);
    f!(ts1.w, ts0.w, d01);
    // Valency.
    f!(ts0.w, vr(s0));
    f!(ts0.p, vr(s0));
    f!(ts0.w, vl(s0));
    f!(ts0.p, vl(s0));
    f!(tb0.w, vl(b0));
    f!(tb0.p, vl(b0));
    f!(ts1.p, vr(s1));
    f!(ts1.p, vl(s1));
    // Children.
    f!(ts0l.w);
    f!(ts0l.p);
    f!(lab(s0l));
    f!(ts0r.w);
    f!(ts0r.p);
    f!(lab(s0r));
    f!(tb0l.w);
    f!(tb0l.p);
    f!(lab(b0l));
    f!(ts1l.p, lab(s1l));
    f!(ts1r.w);
    f!(ts1r.p, lab(s1r));
    // Second children.
    f!(ts0l2.w);
    f!(ts0l2.p);
    f!(lab(s0l2));
    f!(ts0r2.w);
    f!(ts0r2.p);
    f!(lab(s0r2));
    f!(tb0l2.w);
    f!(tb0l2.p);
    f!(lab(b0l2));
    f!(ts0.p, lab(s0l), lab(s0l2));
    f!(ts0.p, lab(s0r), lab(s0r2));
    f!(tb0.p, lab(b0l), lab(b0l2));
    f!(ts0.p, ts0l.p, ts0l2.p);
    f!(ts0.p, ts0r.p, ts0r2.p);
    f!(tb0.p, tb0l.p, tb0l2.p);
    // Label sets.
    f!(ts0.w, rs(s0));
    f!(ts0.p, rs(s0));
    f!(ts0.w, ls(s0));
    f!(ts0.p, ls(s0));
    f!(tb0.w, ls(b0));
    f!(tb0.p, ls(b0));
    f!(ts1.p, rs(s1));
    debug_assert_eq!(n as usize, N_TEMPLATES);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_distinct_and_nonzero() {
        let c = Clusters::embedded().unwrap();
        let mut toks = Vec::new();
        let mut buf = String::new();
        tokens(
            &["The", "minister", "met"],
            [10u8, 20, 30].into_iter(),
            c,
            &mut toks,
            &mut buf,
        );
        assert_eq!(toks.len(), 5);
        let mut st = State::default();
        st.reset(3);
        let mut out = Vec::new();
        extract(&st, &toks, &mut out);
        assert_eq!(out.len(), N_TEMPLATES);
        assert!(out.iter().all(|&k| k != 0));
        let mut s = out.clone();
        s.sort_unstable();
        s.dedup();
        assert_eq!(s.len(), out.len());
    }
}
