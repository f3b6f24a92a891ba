//! Training: the averaged perceptron for XPOS/UPOS labels and the
//! lemmatizer tables, from CoNLL-U files. Deterministic: the sentence order
//! is shuffled with a fixed seed, every table is written sorted, and the
//! same data gives the same model bytes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use chronicle_corpus::conllu;
use chronicle_modelio::Rng;

use crate::clusters::Clusters;
use crate::features::{self, TokenFeats};
use crate::lemma::Lemmatizer;
use crate::model::{argmax, Entry, FxMap, PosModel, RawModel, WordTable, START1, START2};
use crate::{tags, Tag, Tagger};

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// CoNLL-U training files.
    pub train: Vec<PathBuf>,
    /// CoNLL-U files scored after each iteration (progress only; they do
    /// not change the model).
    pub dev: Vec<PathBuf>,
    /// Passes over the training data.
    pub iterations: usize,
    /// Seed of the sentence shuffle.
    pub seed: u64,
    /// Averaged weights below this magnitude are dropped from the model
    /// (0.5 by default: smaller and as accurate on EWT + GUM dev as 0.05).
    pub prune: f64,
}

/// The default number of passes (tuned on EWT + GUM dev).
pub const DEFAULT_ITERATIONS: usize = 12;

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            train: Vec::new(),
            dev: Vec::new(),
            iterations: DEFAULT_ITERATIONS,
            seed: 0x5eed,
            prune: 0.5,
        }
    }
}

/// A (XPOS, UPOS) pair must be seen this often to be a label of its own;
/// rarer pairs take the most frequent UPOS of their XPOS.
const MIN_PAIR: u32 = 20;
/// Tag dictionary: words seen at least this often ...
const DICT_MIN_FREQ: u32 = 20;
/// ... with one label at least this share of the time.
const DICT_MIN_SHARE: f64 = 0.97;

/// Ambiguity classes: words seen at least this often ...
const AMB_MIN_FREQ: u32 = 2;
/// ... list the XPOS tags they had at least this share of the time.
const AMB_MIN_SHARE: f64 = 0.05;

/// Weight of the first training file's lemmas.
const LEMMA_PRIORITY: u32 = 10;

/// The trained models.
pub struct Trained {
    pub pos_bytes: Vec<u8>,
    pub lemma_bytes: Vec<u8>,
    pub tagger: Tagger,
    pub tokens: usize,
    pub sentences: usize,
}

struct Sent {
    words: Vec<String>,
    labels: Vec<u16>,
    ctx: Vec<TokenFeats>,
    dict: Vec<Option<u16>>,
}

#[derive(Clone, Copy)]
struct Param {
    label: u16,
    w: f64,
    total: f64,
    ts: u64,
}

#[derive(Default)]
struct Perceptron {
    weights: FxMap<u32, Vec<Param>>,
    now: u64,
}

impl Perceptron {
    fn predict(&self, feats: &[u32], scores: &mut [f64]) -> u16 {
        scores.fill(0.0);
        for f in feats {
            if let Some(ps) = self.weights.get(f) {
                for p in ps {
                    scores[p.label as usize] += p.w;
                }
            }
        }
        argmax(scores)
    }

    fn update(&mut self, truth: u16, guess: u16, feats: &[u32]) {
        self.now += 1;
        if truth == guess {
            return;
        }
        let now = self.now;
        for &f in feats {
            let ps = self.weights.entry(f).or_default();
            for (label, delta) in [(truth, 1.0), (guess, -1.0)] {
                let i = match ps.iter().position(|p| p.label == label) {
                    Some(i) => i,
                    None => {
                        ps.push(Param {
                            label,
                            w: 0.0,
                            total: 0.0,
                            ts: now,
                        });
                        ps.len() - 1
                    }
                };
                let p = &mut ps[i];
                p.total += (now - p.ts) as f64 * p.w;
                p.ts = now;
                p.w += delta;
            }
        }
    }

    /// Averaged, quantized, pruned weights, sorted by key.
    fn averaged(&self, prune: f64) -> Vec<(u32, Vec<Entry>)> {
        let now = self.now.max(1) as f64;
        let avg = |p: &Param| (p.total + (self.now - p.ts) as f64 * p.w) / now;
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
                        (a.abs() >= prune && q != 0.0).then_some(Entry {
                            label: p.label,
                            weight: q as i16,
                        })
                    })
                    .collect();
                es.sort_by_key(|e| e.label);
                (!es.is_empty()).then_some((k, es))
            })
            .collect();
        out.sort_unstable_by_key(|e| e.0);
        out
    }
}

