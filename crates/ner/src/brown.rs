//! Brown clustering (Brown et al. 1992) with the windowed agglomerative
//! algorithm of Liang (2005): words sorted by frequency enter a window of
//! `C + 1` clusters one at a time; after each entry the pair whose merge
//! loses the least average mutual information (AMI) between adjacent
//! clusters is merged. When every word has entered, the last `C` clusters
//! are merged down to one, and that merge tree gives each cluster its bit
//! path (left child `0`, right child `1`).
//!
//! The merge losses of all window pairs are kept and updated incrementally
//! after each merge (O(C²) per step), so the run is O(V·C²) for V words.
//! Everything is deterministic: ties break by slot order.
//!
//! The induced table is written as gzip-compressed TSV, one line per
//! cluster: `path<TAB>word word word ...` (words by descending frequency).

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use chronicle_modelio::{gzip, FastMap};

/// Parameters of [`induce_clusters`].
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Number of clusters C (leaves of the merge tree).
    pub clusters: usize,
    /// Largest vocabulary clustered (the most frequent word types).
    pub max_vocab: usize,
    /// Words seen fewer times are left out.
    pub min_count: u32,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            clusters: 400,
            max_vocab: 50_000,
            min_count: 3,
        }
    }
}

/// What [`induce_clusters`] did.
#[derive(Debug, Clone)]
pub struct ClusterReport {
    /// Running tokens read.
    pub tokens: u64,
    /// Distinct word types read.
    pub types: usize,
    /// Word types clustered.
    pub vocab: usize,
    /// Clusters induced.
    pub clusters: usize,
    /// Seconds spent reading and counting.
    pub read_seconds: f64,
    /// Seconds spent clustering.
    pub cluster_seconds: f64,
}

/// The form of a word used for cluster lookup: digits become `0`, curly
/// quotes and apostrophes straight ones; case is kept.
pub fn cluster_form(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().all(|c| {
        !c.is_ascii_digit() && !matches!(c, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}')
    }) {
        return std::borrow::Cow::Borrowed(word);
    }
    std::borrow::Cow::Owned(
        word.chars()
            .map(|c| match c {
                '0'..='9' => '0',
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                c => c,
            })
            .collect(),
    )
}

/// Reads the unlabeled corpora: JSON-lines files (the `"text"` field of each
/// line, tokenized with `chronicle_text::tokenize`) or CoNLL files (first
/// column; `-DOCSTART-` lines skipped). A file ending in `.jsonl` is JSON
/// lines; anything else is read as CoNLL. Each document (or CoNLL sentence)
/// is one sequence.
pub fn read_unlabeled(paths: &[PathBuf]) -> Result<Vec<Vec<String>>> {
    let mut seqs = Vec::new();
    for path in paths {
        let f =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let r = std::io::BufReader::new(f);
        let jsonl = path.extension().is_some_and(|e| e == "jsonl");
        let mut cur: Vec<String> = Vec::new();
        for (n, line) in r.lines().enumerate() {
            let line =
                line.with_context(|| format!("{}:{}: cannot read line", path.display(), n + 1))?;
            if jsonl {
                if line.trim().is_empty() {
                    continue;
                }
                let v: serde_json::Value = serde_json::from_str(&line)
                    .with_context(|| format!("{}:{}: invalid JSON", path.display(), n + 1))?;
                let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
                    bail!("{}:{}: no \"text\" field", path.display(), n + 1);
                };
                let toks = chronicle_text::tokenize(text);
                seqs.push(
                    toks.iter()
                        .map(|t| cluster_form(&text[t.span.start..t.span.end]).into_owned())
                        .collect(),
                );
            } else {
                let word = line.split_whitespace().next();
                match word {
                    None => {
                        if !cur.is_empty() {
                            seqs.push(std::mem::take(&mut cur));
                        }
                    }
                    Some("-DOCSTART-") => {}
                    Some(w) => cur.push(cluster_form(w).into_owned()),
                }
            }
        }
        if !cur.is_empty() {
            seqs.push(cur);
        }
    }
    Ok(seqs)
}

