//! Training: an averaged perceptron over the arc-hybrid transitions with
//! the dynamic oracle (Goldberg and Nivre 2012, 2013). The first
//! iterations follow the oracle's best zero-cost transition; later ones
//! follow the model's own prediction most of the time (exploration), so the
//! model learns to recover from its mistakes. Gold trees are made
//! projective by lifting for the oracle.
//!
//! Tags: the training words carry their gold Penn tags by default;
//! [`TrainOptions::tagger_tags`] replaces them with the project's tagger's
//! output (which, on its own training data, is close to gold).
//!
//! Deterministic: the sentence order and the exploration draws come from a
//! fixed-seed generator, the feature table is written sorted, and the same
//! data gives the same model bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chronicle_corpus::conllu;
use chronicle_modelio::{FastMap, Rng};

use crate::clusters::Clusters;
use crate::features::{self, Tok};
use crate::model::{n_classes, Entry, RawModel};
use crate::system::{self, costs, decode, Gold, Move, State};
use crate::{best_valid, Parser};

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// CoNLL-U training files.
    pub train: Vec<PathBuf>,
    /// CoNLL-U files scored after each iteration (progress only).
    pub dev: Vec<PathBuf>,
    /// Passes over the training data.
    pub iterations: usize,
    /// Seed of the shuffle and of the exploration draws.
    pub seed: u64,
    /// Averaged weights below this magnitude are dropped from the model.
    pub prune: f64,
    /// Then weights whose quantized magnitude (the largest weight is
    /// 32767) is below this are dropped too: the model's size and speed
    /// against its accuracy (on EWT test with gold tags: all weights
    /// 88.8 UAS, 21 MB; 600: 88.5, 3.1 MB; 900: 87.9, 1.2 MB and about
    /// 1.4 times as fast as 600; 1200: 86.1).
    pub min_quantized: i16,
    /// Iterations that follow the oracle only, before exploring.
    pub explore_after: usize,
    /// Probability of following the model's prediction when exploring.
    pub explore_p: f64,
    /// Train on the tagger's tags instead of the gold ones.
    pub tagger_tags: bool,
}

/// The default number of passes (chosen on EWT + GUM dev).
pub const DEFAULT_ITERATIONS: usize = 15;

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            train: Vec::new(),
            dev: Vec::new(),
            iterations: DEFAULT_ITERATIONS,
            seed: 0x5eed,
            prune: 0.5,
            min_quantized: 900,
            explore_after: 2,
            explore_p: 0.9,
            tagger_tags: false,
        }
    }
}

/// The trained model.
pub struct Trained {
    pub bytes: Vec<u8>,
    pub parser: Parser,
    pub sentences: usize,
    pub words: usize,
    /// Arcs reattached to make the training trees projective.
    pub lifted: usize,
}

struct Sent {
    toks: Vec<Tok>,
    gold: Gold,
}

#[derive(Clone, Copy)]
struct Param {
    class: u16,
    w: i32,
    ts: u32,
    total: i64,
}

#[derive(Default)]
struct Perceptron {
    weights: FastMap<u32, Vec<Param>>,
    now: u32,
}

impl Perceptron {
    fn score(&self, feats: &[u32], scores: &mut [i64]) {
        scores.fill(0);
        for f in feats {
            if let Some(ps) = self.weights.get(f) {
                for p in ps {
                    scores[p.class as usize] += i64::from(p.w);
                }
            }
        }
    }

    fn update(&mut self, truth: u16, guess: u16, feats: &[u32]) {
        let now = self.now;
        for &f in feats {
            let ps = self.weights.entry(f).or_default();
            for (class, delta) in [(truth, 1), (guess, -1)] {
                let i = match ps.iter().position(|p| p.class == class) {
                    Some(i) => i,
                    None => {
                        ps.push(Param {
                            class,
                            w: 0,
                            ts: now,
                            total: 0,
                        });
                        ps.len() - 1
                    }
                };
                let p = &mut ps[i];
                p.total += i64::from(now - p.ts) * i64::from(p.w);
                p.ts = now;
                p.w += delta;
            }
        }
    }