fn read_all(files: &[PathBuf]) -> Result<Vec<(String, Vec<conllu::Sentence>)>> {
    files
        .iter()
        .map(|f| Ok((f.display().to_string(), conllu::read_file(f)?)))
        .collect()
}

/// Trains both models; `progress` receives one line per step.
pub fn train(opts: &TrainOptions, progress: &mut dyn FnMut(String)) -> Result<Trained> {
    if opts.train.is_empty() {
        bail!("no training files");
    }
    let data = read_all(&opts.train)?;
    let dev = read_all(&opts.dev)?;

    // Labels: frequent (XPOS, UPOS) pairs.
    let mut pairs: BTreeMap<(&'static str, &'static str), u32> = BTreeMap::new();
    for (name, sents) in &data {
        for s in sents {
            for w in &s.words {
                let (Some(x), Some(u)) = (tags::xpos(&w.xpos), tags::upos(&w.upos)) else {
                    bail!(
                        "{name}: sentence {}: word {} {:?} has unknown tags {}/{}",
                        s.sent_id.as_deref().unwrap_or("?"),
                        w.id,
                        w.form,
                        w.xpos,
                        w.upos
                    );
                };
                *pairs.entry((x, u)).or_default() += 1;
            }
        }
    }
    let mut kept: Vec<((&str, &str), u32)> = pairs
        .iter()
        .filter(|(_, &c)| c >= MIN_PAIR)
        .map(|(k, c)| (*k, *c))
        .collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let labels: Vec<Tag> = kept
        .iter()
        .map(|((x, u), _)| Tag { xpos: x, upos: u })
        .collect();
    let label_of = |x: &str, u: &str| -> Option<u16> {
        labels
            .iter()
            .position(|t| t.xpos == x && t.upos == u)
            .or_else(|| labels.iter().position(|t| t.xpos == x))
            .map(|i| i as u16)
    };
    // Every XPOS seen must have at least one label.
    for (x, _) in pairs.keys() {
        if label_of(x, "").is_none() {
            bail!("XPOS {x} is too rare in the training data to be learned");
        }
    }
    progress(format!("{} labels (XPOS/UPOS pairs)", labels.len()));

    let mut sents = Vec::new();
    let mut dict_counts: BTreeMap<&str, BTreeMap<u16, u32>> = BTreeMap::new();
    let mut amb_counts: BTreeMap<&str, BTreeMap<u8, u32>> = BTreeMap::new();
    let mut tokens = 0;
    for (_, ss) in &data {
        for s in ss {
            let words: Vec<String> = s.words.iter().map(|w| w.form.clone()).collect();
            let labels: Vec<u16> = s
                .words
                .iter()
                .map(|w| label_of(&w.xpos, &w.upos).expect("checked above"))
                .collect();
            for (w, &l) in s.words.iter().zip(&labels) {
                *dict_counts
                    .entry(&w.form)
                    .or_default()
                    .entry(l)
                    .or_default() += 1;
                let x = tags::xpos_id(&w.xpos).expect("checked above");
                *amb_counts.entry(&w.form).or_default().entry(x).or_default() += 1;
            }
            tokens += words.len();
            sents.push(Sent {
                words,
                labels,
                ctx: Vec::new(),
                dict: Vec::new(),
            });
        }
    }
    let ambdict: Vec<(String, u64)> = amb_counts
        .iter()
        .filter_map(|(w, xs)| {
            let total: u32 = xs.values().sum();
            let bits = xs
                .iter()
                .filter(|(_, &c)| f64::from(c) >= AMB_MIN_SHARE * f64::from(total))
                .fold(0u64, |b, (&x, _)| b | 1 << x);
            (total >= AMB_MIN_FREQ).then(|| (w.to_string(), bits))
        })
        .collect();
    let tagdict: Vec<(String, u16)> = dict_counts
        .iter()
        .filter_map(|(w, ls)| {
            let total: u32 = ls.values().sum();
            let (&l, &c) = ls.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
            (total >= DICT_MIN_FREQ && f64::from(c) / f64::from(total) >= DICT_MIN_SHARE)
                .then(|| (w.to_string(), l))
        })
        .collect();
    let clusters = Clusters::embedded()?;
    let table = WordTable::new(&tagdict, &ambdict, clusters);
    let mut buf: [String; 2] = Default::default();
    for s in &mut sents {
        let mut dict = Vec::with_capacity(s.words.len());
        features::context(
            &s.words,
            |w| {
                let l = table.lookup(w, &mut buf);
                dict.push(l.dict);
                (l.amb, l.clus)
            },
            &mut s.ctx,
        );
        s.dict = dict;
    }
    progress(format!(
        "{} sentences, {tokens} tokens; {} words in the tag dictionary, {} with ambiguity classes",
        sents.len(),
        tagdict.len(),
        ambdict.len()
    ));

    // The first training file sets the lemma conventions where treebanks
    // disagree: its tokens count LEMMA_PRIORITY times.
    let lemmatizer =
        Lemmatizer::train_weighted(data.iter().enumerate().flat_map(|(i, (_, ss))| {
            let weight = if i == 0 { LEMMA_PRIORITY } else { 1 };
            ss.iter()
                .flat_map(|s| s.words.iter())
                .map(move |w| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str(), weight))
        }));
    let (nr, ne) = lemmatizer.sizes();
    progress(format!("lemmatizer: {nr} suffix rules, {ne} exceptions"));

    let mut p = Perceptron::default();
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut rng = Rng(opts.seed | 1);
    let mut feats = Vec::with_capacity(48);
    let mut scores = vec![0.0; labels.len()];
    let make_raw = |p: &Perceptron| RawModel {
        clusters: clusters.fingerprint,
        labels: labels.clone(),
        tagdict: tagdict.clone(),
        ambdict: ambdict.clone(),
        features: p.averaged(opts.prune),
    };
    for it in 1..=opts.iterations {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let s = &sents[si];
            let (mut p1, mut p2) = (START1, START2);
            for (i, d) in s.dict.iter().enumerate() {
                let gold = s.labels[i];
                let guess = match *d {
                    Some(l) => l,
                    None => {
                        features::extract(&s.ctx, i, p1, p2, &mut feats);
                        let g = p.predict(&feats, &mut scores);
                        p.update(gold, g, &feats);
                        g
                    }
                };
                correct += usize::from(labels[guess as usize].xpos == labels[gold as usize].xpos);
                total += 1;
                p2 = p1;
                p1 = u32::from(guess);
            }
        }
        let mut line = format!(
            "iteration {it}: train XPOS {:.2}%",
            100.0 * correct as f64 / total.max(1) as f64
        );
        if !dev.is_empty() {
            let model = PosModel::from_raw(&make_raw(&p), clusters)?;
            for (name, ss) in &dev {
                let (mut c, mut n) = (0usize, 0usize);
                for s in ss {
                    let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                    for (l, w) in model.tag_labels(&words).into_iter().zip(&s.words) {
                        c += usize::from(model.labels[l as usize].xpos == w.xpos);
                        n += 1;
                    }
                }
                let short = name.rsplit(['/', '\\']).next().unwrap_or(name);
                line += &format!("; {short} XPOS {:.2}%", 100.0 * c as f64 / n.max(1) as f64);
            }
        }
        progress(line);
    }
    let raw = make_raw(&p);
    progress(format!("{} features with weights", raw.features.len()));
    let pos_bytes = raw.to_bytes();
    let lemma_bytes = lemmatizer.to_bytes();
    let tagger = Tagger::from_parts(PosModel::from_raw(&raw, clusters)?, lemmatizer);
    Ok(Trained {
        pos_bytes,
        lemma_bytes,
        tagger,
        tokens,
        sentences: sents.len(),
    })
}

/// Trains and writes `pos.bin.gz` and `lemma.bin.gz` into `out`.
pub fn train_to_dir(
    opts: &TrainOptions,
    out: &std::path::Path,
    progress: &mut dyn FnMut(String),
) -> Result<Trained> {
    let t = train(opts, progress)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for (name, bytes) in [
        (crate::POS_FILE, &t.pos_bytes),
        (crate::LEMMA_FILE, &t.lemma_bytes),
    ] {
        let path = out.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        progress(format!("{:>9} bytes  {}", bytes.len(), path.display()));
    }
    Ok(t)
}