/// Induces Brown clusters from the unlabeled files (see [`read_unlabeled`])
/// and writes the table to `out_file`. Deterministic: the same inputs and
/// options give the same bytes.
pub fn induce_clusters(
    unlabeled: &[PathBuf],
    out_file: &Path,
    opts: &ClusterOptions,
) -> Result<ClusterReport> {
    let t0 = Instant::now();
    let seqs = read_unlabeled(unlabeled)?;
    let mut counts: FastMap<&str, u64> = FastMap::default();
    let mut tokens = 0u64;
    for s in &seqs {
        for w in s {
            *counts.entry(w.as_str()).or_insert(0) += 1;
            tokens += 1;
        }
    }
    let types = counts.len();
    let mut vocab: Vec<(&str, u64)> = counts
        .into_iter()
        .filter(|&(_, c)| c >= u64::from(opts.min_count))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    vocab.truncate(opts.max_vocab);
    let index: FastMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, &(w, _))| (w, i as u32))
        .collect();
    let ids: Vec<Vec<u32>> = seqs
        .iter()
        .map(|s| {
            s.iter()
                .map(|w| index.get(w.as_str()).copied().unwrap_or(u32::MAX))
                .collect()
        })
        .collect();
    let unigram: Vec<u64> = vocab.iter().map(|&(_, c)| c).collect();
    let read_seconds = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let paths = brown(&ids, &unigram, opts.clusters);
    let cluster_seconds = t1.elapsed().as_secs_f64();
    let words: Vec<&str> = vocab.iter().map(|&(w, _)| w).collect();
    let bytes = write_table(&words, &paths);
    if let Some(dir) = out_file.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    std::fs::write(out_file, bytes)
        .with_context(|| format!("cannot write {}", out_file.display()))?;
    let nclusters = {
        let mut p: Vec<&String> = paths.iter().collect();
        p.sort();
        p.dedup();
        p.len()
    };
    Ok(ClusterReport {
        tokens,
        types,
        vocab: words.len(),
        clusters: nclusters,
        read_seconds,
        cluster_seconds,
    })
}

/// Serializes word → path as gzip TSV, one line per cluster.
fn write_table(words: &[&str], paths: &[String]) -> Vec<u8> {
    let mut order: Vec<usize> = (0..words.len()).collect();
    // Group by path; within a path keep frequency order (stable sort).
    order.sort_by(|&a, &b| paths[a].cmp(&paths[b]));
    let mut out = String::new();
    let mut i = 0;
    while i < order.len() {
        let p = &paths[order[i]];
        out.push_str(p);
        out.push('\t');
        let mut first = true;
        while i < order.len() && &paths[order[i]] == p {
            if !first {
                out.push(' ');
            }
            first = false;
            out.push_str(words[order[i]]);
            i += 1;
        }
        out.push('\n');
    }
    gzip(out.as_bytes())
}

/// Parses a table written by [`induce_clusters`]: word → bit path.
pub fn read_table(bytes: &[u8], name: &str) -> Result<Vec<(String, String)>> {
    let t = chronicle_modelio::ClusterTable::read(bytes, name)?;
    Ok(t.words
        .into_iter()
        .map(|(w, i)| (w, t.paths[i as usize].clone()))
        .collect())
}

#[inline]
fn q(pab: f64, pa: f64, pb: f64) -> f64 {
    if pab > 0.0 {
        pab * (pab / (pa * pb)).ln()
    } else {
        0.0
    }
}

/// The clustering state: `s = C + 1` slots, dense matrices over slots.
struct Window {
    s: usize,
    p2: Vec<f64>,
    p1: Vec<f64>,
    q2: Vec<f64>,
    l: Vec<f64>,
    active: Vec<bool>,
}

impl Window {
    #[inline]
    fn p2(&self, a: usize, b: usize) -> f64 {
        self.p2[a * self.s + b]
    }

    fn set_q2_row(&mut self, a: usize) {
        let s = self.s;
        for d in 0..s {
            if !self.active[d] {
                continue;
            }
            let v = if d == a {
                q(self.p2(a, a), self.p1[a], self.p1[a])
            } else {
                q(self.p2(a, d), self.p1[a], self.p1[d]) + q(self.p2(d, a), self.p1[d], self.p1[a])
            };
            self.q2[a * s + d] = v;
            self.q2[d * s + a] = v;
        }
    }