    /// Averaged, pruned, quantized weights, sorted by key.
    fn averaged(&self, prune: f64, min_q: i16) -> Vec<(u32, Vec<Entry>)> {
        let now = self.now.max(1);
        let avg =
            |p: &Param| (p.total + i64::from(now - p.ts) * i64::from(p.w)) as f64 / f64::from(now);
        let max = self
            .weights
            .values()
            .flatten()
            .map(|p| avg(p).abs())
            .fold(0.0f64, f64::max);
        let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
        let mut out: Vec<(u32, Vec<Entry>)> = self
            .weights
            .iter()
            .filter_map(|(&k, ps)| {
                let mut es: Vec<Entry> = ps
                    .iter()
                    .filter_map(|p| {
                        let a = avg(p);
                        let q = (a * scale).round();
                        let keep = a.abs() >= prune && q != 0.0 && q.abs() >= f64::from(min_q);
                        keep.then_some(Entry {
                            class: p.class,
                            weight: q as i16,
                        })
                    })
                    .collect();
                es.sort_by_key(|e| e.class);
                (!es.is_empty()).then_some((k, es))
            })
            .collect();
        out.sort_unstable_by_key(|e| e.0);
        out
    }
}

/// The tag set of the models: the tagger's Penn tags.
pub fn tag_set() -> Vec<String> {
    chronicle_tagger::tags::XPOS_TAGS
        .iter()
        .map(|t| t.to_string())
        .collect()
}

/// Trains a model; `progress` receives one line per step.
pub fn train(opts: &TrainOptions, progress: &mut dyn FnMut(String)) -> Result<Trained> {
    if opts.train.is_empty() {
        bail!("no training files");
    }
    let mut data = Vec::new();
    for f in &opts.train {
        data.push(conllu::read_file(f)?);
    }
    let dev: Vec<(String, Vec<conllu::Sentence>)> = opts
        .dev
        .iter()
        .map(|f| {
            let name = f.file_name().map_or(String::new(), |n| {
                n.to_string_lossy().trim_end_matches(".conllu").to_string()
            });
            Ok((name, conllu::read_file(f)?))
        })
        .collect::<Result<_>>()?;

    // Labels, most frequent first (ties by name).
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in data.iter().flatten() {
        for w in &s.words {
            *counts.entry(w.deprel.as_str()).or_default() += 1;
        }
    }
    let mut labels: Vec<(&str, usize)> = counts.into_iter().collect();
    labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if labels.len() > 63 {
        bail!("{} relations; at most 63 are supported", labels.len());
    }
    let labels: Vec<String> = labels.into_iter().map(|(l, _)| l.to_string()).collect();
    let Some(root) = labels.iter().position(|l| l == "root") else {
        bail!("no `root` relation in the training data");
    };
    let root = root as u16;
    let label_id: BTreeMap<&str, u16> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as u16))
        .collect();
    let tags = tag_set();
    let tag_id: BTreeMap<&str, u8> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u8))
        .collect();
    let clusters = Clusters::embedded()?;
    let tagger = opts.tagger_tags.then(chronicle_tagger::Tagger::get);

    let mut sents = Vec::new();
    let (mut words, mut lifted, mut skipped) = (0, 0, 0);
    let mut buf = String::new();
    for (f, ss) in opts.train.iter().zip(&data) {
        for s in ss {
            if s.words.is_empty() {
                continue;
            }
            let mut heads: Vec<usize> = s.words.iter().map(|w| w.head).collect();
            let Some(l) = system::projectivize(&mut heads) else {
                skipped += 1;
                progress(format!(
                    "{}: sentence {}: heads do not form a tree; skipped",
                    f.display(),
                    s.sent_id.as_deref().unwrap_or("?")
                ));
                continue;
            };
            lifted += l;
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let xpos: Vec<&str> = match tagger {
                Some(t) => t.tag(&forms).into_iter().map(|t| t.xpos).collect(),
                None => s.words.iter().map(|w| w.xpos.as_str()).collect(),
            };
            let unknown = tags.len() as u8;
            let ids = xpos
                .iter()
                .map(|x| tag_id.get(x).copied().unwrap_or(unknown));
            let mut toks = Vec::new();
            features::tokens(&forms, ids, clusters, &mut toks, &mut buf);
            let labs: Vec<u16> = s
                .words
                .iter()
                .map(|w| label_id[w.deprel.as_str()])
                .collect();
            words += forms.len();
            sents.push(Sent {
                toks,
                gold: Gold::new(&heads, &labs),
            });
        }
    }
    progress(format!(
        "{} sentences, {words} words, {} relations; {lifted} arcs lifted to make the trees projective{}",
        sents.len(),
        labels.len(),
        if skipped > 0 {
            format!(", {skipped} sentences skipped")
        } else {
            String::new()
        }
    ));

    let nl = labels.len() as u16;
    let nc = n_classes(labels.len());
    let mut p = Perceptron::default();
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut rng = Rng(opts.seed | 1);
    let mut st = State::default();
    let mut feats = Vec::with_capacity(features::N_TEMPLATES);
    let mut scores = vec![0i64; nc];
    let mut cost = vec![u32::MAX; nc];
    let make_raw = |p: &Perceptron| RawModel {
        clusters: clusters.fingerprint,
        labels: labels.clone(),
        tags: tags.clone(),
        features: p.averaged(opts.prune, opts.min_quantized),
    };
    for it in 1..=opts.iterations {
        let t0 = std::time::Instant::now();
        rng.shuffle(&mut order);
        let explore = it > opts.explore_after;
        let (mut right, mut total) = (0usize, 0usize);
        for &si in &order {
            let s = &sents[si];
            let g = &s.gold;
            st.reset(s.toks.len() - 2);
            while !st.is_final() {
                features::extract(&st, &s.toks, &mut feats);
                p.score(&feats, &mut scores);
                let [cs, cl, cr] = costs(&st, g);
                let (s0, s1, b0) = (st.s(0) as usize, st.s(1), st.b);
                let mut min = u32::MAX;
                for (c, slot) in cost.iter_mut().enumerate() {
                    *slot = match decode(c as u16, nl) {
                        Move::Shift => cs.unwrap_or(u32::MAX),
                        Move::Left(l) => cl.map_or(u32::MAX, |v| {
                            v + u32::from(g.head[s0] == b0 && l != g.label[s0])
                        }),
                        Move::Right(l) => cr.map_or(u32::MAX, |v| {
                            v + u32::from(g.head[s0] == s1 && l != g.label[s0])
                        }),
                    };
                }
                let guess = best_valid(&st, &scores, nl, root, |_| true);
                for (c, &v) in cost.iter().enumerate() {
                    // Only valid classes count toward the minimum.
                    if v < min && is_valid(&st, c as u16, nl, root) {
                        min = v;
                    }
                }
                let truth = best_valid(&st, &scores, nl, root, |c| cost[c as usize] == min);
                if cost[guess as usize] > min {
                    p.update(truth, guess, &feats);
                } else {
                    right += 1;
                }
                total += 1;
                p.now += 1;
                let next = if explore && rng.unit() < opts.explore_p {
                    guess
                } else {
                    truth
                };
                st.apply(decode(next, nl));
            }
        }
        let mut line = format!(
            "iteration {it}: {:.2}% zero-cost transitions, {:.1} s",
            100.0 * right as f64 / total.max(1) as f64,
            t0.elapsed().as_secs_f64()
        );
        if !dev.is_empty() {
            let parser = Parser::from_raw(&make_raw(&p))?;
            for (name, ss) in &dev {
                let c = crate::eval::gold_tokens(&parser, ss, None);
                line += &format!("; {name} UAS {:.2} LAS {:.2}", c.uas(), c.las());
            }
        }
        progress(line);
    }
    let raw = make_raw(&p);
    progress(format!(
        "{} features with weights ({} weights)",
        raw.features.len(),
        raw.features.iter().map(|f| f.1.len()).sum::<usize>()
    ));
    let bytes = raw.to_bytes();
    let parser = Parser::from_raw(&raw)?;
    Ok(Trained {
        bytes,
        parser,
        sentences: sents.len(),
        words,
        lifted,
    })
}

