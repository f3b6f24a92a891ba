//! Feature extraction for the tagger: each token is reduced once to a few
//! hashes (normalized word, form, affixes, shape, flags, ambiguity class,
//! cluster path prefixes, headline flag); a feature is a
//! template id mixed with one to three of those hashes or previous tags,
//! folded to a non-zero `u32` key. Nothing here allocates per token, and
//! the work per token is bounded by a constant plus one pass over its
//! characters (affixes are taken from at most [`MAX_AFFIX`] characters at
//! each end, the shape from at most [`MAX_SHAPE`] output characters).

/// Longest prefix and suffix used as features, in characters.
pub const MAX_AFFIX: usize = 4;
/// Longest word shape, in characters.
pub const MAX_SHAPE: usize = 10;

/// A 64-bit FxHash-style step.
#[inline]
fn step(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The splitmix64 finalizer: spreads all input bits over the output.
#[inline]
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Lowercases and maps every ASCII digit to `0`.
#[inline]
fn norm_char(c: char) -> u64 {
    if c.is_ascii_digit() {
        '0' as u64
    } else if c.is_ascii() {
        c.to_ascii_lowercase() as u64
    } else {
        c.to_lowercase().next().unwrap_or(c) as u64
    }
}

fn hash_norm(s: &str) -> u64 {
    mix(s.chars().fold(0x1234_5678, |h, c| step(h, norm_char(c))))
}

/// The per-token hashes features are built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenFeats {
    /// Lowercased word with digits mapped to `0`.
    pub norm: u64,
    /// The word as written.
    pub form: u64,
    /// Normalized prefixes of 1..=4 characters.
    pub pre: [u64; MAX_AFFIX],
    /// Normalized suffixes of 1..=4 characters.
    pub suf: [u64; MAX_AFFIX],
    /// Word shape (`Xxxx`, `dd.dd`, ...), runs capped at two.
    pub shape: u64,
    /// Bit flags: digit, hyphen, capitalization, length class.
    pub flags: u64,
    /// The word's ambiguity class: the XPOS tags it had in training
    /// (a constant for unknown words).
    pub amb: u64,
    /// Hashes of the word's Brown cluster path prefixes
    /// ([`crate::clusters::PREFIXES`]); a constant for words without one.
    pub clus: [u64; 4],
    /// Sentence-level class: whether most of the sentence's words are
    /// capitalized (a headline or title), the same for every token.
    pub sent: u64,
}

impl TokenFeats {
    /// Padding before the sentence (`k` = 1, 2) or after it (`k` = 3, 4).
    pub fn pad(k: u64) -> Self {
        let v = mix(0xdead_0000 + k);
        TokenFeats {
            norm: v,
            form: v,
            pre: [v; MAX_AFFIX],
            suf: [v; MAX_AFFIX],
            shape: v,
            flags: v,
            amb: v,
            clus: [v; 4],
            sent: 0,
        }
    }

    /// The hashes of `word`, whose ambiguity class is `amb` (0: unknown)
    /// and whose cluster prefix hashes are `clus`.
    pub fn new(word: &str, amb: u64, clus: [u64; 4]) -> Self {
        let form = mix(word.bytes().fold(0x8765_4321, |h, b| step(h, u64::from(b))));
        let norm = hash_norm(word);
        let mut pre = [0; MAX_AFFIX];
        let mut h = 0x1234_5678;
        let mut n = 0;
        for c in word.chars().take(MAX_AFFIX) {
            h = step(h, norm_char(c));
            pre[n] = mix(h ^ 0x5052);
            n += 1;
        }
        for k in n..MAX_AFFIX {
            pre[k] = if n == 0 { 0 } else { pre[n - 1] };
        }
        // Start byte of the k-th character from the end.
        let mut suf = [0; MAX_AFFIX];
        let mut starts = [word.len(); MAX_AFFIX];
        let mut m = 0;
        for (i, _) in word.char_indices().rev().take(MAX_AFFIX) {
            starts[m] = i;
            m += 1;
        }
        for k in 0..MAX_AFFIX {
            let s = &word[starts[k.min(m.saturating_sub(1))].min(word.len())..];
            suf[k] = hash_norm(s) ^ 0x5355_4600;
        }
        let mut shape: u64 = 0x5348;
        let (mut last, mut run, mut len) = (0u64, 0, 0);
        let (mut digit, mut hyphen, mut upper, mut lower, mut alpha) = (false, false, 0, 0, 0);
        for c in word.chars() {
            let class = if c.is_uppercase() {
                upper += 1;
                alpha += 1;
                'X'
            } else if c.is_lowercase() {
                lower += 1;
                alpha += 1;
                'x'
            } else if c.is_ascii_digit() {
                digit = true;
                'd'
            } else {
                if c == '-' {
                    hyphen = true;
                }
                c
            } as u64;
            if len < MAX_SHAPE {
                if class == last {
                    run += 1;
                } else {
                    run = 1;
                    last = class;
                }
                if run <= 2 {
                    shape = step(shape, class);
                    len += 1;
                }
            }
        }
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        let nchars = if word.len() > 16 {
            16
        } else {
            word.chars().count()
        };
        let len_class: u64 = match nchars {
            0..=1 => 0,
            2..=3 => 1,
            4..=7 => 2,
            _ => 3,
        };
        let flags = u64::from(digit)
            | u64::from(hyphen) << 1
            | u64::from(first_upper) << 2
            | u64::from(alpha > 0 && lower == 0) << 3
            | u64::from(upper > 1 && lower > 0) << 4
            | len_class << 5
            | u64::from(word.contains('@')) << 7
            | u64::from(word.contains("://") || word.starts_with("www.")) << 8
            | u64::from(inner_dot(word) && lower > 0) << 9;
        TokenFeats {
            norm,
            form,
            pre,
            suf,
            shape: mix(shape),
            flags: mix(flags ^ 0xf1a9),
            amb: mix(amb ^ 0xa3b1_0000),
            clus,
            sent: 0,
        }
    }
}