    /// Loss of AMI when merging slots i and j, computed from scratch.
    fn full_loss(&self, i: usize, j: usize) -> f64 {
        let s = self.s;
        let pm = self.p1[i] + self.p1[j];
        let pmm = self.p2(i, i) + self.p2(i, j) + self.p2(j, i) + self.p2(j, j);
        let mut sum = self.q2[i * s + j] + self.q2[i * s + i] + self.q2[j * s + j] - q(pmm, pm, pm);
        for d in 0..s {
            if !self.active[d] || d == i || d == j {
                continue;
            }
            let pd = self.p1[d];
            sum += self.q2[i * s + d] + self.q2[j * s + d]
                - q(self.p2(i, d) + self.p2(j, d), pm, pd)
                - q(self.p2(d, i) + self.p2(d, j), pd, pm);
        }
        sum
    }

    fn set_loss_row(&mut self, a: usize) {
        for d in 0..self.s {
            if self.active[d] && d != a {
                let v = self.full_loss(a, d);
                let (x, y) = (a.min(d), a.max(d));
                self.l[x * self.s + y] = v;
            }
        }
    }

    fn best_pair(&self) -> Option<(usize, usize)> {
        let s = self.s;
        let mut best: Option<(usize, usize, f64)> = None;
        for i in 0..s {
            if !self.active[i] {
                continue;
            }
            for j in i + 1..s {
                if !self.active[j] {
                    continue;
                }
                let v = self.l[i * s + j];
                if best.is_none_or(|b| v < b.2) {
                    best = Some((i, j, v));
                }
            }
        }
        best.map(|(i, j, _)| (i, j))
    }
}

/// Bigram counts as compressed rows: for word w, neighbors v ≤ w with the
/// count of (w, v) and of (v, w).
struct Adjacency {
    start: Vec<usize>,
    nb: Vec<(u32, u64, u64)>,
}

fn adjacency(seqs: &[Vec<u32>], v: usize) -> (Adjacency, u64) {
    let mut map: FastMap<u64, u64> = FastMap::default();
    let mut total = 0u64;
    for s in seqs {
        for w in s.windows(2) {
            if w[0] != u32::MAX && w[1] != u32::MAX {
                *map.entry((u64::from(w[0]) << 32) | u64::from(w[1]))
                    .or_insert(0) += 1;
                total += 1;
            }
        }
    }
    // (hi, lo, out_count(hi→lo), in_count(lo→hi)) with lo <= hi.
    let mut rows: FastMap<u64, (u64, u64)> = FastMap::default();
    for (&k, &c) in &map {
        let (a, b) = ((k >> 32) as u32, k as u32);
        let (hi, lo) = (a.max(b), a.min(b));
        let e = rows
            .entry((u64::from(hi) << 32) | u64::from(lo))
            .or_insert((0, 0));
        if a == hi {
            e.0 += c; // (hi, lo)
        }
        if b == hi {
            e.1 += c; // (lo, hi); when a == b both are the same bigram
        }
    }
    let mut list: Vec<(u64, (u64, u64))> = rows.into_iter().collect();
    list.sort_unstable_by_key(|&(k, _)| k);
    let mut start = vec![0usize; v + 1];
    let mut nb = Vec::with_capacity(list.len());
    for &(k, (o, i)) in &list {
        let hi = (k >> 32) as usize;
        start[hi + 1] += 1;
        nb.push(((k & 0xffff_ffff) as u32, o, i));
    }
    for i in 0..v {
        start[i + 1] += start[i];
    }
    (Adjacency { start, nb }, total)
}