fn is_valid(st: &State, c: u16, nl: u16, root: u16) -> bool {
    match decode(c, nl) {
        Move::Shift => st.can_shift(),
        Move::Left(l) => l != root && st.can_left(),
        Move::Right(l) => match st.can_right() {
            Some(true) => l == root,
            Some(false) => l != root,
            None => false,
        },
    }
}

/// Trains and writes `parse.bin.gz` into `out`.
pub fn train_to_dir(
    opts: &TrainOptions,
    out: &Path,
    progress: &mut dyn FnMut(String),
) -> Result<Trained> {
    let t = train(opts, progress)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let path = out.join(crate::PARSE_FILE);
    std::fs::write(&path, &t.bytes).with_context(|| format!("cannot write {}", path.display()))?;
    progress(format!("{:>9} bytes  {}", t.bytes.len(), path.display()));
    Ok(t)
}

/// Drops the weights of a model file whose quantized magnitude is below
/// `min` (a coarser pruning after training, to trade size for accuracy).
#[doc(hidden)]
pub fn reprune(bytes: &[u8], min: i16) -> Result<Vec<u8>> {
    let mut raw = RawModel::from_bytes(&chronicle_modelio::gunzip(bytes)?)?;
    for (_, es) in &mut raw.features {
        es.retain(|e| e.weight.unsigned_abs() >= min.unsigned_abs());
    }
    raw.features.retain(|(_, es)| !es.is_empty());
    Ok(raw.to_bytes())
}