/// True when a `.` sits between other characters (`bbc.co.uk`).
fn inner_dot(word: &str) -> bool {
    let t = word.trim_matches('.');
    t.len() > 2 && t.contains('.')
}

/// The tokens of a sentence with two pads on each side: token `i` is at
/// `ctx[i + 2]`.
/// `info` gives a word's ambiguity class and cluster prefix hashes.
pub fn context<S: AsRef<str>>(
    words: &[S],
    mut info: impl FnMut(&str) -> (u64, [u64; 4]),
    out: &mut Vec<TokenFeats>,
) {
    out.clear();
    out.push(TokenFeats::pad(1));
    out.push(TokenFeats::pad(2));
    out.extend(words.iter().map(|w| {
        let w = w.as_ref();
        let (amb, clus) = info(w);
        TokenFeats::new(w, amb, clus)
    }));
    let (mut alpha, mut caps) = (0usize, 0usize);
    for w in words {
        if let Some(c) = w.as_ref().chars().next().filter(|c| c.is_alphabetic()) {
            alpha += 1;
            caps += usize::from(c.is_uppercase());
        }
    }
    let title = alpha >= 3 && caps * 10 >= alpha * 6;
    let sent = mix(0x5e47 + u64::from(title));
    for t in out.iter_mut() {
        t.sent = sent;
    }
    out.push(TokenFeats::pad(3));
    out.push(TokenFeats::pad(4));
}

#[inline]
fn key(h: u64) -> u32 {
    let k = (h ^ (h >> 32)) as u32;
    if k == 0 {
        1
    } else {
        k
    }
}

#[inline]
fn f1(t: u64, a: u64) -> u32 {
    key(mix(t.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a))
}

#[inline]
fn f2(t: u64, a: u64, b: u64) -> u32 {
    key(mix(mix(t.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a) ^ b))
}

#[inline]
fn f3(t: u64, a: u64, b: u64, c: u64) -> u32 {
    key(mix(
        mix(mix(t.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a) ^ b) ^ c
    ))
}