/// Runs the clustering over sequences of word ids (ranked by frequency,
/// `u32::MAX` = not clustered); returns the bit path of each word.
pub(crate) fn brown(seqs: &[Vec<u32>], unigram: &[u64], c: usize) -> Vec<String> {
    let v = unigram.len();
    if v == 0 {
        return Vec::new();
    }
    let c = c.clamp(1, v);
    let (adj, total_bi) = adjacency(seqs, v);
    let total_bi = total_bi.max(1) as f64;
    let total_uni: f64 = unigram.iter().sum::<u64>().max(1) as f64;
    let s = c + 1;
    let mut w = Window {
        s,
        p2: vec![0.0; s * s],
        p1: vec![0.0; s],
        q2: vec![0.0; s * s],
        l: vec![0.0; s * s],
        active: vec![false; s],
    };
    let mut slot_of_word = vec![u32::MAX; v];
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); s];

    // Puts word `x` into empty slot `a`, counting its bigrams with the
    // words already placed.
    let place = |w: &mut Window,
                 slot_of_word: &mut Vec<u32>,
                 members: &mut Vec<Vec<u32>>,
                 x: usize,
                 a: usize| {
        let s = w.s;
        for d in 0..s {
            w.p2[a * s + d] = 0.0;
            w.p2[d * s + a] = 0.0;
        }
        slot_of_word[x] = a as u32;
        members[a].clear();
        members[a].push(x as u32);
        w.p1[a] = unigram[x] as f64 / total_uni;
        w.active[a] = true;
        for &(y, out, inn) in &adj.nb[adj.start[x]..adj.start[x + 1]] {
            let b = slot_of_word[y as usize];
            if b == u32::MAX {
                continue;
            }
            let b = b as usize;
            if b == a {
                w.p2[a * s + a] += out as f64 / total_bi;
            } else {
                w.p2[a * s + b] += out as f64 / total_bi;
                w.p2[b * s + a] += inn as f64 / total_bi;
            }
        }
    };

    // Initial window: the C most frequent words.
    for x in 0..c {
        place(&mut w, &mut slot_of_word, &mut members, x, x);
    }
    for a in 0..c {
        w.set_q2_row(a);
    }
    for a in 0..c {
        for b in a + 1..c {
            w.l[a * s + b] = w.full_loss(a, b);
        }
    }
    let mut next_word = c;
    if next_word < v {
        place(&mut w, &mut slot_of_word, &mut members, next_word, c);
        next_word += 1;
        w.set_q2_row(c);
        // Existing pairs gain the new cluster as a neighbor.
        let n = c;
        for i in 0..c {
            for j in i + 1..c {
                let pm = w.p1[i] + w.p1[j];
                w.l[i * s + j] += w.q2[i * s + n] + w.q2[j * s + n]
                    - q(w.p2(i, n) + w.p2(j, n), pm, w.p1[n])
                    - q(w.p2(n, i) + w.p2(n, j), w.p1[n], pm);
            }
        }
        w.set_loss_row(n);
    }

    // Merge tree over the final clusters, built once all words are in.
    let mut node_of_slot: Vec<usize> = vec![usize::MAX; s];
    let mut children: Vec<(usize, usize)> = Vec::new(); // for internal nodes
    let mut leaf_members: Vec<Vec<u32>> = Vec::new();
    let mut tree_started = false;

    let mut old_out_a = vec![0.0; s];
    let mut old_in_a = vec![0.0; s];
    let mut old_q2_a = vec![0.0; s];
    let mut old_out_b = vec![0.0; s];
    let mut old_in_b = vec![0.0; s];
    let mut old_q2_b = vec![0.0; s];
    loop {
        if !tree_started && next_word >= v && w.active.iter().filter(|&&x| x).count() <= c {
            tree_started = true;
            for a in 0..s {
                if w.active[a] {
                    node_of_slot[a] = leaf_members.len();
                    leaf_members.push(members[a].clone());
                }
            }
        }
        let Some((i, j)) = w.best_pair() else { break };
        // Keep the slot with more members (fewer relabels); ties keep i.
        let (a, b) = if members[j].len() > members[i].len() {
            (j, i)
        } else {
            (i, j)
        };
        for d in 0..s {
            old_out_a[d] = w.p2(a, d);
            old_in_a[d] = w.p2(d, a);
            old_q2_a[d] = w.q2[a * s + d];
            old_out_b[d] = w.p2(b, d);
            old_in_b[d] = w.p2(d, b);
            old_q2_b[d] = w.q2[b * s + d];
        }
        let (p1a, p1b) = (w.p1[a], w.p1[b]);
        // Merge b into a.
        let paa = w.p2(a, a) + w.p2(a, b) + w.p2(b, a) + w.p2(b, b);
        for d in 0..s {
            if d != a && d != b {
                w.p2[a * s + d] += w.p2[b * s + d];
                w.p2[d * s + a] += w.p2[d * s + b];
            }
        }
        w.p2[a * s + a] = paa;
        w.p1[a] += w.p1[b];
        w.active[b] = false;
        let moved = std::mem::take(&mut members[b]);
        for &x in &moved {
            slot_of_word[x as usize] = a as u32;
        }
        members[a].extend(moved);
        if tree_started {
            let id = leaf_members.len() + children.len();
            children.push((node_of_slot[i], node_of_slot[j]));
            node_of_slot[a] = id;
            node_of_slot[b] = usize::MAX;
        }
        w.set_q2_row(a);
        let new_word = next_word < v;
        if new_word {
            place(&mut w, &mut slot_of_word, &mut members, next_word, b);
            next_word += 1;
            w.set_q2_row(b);
        }
        // Update the losses of the untouched pairs.
        for x in 0..s {
            if !w.active[x] || x == a || x == b {
                continue;
            }
            for y in x + 1..s {
                if !w.active[y] || y == a || y == b {
                    continue;
                }
                let pm = w.p1[x] + w.p1[y];
                let mut delta = 0.0;
                // Old a and old b are gone as neighbors.
                delta -= old_q2_a[x] + old_q2_a[y]
                    - q(old_in_a[x] + old_in_a[y], pm, p1a)
                    - q(old_out_a[x] + old_out_a[y], p1a, pm);
                delta -= old_q2_b[x] + old_q2_b[y]
                    - q(old_in_b[x] + old_in_b[y], pm, p1b)
                    - q(old_out_b[x] + old_out_b[y], p1b, pm);
                // The merged cluster (and the new word) are new neighbors.
                for n in [a, b] {
                    if n == b && !new_word {
                        continue;
                    }
                    delta += w.q2[x * s + n] + w.q2[y * s + n]
                        - q(w.p2(x, n) + w.p2(y, n), pm, w.p1[n])
                        - q(w.p2(n, x) + w.p2(n, y), w.p1[n], pm);
                }
                w.l[x * s + y] += delta;
            }
        }
        w.set_loss_row(a);
        if new_word {
            w.set_loss_row(b);
        }
    }

    // Bit paths from the root of the final tree.
    let nleaves = leaf_members.len();
    let mut paths = vec![String::new(); v];
    if nleaves == 0 {
        return paths;
    }
    let root = nleaves + children.len() - 1;
    let mut stack = vec![(root, String::new())];
    while let Some((node, path)) = stack.pop() {
        if node < nleaves {
            let p = if path.is_empty() {
                "0".to_string()
            } else {
                path
            };
            for &x in &leaf_members[node] {
                paths[x as usize] = p.clone();
            }
        } else {
            let (l, r) = children[node - nleaves];
            stack.push((r, format!("{path}1")));
            stack.push((l, format!("{path}0")));
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toy_clusters_group_substitutable_words() {
        // "the X runs" / "a Y sleeps": nouns and determiners should pair up.
        let words = ["the", "a", "dog", "cat", "runs", "sleeps", "."];
        let mut seqs = Vec::new();
        for i in 0..200u32 {
            let det = i % 2;
            let noun = 2 + (i / 2) % 2;
            let verb = 4 + (i / 4) % 2;
            seqs.push(vec![det, noun, verb, 6]);
        }
        let mut uni = vec![0u64; words.len()];
        for s in &seqs {
            for &w in s {
                uni[w as usize] += 1;
            }
        }
        let paths = brown(&seqs, &uni, 4);
        assert_eq!(paths.len(), words.len());
        assert_eq!(paths[0], paths[1], "{paths:?}");
        assert_eq!(paths[2], paths[3], "{paths:?}");
        assert_eq!(paths[4], paths[5], "{paths:?}");
        assert_ne!(paths[0], paths[2]);
        // Deterministic.
        assert_eq!(paths, brown(&seqs, &uni, 4));
    }

    #[test]
    fn table_round_trip() {
        let words = ["a", "b", "c"];
        let paths = vec!["01".to_string(), "1".to_string(), "01".to_string()];
        let t = write_table(&words, &paths);
        let back = read_table(&t, "t").unwrap();
        assert_eq!(back.len(), 3);
        assert!(back.contains(&("c".to_string(), "01".to_string())));
        assert!(read_table(&t[..t.len() / 2], "t").is_err());
    }
}