/// The feature keys of token `i` (index into the sentence, not `ctx`)
/// given the two previously predicted labels (`p1` just before). Labels
/// before the sentence start are passed as `u32::MAX` and `u32::MAX - 1`.
pub fn extract(ctx: &[TokenFeats], i: usize, p1: u32, p2: u32, out: &mut Vec<u32>) {
    out.clear();
    let w = &ctx[i + 2];
    let (m1, m2) = (&ctx[i + 1], &ctx[i]);
    let (n1, n2) = (&ctx[i + 3], &ctx[i + 4]);
    let (p1, p2) = (u64::from(p1), u64::from(p2));
    out.push(f1(0, 0));
    out.push(f1(1, w.norm));
    out.push(f1(2, w.form));
    for k in 0..MAX_AFFIX {
        out.push(f1(3 + k as u64, w.suf[k]));
        out.push(f1(7 + k as u64, w.pre[k]));
    }
    out.push(f1(11, w.shape));
    out.push(f1(12, w.flags));
    out.push(f1(13, p1));
    out.push(f2(14, p1, p2));
    out.push(f2(15, p1, w.norm));
    out.push(f1(16, m1.norm));
    out.push(f1(17, m2.norm));
    out.push(f1(18, n1.norm));
    out.push(f1(19, n2.norm));
    out.push(f1(20, m1.suf[2]));
    out.push(f1(21, n1.suf[2]));
    out.push(f2(22, m1.norm, w.norm));
    out.push(f2(23, w.norm, n1.norm));
    out.push(f1(24, n1.shape));
    out.push(f1(25, m1.shape));
    out.push(f2(26, p1, n1.norm));
    out.push(f2(27, p1, w.suf[2]));
    out.push(f1(28, n1.suf[1]));
    out.push(f2(29, w.flags, n1.flags));
    out.push(f3(30, p1, p2, w.norm));
    out.push(f2(31, n1.norm, n2.norm));
    out.push(f2(32, m1.norm, m2.norm));
    out.push(f2(33, p1, n1.suf[2]));
    out.push(f1(34, w.amb));
    out.push(f2(35, n1.amb, n2.amb));
    out.push(f2(36, p1, n1.amb));
    out.push(f2(37, w.amb, n1.amb));
    out.push(f3(38, p1, w.amb, n1.amb));
    out.push(f1(39, n1.amb));
    for k in 0..4 {
        out.push(f1(40 + k as u64, w.clus[k]));
        out.push(f1(44 + k as u64, m1.clus[k]));
        out.push(f1(48 + k as u64, n1.clus[k]));
    }
    out.push(f2(52, p1, w.clus[1]));
    out.push(f2(53, w.sent, w.shape));
    out.push(f2(54, w.sent, w.norm));
    out.push(f2(55, w.flags, m1.flags));
    out.push(f3(56, w.sent, w.amb, m1.shape));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_ignore_case_and_digits_but_form_does_not() {
        let a = TokenFeats::new("Meeting", 0, [0; 4]);
        let b = TokenFeats::new("meeting", 0, [0; 4]);
        assert_eq!(a.norm, b.norm);
        assert_eq!(a.suf, b.suf);
        assert_ne!(a.form, b.form);
        assert_ne!(a.shape, b.shape);
        assert_eq!(
            TokenFeats::new("1999", 0, [0; 4]).norm,
            TokenFeats::new("2024", 0, [0; 4]).norm
        );
        // "ing" is a suffix of both.
        assert_eq!(TokenFeats::new("pledging", 0, [0; 4]).suf[2], b.suf[2]);
        assert_ne!(TokenFeats::new("pledged", 0, [0; 4]).suf[2], b.suf[2]);
    }

    #[test]
    fn short_and_empty_words_and_unicode() {
        let a = TokenFeats::new("a", 0, [0; 4]);
        assert_eq!(a.pre[0], a.pre[3]);
        assert_eq!(a.suf[0], a.suf[3]);
        let _ = TokenFeats::new("", 0, [0; 4]);
        let _ = TokenFeats::new("’72", 0, [0; 4]);
        let _ = TokenFeats::new("…", 0, [0; 4]);
        let e = TokenFeats::new("Ünïcödé—", 0, [0; 4]);
        assert_eq!(e.norm, TokenFeats::new("üNÏCÖDÉ—", 0, [0; 4]).norm);
    }

    #[test]
    fn shape_is_capped() {
        let long = "a".repeat(10_000) + "B";
        let t = TokenFeats::new(&long, 0, [0; 4]);
        assert_eq!(t.shape, TokenFeats::new("aaB", 0, [0; 4]).shape);
        assert_eq!(t.pre, TokenFeats::new("aaaa", 0, [0; 4]).pre);
    }

    #[test]
    fn features_depend_on_context_and_tags() {
        let mut ctx = Vec::new();
        context(&["The", "minister", "met"], |_| (0, [0; 4]), &mut ctx);
        assert_eq!(ctx.len(), 7);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        extract(&ctx, 1, 3, 4, &mut a);
        extract(&ctx, 1, 5, 4, &mut b);
        assert_eq!(a.len(), b.len());
        assert_ne!(a, b);
        assert!(a.iter().all(|&k| k != 0));
        // Same inputs give the same keys.
        extract(&ctx, 1, 5, 4, &mut a);
        assert_eq!(a, b);
        // All keys in one call are distinct (templates are mixed in).
        let mut s = a.clone();
        s.sort_unstable();
        s.dedup();
        assert_eq!(s.len(), a.len());
    }
}
